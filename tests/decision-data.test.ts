import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildSite } from './support/build';
import { scratchCopy, type ScratchProject } from './support/scratch';

// The decision score's data files break the build, naming file and field, so a
// typo in a criterion or preset never reaches readers as a wrong verdict.
describe('bad decision-score data fails the build', () => {
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
});
