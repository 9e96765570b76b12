import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { labRun, workloadIds } from '../lab/results';
import { metricSpread, ratioSpread, sampleMetric } from '../src/lib/lab-stats';
import { chooseRun, countInRun, repeatsFor } from '../src/lib/evidence-run';
import { countInWords } from '../src/lib/count-words';
import { formatDuration, formatNumber, formatPercent, formatRatio, formatSpread, formatValue, metricInfo } from '../src/lib/evidence-format';
import { chartGeometry, formatTick, niceAxis, wrapLabel } from '../src/lib/evidence-chart';
import { selectPoints, unshownPoints, withdrawnFigures, workloadView } from '../src/lib/evidence-views';
import { pointsFor, serverSetups, setupRoles, workloadSpecs } from '../lab/experiment';
import { disconnectSentences } from '../src/lib/disconnect-cost';
import { kneeRows } from '../src/lib/load-knee';

// Setups by role, from the manifest: the tests name no setup id of their own.
const { djangoProcesses: syncDjango, fastapi } = setupRoles;
const setupsWith = (scenario: string) =>
	serverSetups.filter((setup) => workloadIds.some((workload) => pointsFor(workload, setup).some((point) => point.scenario === scenario)));
import { makeLabRun } from './support/lab-fixture';

// Pure logic behind the evidence pages: which run they publish, how numbers
// read, the chart geometry and what each workload page selects from a run.

describe('counts in prose', () => {
	it('writes small counts as words, larger ones as digits, and can start a sentence', () => {
		expect(countInWords(0)).toBe('no');
		expect(countInWords(4)).toBe('four');
		expect(countInWords(4, { sentenceStart: true })).toBe('Four');
		expect(countInWords(12)).toBe('twelve');
		expect(countInWords(13)).toBe('13');
	});

	it('counts what a run measured: setups by kind, and the setups and concurrency levels of one scenario', () => {
		const run = makeLabRun();
		const kinds = (kind: string) => run.setups.filter((setup) => setup.kind === kind).length;
		expect(countInRun(run, 'servers')).toBe(kinds('server'));
		expect(countInRun(run, 'in-process setups')).toBe(kinds('in-process'));
		expect(countInRun(run, 'setups in scenario', 'upstream/aiohttp')).toBe(setupsWith('upstream/aiohttp').length);
		expect(countInRun(run, 'concurrency levels in scenario', 'upstream/http')).toBe(3);
		const partial = makeLabRun({ keep: (point) => !(point.scenario === 'upstream/http' && point.concurrency === 400) });
		expect(countInRun(partial, 'concurrency levels in scenario', 'upstream/http')).toBe(2);
	});

	it('reads repeats per point from the workloads’ own points, falling back to the run’s setting', () => {
		const run = makeLabRun({ repeats: 3 });
		for (const point of run.points.filter((candidate) => candidate.workload === 'model-pool'))
			point.samples.push(...point.samples.slice(0, 2).map((sample, index) => ({ ...sample, repeat: 4 + index })));
		expect(repeatsFor(run, ['model-pool'])).toBe(5);
		expect(repeatsFor(run, ['model-api'])).toBe(3);
		expect(repeatsFor(run, ['model-api', 'model-pool'])).toBe(5);
		const partial = makeLabRun({ repeats: 3, keep: (point) => point.workload !== 'model-pool' });
		partial.settings.repeats = 4;
		expect(repeatsFor(partial, ['model-pool'])).toBe(4);
	});

	it('names a scenario the run does not have instead of counting none', () => {
		expect(() => countInRun(makeLabRun(), 'setups in scenario', 'upstream/grpc')).toThrow(/upstream\/grpc/);
	});
});

describe('the fixture generator', () => {
	it('builds runs the results schema accepts', () => {
		expect(labRun.safeParse(makeLabRun()).success).toBe(true);
		expect(labRun.safeParse(makeLabRun({ kind: 'smoke', repeats: 1 })).success).toBe(true);
	});
});

describe('chooseRun', () => {
	const entry = (id: string, kind: 'full' | 'smoke', startedAt: string) => ({ id, data: makeLabRun({ kind, startedAt, repeats: 1 }) });

	it('picks the newest full run, even when a smoke run is newer', () => {
		const chosen = chooseRun([
			entry('full-old', 'full', '2026-01-01T00:00:00Z'),
			entry('smoke-new', 'smoke', '2026-03-01T00:00:00Z'),
			entry('full-new', 'full', '2026-02-01T00:00:00Z'),
		]);
		expect(chosen).toMatchObject({ id: 'full-new', smoke: false });
	});

	it('falls back to the newest smoke run, flagged as smoke', () => {
		const chosen = chooseRun([entry('a', 'smoke', '2026-01-01T00:00:00Z'), entry('b', 'smoke', '2026-01-02T00:00:00Z')]);
		expect(chosen).toMatchObject({ id: 'b', smoke: true });
	});

	it('returns nothing without runs', () => {
		expect(chooseRun([])).toBeUndefined();
	});

	// A run made with --only: the fixture's points of those workloads alone.
	const slice = (id: string, startedAt: string, only: (typeof workloadIds)[number][]) => {
		const data = makeLabRun({ kind: 'full', startedAt, repeats: 1 });
		return { id, data: { ...data, only, points: data.points.filter((point) => only.includes(point.workload)) } };
	};

	it('publishes each workload from the newest full run that measured it, and the broadest run for the whole', () => {
		const entries = [
			entry('main', 'full', '2026-01-01T00:00:00Z'),
			slice('model-slice', '2026-02-01T00:00:00Z', ['model-api']),
			slice('json-slice-older', '2025-12-01T00:00:00Z', ['json-throughput']),
		];
		expect(chooseRun(entries, 'model-api')?.id).toBe('model-slice');
		expect(chooseRun(entries, 'json-throughput')?.id).toBe('main');
		// The method and home pages describe the run that measured the most, not the newest slice.
		expect(chooseRun(entries)?.id).toBe('main');
		expect(chooseRun([slice('only', '2026-02-01T00:00:00Z', ['model-api'])], 'orm-queries')).toBeUndefined();
	});
});

describe('derived metrics', () => {
	it('reads server CPU per request from a sample’s accounting, and nothing from a sample without it', () => {
		const [sample] = makeLabRun({ repeats: 1 }).points[0]!.samples;
		const accounted = { ...sample!, counts: { completed: 1000, failed: 0, timedOut: 0 }, cpu: { servers: 2, loadGenerator: 0, upstream: 0, database: 0, stealShare: 0 } };
		expect(sampleMetric(accounted, 'serverCpuPerRequestMs')).toBe(2);
		expect(sampleMetric({ ...accounted, cpu: undefined }, 'serverCpuPerRequestMs')).toBeUndefined();
		expect(sampleMetric({ ...accounted, counts: { ...accounted.counts, completed: 0 } }, 'serverCpuPerRequestMs')).toBeUndefined();
		expect(sampleMetric(accounted, 'rps')).toBe(accounted.metrics.rps);
	});
});

describe('number formatting', () => {
	it('writes shares as percentages, whole when whole', () => {
		expect(formatPercent(0.9)).toBe('90 %');
		expect(formatPercent(0.05)).toBe('5 %');
		expect(formatPercent(0.025)).toBe('2.50 %');
		expect(formatPercent(0.153)).toBe('15.3 %');
	});

	it('keeps about three significant digits', () => {
		expect(formatNumber(3214.4)).toBe('3,214');
		expect(formatNumber(103.26)).toBe('103');
		expect(formatNumber(19.64)).toBe('19.6');
		expect(formatNumber(0.854)).toBe('0.85');
		expect(formatNumber(0)).toBe('0');
	});

	it('adds the unit and the range across repeats', () => {
		expect(formatValue(3214, 'rps')).toBe('3,214 req/s');
		expect(formatValue(0.5, 'p99Ms')).toBe('0.50 ms');
		expect(formatSpread({ median: 3214, min: 3100, max: 3302.2, n: 5 })).toBe('3,214 (3,100–3,302)');
		expect(formatSpread({ median: 12, min: 12, max: 12, n: 1 })).toBe('12.0');
		expect(formatRatio(2.314)).toBe('2.31×');
	});

	it('names every metric a workload uses', () => {
		for (const spec of Object.values(workloadSpecs)) {
			for (const metric of [...spec.charts.map((c) => c.metric), ...spec.tables.flatMap((t) => t.metrics)]) {
				expect(() => metricInfo(metric)).not.toThrow();
			}
		}
	});

	it('writes run durations in words', () => {
		expect(formatDuration('2026-01-01T00:00:00Z', '2026-01-01T00:00:48Z')).toBe('48 s');
		expect(formatDuration('2026-01-01T00:00:00Z', '2026-01-01T00:42:10Z')).toBe('42 min');
		expect(formatDuration('2026-01-01T00:00:00Z', '2026-01-01T01:05:00Z')).toBe('1 h 05 min');
	});
});

describe('niceAxis', () => {
	it('rounds up to steps of 1, 2 or 5 times a power of ten', () => {
		expect(niceAxis(3214)).toEqual({ max: 4000, step: 1000 });
		expect(niceAxis(19.6)).toEqual({ max: 20, step: 5 });
		expect(niceAxis(0.85)).toEqual({ max: 1, step: 0.2 });
		expect(niceAxis(0)).toEqual({ max: 1, step: 0.25 });
	});

	it('labels ticks with the decimals the step needs', () => {
		expect(formatTick(1000, 500)).toBe('1,000');
		expect(formatTick(0.4, 0.2)).toBe('0.4');
		expect(formatTick(0.75, 0.25)).toBe('0.75');
	});

	it('always covers the maximum with a few ticks', () => {
		fc.assert(
			fc.property(fc.double({ min: 1e-3, max: 1e7, noNaN: true }), (max) => {
				const axis = niceAxis(max);
				expect(axis.max).toBeGreaterThanOrEqual(max);
				const steps = Math.round(axis.max / axis.step);
				expect(steps).toBeGreaterThanOrEqual(2);
				expect(steps).toBeLessThanOrEqual(8);
			}),
		);
	});
});

describe('chartGeometry', () => {
	const rows = [
		{ label: 'A', valueLabel: '100', spread: { median: 100, min: 90, max: 120, n: 5 } },
		{ label: 'B', valueLabel: '50', spread: { median: 50, min: 40, max: 55, n: 5 } },
	];
	const chart = chartGeometry(rows);

	it('draws bars to the median and whiskers from min to max on one scale', () => {
		const [a, b] = chart.rows;
		const scale = (chart.plotRight - chart.plotLeft) / chart.ticks.at(-1)!.value;
		expect(a!.barWidth).toBeCloseTo(100 * scale);
		expect(b!.barWidth).toBeCloseTo(50 * scale);
		expect(a!.whisker.x1).toBeCloseTo(chart.plotLeft + 90 * scale);
		expect(a!.whisker.x2).toBeCloseTo(chart.plotLeft + 120 * scale);
		expect(a!.whisker.x2).toBeLessThanOrEqual(chart.plotRight);
	});

	it('stacks rows without overlap and fits the axis below them', () => {
		const [a, b] = chart.rows;
		expect(b!.labelY - 14).toBeGreaterThan(a!.barY + a!.barHeight);
		expect(chart.axisLabelY).toBeGreaterThan(b!.barY + b!.barHeight);
		expect(chart.height).toBeGreaterThan(chart.axisLabelY);
		expect(chart.ticks.map((tick) => tick.label)).toEqual(['0', '20', '40', '60', '80', '100', '120']);
	});

	it('wraps a long label onto lines that fit and join back into it, and moves the rows below down', () => {
		const long = 'FastAPI · uvicorn (ASGI), SDK defaults (1,000 connections, 100 kept alive)';
		const lines = wrapLabel(long, 54);
		expect(lines.length).toBe(2);
		expect(lines.join('')).toBe(long);
		expect(lines.every((line) => line.trimEnd().length <= 54)).toBe(true);
		expect(wrapLabel('short', 54)).toEqual(['short']);
		expect(wrapLabel('averyveryverylongword next', 5)).toEqual(['averyveryverylongword ', 'next']);
		const wrapped = chartGeometry([{ ...rows[0]!, label: long }, rows[1]!]);
		const [a, b] = wrapped.rows;
		expect(a!.labelLines).toEqual(lines);
		// The bar sits below the label's last line, and the next row's label below the bar.
		expect(a!.barY).toBeGreaterThan(a!.labelY + a!.lineHeight);
		expect(b!.labelY - 14).toBeGreaterThan(a!.barY + a!.barHeight);
		expect(wrapped.height - chart.height).toBeCloseTo(a!.lineHeight);
	});

	it('keeps every mark inside the viewBox for any spread', () => {
		fc.assert(
			fc.property(
				fc.array(fc.tuple(fc.double({ min: 0, max: 1e6, noNaN: true }), fc.double({ min: 0, max: 1e6, noNaN: true }), fc.double({ min: 0, max: 1e6, noNaN: true })), { minLength: 1, maxLength: 10 }),
				(triples) => {
					const geometry = chartGeometry(
						triples.map((values, index) => {
							const [min, median, max] = [...values].sort((x, y) => x - y) as [number, number, number];
							return { label: `row ${index}`, valueLabel: '', spread: { min, median, max, n: 3 } };
						}),
					);
					for (const row of geometry.rows) {
						expect(row.barWidth).toBeGreaterThanOrEqual(0);
						expect(row.whisker.x1).toBeGreaterThanOrEqual(geometry.plotLeft);
						expect(row.whisker.x2).toBeLessThanOrEqual(geometry.plotRight + 1e-9);
						expect(row.whisker.capBottom).toBeLessThan(geometry.height);
					}
				},
			),
		);
	});
});

describe('workloadView', () => {
	const run = makeLabRun();

	it('gives every workload at least one chart, table and finding from a complete run', () => {
		for (const workload of workloadIds) {
			const view = workloadView(run, workload);
			expect(view.charts.length + view.curves.length, workload).toBeGreaterThan(0);
			expect(view.tables.length, workload).toBeGreaterThan(0);
			// A page opens with knees, with what became of callers' model calls, or with ratios.
			const spec = workloadSpecs[workload];
			const scenarios = spec.tables.flatMap((table) => table.scenarios);
			const findings =
				spec.findings === 'knees'
					? kneeRows(run, workload, scenarios[0]!).length
					: spec.findings === 'outcomes'
						? disconnectSentences(run, workload, scenarios).length
						: view.ratios.length;
			expect(findings, workload).toBeGreaterThan(0);
		}
	});

	it('charts medians of the points it selects', () => {
		const view = workloadView(run, 'json-throughput');
		const point = run.points.find((candidate) => candidate.workload === 'json-throughput' && candidate.setup === fastapi.id)!;
		const row = view.charts[0]!.rows.find((candidate) => candidate.label === fastapi.label)!;
		expect(row.spread).toEqual(metricSpread(point, 'rps'));
	});

	it('draws one upstream-wait chart per concurrency, each with both scenarios', () => {
		const view = workloadView(run, 'upstream-wait');
		expect(view.charts).toHaveLength(3);
		const rowsPerLevel = ['upstream/http', 'upstream/aiohttp', 'upstream/sleep'].reduce((sum, scenario) => sum + setupsWith(scenario).length, 0);
		for (const chart of view.charts) expect(chart.rows).toHaveLength(rowsPerLevel);
		expect(view.charts[0]!.rows.map((row) => row.label)).toContain(`${syncDjango.label}, httpx call`);
		expect(view.charts[0]!.rows.map((row) => row.label)).toContain(`${fastapi.label}, aiohttp call`);
	});

	it('takes the concurrency levels from the run, not from the page', () => {
		const one = makeLabRun({ keep: (point) => point.workload !== 'upstream-wait' || point.concurrency === 100 });
		const view = workloadView(one, 'upstream-wait');
		expect(view.charts.map((chart) => chart.title)).toEqual(['Requests per second at 100 concurrent connections']);
		const perLevel = workloadSpecs['upstream-wait'].ratios.filter((ratio) => ratio.eachConcurrency).length;
		expect(view.ratios).toHaveLength(perLevel);
		for (const ratio of view.ratios) expect(ratio.text).toContain('at 100 concurrent connections');
	});

	it('computes ratios within each repeat and says so', () => {
		const view = workloadView(run, 'json-throughput');
		const ratio = view.ratios.find((candidate) => candidate.denominator === syncDjango.id)!;
		const [top, bottom] = [fastapi.id, syncDjango.id].map(
			(setup) => run.points.find((point) => point.workload === 'json-throughput' && point.setup === setup)!,
		);
		expect(ratio.spread).toEqual(ratioSpread(top!, bottom!, 'rps'));
		expect(ratio.text).toContain(`${fastapi.label}: `);
		expect(ratio.text).toContain(`the requests per second of ${syncDjango.label}`);
		expect(ratio.text).toContain(`across ${ratio.spread.n} repeats`);
	});

	it('compares the blocking CPU mistake with the offloaded form of the same setup', () => {
		const ratio = workloadView(run, 'cpu-bound').ratios[0]!;
		expect(ratio.text).toMatch(/^FastAPI · uvicorn \(ASGI\), blocking in async def: .* of the same setup \(offloaded\);/);
	});

	it('says which query and which path an ORM ratio compares', () => {
		const texts = workloadView(run, 'orm-queries').ratios.map((ratio) => ratio.text);
		expect(texts).toHaveLength(workloadSpecs['orm-queries'].ratios.length);
		expect(texts.filter((text) => text.startsWith('Top authors, in process: SQLAlchemy'))).toHaveLength(2);
		const djangoOverHttp = serverSetups.filter((setup) => setup.framework === 'django' && pointsFor('orm-queries', setup).length > 0);
		expect(texts.filter((text) => text.startsWith(`Recent books, over HTTP: ${fastapi.label}`))).toHaveLength(djangoOverHttp.length);
	});

	it('sums counts over the repeats and shows scenario columns only where they vary', () => {
		const [http] = workloadView(run, 'upstream-wait').tables;
		expect(http!.showScenario).toBe(false);
		expect(http!.showConcurrency).toBe(true);
		expect(http!.rows).toHaveLength(setupsWith('upstream/http').length * 3);
		const sync = http!.rows.find((row) => row.setup === syncDjango.label)!;
		expect(sync.counts.timedOut).toBe(2 * run.settings.repeats);
	});

	it('gives a metric no column in a run that never recorded it, and keeps the other cells in line', () => {
		const [steps] = workloadView(run, 'model-load').tables;
		expect(steps!.metrics).toContain('lateSendPct');
		const older = makeLabRun();
		for (const point of older.points) for (const sample of point.samples) delete sample.metrics.lateSendPct;
		const [olderSteps] = workloadView(older, 'model-load').tables;
		expect(olderSteps!.metrics).toEqual(steps!.metrics.filter((metric) => metric !== 'lateSendPct'));
		for (const row of olderSteps!.rows) expect(row.cells.every((cell) => cell !== undefined)).toBe(true);
	});

	it('leaves out what a partial run lacks instead of failing', () => {
		const partial = makeLabRun({ keep: (point) => point.setup !== syncDjango.id && point.workload !== 'streaming' });
		expect(workloadView(partial, 'streaming')).toMatchObject({ charts: [], tables: [], ratios: [] });
		const json = workloadView(partial, 'json-throughput');
		expect(json.charts[0]!.rows).toHaveLength(setupsWith('json').length - 1);
		expect(json.ratios.map((ratio) => ratio.denominator)).not.toContain(syncDjango.id);
	});

	it('leaves the figures withdrawn after review out of a schema 1 run, and says why', () => {
		const old = makeLabRun({ schemaVersion: 1 });
		const view = workloadView(old, 'upstream-wait');
		const [http] = view.tables;
		expect(http!.rows.some((row) => row.concurrency === 400)).toBe(false);
		expect(view.ratios.some((ratio) => ratio.concurrency === 400 && ratio.subject.includes('httpx'))).toBe(false);
		expect(withdrawnFigures(old, 'upstream-wait')).toEqual([expect.objectContaining({ scenario: 'upstream/http', concurrency: 400 })]);
		// A run taken with the steady-state windows keeps the point.
		expect(withdrawnFigures(run, 'upstream-wait')).toEqual([]);
		expect(workloadView(run, 'upstream-wait').tables[0]!.rows.some((row) => row.concurrency === 400)).toBe(true);
	});

	it('shows every point of a complete run in a table, and finds points it does not know', () => {
		expect(unshownPoints(run)).toEqual([]);
		const extra = makeLabRun();
		extra.points.push({ ...extra.points[0]!, scenario: 'json/new' });
		expect(unshownPoints(extra).map((point) => point.scenario)).toEqual(['json/new']);
	});

	it('orders points by the run’s setup order', () => {
		const points = selectPoints(run, 'json-throughput', { scenarios: ['json'] });
		expect(points.map((point) => point.setup)).toEqual(setupsWith('json').map((setup) => setup.id));
	});
});
