import { readFile } from 'node:fs/promises';
import { glob } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root } from '../harness/paths';

// Pages reach components through one module; the module exports nothing no page uses.
const pages = await Promise.all(
	(await Array.fromAsync(glob('content/docs/**/*.mdx', { cwd: root }))).map(async (path) => ({ path, text: await readFile(join(root, path), 'utf8') })),
);
const moduleText = await readFile(join(root, 'src/components/mdx.ts'), 'utf8');
const exported = [...moduleText.matchAll(/export \{ default as (\w+) \} from '\.\/([\w/]+)\.astro';/g)].map((match) => ({ name: match[1]!, file: match[2]! }));

describe('the components MDX pages use', () => {
	it('come from src/components/mdx.ts, never from a component file directly', () => {
		const direct = pages.filter((page) => /from '~\/components\/(?!mdx')/.test(page.text)).map((page) => page.path);
		expect(direct).toEqual([]);
	});

	it('are each used by some page, so the module lists only what pages need', () => {
		const imported = new Set(pages.flatMap((page) => [...page.text.matchAll(/import \{([^}]+)\} from '~\/components\/mdx'/g)].flatMap((match) => match[1]!.split(',').map((name) => name.trim()))));
		expect(exported.length).toBeGreaterThan(10);
		expect(exported.map((entry) => entry.name).filter((name) => !imported.has(name))).toEqual([]);
	});

	it('name files that exist under src/components/', async () => {
		for (const { file } of exported) await expect(readFile(join(root, 'src/components', `${file}.astro`), 'utf8'), relative(root, file)).resolves.toContain('---');
	});
});
