import { cp, mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { buildSite, type BuildResult } from '../../harness/build';
import { root, workDir } from '../../harness/paths';
import { dataFiles, labResultsDir } from '../../src/build/data-files';

export interface FixtureSite {
	dir: string;
	/** `astro build` of the fixture, as a user would run it; the output goes to its own dist/. */
	build(): Promise<BuildResult>;
	remove(): Promise<void>;
}

export interface FixtureOptions {
	/** Files to write, by path in the fixture: they replace the defaults (one page, empty data lists). */
	files?: Record<string, string>;
	/** Files or folders to copy from the project as they are, by path (pages, data files). */
	copied?: string[];
}

/** A page's source that passes the docs schema. */
export const fixturePage = (title: string) => `---\ntitle: ${title}\ndescription: A one-page fixture site that checks how the content collections are wired.\n---\n\nOne page.\n`;

/**
 * A small Astro + Starlight site for tests that break content on purpose: the
 * project's own collections (src/build/collections.ts) over one page and
 * empty data lists, with the test's files on top. Each file of the project
 * that a test names is copied; nothing else is. It sits in the harness's work
 * folder inside the project, so packages resolve from the project's
 * node_modules, and its tsconfig maps `~/` to the project's src/ for pages
 * copied from it.
 */
export async function fixtureSite(name: string, { files = {}, copied = [] }: FixtureOptions = {}): Promise<FixtureSite> {
	const dir = join(workDir, `fixture-${name}`);
	await rm(dir, { recursive: true, force: true });
	const defaults: Record<string, string> = {
		'astro.config.mjs': [
			"import { defineConfig } from 'astro/config';",
			"import starlight from '@astrojs/starlight';",
			'',
			"export default defineConfig({ srcDir: '.', integrations: [starlight({ title: 'Fixture' })] });",
			'',
		].join('\n'),
		'content.config.ts': [
			`import { siteCollections } from ${JSON.stringify(join(root, 'src/build/collections.ts'))};`,
			'',
			"export const collections = siteCollections(new URL('./', import.meta.url));",
			'',
		].join('\n'),
		'tsconfig.json': JSON.stringify({ extends: join(root, 'tsconfig.json'), compilerOptions: { paths: { '~/*': [join(root, 'src/*')] } } }),
		'content/docs/index.mdx': fixturePage('Fixture'),
		[`${labResultsDir}/.keep`]: '',
		...Object.fromEntries(Object.values(dataFiles).map((file) => [file, '[]\n'])),
	};
	const write = async (written: Record<string, string>) => {
		for (const [path, text] of Object.entries(written)) {
			await mkdir(dirname(join(dir, path)), { recursive: true });
			await writeFile(join(dir, path), text);
		}
	};
	// Defaults first, then the project's files, then the test's own.
	await write(defaults);
	for (const path of copied) await cp(join(root, path), join(dir, path), { recursive: true });
	await write(files);
	return {
		dir,
		build: () => buildSite({ root: dir, outDir: join(dir, 'dist') }),
		remove: () => rm(dir, { recursive: true, force: true }),
	};
}
