import { spawn } from 'node:child_process';
import { relative } from 'node:path';
import { root as projectRoot, testSite } from './paths.ts';

const viteVariables = new Set(['NODE_ENV', 'MODE', 'DEV', 'PROD', 'SSR', 'BASE_URL', 'TEST']);

export interface BuildOptions {
	/** Folder to write the site to. */
	outDir: string;
	/** The project to build; defaults to this one (tests use scratch copies). */
	root?: string;
	/** Defaults to `/`, whatever the calling shell has in BASE_PATH. */
	base?: string;
	site?: string;
	/** An Astro config file other than the project's own, e.g. the benchmark's stock-Starlight baseline. */
	config?: string;
}

export interface BuildResult {
	ok: boolean;
	/** stdout and stderr together, as a developer would read them. */
	output: string;
}

/**
 * Runs `astro build` in a child process, the way a user or CI would. Builds of
 * different project roots may run at once; two of the same root would share
 * its `.astro` caches.
 */
export function buildSite({ outDir, root = projectRoot, base = '/', site = testSite, config }: BuildOptions): Promise<BuildResult> {
	// Vitest puts Vite's own variables (NODE_ENV=test, MODE, DEV=1, BASE_URL…)
	// into the environment; a child build would inherit them and render a
	// development site. Build as a user's shell would.
	const env: NodeJS.ProcessEnv = Object.fromEntries(
		Object.entries(process.env).filter(([name]) => !viteVariables.has(name) && !name.startsWith('VITEST')),
	);
	env.ASTRO_TELEMETRY_DISABLED = '1';
	env.BASE_PATH = base;
	env.SITE_URL = site;
	const child = spawn(
		process.execPath,
		[`${projectRoot}node_modules/astro/bin/astro.mjs`, 'build', '--root', root, '--outDir', outDir, ...(config ? ['--config', relative(root, config)] : [])],
		{ cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] },
	);
	const chunks: Buffer[] = [];
	child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
	child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk));
	return new Promise((resolve, reject) => {
		child.on('error', reject);
		child.on('close', (status) => {
			// Colour codes (Vitest forces colour on) would split the names a test looks for.
			const output = Buffer.concat(chunks).toString('utf8').replace(/\x1b\[[0-9;]*m/g, '');
			resolve({ ok: status === 0, output });
		});
	});
}
