import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root } from '../harness/paths';
import { readYamlList } from '../src/build/yaml-list-loader';
import { basisLink, basisProblem, claimFavours, type MeasuredBasis } from '../src/lib/decision-basis';
import { chooseRun } from '../src/lib/evidence-run';
import { measuredSentence } from '../src/lib/measured-sentences';
import { serverSetups } from '../lab/experiment';
import type { LabPoint } from '../lab/results';
import { isStable, ratioSpread, unstableSizeWords } from '../src/lib/lab-stats';

const evidence = readYamlList(join(root, 'content/data/evidence.yaml'));
const verdicts = new Map(evidence.map(({ id, verdict }) => [id, String(verdict)]));
const measured = (workload: string): MeasuredBasis => ({ kind: 'measured', workload, setup: 'every setup', concurrency: 'many at once' });

const labDir = join(root, 'content/data/lab');
const published = chooseRun(
	readdirSync(labDir)
		.filter((file) => file.endsWith('.json'))
		.map((file) => ({ id: file.replace(/\.json$/, ''), data: JSON.parse(readFileSync(join(labDir, file), 'utf8')) })),
)!;

describe('a recommendation and its basis', () => {
	it('knows which side each evidence entry’s claim favours, for every entry and no other', () => {
		expect(Object.keys(claimFavours).sort()).toEqual([...verdicts.keys()].sort());
	});

	it('refuses evidence that does not exist or is not yet measured', () => {
		expect(basisProblem('depends', measured('gpu-bound'), verdicts)).toMatch(/^names evidence "gpu-bound" that does not exist/);
		expect(basisProblem('depends', measured('streaming'), new Map([['streaming', 'not-yet-measured']]))).toMatch(/not yet measured/);
	});

	it('refuses a lean towards a claim that does not hold, and against a claim that holds', () => {
		const cpu = new Map([['cpu-bound', 'does-not-hold']]);
		expect(basisProblem('fastapi', measured('cpu-bound'), cpu)).toMatch(/leans to fastapi, but .* does not hold/);
		expect(basisProblem('django', measured('cpu-bound'), cpu)).toBeUndefined();
		expect(basisProblem('depends', measured('cpu-bound'), cpu)).toBeUndefined();
		for (const verdict of ['holds', 'holds-with-conditions']) {
			const orm = new Map([['orm-queries', verdict]]);
			expect(basisProblem('fastapi', measured('orm-queries'), orm)).toMatch(/leans to fastapi, but .* claim for django holds/);
			expect(basisProblem('django', measured('orm-queries'), orm)).toBeUndefined();
		}
	});

	it('does not check documented sources or the article’s view against the lab', () => {
		expect(basisProblem('fastapi', { kind: 'article', where: 'FAQ' }, verdicts)).toBeUndefined();
		expect(basisProblem('django', { kind: 'documented', title: 'Docs', href: 'https://docs.djangoproject.com/' }, verdicts)).toBeUndefined();
	});

	it('links a measured basis to its evidence page with its condition, and names the article’s section', () => {
		const link = basisLink({ ...measured('streaming'), client: 'httpx' }, (path) => `/base${path}`);
		expect(link).toEqual({ href: '/base/evidence/streaming/', text: 'every setup; httpx client; many at once' });
		expect(basisLink({ kind: 'article', where: 'FAQ' }, (path) => path)).toEqual({ text: 'the article, “FAQ”' });
	});
});

describe('sentences from the published lab run', () => {
	const { run } = published;
	// Setup ids come from the lab's manifest: FastAPI, and Django on sync workers and on threads.
	const setupId = (framework: 'django' | 'fastapi', model: string) => serverSetups.find((setup) => setup.framework === framework && setup.model === model)!.id;
	const [fastapi, djangoSync, djangoThreads] = [setupId('fastapi', 'event-loop'), setupId('django', 'processes'), setupId('django', 'threads')];
	const json = { workload: 'json-throughput', scenario: 'json', metric: 'rps', a: fastapi, b: djangoSync };
	const label = (id: string) => run.setups.find((setup: { id: string }) => setup.id === id)!.label;

	it('names both setups, the metric, the scenario and the load, with the median gap and its spread', () => {
		const { text, word } = measuredSentence(run, json, 'test');
		// Both setups, one leading, in the words `word` stands for (compare-words.test.ts pins each form), then the figures.
		const [a, b] = [label(fastapi), label(djangoSync)].map((name) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
		const condition = '\\(requests per second, plain JSON, \\d+ concurrent connections\\)';
		const forms: Record<string, (lead: string, other: string) => string> = {
			ahead: (lead, other) => `${lead} was ahead of ${other} ${condition}`,
			'far ahead': (lead, other) => `${lead} was far ahead of ${other} ${condition}`,
			'within noise': (lead, other) => `${lead} and ${other} were within noise of each other ${condition}: ${lead} led in the median, not in every repeat`,
			'about the same': (lead, other) => `${lead} and ${other} were about the same ${condition}`,
		};
		expect(Object.keys(forms)).toContain(word);
		const opening = `(?:${forms[word]!(a, b)}|${forms[word]!(b, a)})`;
		// A spread wider than measurementRules.stableSpan says it gives a direction, not a size; a stable one does not.
		const points = run.points.filter((point: LabPoint) => point.workload === json.workload && point.scenario === json.scenario);
		const pointOf = (setup: string) => points.find((point: LabPoint) => point.setup === setup)!;
		const unstable = isStable(ratioSpread(pointOf(fastapi), pointOf(djangoSync), 'rps')) ? '' : `; ${unstableSizeWords}`;
		expect(text).toMatch(new RegExp(`^${opening}; gap [\\d.,]+× in the median, [\\d.,]+–[\\d.,]+× across \\d+ repeats${unstable}\\.$`));
	});

	it('says the same whichever setup is named first', () => {
		const forward = measuredSentence(run, json, 'test');
		const backward = measuredSentence(run, { ...json, a: djangoSync, b: fastapi }, 'test');
		expect(backward.word).toBe(forward.word);
		expect(backward.text).toBe(forward.text);
	});

	it('names the workload and the scenario, such as the HTTP client, in the condition', () => {
		const http = { workload: 'upstream-wait', scenario: 'upstream/http', metric: 'rps', a: fastapi, b: djangoThreads, concurrency: 'lowest' as const };
		expect(measuredSentence(run, http, 'test').text).toMatch(/\(requests per second, waiting on a model API \(httpx call\), \d+ concurrent connections\)/);
	});

	it('reads a time the other way round: the shorter one leads', () => {
		const stream = { workload: 'streaming', scenario: 'stream', metric: 'totalP50Ms', a: fastapi, b: djangoSync };
		expect(measuredSentence(run, stream, 'test').text).toMatch(new RegExp(`^${label(fastapi).replace(/[()]/g, '\\$&')} was (far )?ahead of`));
	});

	it('stops the build, naming the data file and field, for a comparison the run cannot back', () => {
		expect(() => measuredSentence(run, { ...json, b: 'flask' }, 'content/data/faq.yaml, x: answer[1].compare[0]')).toThrow(
			/^content\/data\/faq\.yaml, x: answer\[1\]\.compare\[0\]: no setup "flask"/,
		);
		expect(() => measuredSentence(run, { ...json, metric: 'speed' }, 'where')).toThrow(/^where: no metric "speed"/);
		expect(() => measuredSentence(run, { ...json, workload: 'upstream-wait', scenario: 'upstream/http' }, 'where')).toThrow(
			/several concurrency levels/,
		);
	});
});

describe('words about lab results in the data files', () => {
	// Comparative words about the lab come from compareWords at build time; the data only names what to compare.
	const typed = /\b(about the same|within noise|far ahead|ahead of)\b|\d\s*×/i;
	it.each(['criteria.yaml', 'comparison.yaml', 'faq.yaml', 'differences.yaml'])('%s types no lab figure or comparative word', (file) => {
		const text = readFileSync(join(root, 'content/data', file), 'utf8');
		const found = text.split('\n').filter((line) => !line.trimStart().startsWith('#') && typed.test(line));
		expect(found).toEqual([]);
	});
});
