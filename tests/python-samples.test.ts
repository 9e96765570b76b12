import { execFile, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { root } from '../harness/paths';

/**
 * Runs the pytest suite of every sample project under lab/examples/ inside the
 * lab's Debian root (current Django, FastAPI, Channels and friends), so a
 * sample that no longer works on current releases fails `npm test`.
 * `lab/env/build-root.sh` prints the root's path, building it first when the
 * cache is missing (that takes minutes and needs root).
 */
const examples = `${root}lab/examples/`;
const projects = readdirSync(examples, { withFileTypes: true })
	.filter((entry) => entry.isDirectory() && existsSync(`${examples}${entry.name}/pytest.ini`))
	.map((entry) => entry.name)
	.sort();

let labRoot = '';
beforeAll(() => {
	const build = spawnSync('bash', ['lab/env/build-root.sh'], { cwd: root, encoding: 'utf8', timeout: 3_600_000 });
	if (build.status !== 0) throw new Error(`lab/env/build-root.sh failed:\n${build.stderr}`);
	labRoot = build.stdout.trim().split('\n').pop()!;
	// Mount this checkout's lab/ once, before the projects run side by side and would each remount it.
	const mount = spawnSync('lab/env/run-in-root.sh', [labRoot, 'true'], { cwd: root, encoding: 'utf8', timeout: 60_000 });
	if (mount.status !== 0) throw new Error(`lab/env/run-in-root.sh failed:\n${mount.stderr}`);
}, 3_600_000);

describe('the runnable samples (pytest inside the lab root)', () => {
	it('there are sample projects to run', () => {
		expect(projects.length).toBeGreaterThanOrEqual(5);
	});

	// Projects run side by side: each starts its own servers on free ports, and much of a run is waiting on them.
	// Some samples prove a free event loop or a live stream by timing; on a machine starved by the browser
	// tests beside them one such check can miss once. A real regression fails the second try as well.
	it.concurrent.for(projects)('%s passes its pytest suite', { timeout: 420_000, retry: 1 }, async (project, { expect }) => {
		const run = await inLane(() => inLabRoot(['bash', '/lab/examples/run-tests.sh', project]));
		expect(run.error, run.output).toBeUndefined();
		expect(run.status, run.output).toBe(0);
		expect(run.output).toMatch(/\d+ passed/);
		expect(run.output).not.toMatch(/\d+ (failed|error)/);
	});
});

/**
 * At most two projects at once, one a core: some samples prove a free event
 * loop by how fast it answers, which needs a core to answer on.
 */
const lanes = 2;
let running = 0;
const waiting: (() => void)[] = [];
async function inLane<T>(work: () => Promise<T>): Promise<T> {
	while (running >= lanes) await new Promise<void>((resolve) => waiting.push(resolve));
	running++;
	try {
		return await work();
	} finally {
		running--;
		waiting.shift()?.();
	}
}

/** Runs a command in the lab root; never rejects, so a failing project reports its output. */
function inLabRoot(command: string[]): Promise<{ status: number | null; error?: string; output: string }> {
	return new Promise((resolve) => {
		execFile(
			'lab/env/run-in-root.sh',
			[labRoot, ...command],
			// run-tests.sh bounds each project to 300 s; this bounds the chroot call itself.
			{ cwd: root, encoding: 'utf8', timeout: 400_000, killSignal: 'SIGKILL', maxBuffer: 16 * 1024 * 1024 },
			(error, stdout, stderr) => {
				const output = `${stdout}\n${stderr}`;
				const exited = error && typeof error.code === 'number';
				resolve({ status: error ? (exited ? (error.code as number) : null) : 0, error: error && !exited ? error.message : undefined, output });
			},
		);
	});
}
