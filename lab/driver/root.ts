import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const labDir = fileURLToPath(new URL('..', import.meta.url));
const buildRoot = `${labDir}env/build-root.sh`;
const runInRoot = `${labDir}env/run-in-root.sh`;

export interface LabRoot {
	path: string;
	suite: string;
}

function build(suite: string): { path: string | undefined; output: string } {
	const result = spawnSync('bash', [buildRoot, suite], { encoding: 'utf8', timeout: 20 * 60_000 });
	const path = result.stdout.trim().split('\n').at(-1);
	return { path: result.status === 0 ? path : undefined, output: `${result.stderr}\n${result.stdout}`.trim() };
}

/**
 * The Debian root the apps run in: the cached sid root (built on first use),
 * or, when sid cannot be installed today, the stable suite's.
 */
export function findLabRoot(): LabRoot {
	if (process.getuid?.() !== 0) {
		throw new Error('the lab needs root: it builds and enters a chroot (run it as root or with sudo)');
	}
	const sid = build('sid');
	if (sid.path) return { path: sid.path, suite: 'sid' };
	console.error(`lab: Debian sid could not be installed today; falling back to stable (trixie).\n${sid.output}`);
	const stable = build('trixie');
	if (stable.path) return { path: stable.path, suite: 'trixie' };
	throw new Error(`no lab root could be built. sid:\n${sid.output}\ntrixie:\n${stable.output}`);
}

/** Command and arguments that run `argv` inside the root (with lab/ at /lab). */
export function inRoot(root: LabRoot, argv: readonly string[]): [string, string[]] {
	return ['bash', [runInRoot, root.path, ...argv]];
}

/** The same, as the user `postgres` (PostgreSQL refuses to run as root). */
export function inRootAsPostgres(root: LabRoot, argv: readonly string[]): [string, string[]] {
	return inRoot(root, ['setpriv', '--reuid=postgres', '--regid=postgres', '--init-groups', ...argv]);
}

/** Fails with the install hint when a program or Python module the lab needs is missing in the root. */
export function checkRootHasTools(root: LabRoot): void {
	const check = [
		'set -e',
		'for tool in wrk /usr/lib/postgresql/*/bin/postgres; do command -v "$tool" >/dev/null || { echo "missing program: $tool"; exit 1; }; done',
		'python3 -c "import django, fastapi, gunicorn, uvicorn, sqlalchemy, psycopg, psycopg_pool, httpx, uvloop, httptools" 2>&1 | tail -n 1',
	].join('\n');
	const [command, args] = inRoot(root, ['sh', '-c', check]);
	const result = spawnSync(command, args, { encoding: 'utf8', timeout: 60_000 });
	const output = `${result.stdout}${result.stderr}`.trim();
	if (result.status !== 0 || output) {
		throw new Error(
			`the lab root at ${root.path} lacks a dependency: ${output || 'unknown'}\n` +
				'hint: add its Debian package to lab/env/packages.txt and run lab/env/build-root.sh',
		);
	}
}
