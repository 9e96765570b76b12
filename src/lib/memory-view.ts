import { levelWords, setupRoles, workloadIds, workloads, type WorkloadId } from '../../lab/experiment';
import type { LabPoint, LabRun, LabSample } from '../../lab/results';
import { countInWords } from './count-words';
import { formatNumber, formatRange, metricInfo, scenarioLabel } from './evidence-format';
import type { ChartView } from './evidence-views';
import { spread, type Spread } from './lab-stats';

/**
 * Memory per worker and per request in flight, from the PSS sums every server
 * sample records (lab/experiment.ts, memoryMetrics): what the memory evidence
 * page shows for each workload's published run, and what the capacity planner
 * fits (capacity-params.ts, fitMemory). Both read a sample through
 * `sampleMemory` and a point through `pointMemory`, so they cannot disagree.
 * Pure: the build calls it with the published runs, the tests with fixtures.
 */

export const kibPerMib = 1024;

/** One server sample's memory, MiB of PSS. */
export interface SampleMemory {
	/** The idle sum over the server's processes divided by its workers: the supervisor's share rides along. */
	idlePerWorkerMiB: number;
	/** The same halfway through the window. */
	loadedPerWorkerMiB: number;
	/** Requests the workers held at that moment. */
	inFlight: number;
	/** The growth from idle to halfway over the requests then in flight, a fall counted as none; undefined when nothing was in flight. */
	growthPerRequestMiB: number | undefined;
}

/** A sample's memory per worker and per request in flight, or undefined when it recorded no memory (in-process timings, callers that leave, runs before the metrics). */
export function sampleMemory(sample: LabSample, workers: number): SampleMemory | undefined {
	const { idlePssMiB: idle, loadedPssMiB: loaded, inFlightMid: inFlight } = sample.metrics;
	if (idle === undefined || loaded === undefined || inFlight === undefined) return undefined;
	return {
		idlePerWorkerMiB: idle / workers,
		loadedPerWorkerMiB: loaded / workers,
		inFlight,
		growthPerRequestMiB: inFlight > 0 ? Math.max(0, loaded - idle) / inFlight : undefined,
	};
}

/** A point's memory across its repeats (the samples that recorded it). */
export interface PointMemory {
	idlePerWorkerMiB: Spread;
	loadedPerWorkerMiB: Spread;
	inFlight: Spread;
	/** Over the samples with requests in flight only; undefined when none had any. */
	growthPerRequestMiB: Spread | undefined;
}

export function pointMemory(point: LabPoint, workers: number): PointMemory | undefined {
	const samples = point.samples.flatMap((sample) => sampleMemory(sample, workers) ?? []);
	if (samples.length === 0) return undefined;
	const growth = samples.flatMap((sample) => (sample.growthPerRequestMiB === undefined ? [] : [sample.growthPerRequestMiB]));
	return {
		idlePerWorkerMiB: spread(samples.map((sample) => sample.idlePerWorkerMiB)),
		loadedPerWorkerMiB: spread(samples.map((sample) => sample.loadedPerWorkerMiB)),
		inFlight: spread(samples.map((sample) => sample.inFlight)),
		growthPerRequestMiB: growth.length > 0 ? spread(growth) : undefined,
	};
}

const scaled = (value: Spread, factor: number): Spread => ({ ...value, median: value.median * factor, min: value.min * factor, max: value.max * factor });

/** One row of the page: one setup on one workload, at the highest level it ran the workload's scenario. */
export interface MemoryRow {
	workload: WorkloadId;
	setup: string;
	setupLabel: string;
	scenario: string;
	concurrency: number;
	/** The scenario and the level, in words: "openai SDK, default client (httpx2) at 200 concurrent connections". */
	measuredAt: string;
	idlePerWorkerMiB: Spread;
	loadedPerWorkerMiB: Spread;
	inFlight: Spread;
	/** KiB; undefined when no repeat had requests in flight. */
	growthPerRequestKiB: Spread | undefined;
}

export interface MemoryWorkload {
	workload: WorkloadId;
	title: string;
	/** The results file the rows come from (without .json). */
	runId: string;
	/** The scenario that stands for the workload (see `memoryScenario`). */
	scenario: string;
	/** Worker processes per server in that run. */
	workers: number;
	rows: MemoryRow[];
	/** Scenarios of the run whose points recorded no memory, e.g. the in-process ORM timings. */
	withoutMemory: string[];
	/** Whether those are all timed in process, with no server to measure. */
	withoutMemoryInProcess: boolean;
}

export interface MemoryView {
	/** Workloads whose published run recorded memory, in the manifest's order. */
	workloads: MemoryWorkload[];
	/** Workloads whose published run recorded no memory at all (callers that leave mid-answer). */
	skipped: { workload: WorkloadId; title: string }[];
	/** Workloads no published run measured yet. */
	unmeasured: { workload: WorkloadId; title: string }[];
}

/** The run published for a workload: its file name and its data (evidence-run.ts, chooseRun). */
export interface PublishedRun {
	id: string;
	run: LabRun;
}

const hasMemory = (run: LabRun, point: LabPoint) => pointMemory(point, run.settings.workers) !== undefined;

/**
 * The scenario that stands for a workload on the page: the first the manifest
 * lists for it whose points recorded memory in the run. The manifest lists
 * each workload's main scenario first, the one every setup runs (plain JSON,
 * the httpx call, the openai SDK's default client, the first query, …).
 */
export function memoryScenario(run: LabRun, workload: WorkloadId): string | undefined {
	const measured = new Set(run.points.filter((point) => point.workload === workload && hasMemory(run, point)).map((point) => point.scenario));
	const definition = workloads.find((candidate) => candidate.id === workload);
	return Object.keys(definition?.metrics ?? {}).find((scenario) => measured.has(scenario)) ?? [...measured][0];
}

/** Each setup's row for one workload: its point at the highest level it ran the workload's scenario, in the run's setup order. */
export function memoryRows(run: LabRun, workload: WorkloadId): MemoryRow[] {
	const scenario = memoryScenario(run, workload);
	if (!scenario) return [];
	const workers = run.settings.workers;
	return run.setups.flatMap((setup) => {
		const top = run.points
			.filter((point) => point.workload === workload && point.scenario === scenario && point.setup === setup.id && hasMemory(run, point))
			.sort((a, b) => b.concurrency - a.concurrency)[0];
		if (!top) return [];
		const memory = pointMemory(top, workers)!;
		return [
			{
				workload,
				setup: setup.id,
				setupLabel: setup.label,
				scenario,
				concurrency: top.concurrency,
				measuredAt: `${scenarioLabel(scenario)} at ${levelWords(workload, top.concurrency)}`,
				idlePerWorkerMiB: memory.idlePerWorkerMiB,
				loadedPerWorkerMiB: memory.loadedPerWorkerMiB,
				inFlight: memory.inFlight,
				growthPerRequestKiB: memory.growthPerRequestMiB && scaled(memory.growthPerRequestMiB, kibPerMib),
			},
		];
	});
}

/** The page's view: every workload of the manifest, from the run published for it (`runFor`). */
export function memoryView(runFor: (workload: WorkloadId) => PublishedRun | undefined): MemoryView {
	const view: MemoryView = { workloads: [], skipped: [], unmeasured: [] };
	for (const workload of workloadIds) {
		const title = workloads.find((candidate) => candidate.id === workload)?.title ?? workload;
		const published = runFor(workload);
		const points = published?.run.points.filter((point) => point.workload === workload) ?? [];
		if (!published || points.length === 0) {
			view.unmeasured.push({ workload, title });
			continue;
		}
		const rows = memoryRows(published.run, workload);
		if (rows.length === 0) {
			view.skipped.push({ workload, title });
			continue;
		}
		const without = points.filter((point) => !hasMemory(published.run, point));
		const inProcess = new Set(published.run.setups.filter((setup) => setup.kind === 'in-process').map((setup) => setup.id));
		view.workloads.push({
			workload,
			title,
			runId: published.id,
			scenario: rows[0]!.scenario,
			workers: published.run.settings.workers,
			rows,
			withoutMemory: [...new Set(without.map((point) => point.scenario))],
			withoutMemoryInProcess: without.length > 0 && without.every((point) => inProcess.has(point.setup)),
		});
	}
	return view;
}

/** How one setup's figure compares with another's across repeats: apart only when the ranges do not overlap. */
export type RangeOrder = 'more' | 'less' | 'overlap';

export function rangeOrder(a: Spread, b: Spread): RangeOrder {
	if (a.min > b.max) return 'more';
	if (a.max < b.min) return 'less';
	return 'overlap';
}

export interface PairCount {
	/** Workloads in which both setups have the figure. */
	compared: number;
	more: number;
	less: number;
	overlap: number;
}

/**
 * How FastAPI's figure compares with Django's async views' across the
 * workloads: in how many its range lies wholly above, wholly below, or
 * overlaps. The two setups differ only in the framework (same server, same
 * event loop), so this is the framework's share of the memory.
 */
export function asyncPair(view: MemoryView, figure: 'idlePerWorkerMiB' | 'growthPerRequestKiB'): PairCount {
	const count: PairCount = { compared: 0, more: 0, less: 0, overlap: 0 };
	for (const entry of view.workloads) {
		const fastapi = entry.rows.find((row) => row.setup === setupRoles.fastapi.id)?.[figure];
		const django = entry.rows.find((row) => row.setup === setupRoles.djangoAsync.id)?.[figure];
		if (!fastapi || !django) continue;
		count.compared++;
		count[rangeOrder(fastapi, django)]++;
	}
	return count;
}

/** The setup with the least and the most memory per worker at idle in each workload, and in how many workloads each held that place. */
export function idleExtremes(view: MemoryView): { least: Map<string, number>; most: Map<string, number> } {
	const least = new Map<string, number>();
	const most = new Map<string, number>();
	for (const { rows } of view.workloads) {
		const sorted = [...rows].sort((a, b) => a.idlePerWorkerMiB.median - b.idlePerWorkerMiB.median);
		const [first, last] = [sorted[0]!.setup, sorted.at(-1)!.setup];
		least.set(first, (least.get(first) ?? 0) + 1);
		most.set(last, (most.get(last) ?? 0) + 1);
	}
	return { least, most };
}

// ---------------------------------------------------------------------------
// What the page says

/** The workload the page opens with: the model-API call through the openai SDK, the one the capacity planner sizes memory from. */
export const findingsWorkload: WorkloadId = 'model-api';

const withRange = (value: Spread, unit: string) => {
	const figure = `${formatNumber(value.median)} ${unit}`;
	if (value.n === 1) return figure;
	const range = formatRange(value);
	return formatNumber(value.min) === formatNumber(value.max) ? `${figure} (the same in all ${value.n} repeats)` : `${figure} (${range} across ${value.n} repeats)`;
};

/** A count of requests in flight: whole when whole (`200`), else as any measured value (`31.5`). */
export function formatInFlight(value: number): string {
	return Number.isInteger(value) ? value.toLocaleString('en-US') : formatNumber(value);
}

/** A spread of requests in flight as the table shows it: the median, and the range when there are repeats. */
export function inFlightCell(value: Spread): { median: string; range?: string } {
	return { median: formatInFlight(value.median), range: value.n > 1 ? `${formatInFlight(value.min)}–${formatInFlight(value.max)}` : undefined };
}

/** One setup's finding: memory per worker at idle and growth per request in flight, with their ranges and where they were measured. */
export function rowSentence(row: MemoryRow): string {
	// A median of zero is not a size: halfway through the window the processes held no more than at idle, so
	// whatever the requests used was already there (the idle reading follows the warm-up) or below what PSS shows.
	const growth = !row.growthPerRequestKiB
		? 'no request in flight to divide its growth by'
		: row.growthPerRequestKiB.median === 0
			? `no growth per request in flight that the lab could see (${row.growthPerRequestKiB.max === 0 ? 'in every repeat' : 'in most repeats'} its PSS halfway through the window was no higher than at idle)`
			: `${withRange(row.growthPerRequestKiB, 'KiB')} more per request in flight`;
	return `${row.setupLabel}: ${withRange(row.idlePerWorkerMiB, 'MiB')} of PSS per worker at idle, and ${growth}, at ${levelWords(row.workload, row.concurrency)}`;
}

/** The charts: the findings workload's memory per worker at idle and its growth per request in flight, one bar per setup. */
export function memoryCharts(view: MemoryView): ChartView[] {
	const entry = view.workloads.find((candidate) => candidate.workload === findingsWorkload);
	if (!entry) return [];
	const scenario = scenarioLabel(entry.scenario);
	const growing = entry.rows.filter((row) => row.growthPerRequestKiB);
	return [
		{ title: `${metricInfo('idlePssPerWorkerMiB').label}: ${entry.title}, ${scenario}`, metric: 'idlePssPerWorkerMiB', rows: entry.rows.map((row) => ({ label: row.setupLabel, spread: row.idlePerWorkerMiB })) },
		...(growing.length > 0
			? [
					{
						title: `${metricInfo('pssGrowthPerRequestKiB').label}: ${entry.title}, ${scenario}`,
						metric: 'pssGrowthPerRequestKiB',
						rows: growing.map((row) => ({ label: row.setupLabel, spread: row.growthPerRequestKiB! })),
					},
				]
			: []),
	];
}

const joinWords = (items: readonly string[]) => (items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`);
const quoted = (title: string) => `“${title}”`;

/** What the page leaves out and why: workloads whose points record no memory, scenarios timed in process, workloads not measured yet. */
export function coverageSentences(view: MemoryView): string[] {
	const sentences: string[] = [];
	if (view.skipped.length > 0) {
		const one = view.skipped.length === 1;
		sentences.push(`${joinWords(view.skipped.map((entry) => quoted(entry.title)))} ${one ? 'is' : 'are'} left out: no point of ${one ? 'its' : 'their'} published run records memory`);
	}
	for (const entry of view.workloads.filter((candidate) => candidate.withoutMemory.length > 0)) {
		sentences.push(
			entry.withoutMemoryInProcess
				? `Of ${quoted(entry.title)}, only the points a server answered appear: its in-process timings run without a server and record no memory`
				: `Of ${quoted(entry.title)}, the ${joinWords(entry.withoutMemory.map(scenarioLabel))} points record no memory and are left out`,
		);
	}
	if (view.unmeasured.length > 0) sentences.push(`No published run has measured ${joinWords(view.unmeasured.map((entry) => quoted(entry.title)))} yet`);
	return sentences;
}

/** How many worker processes each server ran in the runs behind the page. */
export function workersSentence(view: MemoryView): string {
	const counts = [...new Set(view.workloads.map((entry) => entry.workers))].sort((a, b) => a - b);
	if (counts.length === 0) return '';
	const processes = (count: number) => `${countInWords(count)} worker ${count === 1 ? 'process' : 'processes'}`;
	return counts.length === 1
		? `Every server behind these figures ran ${processes(counts[0]!)}.`
		: `The servers behind these figures ran between ${countInWords(counts[0]!)} and ${processes(counts.at(-1)!)}, as each row's run recorded.`;
}

const setupName = (view: MemoryView, id: string) => view.workloads.flatMap((entry) => entry.rows).find((row) => row.setup === id)?.setupLabel ?? id;

/** How FastAPI's figure compared with Django's async views' across the workloads, in words. */
export function pairSentence(pair: PairCount, figure: string): string {
	const of = `${countInWords(pair.compared)} ${pair.compared === 1 ? 'workload' : 'workloads'}`;
	const lead = `FastAPI against Django’s async views on the same server, ${figure}`;
	if (pair.more === pair.compared) return `${lead}: FastAPI’s was higher in all ${of}, the repeats’ ranges apart`;
	if (pair.less === pair.compared) return `${lead}: FastAPI’s was lower in all ${of}, the repeats’ ranges apart`;
	if (pair.overlap === pair.compared) return `${lead}: the repeats’ ranges overlapped in all ${of}, so the lab cannot tell them apart`;
	if (pair.more === 0 || pair.less === 0) {
		const [way, count, never] = pair.more === 0 ? ['lower', pair.less, 'higher'] : ['higher', pair.more, 'lower'];
		return `${lead}: FastAPI’s was ${way} in ${countInWords(count)} of ${of}, the repeats’ ranges apart, and the ranges overlapped in the other ${countInWords(pair.overlap)}; it was never ${never}`;
	}
	return `${lead}: FastAPI’s was higher in ${countInWords(pair.more)}, lower in ${countInWords(pair.less)} and the ranges overlapped in ${countInWords(pair.overlap)} of ${of}, so no one direction holds`;
}

/** The verdict's measured part: which setup was lightest and heaviest at idle, and FastAPI against Django's async views on the same server. */
export function verdictSentences(view: MemoryView): string[] {
	const total = view.workloads.length;
	if (total === 0) return [];
	const sentences: string[] = [];
	const { least, most } = idleExtremes(view);
	const top = (counts: Map<string, number>) => [...counts].sort((a, b) => b[1] - a[1])[0]!;
	const [lightest, lightCount] = top(least);
	const [heaviest, heavyCount] = top(most);
	const all = `${countInWords(total)} ${total === 1 ? 'workload' : 'workloads'}`;
	sentences.push(
		lightCount === total && heavyCount === total
			? `In all ${all}, ${setupName(view, lightest)} held the least memory per worker at idle and ${setupName(view, heaviest)} the most, by the median`
			: `At idle, by the median, ${setupName(view, lightest)} held the least memory per worker in ${countInWords(lightCount)} of the ${all}, and ${setupName(view, heaviest)} the most in ${countInWords(heavyCount)}`,
	);
	const figures = [
		['idlePerWorkerMiB', 'memory per worker at idle'],
		['growthPerRequestKiB', 'growth per request in flight'],
	] as const;
	for (const [figure, words] of figures) {
		const pair = asyncPair(view, figure);
		if (pair.compared > 0) sentences.push(pairSentence(pair, words));
	}
	return sentences;
}
