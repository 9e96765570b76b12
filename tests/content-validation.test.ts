import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { z } from 'astro/zod';
import {
	claim,
	comparisonRow,
	contextSource,
	criterion,
	difference,
	evidenceVerdict,
	faqEntry,
	pageFields,
	preset,
	versionFact,
} from '../src/build/content-schemas';
import { parseYamlList, readYamlList } from '../src/build/yaml-list-loader';
import { root } from '../harness/paths';
import { loadPage } from '../harness/site';
import { rootDist } from './support/paths';
import { fixtureSite, type FixtureOptions, type FixtureSite } from './support/fixture-site';
import { dataFiles } from '../src/build/data-files';

const data = (file: string) => readYamlList(join(root, 'content/data', file));
const criterionIds = data('criteria.yaml').map(({ id }) => id);
/** The evidence entries' verdicts by id, as content.config.ts hands them to the basis checks. */
const verdicts = new Map(data('evidence.yaml').map(({ id, verdict }) => [id, String(verdict)]));

/** A measured basis on `workload`, with a condition. */
const measured = (workload: string) => ({ kind: 'measured', workload, setup: 'every server setup', concurrency: 'many at once' });

/** What a schema says about an entry, one `field: message` line per problem; empty when it passes. */
function problems(schema: z.ZodType, entry: unknown): string[] {
	const result = schema.safeParse(entry);
	return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

/** Each data file, its schema, and one bad edit of a real entry with the problem it must report. */
const collections = [
	{
		file: 'comparison.yaml',
		schema: comparisonRow(verdicts),
		bad: ({ django: _, ...row }: Record<string, unknown>) => row,
		reports: /^django: /,
	},
	{
		file: 'comparison.yaml',
		schema: comparisonRow(verdicts),
		bad: (row: Record<string, unknown>) => ({ ...row, fastapi: { text: 'Fast' } }),
		reports: /^fastapi\.basis: needs a basis/,
	},
	{
		file: 'comparison.yaml',
		schema: comparisonRow(verdicts),
		bad: (row: Record<string, unknown>) => ({ ...row, found: { text: 'What a primary source says about this row.', basis: [] } }),
		reports: /^found\.basis: needs at least one basis$/,
	},
	{ file: 'differences.yaml', schema: difference(verdicts), bad: (entry: Record<string, unknown>) => ({ ...entry, favours: 'flask' }), reports: /^favours: / },
	{
		file: 'differences.yaml',
		schema: difference(verdicts),
		bad: ({ basis: _, ...entry }: Record<string, unknown>) => entry,
		reports: /^basis: /,
	},
	{
		// Streaming's claim favours FastAPI and holds with conditions: a lean to Django cannot rest on it.
		file: 'differences.yaml',
		schema: difference(verdicts),
		bad: (entry: Record<string, unknown>) => ({ ...entry, favours: 'django', basis: [measured('streaming')] }),
		reports: /^basis\.0: leans to django, but the evidence "streaming" found that the claim for fastapi holds$/,
	},
	{
		file: 'faq.yaml',
		schema: faqEntry(verdicts),
		bad: (entry: Record<string, unknown>) => ({ ...entry, question: 'Is FastAPI scalable' }),
		reports: /^question: must be a question ending with "\?"$/,
	},
	{
		file: 'faq.yaml',
		schema: faqEntry(verdicts),
		bad: (entry: Record<string, unknown>) => ({ ...entry, answer: ['A plain paragraph that answers the question.'], basis: [] }),
		reports: /^basis: needs at least one basis$/,
	},
	{
		// A paragraph of lab results needs a measured basis for the workload it compares.
		file: 'faq.yaml',
		schema: faqEntry(verdicts),
		bad: (entry: Record<string, unknown>) => ({
			...entry,
			basis: (entry.basis as { workload?: string }[]).filter(({ workload }) => workload !== 'orm-queries'),
		}),
		reports: /^answer\.1\.compare\.5\.workload: "orm-queries" needs a measured basis in this entry's basis list$/,
	},
	{
		file: 'criteria.yaml',
		schema: criterion(verdicts),
		bad: (entry: Record<string, unknown>) => ({ ...entry, favours: 'django', strength: 5, basis: { kind: 'article', where: 'FAQ' } }),
		reports: /^strength: must be 1 \(slight edge\), 2 \(clear edge\) or 3 \(decisive edge\)$/,
	},
	{
		file: 'criteria.yaml',
		schema: criterion(verdicts),
		bad: (entry: Record<string, unknown>) => ({ ...entry, explainedAt: 'differences/orm' }),
		reports: /^explainedAt: must be a site path such as \/differences\/orm\/$/,
	},
	{
		file: 'criteria.yaml',
		schema: criterion(verdicts),
		bad: ({ basis: _, ...entry }: Record<string, unknown>) => entry,
		reports: /^basis: needs a basis: kind measured/,
	},
	{
		file: 'criteria.yaml',
		schema: criterion(verdicts),
		bad: (entry: Record<string, unknown>) => ({ ...entry, basis: measured('gpu-bound') }),
		reports: /^basis\.workload: names evidence "gpu-bound" that does not exist; evidence ids are json-throughput, /,
	},
	{
		// The lab found CPU work gains nothing from async: a criterion favouring FastAPI on that evidence must fail.
		file: 'criteria.yaml',
		schema: criterion(verdicts),
		bad: (entry: Record<string, unknown>) => ({ ...entry, favours: 'fastapi', strength: 3, basis: measured('cpu-bound') }),
		reports: /^basis: leans to fastapi, but the evidence "cpu-bound" found that the claim for fastapi does not hold$/,
	},
	{
		file: 'criteria.yaml',
		schema: criterion(verdicts),
		bad: ({ deployment: _, ...entry }: Record<string, unknown>) => ({ ...entry, favours: 'depends' }),
		reports: /^deployment: a criterion that depends on the deployment must name it$/,
	},
	{
		file: 'presets.yaml',
		schema: preset(criterionIds),
		bad: (entry: Record<string, unknown>) => ({ ...entry, importance: { ...(entry.importance as object), admin: 4 } }),
		reports: /^importance\.admin: must be 0 \(doesn’t matter\)/,
	},
	{
		file: 'claims.yaml',
		schema: claim,
		bad: ({ verdict: _, workload: __, ...entry }: Record<string, unknown>) => entry,
		reports: /^verdict: needs a verdict, or a workload that will measure it$/,
	},
	{
		file: 'claims.yaml',
		schema: claim,
		bad: (entry: Record<string, unknown>) => ({ ...entry, workload: 'json-speed' }),
		reports: /^workload: /,
	},
	{
		file: 'versions.yaml',
		schema: versionFact,
		bad: (entry: Record<string, unknown>) => ({ ...entry, sources: [] }),
		reports: /^sources: needs at least one source$/,
	},
	{
		file: 'versions.yaml',
		schema: versionFact,
		bad: (entry: Record<string, unknown>) => ({ ...entry, checked: '2026-02-30' }),
		reports: /^checked: must be a date as YYYY-MM-DD$/,
	},
	{
		file: 'evidence.yaml',
		schema: evidenceVerdict,
		bad: (entry: Record<string, unknown>) => ({ ...entry, verdict: 'holds-with-conditions', conditions: '' }),
		reports: /^conditions: a "holds-with-conditions" verdict must spell out its conditions$/,
	},
	{
		file: 'evidence.yaml',
		schema: evidenceVerdict,
		bad: (entry: Record<string, unknown>) => ({ ...entry, verdict: 'proven' }),
		reports: /^verdict: /,
	},
	{
		file: 'evidence.yaml',
		schema: evidenceVerdict,
		bad: (entry: Record<string, unknown>) => ({ ...entry, conditions: 'Only above 100 concurrent connections, on this machine.' }),
		reports: /^conditions: must be prose without numbers/,
	},
	{
		file: 'context-sources.yaml',
		schema: contextSource,
		bad: (entry: Record<string, unknown>) => ({ ...entry, href: 'http://docs.djangoproject.com/' }),
		reports: /^href: must be an https:\/\/ address$/,
	},
];

describe('data schemas', () => {
	it.each([...new Map(collections.map((c) => [c.file, c])).values()])('accept every entry of $file', ({ file, schema }) => {
		const entries = data(file);
		expect(entries.length).toBeGreaterThan(0);
		for (const entry of entries) expect(problems(schema, entry), `${file}: ${entry.id}`).toEqual([]);
	});

	it.each(collections)('report the field of a bad entry in $file: $reports', ({ file, schema, bad, reports }) => {
		const found = problems(schema, bad(data(file)[0]!));
		expect(found).toHaveLength(1);
		expect(found[0]).toMatch(reports);
	});

	it('require a preset to rate every criterion and no other', () => {
		const [first] = data('presets.yaml');
		const { realtime, ...rest } = first!.importance as Record<string, number>;
		expect(problems(preset(criterionIds), { ...first, importance: { ...rest, realtme: realtime } })).toEqual([
			`importance.realtme: unknown criterion id; known ids are ${criterionIds.join(', ')}`,
			'importance.realtime: missing; rate every criterion 0–3',
		]);
	});

	it('ask every page for a real description and a known topic', () => {
		expect(problems(pageFields, { description: 'A page.' })).toEqual([
			'description: needs a description of at least 40 characters',
		]);
		expect(problems(pageFields, { description: 'x'.repeat(40), topic: 'flask' })).toHaveLength(1);
		expect(pageFields.parse({ description: 'x'.repeat(40) }).topic).toBe('both');
	});

	it('take only https addresses on real hosts as sources', () => {
		for (const href of ['https://docs.djangoproject.com/en/stable/', 'https://fastapi.tiangolo.com/async/']) {
			expect(problems(contextSource, { position: 0, title: 'Docs', href }), href).toEqual([]);
		}
		for (const href of ['http://example.org/', 'javascript:alert(1)', 'https://', 'https://local host/', '/faq/']) {
			// Scheme and host are checked apart, so one address may fail both with the same message.
			expect(new Set(problems(contextSource, { position: 0, title: 'Docs', href })), href).toEqual(
				new Set(['href: must be an https:// address']),
			);
		}
	});
});

describe('reading a YAML list', () => {
	const read = (text: string) => () => parseYamlList(text, 'content/data/example.yaml');

	it('keeps each entry with its place in the file', () => {
		expect(read('- id: b\n  x: 1\n- id: a\n')()).toEqual([
			{ id: 'b', x: 1, position: 0 },
			{ id: 'a', position: 1 },
		]);
	});

	it.each([
		['unreadable YAML', '- id: a\n  importance: [unclosed\n', /^content\/data\/example\.yaml: unreadable YAML: /],
		['a mapping instead of a list', 'id: a\n', /^content\/data\/example\.yaml: expected a YAML list of entries$/],
		['an entry that is not a mapping', '- id: a\n- just text\n', /^content\/data\/example\.yaml, entry 2: expected a mapping/],
		['an entry without an id', '- id: a\n- label: b\n', /^content\/data\/example\.yaml, entry 2: id: needs a non-empty text id$/],
		['a repeated id', '- id: a\n- id: a\n', /^content\/data\/example\.yaml, entry 2: id: "a" is already used/],
		['a repeated field', '- id: a\n  label: x\n  label: y\n', /^content\/data\/example\.yaml: unreadable YAML: .*unique/i],
	])('stops on %s, naming the file', (_, text, message) => {
		expect(read(text)).toThrow(message);
	});
});

describe('counts in the prose', () => {
	const words = ['no', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve'];
	const said = async (url: string, pattern: RegExp, selector = 'main') => {
		const text = (await loadPage(rootDist, url)).querySelector(selector)?.textContent?.replace(/\s+/g, ' ') ?? '';
		const word = pattern.exec(text)?.[1];
		expect(word, `${url}: ${pattern}`).toBeDefined();
		return words.indexOf(word!.toLowerCase());
	};

	it.each([
		['/comparison/', /into (\w+) rows/, 'comparison.yaml'],
		['/faq/', /closes with (\w+) answers/, 'faq.yaml'],
		['/differences/', /into (\w+) differences/, 'differences.yaml'],
	])('%s says %s as many as %s holds', async (url, pattern, file) => {
		expect(await said(url, pattern)).toBe(data(file).length);
	});

	it('names the sidebar group of the differences after as many as differences.yaml holds', async () => {
		expect(await said('/differences/performance/', /^(\w+) differences$/, 'nav[aria-label="Main"] details:has(a[href="/differences/performance/"]) .group-label')).toBe(
			data('differences.yaml').length,
		);
	});

	it('keep the article\'s "Eight differences" true to differences.yaml', async () => {
		expect(await said('/differences/', /^(\w+) differences$/, 'h1')).toBe(data('differences.yaml').length);
	});
});

// The wiring: src/build/collections.ts gives each collection its loader and
// schema, and `astro build` stops with a message naming the file and the field.
// Each case builds a one-page fixture site with one broken file.
describe('bad content fails the build', () => {
	const sites: FixtureSite[] = [];
	afterAll(() => Promise.all(sites.map((site) => site.remove())));
	/** Builds a fixture site of `files`, with the project's `copied` files beside them. */
	const buildWith = async (name: string, options: FixtureOptions) => {
		const site = await fixtureSite(name, options);
		sites.push(site);
		return site.build();
	};
	/** A project file's text after `change`, which must change it. */
	const edited = (path: string, change: (text: string) => string) => {
		const text = readFileSync(join(root, path), 'utf8');
		const changed = change(text);
		if (changed === text) throw new Error(`the edit of ${path} changed nothing`);
		return changed;
	};

	it('names the page and the field when a description is missing', async () => {
		const { ok, output } = await buildWith('no-description', {
			files: { 'content/docs/about.mdx': edited('content/docs/about.mdx', (text) => text.replace(/^description:.*\n/m, '')) },
		});
		expect(ok).toBe(false);
		expect(output).toContain('content/docs/about.mdx');
		expect(output).toMatch(/description\W+Required/);
	});

	it('names the criteria file and field when a criterion leans against its evidence', async () => {
		// Model inference rests on the CPU-work evidence, whose verdict is "does not hold": it cannot favour FastAPI.
		const { ok, output } = await buildWith('leaning-criterion', {
			copied: [dataFiles.evidence],
			files: {
				[dataFiles.criteria]: edited(dataFiles.criteria, (text) =>
					text.replace(/(- id: inference\n(?:  .*\n)*?)  favours: depends\n/, '$1  favours: fastapi\n  strength: 3\n'),
				),
			},
		});
		expect(ok).toBe(false);
		expect(output).toContain('content/data/criteria.yaml');
		expect(output).toMatch(/basis\W+leans to fastapi, but the evidence "cpu-bound" found that the claim for fastapi does not hold/);
	});

	it('names the preset file and field when a preset rates an unknown criterion', async () => {
		const { ok, output } = await buildWith('unknown-criterion', {
			copied: [dataFiles.evidence, dataFiles.criteria],
			files: { [dataFiles.presets]: edited(dataFiles.presets, (text) => text.replace(/^    realtime: (\d)$/m, '    realtme: $1')) },
		});
		expect(ok).toBe(false);
		expect(output).toContain('content/data/presets.yaml');
		expect(output).toMatch(/importance\.realtme\W+unknown criterion id/);
	});

	it('names the data file when its YAML cannot be read', async () => {
		const { ok, output } = await buildWith('unreadable-yaml', {
			files: { [dataFiles.comparison]: edited(dataFiles.comparison, (text) => text.replace(/^  django: (.*)$/m, '  django: [$1')) },
		});
		expect(ok).toBe(false);
		expect(output).toContain('content/data/comparison.yaml: unreadable YAML');
	});

	it('builds the fixture with the project\'s own data files unchanged', async () => {
		// The cases above fail for their one broken file, not for the fixture itself.
		const { ok, output } = await buildWith('unchanged', {
			copied: [...Object.values(dataFiles), 'content/docs/about.mdx'],
		});
		expect(ok, output).toBe(true);
	});
});
