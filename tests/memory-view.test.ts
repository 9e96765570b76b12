import { describe, expect, it } from 'vitest';
import { levelWords, setupRoles, workload, workloadIds, type WorkloadId } from '../lab/experiment';
import type { LabRun, LabSample } from '../lab/results';
import { fitMemory } from '../src/lib/capacity-params';
import { metrics, unitWords } from '../src/lib/evidence-format';
import {
	asyncPair,
	coverageSentences,
	findingsWorkload,
	kibPerMib,
	memoryCharts,
	memoryRows,
	memoryScenario,
	memoryView,
	pairSentence,
	pointMemory,
	rangeOrder,
	rowSentence,
	sampleMemory,
	verdictSentences,
	type MemoryView,
} from '../src/lib/memory-view';
import { makeLabRun } from './support/lab-fixture';

// The memory page's arithmetic (src/lib/memory-view.ts) on generated runs with
// known memory readings: per worker, per request in flight, which point stands
// for a workload, what is left out, and that the capacity planner's fit reads
// the same numbers.

const sample = (metrics: Record<string, number>): LabSample => ({
	repeat: 1,
	metrics,
	counts: { completed: 10, failed: 0, timedOut: 0 },
	machine: { busyBefore: 0, loadBefore: 0, loadAfter: 0 },
	flagged: false,
});

/** Readings per repeat: idle and halfway sums (MiB) and requests in flight halfway. */
type Readings = readonly (readonly [idle: number, loaded: number, inFlight: number])[];

/** A generated run whose points of one workload, scenario and setup carry the given readings. */
function runWith(target: { workload: WorkloadId; scenario: string; setup: string }, readings: Readings, seed = 3): LabRun {
	const run = makeLabRun({ repeats: readings.length, seed });
	for (const point of run.points) {
		if (point.workload !== target.workload || point.scenario !== target.scenario || point.setup !== target.setup) continue;
		point.samples.forEach((entry, index) => {
			const [idle, loaded, inFlight] = readings[index]!;
			entry.metrics = { ...entry.metrics, idlePssMiB: idle, loadedPssMiB: loaded, inFlightMid: inFlight };
		});
	}
	return run;
}

const median3 = (values: number[]) => [...values].sort((a, b) => a - b)[1]!;
const only = (id: string, run: LabRun) => (workload: WorkloadId) => ({ id: `${id}-${workload}`, run });
const modelApi = { workload: 'model-api' as const, scenario: 'model/openai', setup: setupRoles.fastapi.id };

describe('one sample', () => {
	it('divides the sums by the workers and the growth by the requests in flight', () => {
		const [idle, loaded, inFlight, workers] = [300, 340, 100, 2];
		const memory = sampleMemory(sample({ idlePssMiB: idle, loadedPssMiB: loaded, inFlightMid: inFlight }), workers)!;
		expect(memory.idlePerWorkerMiB).toBe(idle / workers);
		expect(memory.loadedPerWorkerMiB).toBe(loaded / workers);
		expect(memory.inFlight).toBe(inFlight);
		expect(memory.growthPerRequestMiB).toBeCloseTo((loaded - idle) / inFlight, 12);
	});

	it('counts a fall as no growth, gives no growth without requests in flight, and nothing without memory', () => {
		expect(sampleMemory(sample({ idlePssMiB: 300, loadedPssMiB: 290, inFlightMid: 10 }), 2)!.growthPerRequestMiB).toBe(0);
		expect(sampleMemory(sample({ idlePssMiB: 300, loadedPssMiB: 320, inFlightMid: 0 }), 2)!.growthPerRequestMiB).toBeUndefined();
		expect(sampleMemory(sample({ rps: 100, p50Ms: 3 }), 2)).toBeUndefined();
		expect(sampleMemory(sample({ idlePssMiB: 300, inFlightMid: 3 }), 2)).toBeUndefined();
	});
});

describe('a workload’s rows', () => {
	const readings: Readings = [
		[300, 310, 200],
		[310, 330, 0],
		[320, 340, 100],
	];
	const run = runWith(modelApi, readings);
	const workers = run.settings.workers;
	const row = memoryRows(run, 'model-api').find((candidate) => candidate.setup === modelApi.setup)!;

	it('give the median and range across repeats of each figure', () => {
		const idle = readings.map(([value]) => value / workers);
		expect(row.idlePerWorkerMiB).toEqual({ median: median3(idle), min: Math.min(...idle), max: Math.max(...idle), n: readings.length });
		const loaded = readings.map(([, value]) => value / workers);
		expect(row.loadedPerWorkerMiB.median).toBe(median3(loaded));
		expect(row.inFlight.median).toBe(median3(readings.map(([, , value]) => value)));
	});

	it('take the growth per request in KiB from the repeats with requests in flight only', () => {
		const growth = readings.filter(([, , inFlight]) => inFlight > 0).map(([idle, loaded, inFlight]) => ((loaded - idle) / inFlight) * kibPerMib);
		expect(growth).toHaveLength(2);
		expect(row.growthPerRequestKiB!.n).toBe(growth.length);
		expect(row.growthPerRequestKiB!.median).toBeCloseTo((growth[0]! + growth[1]!) / 2, 9);
		expect(row.growthPerRequestKiB!.min).toBeCloseTo(Math.min(...growth), 9);
		expect(row.growthPerRequestKiB!.max).toBeCloseTo(Math.max(...growth), 9);
	});

	it('give the capacity planner the same figures, in MiB', () => {
		const fit = fitMemory(run)[modelApi.setup]!;
		expect(fit.perWorker.value).toBe(row.idlePerWorkerMiB.median);
		expect(fit.perRequest.value * kibPerMib).toBeCloseTo(row.growthPerRequestKiB!.median, 9);
		expect(fit.perWorker.from).toMatchObject({ workload: 'model-api', scenario: 'model/openai', setup: modelApi.setup, concurrency: row.concurrency });
	});

	it('say that no growth was seen, rather than give a size, when the PSS halfway was no higher than at idle', () => {
		const flatRun = runWith(modelApi, [
			[300, 290, 40],
			[310, 310, 40],
			[320, 330, 40],
		]);
		const flat = memoryRows(flatRun, 'model-api').find((candidate) => candidate.setup === modelApi.setup)!;
		expect(flat.growthPerRequestKiB!.median).toBe(0);
		expect(rowSentence(flat)).toContain('no growth per request in flight that the lab could see (in most repeats');
		expect(rowSentence(flat)).not.toContain('0 KiB');
	});

	it('say when no repeat had a request in flight, and leave that setup out of the growth chart and the planner', () => {
		const idleRun = runWith(modelApi, [
			[300, 310, 0],
			[310, 330, 0],
			[320, 340, 0],
		]);
		const quiet = memoryRows(idleRun, 'model-api').find((candidate) => candidate.setup === modelApi.setup)!;
		expect(quiet.growthPerRequestKiB).toBeUndefined();
		expect(quiet.idlePerWorkerMiB.median).toBe(310 / idleRun.settings.workers);
		expect(rowSentence(quiet)).toContain('no request in flight to divide its growth by');
		const view = memoryView(only('fixture', idleRun));
		const [idleChart, growthChart] = memoryCharts(view);
		expect(idleChart!.rows.map((bar) => bar.label)).toContain(quiet.setupLabel);
		expect(growthChart!.rows.map((bar) => bar.label)).not.toContain(quiet.setupLabel);
		expect(growthChart!.rows.length).toBeGreaterThan(0);
		expect(Object.keys(fitMemory(idleRun))).not.toContain(modelApi.setup);
	});

	it('stand at the highest level each setup ran, and name the scenario and the level', () => {
		const streams = makeLabRun({ repeats: 2, seed: 5 });
		const rows = memoryRows(streams, 'model-streams');
		expect(rows.length).toBeGreaterThan(0);
		for (const entry of rows) {
			const levels = streams.points.filter((point) => point.workload === 'model-streams' && point.setup === entry.setup).map((point) => point.concurrency);
			expect(entry.concurrency, entry.setup).toBe(Math.max(...levels));
			expect(entry.measuredAt).toContain(levelWords('model-streams', entry.concurrency));
		}
		// Some setup ran more than one level, so the rule chose among them.
		expect(rows.some((entry) => streams.points.filter((point) => point.workload === 'model-streams' && point.setup === entry.setup).length > 1)).toBe(true);
	});

	it('stand for a workload with the first scenario the manifest lists that recorded memory', () => {
		const full = makeLabRun({ repeats: 2, seed: 9 });
		const [first, second] = Object.keys(workload('upstream-wait').metrics);
		expect(memoryScenario(full, 'upstream-wait')).toBe(first);
		for (const point of full.points.filter((candidate) => candidate.scenario === first)) {
			for (const entry of point.samples) delete entry.metrics.idlePssMiB;
		}
		expect(memoryScenario(full, 'upstream-wait')).toBe(second);
	});
});

describe('the page’s view', () => {
	const run = makeLabRun({ repeats: 3, seed: 13 });

	it('skips workloads and points that record no memory, and says which', () => {
		const view = memoryView(only('fixture', run));
		const noMemory = workloadIds.filter((id) => !Object.values(workload(id).metrics).some((names) => names.includes('idlePssMiB')));
		expect(noMemory.length).toBeGreaterThan(0);
		expect(view.skipped.map((entry) => entry.workload)).toEqual(noMemory);
		expect(view.workloads.map((entry) => entry.workload)).toEqual(workloadIds.filter((id) => !noMemory.includes(id)));
		const orm = view.workloads.find((entry) => entry.workload === 'orm-queries')!;
		expect(orm.withoutMemory.length).toBeGreaterThan(0);
		expect(orm.withoutMemory.every((scenario) => scenario.startsWith('inprocess/'))).toBe(true);
		expect(orm.withoutMemoryInProcess).toBe(true);
		const sentences = coverageSentences(view);
		for (const entry of view.skipped) expect(sentences.join(' ')).toContain(`“${entry.title}”`);
		expect(sentences.join(' ')).toContain(`Of “${orm.title}”, only the points a server answered appear`);
	});

	it('lists a workload no run measured as not measured yet', () => {
		const partial = makeLabRun({ repeats: 2, seed: 17, keep: (point) => point.workload !== 'streaming' });
		const view = memoryView((id) => (id === 'json-throughput' ? undefined : { id: 'partial', run: partial }));
		expect(view.unmeasured.map((entry) => entry.workload)).toEqual(['json-throughput', 'streaming']);
		expect(coverageSentences(view).at(-1)).toBe(`No published run has measured “${workload('json-throughput').title}” and “${workload('streaming').title}” yet`);
	});

	it('names the file each workload’s rows come from', () => {
		const view = memoryView(only('fixture', run));
		for (const entry of view.workloads) expect(entry.runId).toBe(`fixture-${entry.workload}`);
	});

	it('charts the findings workload, one bar per setup', () => {
		const view = memoryView(only('fixture', run));
		const entry = view.workloads.find((candidate) => candidate.workload === findingsWorkload)!;
		const charts = memoryCharts(view);
		expect(charts.map((chart) => chart.metric)).toEqual(['idlePssPerWorkerMiB', 'pssGrowthPerRequestKiB']);
		expect(charts[0]!.rows).toEqual(entry.rows.map((row) => ({ label: row.setupLabel, spread: row.idlePerWorkerMiB })));
	});
});

describe('FastAPI against Django’s async views', () => {
	const spread = (min: number, max: number) => ({ median: (min + max) / 2, min, max, n: 3 });

	it('calls ranges apart only when they do not overlap', () => {
		expect(rangeOrder(spread(5, 6), spread(1, 4))).toBe('more');
		expect(rangeOrder(spread(1, 4), spread(5, 6))).toBe('less');
		expect(rangeOrder(spread(1, 5), spread(4, 6))).toBe('overlap');
	});

	it('counts the workloads each way and says so', () => {
		const row = (setup: string, idle: ReturnType<typeof spread>) => ({ setup, idlePerWorkerMiB: idle, growthPerRequestKiB: undefined }) as unknown as MemoryView['workloads'][number]['rows'][number];
		const entry = (fastapi: ReturnType<typeof spread>, django: ReturnType<typeof spread>) =>
			({ rows: [row(setupRoles.fastapi.id, fastapi), row(setupRoles.djangoAsync.id, django)] }) as unknown as MemoryView['workloads'][number];
		const view = { workloads: [entry(spread(5, 6), spread(1, 2)), entry(spread(5, 6), spread(1, 2)), entry(spread(1, 6), spread(2, 3))], skipped: [], unmeasured: [] };
		const pair = asyncPair(view, 'idlePerWorkerMiB');
		expect(pair).toEqual({ compared: 3, more: 2, less: 0, overlap: 1 });
		expect(pairSentence(pair, 'memory per worker at idle')).toContain('FastAPI’s was higher in two of three workloads, the repeats’ ranges apart, and the ranges overlapped in the other one; it was never lower');
		expect(asyncPair(view, 'growthPerRequestKiB').compared).toBe(0);
		expect(pairSentence({ compared: 2, more: 2, less: 0, overlap: 0 }, 'x')).toContain('higher in all two workloads');
		expect(pairSentence({ compared: 3, more: 1, less: 1, overlap: 1 }, 'x')).toContain('so no one direction holds');
	});

	it('put a sentence on each figure the two setups share in the verdict', () => {
		const view = memoryView(only('fixture', makeLabRun({ repeats: 3, seed: 21 })));
		const sentences = verdictSentences(view);
		expect(sentences).toHaveLength(3);
		expect(sentences[1]).toContain('memory per worker at idle');
		expect(sentences[2]).toContain('growth per request in flight');
	});
});

describe('units in words', () => {
	it('spell out every unit a metric uses, bytes as bytes', () => {
		for (const info of Object.values(metrics)) expect(unitWords(info.unit), info.unit).not.toBe('');
		expect(unitWords(metrics.idlePssPerWorkerMiB!.unit)).toBe('mebibytes');
		expect(unitWords(metrics.pssGrowthPerRequestKiB!.unit)).toBe('kibibytes');
		expect(unitWords(metrics.p99Ms!.unit)).toBe('milliseconds');
		expect(() => unitWords('furlongs')).toThrow(/no words for the unit/);
	});
});

describe('a point without memory', () => {
	it('has no memory figures', () => {
		const run = makeLabRun({ repeats: 2, seed: 23 });
		const disconnect = run.points.find((point) => point.workload === 'model-disconnect')!;
		expect(pointMemory(disconnect, run.settings.workers)).toBeUndefined();
	});
});
