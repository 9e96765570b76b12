import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { baseFromEnvironment } from '../src/build/deploy-env';
import { headersFile, vercelConfig } from '../src/build/security-headers';
import { root } from '../harness/paths';

const read = (file: string) => readFile(join(root, file), 'utf8');

// Deploys cannot run here (no network); these check each recipe builds the
// site the way the README says and publishes the folder the build writes.
describe('deploy recipes', async () => {
	const nodeMajor = (await read('.nvmrc')).trim();
	const scripts = JSON.parse(await read('package.json')).scripts as Record<string, string>;

	it('GitHub Pages: builds with the Pages origin and base path, then uploads dist/', async () => {
		const workflow = parse(await read('.github/workflows/deploy-pages.yml'));
		expect(workflow.permissions).toMatchObject({ pages: 'write', 'id-token': 'write' });
		const steps = workflow.jobs.build.steps as { uses?: string; run?: string; with?: Record<string, string>; env?: Record<string, string>; id?: string }[];
		const setupNode = steps.find((step) => step.uses?.startsWith('actions/setup-node'));
		expect(setupNode?.with?.['node-version-file']).toBe('.nvmrc');
		const pagesId = steps.find((step) => step.uses?.startsWith('actions/configure-pages'))?.id;
		expect(pagesId).toBeTruthy();
		expect(steps.map((step) => step.run).filter(Boolean)).toEqual(['npm ci', 'npm run build']);
		const build = steps.find((step) => step.run === 'npm run build')!;
		expect(build.env?.SITE_URL).toBe(`\${{ steps.${pagesId}.outputs.origin }}`);
		expect(build.env?.BASE_PATH).toBe(`\${{ steps.${pagesId}.outputs.base_path }}/`);
		expect(steps.find((step) => step.uses?.startsWith('actions/upload-pages-artifact'))?.with?.path).toBe('dist');
		expect(workflow.jobs.deploy.steps[0].uses).toMatch(/^actions\/deploy-pages@/);
		// What configure-pages reports for a project site and for a user site.
		expect(baseFromEnvironment({ BASE_PATH: '/field-guide/' })).toBe('/field-guide/');
		expect(baseFromEnvironment({ BASE_PATH: '/' })).toBe('/');
	});

	it('Netlify: npm run build into dist/ on the project Node version', async () => {
		const toml = await read('netlify.toml');
		expect(toml).toMatch(/^\s*command = "npm run build"$/m);
		expect(toml).toMatch(/^\s*publish = "dist"$/m);
		expect(toml).toMatch(new RegExp(`^\\s*NODE_VERSION = "${nodeMajor}"$`, 'm'));
	});

	it('Vercel: npm run build into dist/, with trailing slashes like the site', async () => {
		const vercel = JSON.parse(await read('vercel.json'));
		expect(vercel).toMatchObject({ buildCommand: 'npm run build', outputDirectory: 'dist', trailingSlash: true });
	});

	it('the header files are what `npm run sync-headers` writes from src/build/security-headers.ts, unedited', async () => {
		const headers = await read('public/_headers');
		const csp = /^ {2}Content-Security-Policy: (.+)$/m.exec(headers)?.[1];
		expect(csp).toBeDefined();
		expect(headers).toBe(headersFile(csp!));
		expect(JSON.parse(await read('vercel.json'))).toEqual(vercelConfig(csp!));
	});

	it('every recipe runs a script package.json has, and the README covers every host', async () => {
		expect(scripts.build).toBe('astro build');
		const readme = await read('README.md');
		for (const host of ['GitHub Pages', 'Netlify', 'Cloudflare Pages', 'Vercel', 'S3']) expect(readme).toContain(host);
	});
});
