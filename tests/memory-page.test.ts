import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { labRun, workloadIds, type LabRun } from '../lab/results';
import { root } from '../harness/paths';
import { loadPage } from '../harness/site';
import { chooseRun } from '../src/lib/evidence-run';
import { formatNumber, formatRange, metricInfo, unitWords } from '../src/lib/evidence-format';
import { workloadView } from '../src/lib/evidence-views';
import {
	coverageSentences,
	findingsWorkload,
	inFlightCell,
	memoryCharts,
	memoryView,
	rowSentence,
	verdictSentences,
	workersSentence,
} from '../src/lib/memory-view';
import { rootDist } from './support/paths';

// The memory page (content/docs/evidence/memory.mdx) against the committed
// results files: every row, finding and verdict line it shows is computed here
// from the same files through the same library (src/lib/memory-view.ts), from
// the run each workload's own page publishes.

const text = (element: Element | null | undefined) => (element?.textContent ?? '').replace(/\s+/g, ' ').trim();

const labDir = join(root, 'content/data/lab');
const committed = await Promise.all(
	(await readdir(labDir))
		.filter((name) => name.endsWith('.json'))
		.map(async (name) => ({ id: name.replace(/\.json$/, ''), data: labRun.parse(JSON.parse(await readFile(join(labDir, name), 'utf8'))) as LabRun })),
);
const view = memoryView((workload) => chooseRun(committed, workload));
const doc = await loadPage(rootDist, '/evidence/memory/');
const main = doc.querySelector('main')!;

/** A table cell's parts: its own text (the median), then each note under it (the range, how many repeats had requests in flight). */
const parts = (element: Element) => [
	[...element.childNodes].filter((node) => node.nodeType === 3).map((node) => node.textContent).join('').replace(/\s+/g, ' ').trim(),
	...[...element.querySelectorAll('.range')].map(text),
];

describe('the memory page', () => {
	it('has rows from the committed runs to check', () => {
		expect(view.workloads.length).toBeGreaterThan(0);
		expect(view.workloads.some((entry) => entry.workload === findingsWorkload)).toBe(true);
	});

	it('shows every workload that recorded memory, with the file its rows come from', () => {
		const groups = [...main.querySelectorAll('.memory-table tbody')];
		expect(groups.map((group) => text(group.querySelector('th.workload a')))).toEqual(view.workloads.map((entry) => entry.title));
		groups.forEach((group, index) => expect(text(group.querySelector('th.workload code'))).toBe(`${view.workloads[index]!.runId}.json`));
	});

	it('shows each setup’s row with the figures the library computes from the committed files', () => {
		let checked = 0;
		const groups = [...main.querySelectorAll('.memory-table tbody')];
		view.workloads.forEach((entry, index) => {
			const rows = [...groups[index]!.querySelectorAll('tr[data-setup]')];
			expect(rows.map((row) => row.getAttribute('data-setup')), entry.workload).toEqual(entry.rows.map((row) => row.setup));
			entry.rows.forEach((row, rowIndex) => {
				const cells = [...rows[rowIndex]!.children];
				const spread = (value: typeof row.idlePerWorkerMiB) => [formatNumber(value.median), ...(value.n > 1 ? [formatRange(value)] : [])];
				const inFlight = inFlightCell(row.inFlight);
				const growth = row.growthPerRequestKiB;
				const partial = growth && growth.n < row.inFlight.n ? [`${growth.n} of ${row.inFlight.n} repeats had requests in flight`] : [];
				expect([text(cells[0]), text(cells[1])], `${entry.workload} ${row.setup}`).toEqual([row.setupLabel, row.measuredAt]);
				expect(cells.slice(2).map(parts), `${entry.workload} ${row.setup}`).toEqual([
					spread(row.idlePerWorkerMiB),
					spread(row.loadedPerWorkerMiB),
					[inFlight.median, ...(inFlight.range ? [inFlight.range] : [])],
					growth ? [...spread(growth), ...partial] : ['none in flight'],
				]);
				checked++;
			});
		});
		expect(checked).toBe(view.workloads.flatMap((entry) => entry.rows).length);
		expect(checked).toBeGreaterThan(0);
	});

	it('opens with each setup’s finding on the model-API call', () => {
		const entry = view.workloads.find((candidate) => candidate.workload === findingsWorkload)!;
		const findings = [...main.querySelectorAll('.memory-findings > li')].map(text);
		expect(findings).toEqual(entry.rows.map((row) => `${rowSentence(row)}.`));
		expect(findings.length).toBeGreaterThan(0);
	});

	it('says what it leaves out, how many workers ran, and its measured verdict', () => {
		const coverage = text(main.querySelector('.memory-coverage'));
		const expected = coverageSentences(view);
		expect(expected.length).toBeGreaterThan(0);
		expect(coverage).toBe(expected.map((sentence) => `${sentence}.`).join(' '));
		expect(text(main)).toContain(workersSentence(view));
		expect([...main.querySelectorAll('.memory-verdict > li')].map(text)).toEqual(verdictSentences(view).map((sentence) => `${sentence}.`));
	});

	it('draws its charts with text alternatives in the metric’s own unit words', () => {
		const charts = memoryCharts(view);
		const svgs = [...main.querySelectorAll('.evidence-chart svg')];
		expect(svgs.map((svg) => text(svg.querySelector('title')))).toEqual(charts.map((chart) => chart.title));
		expect(charts.map((chart) => unitWords(metricInfo(chart.metric).unit))).toEqual(['mebibytes', 'kibibytes']);
		charts.forEach((chart, index) => {
			const label = svgs[index]!.getAttribute('aria-label') ?? '';
			expect(label).toContain(`${chart.title}, in ${unitWords(metricInfo(chart.metric).unit)},`);
			expect(label).not.toContain('milliseconds');
			for (const row of chart.rows) expect(label).toContain(`${row.label} ${formatNumber(row.spread.median)}`);
		});
	});
});

describe('the workload pages’ charts', () => {
	it('name each chart’s unit in words in its text alternative', async () => {
		let checked = 0;
		for (const workload of workloadIds) {
			const chosen = chooseRun(committed, workload);
			if (!chosen) continue;
			const page = await loadPage(rootDist, `/evidence/${workload}/`);
			const labels = [...page.querySelectorAll('.evidence-chart svg')].map((svg) => svg.getAttribute('aria-label') ?? '');
			const charts = workloadView(chosen.run, workload).charts;
			expect(labels.length, workload).toBe(charts.length);
			charts.forEach((chart, index) => {
				expect(labels[index], `${workload}: ${chart.title}`).toContain(`${chart.title}, in ${unitWords(metricInfo(chart.metric).unit)},`);
				checked++;
			});
		}
		// Units other than milliseconds are among them (requests per second, tokens), so the words are not one fixed phrase.
		const units = new Set(workloadIds.flatMap((workload) => {
			const chosen = chooseRun(committed, workload);
			return chosen ? workloadView(chosen.run, workload).charts.map((chart) => metricInfo(chart.metric).unit) : [];
		}));
		expect(units.size).toBeGreaterThan(2);
		expect(checked).toBeGreaterThan(0);
	});
});
