import { spawnSync } from 'node:child_process';
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
}, 3_600_000);

describe('the runnable samples (pytest inside the lab root)', () => {
	it('there are sample projects to run', () => {
		expect(projects.length).toBeGreaterThanOrEqual(5);
	});

	it.each(projects)('%s passes its pytest suite', (project) => {
		const run = spawnSync('lab/env/run-in-root.sh', [labRoot, 'bash', '/lab/examples/run-tests.sh', project], {
			cwd: root,
			encoding: 'utf8',
			// run-tests.sh bounds each project to 300 s; this bounds the chroot call itself.
			timeout: 400_000,
			killSignal: 'SIGKILL',
		});
		const output = `${run.stdout}\n${run.stderr}`;
		expect(run.error, output).toBeUndefined();
		expect(run.status, output).toBe(0);
		expect(output).toMatch(/\d+ passed/);
		expect(output).not.toMatch(/\d+ (failed|error)/);
	}, 420_000);
});
