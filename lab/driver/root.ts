import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { PythonRuntime } from '../experiment.ts';

export const labDir = fileURLToPath(new URL('..', import.meta.url)).replace(/\/$/, '');
const buildRoot = `${labDir}/env/build-root.sh`;
const runInRoot = `${labDir}/env/run-in-root.sh`;

/**
 * Where the apps and tools run. `root`: the lab's Debian root, entered with
 * chroot, lab/ seen as /lab. `python`: the reader's own Python (--python,
 * e.g. a virtualenv with lab/requirements.txt), with wrk and PostgreSQL from
 * the machine's PATH.
 */
export interface LabRuntime {
	kind: 'root' | 'python';
	/** The Debian suite of the root (sid, or trixie as a fallback), or `python`. */
	suite: string;
	rootPath?: string;
	/** How the apps see the lab folder. */
	labPath: string;
	python: PythonRuntime;
	/** Command and arguments that run `argv` in this runtime. */
	command: (argv: readonly string[]) => [string, string[]];
	/** The same, as the user `postgres` where PostgreSQL would refuse root. */
	asPostgres: (argv: readonly string[]) => [string, string[]];
}

function build(suite: string): { path: string | undefined; output: string } {
	const result = spawnSync('bash', [buildRoot, suite], { encoding: 'utf8', timeout: 20 * 60_000 });
	const path = result.stdout.trim().split('\n').at(-1);
	return { path: result.status === 0 ? path : undefined, output: `${result.stderr}\n${result.stdout}`.trim() };
}

function rootRuntime(path: string, suite: string): LabRuntime {
	const command = (argv: readonly string[]): [string, string[]] => ['bash', [runInRoot, path, ...argv]];
	return {
		kind: 'root',
		suite,
		rootPath: path,
		labPath: '/lab',
		python: { python: 'python3', appsDir: '/lab/apps' },
		command,
		asPostgres: (argv) => command(['setpriv', '--reuid=postgres', '--regid=postgres', '--init-groups', ...argv]),
	};
}

/**
 * The Debian root the apps run in: the cached sid root (built on first use).
 * When sid cannot be installed today a smoke run falls back to stable
 * (trixie) and says so; a full run refuses, since its results would be
 * published as measured on current releases.
 */
export function findLabRoot({ allowFallback }: { allowFallback: boolean }): LabRuntime {
	if (process.getuid?.() !== 0) {
		throw new Error(
			'the lab needs root to build and enter its Debian root (run it as root or with sudo)\n' +
				'hint: without root, run it against your own Python with --python (see the README)',
		);
	}
	const sid = build('sid');
	if (sid.path) return rootRuntime(sid.path, 'sid');
	if (!allowFallback) {
		throw new Error(
			`Debian sid could not be installed today, and a full run does not fall back to stable: its results would not be current releases.\n${sid.output}\n` +
				'hint: try again later, or run the smoke (--smoke), which may fall back',
		);
	}
	console.error(`lab: Debian sid could not be installed today; this smoke run falls back to stable (trixie).\n${sid.output}`);
	const stable = build('trixie');
	if (stable.path) return rootRuntime(stable.path, 'trixie');
	throw new Error(`no lab root could be built. sid:\n${sid.output}\ntrixie:\n${stable.output}`);
}

/** The reader's own Python: apps run from this checkout, tools from PATH. */
export function pythonRuntime(python: string): LabRuntime {
	const command = (argv: readonly string[]): [string, string[]] => [argv[0]!, argv.slice(1)];
	const asRoot = process.getuid?.() === 0;
	return {
		kind: 'python',
		suite: 'python',
		labPath: labDir,
		python: { python, appsDir: `${labDir}/apps` },
		command,
		// PostgreSQL refuses to run as root: drop to its user when we are root.
		asPostgres: (argv) =>
			asRoot ? ['setpriv', ['--reuid=postgres', '--regid=postgres', '--init-groups', ...argv]] : command(argv),
	};
}

/** The Python modules and programs the apps and the driver need; fails naming what is missing, with the fix. */
export function checkRuntimeHasTools(runtime: LabRuntime, needsDatabase: boolean): void {
	const check = [
		'set -e',
		'command -v wrk >/dev/null || { echo "missing program: wrk"; exit 1; }',
		...(needsDatabase
			? ['ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || command -v pg_ctl >/dev/null || { echo "missing program: postgres"; exit 1; }']
			: []),
		`"${runtime.python.python}" -c "import django, fastapi, gunicorn, uvicorn, sqlalchemy, psycopg, psycopg_pool, httpx, aiohttp, uvloop, httptools" 2>&1 | tail -n 1`,
	].join('\n');
	const [command, args] = runtime.command(['sh', '-c', check]);
	const result = spawnSync(command, args, { encoding: 'utf8', timeout: 60_000 });
	const output = `${result.stdout}${result.stderr}`.trim();
	if (result.status !== 0 || output) {
		const hint =
			runtime.kind === 'root'
				? 'hint: add its Debian package to lab/env/packages.txt and run lab/env/build-root.sh'
				: 'hint: pip install -r lab/requirements.txt into that Python, and install wrk and PostgreSQL (apt install wrk postgresql, or brew install wrk postgresql)';
		throw new Error(`the lab's ${runtime.kind === 'root' ? `root at ${runtime.rootPath}` : `Python ${runtime.python.python}`} lacks a dependency: ${output || 'unknown'}\n${hint}`);
	}
}
