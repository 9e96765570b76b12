import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildSite } from './support/build';
import { scratchCopy, type ScratchProject } from './support/scratch';

// Each case breaks one file in a scratch copy and expects `astro build` to stop
// with a message that names the file and the field, so an author can fix it.
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
});
