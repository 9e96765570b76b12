import type { LabPoint, LabRun, WorkloadId } from './lab-results';
import { countTotals, metricSpread, ratioSpread, type Spread } from './lab-stats';
import { formatNumber, metricInfo, scenarioLabel } from './evidence-format';

/**
 * What each evidence page shows from a run: which charts, tables and ratios,
 * declared per workload and resolved against a run's points. Points missing
 * from a run (a partial or older results file) leave their rows out rather
 * than failing the page.
 */

/** Which points a chart or table covers. */
interface Selection {
	scenarios: readonly string[];
	/** Only points at this concurrency; all when absent. */
	concurrency?: number;
}

interface ChartSpec extends Omit<Selection, 'concurrency'> {
	title: string;
	metric: string;
	/** One chart per concurrency level found in the run, its level named in the title. */
	eachConcurrency?: boolean;
}

interface TableSpec extends Selection {
	caption: string;
	metrics: readonly string[];
	/** Counts are of requests, streams or calls. */
	counted: 'requests' | 'streams' | 'calls';
	/** Latencies come from wrk, which times completed requests only. */
	wrkLatency: boolean;
}

interface RatioSpec {
	metric: string;
	scenario: string;
	/** One ratio per concurrency level found in the run. */
	eachConcurrency?: boolean;
	numerator: string;
	denominator: string;
	/** Scenario of the denominator when it differs (e.g. blocking vs offloaded). */
	denominatorScenario?: string;
	/** Says which of several comparisons this is, e.g. "top authors, in process". */
	context?: string;
}

interface WorkloadSpec {
	charts: readonly ChartSpec[];
	tables: readonly TableSpec[];
	ratios: readonly RatioSpec[];
}

const serverLatency = ['rps', 'p50Ms', 'p99Ms', 'maxMs'] as const;
const djangoServers = ['django-sync', 'django-gthread', 'django-asgi'] as const;

const ormQueries = ['top-authors', 'recent-books'] as const;

export const workloadSpecs: Record<WorkloadId, WorkloadSpec> = {
	'json-throughput': {
		charts: [
			{ title: 'Requests per second', metric: 'rps', scenarios: ['json'] },
			{ title: '99th percentile latency', metric: 'p99Ms', scenarios: ['json'] },
		],
		tables: [{ caption: 'Plain JSON response', scenarios: ['json'], metrics: serverLatency, counted: 'requests', wrkLatency: true }],
		ratios: djangoServers.map((setup) => ({ metric: 'rps', scenario: 'json', numerator: 'fastapi', denominator: setup })),
	},
	'upstream-wait': {
		charts: [{ title: 'Requests per second', metric: 'rps', scenarios: ['upstream/http', 'upstream/aiohttp', 'upstream/sleep'], eachConcurrency: true }],
		tables: [
			{ caption: 'HTTP call to the mock model API with httpx', scenarios: ['upstream/http'], metrics: serverLatency, counted: 'requests', wrkLatency: true },
			{ caption: 'HTTP call with aiohttp (async servers only)', scenarios: ['upstream/aiohttp'], metrics: serverLatency, counted: 'requests', wrkLatency: true },
			{ caption: 'Sleep only, no HTTP call', scenarios: ['upstream/sleep'], metrics: serverLatency, counted: 'requests', wrkLatency: true },
		],
		ratios: [
			...(['fastapi', 'django-gthread', 'django-asgi'] as const).map((numerator) => ({
				metric: 'rps',
				scenario: 'upstream/http',
				eachConcurrency: true,
				numerator,
				denominator: 'django-sync',
			})),
			// How much of the async servers' waiting cost is the HTTP client's.
			...(['fastapi', 'django-asgi'] as const).map((setup) => ({
				metric: 'rps',
				scenario: 'upstream/aiohttp',
				denominatorScenario: 'upstream/http',
				eachConcurrency: true,
				numerator: setup,
				denominator: setup,
			})),
		],
	},
	streaming: {
		charts: [
			{ title: 'Time to first token, median', metric: 'ttftP50Ms', scenarios: ['stream'] },
			{ title: 'Time to first token, 99th percentile', metric: 'ttftP99Ms', scenarios: ['stream'] },
			{ title: 'Whole stream, median', metric: 'totalP50Ms', scenarios: ['stream'] },
		],
		tables: [
			{
				caption: 'Server-sent event streams relayed from the mock model API',
				scenarios: ['stream'],
				metrics: ['ttftP50Ms', 'ttftP99Ms', 'totalP50Ms', 'totalP99Ms', 'wallMs'],
				counted: 'streams',
				wrkLatency: false,
			},
		],
		ratios: djangoServers.map((setup) => ({ metric: 'ttftP99Ms', scenario: 'stream', numerator: setup, denominator: 'fastapi' })),
	},
	'cpu-bound': {
		charts: [
			{ title: 'Requests per second', metric: 'rps', scenarios: ['cpu/offloaded', 'cpu/blocking'] },
			{ title: 'Probe request latency, 99th percentile', metric: 'probeP99Ms', scenarios: ['cpu/offloaded', 'cpu/blocking'] },
		],
		tables: [
			{
				caption: 'CPU work per request, with a probe request alongside',
				scenarios: ['cpu/offloaded', 'cpu/blocking'],
				metrics: ['rps', 'p50Ms', 'p99Ms', 'probeP50Ms', 'probeP99Ms'],
				counted: 'requests',
				wrkLatency: true,
			},
		],
		ratios: (['fastapi', 'django-asgi'] as const).map((setup) => ({
			metric: 'probeP99Ms',
			scenario: 'cpu/blocking',
			numerator: setup,
			denominator: setup,
			denominatorScenario: 'cpu/offloaded',
		})),
	},
	'orm-queries': {
		charts: ormQueries.flatMap((query) => [
			{ title: `Over HTTP, ${scenarioLabel(`orm/${query}`)}: requests per second`, metric: 'rps', scenarios: [`orm/${query}`, `orm-sync/${query}`] },
			{ title: `In process, ${scenarioLabel(`inprocess/${query}`)}: time per query`, metric: 'medianMs', scenarios: [`inprocess/${query}`] },
		]),
		tables: [
			{
				caption: 'Over HTTP',
				scenarios: ormQueries.flatMap((query) => [`orm/${query}`, `orm-sync/${query}`]),
				metrics: ['rps', 'p50Ms', 'p99Ms'],
				counted: 'requests',
				wrkLatency: true,
			},
			{
				caption: 'In process, one query at a time',
				scenarios: ormQueries.map((query) => `inprocess/${query}`),
				metrics: ['medianMs', 'p90Ms'],
				counted: 'calls',
				wrkLatency: false,
			},
		],
		ratios: ormQueries.flatMap((query) => {
			const inProcess = `${scenarioLabel(`inprocess/${query}`)}, in process`;
			const overHttp = `${scenarioLabel(`orm/${query}`)}, over HTTP`;
			return [
				{ metric: 'medianMs', scenario: `inprocess/${query}`, numerator: 'sqlalchemy-sync', denominator: 'django-orm-sync', context: inProcess },
				{ metric: 'medianMs', scenario: `inprocess/${query}`, numerator: 'sqlalchemy-async', denominator: 'django-orm-async', context: inProcess },
				{ metric: 'rps', scenario: `orm/${query}`, numerator: 'fastapi', denominator: 'django-gthread', context: overHttp },
			];
		}),
	},
};

/**
 * Points of a run that no table shows: a scenario the lab added and the pages
 * do not know yet. Tests fail on these so nothing measured goes unpublished.
 */
export function unshownPoints(run: LabRun): LabPoint[] {
	return run.points.filter(
		(point) => !workloadSpecs[point.workload].tables.some((table) => table.scenarios.includes(point.scenario)),
	);
}

/** The label of a setup as the run names it. */
export function setupLabel(run: LabRun, setup: string): string {
	return run.setups.find((candidate) => candidate.id === setup)?.label ?? setup;
}

/** Points of one workload matching a selection, in the run's setup order, then scenario order, then concurrency. */
export function selectPoints(run: LabRun, workload: WorkloadId, selection: Selection): LabPoint[] {
	const setupOrder = new Map(run.setups.map((setup, index) => [setup.id, index]));
	const rank = (point: LabPoint) => [
		setupOrder.get(point.setup) ?? run.setups.length,
		selection.scenarios.indexOf(point.scenario),
		point.concurrency,
	];
	return run.points
		.filter(
			(point) =>
				point.workload === workload &&
				selection.scenarios.includes(point.scenario) &&
				(selection.concurrency === undefined || point.concurrency === selection.concurrency),
		)
		.sort((a, b) => {
			const [ra, rb] = [rank(a), rank(b)];
			return ra[0]! - rb[0]! || ra[1]! - rb[1]! || ra[2]! - rb[2]!;
		});
}

/** A metric's spread when every sample recorded it. */
function spreadIfRecorded(point: LabPoint, metric: string): Spread | undefined {
	return point.samples.every((sample) => metric in sample.metrics) ? metricSpread(point, metric) : undefined;
}

/** A row's name: the setup, with the scenario when the selection mixes several. */
function rowLabel(run: LabRun, point: LabPoint, scenarios: readonly string[]): string {
	const setup = setupLabel(run, point.setup);
	return scenarios.length > 1 ? `${setup}, ${scenarioLabel(point.scenario)}` : setup;
}

export interface ChartView {
	title: string;
	metric: string;
	rows: { label: string; spread: Spread }[];
}

export interface TableRow {
	setup: string;
	scenario: string;
	concurrency: number;
	/** One per metric; undefined when the point did not record that metric. */
	cells: (Spread | undefined)[];
	counts: { completed: number; failed: number; timedOut: number };
	repeats: number;
	flagged: number;
}

export interface TableView {
	caption: string;
	metrics: readonly string[];
	counted: TableSpec['counted'];
	wrkLatency: boolean;
	/** Whether the scenario and concurrency columns vary (and so are shown). */
	showScenario: boolean;
	showConcurrency: boolean;
	rows: TableRow[];
}

export interface RatioView {
	metric: string;
	numerator: string;
	denominator: string;
	concurrency: number;
	spread: Spread;
	/** The sentence: "FastAPI on uvicorn served 2.31× the requests per second of Django (sync workers)". */
	text: string;
	/** What is compared, without the numbers: the same for every run of the lab. */
	subject: string;
}

export interface WorkloadView {
	charts: ChartView[];
	tables: TableView[];
	ratios: RatioView[];
	/** Samples taken while the machine was busy, and all samples, across the workload. */
	flagged: number;
	samples: number;
}

function ratioText(run: LabRun, spec: RatioSpec, point: LabPoint, spread: Spread): { text: string; subject: string } {
	const info = metricInfo(spec.metric);
	// Comparing two scenarios names them; comparing a setup with itself says so.
	const side = (setup: string, scenario: string) =>
		spec.denominatorScenario ? `${setupLabel(run, setup)}, ${scenarioLabel(scenario)}` : setupLabel(run, setup);
	const a = side(spec.numerator, spec.scenario);
	const b =
		spec.denominatorScenario && spec.denominator === spec.numerator
			? `the same setup (${scenarioLabel(spec.denominatorScenario)})`
			: side(spec.denominator, spec.denominatorScenario ?? spec.scenario);
	const where = spec.eachConcurrency ? ` at ${point.concurrency} concurrent connections` : '';
	const value = `${formatNumber(spread.median)}×`;
	const range = spread.n > 1 ? `; ${formatNumber(spread.min)}–${formatNumber(spread.max)} across ${spread.n} repeats` : '';
	const lowered = info.label.charAt(0).toLowerCase() + info.label.slice(1);
	const what = lowered.includes(',') ? `${lowered},` : lowered;
	const context = spec.context ? `${spec.context.charAt(0).toUpperCase()}${spec.context.slice(1)}: ` : '';
	return {
		text: `${context}${a}: ${value} the ${what} of ${b}${where}${range}`,
		subject: `${context}${a}: ${lowered} relative to ${b}${where}`,
	};
}

/** Everything an evidence page shows for one workload of a run. */
export function workloadView(run: LabRun, workload: WorkloadId): WorkloadView {
	const spec = workloadSpecs[workload];
	const levels = (scenarios: readonly string[]) =>
		[...new Set(selectPoints(run, workload, { scenarios }).map((point) => point.concurrency))].sort((a, b) => a - b);
	const charts: ChartView[] = spec.charts
		.flatMap((chart): (ChartSpec & { concurrency?: number })[] =>
			chart.eachConcurrency
				? levels(chart.scenarios).map((concurrency) => ({ ...chart, concurrency, title: `${chart.title} with ${concurrency} concurrent connections` }))
				: [chart],
		)
		.map((chart) => ({
			title: chart.title,
			metric: chart.metric,
			rows: selectPoints(run, workload, chart)
				.flatMap((point) => {
					const spread = spreadIfRecorded(point, chart.metric);
					return spread ? [{ label: rowLabel(run, point, chart.scenarios), spread }] : [];
				}),
		}))
		.filter((chart) => chart.rows.length > 0);

	const tables: TableView[] = spec.tables
		.map((table) => {
			const points = selectPoints(run, workload, table);
			return {
				caption: table.caption,
				metrics: table.metrics,
				counted: table.counted,
				wrkLatency: table.wrkLatency,
				showScenario: new Set(points.map((point) => point.scenario)).size > 1,
				showConcurrency: new Set(points.map((point) => point.concurrency)).size > 1,
				rows: points.map((point) => ({
					setup: setupLabel(run, point.setup),
					scenario: scenarioLabel(point.scenario),
					concurrency: point.concurrency,
					cells: table.metrics.map((metric) => spreadIfRecorded(point, metric)),
					counts: countTotals(point),
					repeats: point.samples.length,
					flagged: point.samples.filter((sample) => sample.flagged).length,
				})),
			};
		})
		.filter((table) => table.rows.length > 0);

	const find = (setup: string, scenario: string, concurrency?: number) =>
		run.points.find(
			(point) =>
				point.workload === workload &&
				point.setup === setup &&
				point.scenario === scenario &&
				(concurrency === undefined || point.concurrency === concurrency),
		);
	const ratios: RatioView[] = [];
	const ratioSpecs = spec.ratios.flatMap((ratio): { ratio: RatioSpec; concurrency?: number }[] =>
		ratio.eachConcurrency ? levels([ratio.scenario]).map((concurrency) => ({ ratio, concurrency })) : [{ ratio }],
	);
	// Ratios repeated per concurrency level read best grouped by level.
	ratioSpecs.sort((a, b) => (a.concurrency ?? 0) - (b.concurrency ?? 0));
	for (const { ratio, concurrency } of ratioSpecs) {
		const top = find(ratio.numerator, ratio.scenario, concurrency);
		const bottom = find(ratio.denominator, ratio.denominatorScenario ?? ratio.scenario, concurrency);
		if (!top || !bottom) continue;
		let spread: Spread;
		try {
			spread = ratioSpread(top, bottom, ratio.metric);
		} catch {
			// No repeat in common, or a zero denominator in every repeat: no ratio to show.
			continue;
		}
		ratios.push({
			metric: ratio.metric,
			numerator: ratio.numerator,
			denominator: ratio.denominator,
			concurrency: top.concurrency,
			spread,
			...ratioText(run, ratio, top, spread),
		});
	}

	const samples = run.points.filter((point) => point.workload === workload).flatMap((point) => point.samples);
	return { charts, tables, ratios, flagged: samples.filter((sample) => sample.flagged).length, samples: samples.length };
}
