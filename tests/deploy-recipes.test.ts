import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { baseFromEnvironment } from '../src/build/deploy-env';
import { headersFile, vercelConfig } from '../src/build/security-headers';
import { root } from '../harness/paths';

const read = (file: string) => readFile(join(root, file), 'utf8');

/** A flat TOML file's `key = "value"` lines, by `section.key`: enough for netlify.toml, without a TOML package. */
function tomlStrings(text: string): Record<string, string> {
	const values: Record<string, string> = {};
	let section = '';
	for (const line of text.split('\n').map((raw) => raw.trim())) {
		const header = /^\[([\w.]+)\]$/.exec(line);
		if (header) section = header[1]!;
		const pair = /^([\w-]+)\s*=\s*"([^"]*)"$/.exec(line);
		if (pair) values[`${section}.${pair[1]}`] = pair[2]!;
	}
	return values;
}

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
		// Each setting in the section Netlify reads it from.
		expect(tomlStrings(await read('netlify.toml'))).toMatchObject({
			'build.command': 'npm run build',
			'build.publish': 'dist',
			'build.environment.NODE_VERSION': nodeMajor,
		});
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
		// The README's table under "Deploying": a row per host, each building with npm run build into dist.
		const deploying = (await read('README.md')).split(/^## /m).find((section) => section.startsWith('Deploying\n'));
		expect(deploying).toBeDefined();
		const rows = deploying!
			.split('\n')
			.filter((line) => line.startsWith('| ') && !/^\| (host|---) /.test(line))
			.map((line) => line.split('|').slice(1, -1).map((cell) => cell.trim()));
		expect(rows.map(([host]) => host)).toEqual(['GitHub Pages', 'Netlify', 'Cloudflare Pages', 'Vercel', 'S3-style bucket + CDN']);
		for (const [host, command, output] of rows) {
			expect(command, host).toMatch(/`(SITE_URL=\S+ )?npm run build`/);
			expect(output, host).toBe('`dist`');
		}
		// Cloudflare Pages reads no file of ours: the README gives the Node version to set, which must be .nvmrc's.
		expect(rows.find(([host]) => host === 'Cloudflare Pages')![3]).toMatch(new RegExp(`^\`NODE_VERSION=${nodeMajor}\``));
	});
});
