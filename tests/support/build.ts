import { spawnSync } from 'node:child_process';
import { root as projectRoot } from './paths';

export interface BuildOptions {
	/** Folder to write the site to. */
	outDir: string;
	/** The project to build; defaults to this one (tests use scratch copies). */
	root?: string;
	base?: string;
	site?: string;
}

export interface BuildResult {
	ok: boolean;
	/** stdout and stderr together, as a developer would read them. */
	output: string;
}

/** Runs `astro build` in a child process, the way a user or CI would. */
export function buildSite({ outDir, root = projectRoot, base, site }: BuildOptions): BuildResult {
	// NODE_ENV=production: Vitest sets it to "test", which would make Vite build
	// the site with import.meta.env.DEV true.
	const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production', ASTRO_TELEMETRY_DISABLED: '1' };
	if (base !== undefined) env.BASE_PATH = base;
	if (site !== undefined) env.SITE_URL = site;
	const result = spawnSync(
		process.execPath,
		[`${projectRoot}node_modules/astro/bin/astro.mjs`, 'build', '--root', root, '--outDir', outDir],
		{ cwd: root, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
	);
	return { ok: result.status === 0, output: `${result.stdout}\n${result.stderr}` };
}
