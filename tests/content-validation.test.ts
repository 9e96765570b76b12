import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildSite } from '../harness/build';
import { scratchCopy, type ScratchProject } from '../harness/scratch';

// Each case breaks one file in a scratch copy and expects `astro build` to stop
// with a message that names the file and the field, so an author can fix it.
// The decision score's data gets the same guard: a typo in a criterion or
// preset must never reach readers as a wrong verdict.
describe('bad content fails the build loudly', () => {
	let project: ScratchProject;
	const build = () => buildSite({ root: project.dir, outDir: `${project.dir}/dist` });

	beforeAll(async () => {
		project = await scratchCopy();
	});
	afterEach(() => project.restore());
	afterAll(() => project.remove());

	it('builds the untouched copy, so the failures below come from the edits', () => {
		const result = build();
		expect(result.ok, result.output).toBe(true);
	});

	it('names the page and the field when a description is missing', async () => {
		await project.edit('content/docs/about.mdx', (text) => text.replace(/^description:.*\n/m, ''));
		const { ok, output } = build();
		expect(ok).toBe(false);
		expect(output).toContain('content/docs/about.mdx');
		expect(output).toMatch(/description\W+Required/);
	});

	it('names the page and the field when a title is missing', async () => {
		await project.edit('content/docs/faq.mdx', (text) => text.replace(/^title:.*\n/m, ''));
		const { ok, output } = build();
		expect(ok).toBe(false);
		expect(output).toContain('content/docs/faq.mdx');
		expect(output).toMatch(/title\W+Required/);
	});

	it('names the data file and the field when a comparison cell is missing', async () => {
		await project.edit('content/data/comparison.yaml', (text) => text.replace(/^  django: .*\n/m, ''));
		const { ok, output } = build();
		expect(ok).toBe(false);
		expect(output).toContain('content/data/comparison.yaml');
		expect(output).toMatch(/django\W+Required/);
	});

	it('names the data file and the field when a value has the wrong shape', async () => {
		await project.edit('content/data/differences.yaml', (text) =>
			text.replace(/^  favours: \w+$/m, '  favours: flask'),
		);
		const { ok, output } = build();
		expect(ok).toBe(false);
		expect(output).toContain('content/data/differences.yaml');
		expect(output).toMatch(/favours/);
	});

	it('names the data file and the field when an FAQ question is not a question', async () => {
		await project.edit('content/data/faq.yaml', (text) => text.replace(/^(  question: .*)\?$/m, '$1'));
		const { ok, output } = build();
		expect(ok).toBe(false);
		expect(output).toContain('content/data/faq.yaml');
		expect(output).toMatch(/question\W+must be a question/);
	});

	it('names the preset file and field when a preset rates an unknown criterion', async () => {
		await project.edit('content/data/presets.yaml', (text) => text.replace(/^    realtime: (\d)$/m, '    realtme: $1'));
		const { ok, output } = build();
		expect(ok).toBe(false);
		expect(output).toContain('content/data/presets.yaml');
		expect(output).toMatch(/importance\.realtme: unknown criterion id/);
		expect(output).toMatch(/importance\.realtime: missing/);
	});

	it('names the preset file when its YAML cannot be read', async () => {
		await project.edit('content/data/presets.yaml', (text) => text.replace(/^  importance:$/m, '  importance: [unclosed'));
		const { ok, output } = build();
		expect(ok).toBe(false);
		expect(output).toContain('content/data/presets.yaml');
	});

	it('names the criteria file and field when a strength is out of range', async () => {
		await project.edit('content/data/criteria.yaml', (text) => text.replace(/^  strength: 3$/m, '  strength: 5'));
		const { ok, output } = build();
		expect(ok).toBe(false);
		expect(output).toContain('content/data/criteria.yaml');
		expect(output).toMatch(/strength\W+must be 1 \(slight edge\)/);
	});

	it('names the criteria file and field when an explaining page is not a site path', async () => {
		await project.edit('content/data/criteria.yaml', (text) =>
			text.replace(/^  explainedAt: \/differences\/orm\/$/m, '  explainedAt: differences/orm'),
		);
		const { ok, output } = build();
		expect(ok).toBe(false);
		expect(output).toContain('content/data/criteria.yaml');
		expect(output).toMatch(/explainedAt\W+must be a site path/);
	});

	it('names the claims file and the field when a claim has neither a verdict nor a workload', async () => {
		await project.edit('content/data/claims.yaml', (text) => text.replace(/^  verdict: opinion\n/m, ''));
		const { ok, output } = build();
		expect(ok).toBe(false);
		expect(output).toContain('content/data/claims.yaml');
		expect(output).toMatch(/verdict\W+needs a verdict, or a workload/);
	});

	it('names the claims file and the field when a claim names an unknown workload', async () => {
		await project.edit('content/data/claims.yaml', (text) => text.replace(/^  workload: json-throughput$/m, '  workload: json-speed'));
		const { ok, output } = build();
		expect(ok).toBe(false);
		expect(output).toContain('content/data/claims.yaml');
		expect(output).toMatch(/workload/);
	});

	it('names the versions file and the field when a version fact has no sources', async () => {
		await project.edit('content/data/versions.yaml', (text) => text.replace(/^  sources:\n(    - title: .*\n      href: .*\n)+/m, ''));
		const { ok, output } = build();
		expect(ok).toBe(false);
		expect(output).toContain('content/data/versions.yaml');
		expect(output).toMatch(/sources\W+Required/);
	});
});
