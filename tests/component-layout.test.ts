import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root } from '../harness/paths';

// The components a page may use live in src/components/ (grouped in folders by
// topic); what they are built from lives in src/components/parts/, and
// Starlight's overrides in src/components/overrides/. A newcomer writing a page
// looks in one place, and a part can change without touching a page.

const filesUnder = (dir: string, pattern: RegExp): string[] =>
	readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' })
		.filter((name) => pattern.test(name))
		.map((name) => join(dir, name));

const internal = /^src\/components\/(parts|overrides)\//;
const pages = filesUnder('content/docs', /\.mdx?$/);
/** Every `~/components/…` file each page imports, as a project path. */
const imported = new Map(
	pages.map((page) => [page, [...readFileSync(join(root, page), 'utf8').matchAll(/from '~\/components\/([^']+)'/g)].map((match) => `src/components/${match[1]}`)]),
);

describe('the components pages may use', () => {
	it('are the only components pages import', () => {
		const reachingIn = [...imported].flatMap(([page, components]) => components.filter((path) => internal.test(path)).map((path) => `${page} imports ${path}`));
		expect(pages.length).toBeGreaterThan(0);
		expect([...imported.values()].flat().length).toBeGreaterThan(0);
		expect(reachingIn, 'pages import only from src/components/ outside parts/ and overrides/').toEqual([]);
	});

	it('are each imported by some page, so a part does not sit among them', () => {
		const used = new Set([...imported.values()].flat());
		const offered = filesUnder('src/components', /\.astro$/)
			.map((path) => relative(root, join(root, path)))
			.filter((path) => !internal.test(path));
		expect(offered.length).toBeGreaterThan(0);
		expect(offered.filter((path) => !used.has(path)), 'move components no page imports to src/components/parts/').toEqual([]);
	});
});
