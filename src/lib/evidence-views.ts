import { type ChartSpec, levelWords, type RatioSpec, type TableSpec, withdrawnInSchema1, workloads, workloadSpecs } from '../../lab/experiment';
import type { LabPoint, LabRun, WorkloadId } from '../../lab/results';
import { countTotals, isStable, metricSpread, ratioSpread, sampleMetric, type Spread } from './lab-stats';
import { compareWords, type Comparison } from './compare-words';
import { formatNumber, metricInfo, scenarioLabel } from './evidence-format';

/**
 * What each evidence page shows from a run: the charts, tables and ratios the
 * lab's manifest (lab/experiment.ts) declares per workload, resolved against a
 * run's points. Points missing from a run (a partial or older results file)
 * leave their rows out rather than failing the page; figures the lab withdrew
 * from older runs are left out too, with the reason (`withdrawnFigures`).
 */

interface Selection {
	scenarios: readonly string[];
	/** Only points at this concurrency; all when absent. */
	concurrency?: number;
}

const isWithdrawn = (run: LabRun, point: LabPoint) =>
	run.schemaVersion === 1 &&
	withdrawnInSchema1.some(
		(figure) => figure.workload === point.workload && figure.scenario === point.scenario && figure.concurrency === point.concurrency,
	);

/** Figures of this run the lab withdrew after review, with the reason; the page says so where they would have been. */
export function withdrawnFigures(run: LabRun, workload: WorkloadId): { scenario: string; concurrency: number; reason: string }[] {
	return run.schemaVersion === 1
		? withdrawnInSchema1
				.filter((figure) => figure.workload === workload && run.points.some((point) => isWithdrawn(run, point) && point.workload === workload))
				.map(({ scenario, concurrency, reason }) => ({ scenario, concurrency, reason }))
		: [];
}

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
				!isWithdrawn(run, point) &&
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
	return point.samples.every((sample) => sampleMetric(sample, metric) !== undefined) ? metricSpread(point, metric) : undefined;
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

/** A line chart: the metric against the point's level (offered rate), one series per setup. */
export interface CurveView {
	title: string;
	metric: string;
	/** The x axis in words, e.g. "Offered load (requests per second)". */
	levelLabel: string;
	series: { setup: string; label: string; points: { level: number; spread: Spread }[] }[];
}

export interface TableRow {
	setup: string;
	scenario: string;
	concurrency: number;
	/** One per metric; undefined when the point did not record that metric. */
	cells: (Spread | undefined)[];
	counts: { completed: number; failed: number; timedOut: number; unfinished?: number };
	repeats: number;
	flagged: number;
	/** Samples whose window was too short for steady state: their latencies are cut off by the window. */
	windowLimited: number;
	/** Samples whose load fell unevenly on the workers even after one retry, and samples retried for that. */
	uneven: number;
	retried: number;
	/** Samples taken again because the hypervisor stole too much of the machine, and those still over after the last try. */
	stealRetaken: number;
	stolen: number;
}

export interface TableView {
	caption: string;
	metrics: readonly string[];
	counted: TableSpec['counted'];
	wrkLatency: boolean;
	openLoop: boolean;
	/** Whether the scenario and concurrency columns vary (and so are shown). */
	showScenario: boolean;
	/** The level column's heading: concurrency, streams or offered rate. */
	levelLabel: string;
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
	/** The comparison in words (compareWords), naming both sides and the condition. */
	words: Comparison;
	/** The same ratio seen from the side that measured better: its advantage, at least 1 in the median. */
	leaderSpread: Spread;
	/** One of the workload's headline findings, shown first on its page. */
	headline: boolean;
	/** Its repeats span at most measurementRules.stableSpan (isStable): a size a rerun can be expected to reproduce. */
	stable: boolean;
}

export interface WorkloadView {
	charts: ChartView[];
	curves: CurveView[];
	tables: TableView[];
	ratios: RatioView[];
	/** Samples taken while the machine was busy, and all samples, across the workload. */
	flagged: number;
	samples: number;
}

/** One side of a ratio: the setup, with its scenario when the ratio compares two scenarios. */
function ratioSide(run: LabRun, spec: RatioSpec, setup: string, scenario: string): string {
	return spec.denominatorScenario ? `${setupLabel(run, setup)}, ${scenarioLabel(scenario)}` : setupLabel(run, setup);
}

function ratioText(run: LabRun, spec: RatioSpec, point: LabPoint, spread: Spread, mixedScenarios: boolean): { text: string; subject: string } {
	const info = metricInfo(spec.metric);
	// Comparing two scenarios names them; comparing a setup with itself says so;
	// where a workload compares setups under several scenarios, the scenario is named too.
	const side = (setup: string, scenario: string) => ratioSide(run, spec, setup, scenario);
	const a = mixedScenarios && !spec.denominatorScenario && !spec.context ? `${side(spec.numerator, spec.scenario)}, ${scenarioLabel(spec.scenario)}` : side(spec.numerator, spec.scenario);
	const b =
		spec.denominatorScenario && spec.denominator === spec.numerator
			? `the same setup (${scenarioLabel(spec.denominatorScenario)})`
			: side(spec.denominator, spec.denominatorScenario ?? spec.scenario);
	const where = spec.eachConcurrency ? ` at ${levelWords(point.workload, point.concurrency)}` : '';
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

/** The name of a workload's level, for an axis or a column. */
export function levelAxisLabel(workload: WorkloadId): string {
	const unit = workloads.find((candidate) => candidate.id === workload)?.level;
	return unit === 'rate' ? 'Offered load (requests per second)' : unit === 'streams' ? 'Concurrent streams' : 'Concurrent connections';
}

/** Everything an evidence page shows for one workload of a run. */
export function workloadView(run: LabRun, workload: WorkloadId): WorkloadView {
	const spec = workloadSpecs[workload];
	const levels = (scenarios: readonly string[]) =>
		[...new Set(selectPoints(run, workload, { scenarios }).map((point) => point.concurrency))].sort((a, b) => a - b);
	const charts: ChartView[] = spec.charts
		.filter((chart) => chart.kind !== 'curve')
		.flatMap((chart): (ChartSpec & { concurrency?: number })[] =>
			chart.eachConcurrency
				? levels(chart.scenarios).map((concurrency) => ({ ...chart, concurrency, title: `${chart.title} at ${levelWords(workload, concurrency)}` }))
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

	const curves: CurveView[] = spec.charts
		.filter((chart) => chart.kind === 'curve')
		.map((chart) => {
			const bySetup = Map.groupBy(selectPoints(run, workload, chart), (point) => point.setup);
			return {
				title: chart.title,
				metric: chart.metric,
				levelLabel: levelAxisLabel(workload),
				series: [...bySetup].map(([setup, points]) => ({
					setup,
					label: setupLabel(run, setup),
					points: points.flatMap((point) => {
						const spread = spreadIfRecorded(point, chart.metric);
						return spread ? [{ level: point.concurrency, spread }] : [];
					}),
				})),
			};
		})
		.filter((curve) => curve.series.some((series) => series.points.length > 0));

	const tables: TableView[] = spec.tables
		.map((table) => {
			const points = selectPoints(run, workload, table);
			// A metric the lab began recording after this run was made has no column rather than an empty one.
			const metrics = table.metrics.filter((metric) => points.some((point) => spreadIfRecorded(point, metric)));
			return {
				caption: table.caption,
				metrics,
				counted: table.counted,
				wrkLatency: table.wrkLatency,
				openLoop: table.openLoop === true,
				showScenario: new Set(points.map((point) => point.scenario)).size > 1,
				levelLabel: levelAxisLabel(workload),
				showConcurrency: new Set(points.map((point) => point.concurrency)).size > 1,
				rows: points.map((point) => ({
					setup: setupLabel(run, point.setup),
					scenario: scenarioLabel(point.scenario),
					concurrency: point.concurrency,
					cells: metrics.map((metric) => spreadIfRecorded(point, metric)),
					counts: countTotals(point),
					repeats: point.samples.length,
					flagged: point.samples.filter((sample) => sample.flagged).length,
					windowLimited: point.samples.filter((sample) => sample.window?.limited).length,
					uneven: point.samples.filter((sample) => sample.balance?.uneven).length,
					retried: point.samples.filter((sample) => sample.balance?.retried).length,
					stealRetaken: point.samples.filter((sample) => (sample.steal?.retakes ?? 0) > 0).length,
					stolen: point.samples.filter((sample) => sample.steal?.over).length,
				})),
			};
		})
		.filter((table) => table.rows.length > 0);

	const find = (setup: string, scenario: string, concurrency?: number) =>
		run.points.find(
			(point) =>
				!isWithdrawn(run, point) &&
				point.workload === workload &&
				point.setup === setup &&
				point.scenario === scenario &&
				(concurrency === undefined || point.concurrency === concurrency),
		);
	const ratios: RatioView[] = [];
	const specOf = new Map<RatioView, RatioSpec>();
	const mixedScenarios = new Set(spec.ratios.map((ratio) => ratio.scenario)).size > 1;
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
		// A side that completed nothing in some repeat has no ratio to put in words; its table row says so.
		if (spread.min <= 0) continue;
		const bottomScenario = ratio.denominatorScenario ?? ratio.scenario;
		const side = (setup: string, scenario: string) => ratioSide(run, ratio, setup, scenario);
		const info = metricInfo(ratio.metric);
		const condition = [
			info.label.charAt(0).toLowerCase() + info.label.slice(1),
			ratio.context ?? (ratio.denominatorScenario ? undefined : scenarioLabel(ratio.scenario)),
			top.concurrency > 1 ? levelWords(workload, top.concurrency) : undefined,
		]
			.filter(Boolean)
			.join(', ');
		const aLeads = (spread.median >= 1) === (info.better === 'higher');
		const leaderSpread = aLeads === (info.better === 'higher') ? spread : { median: 1 / spread.median, min: 1 / spread.max, max: 1 / spread.min, n: spread.n };
		ratios.push({
			leaderSpread,
			metric: ratio.metric,
			numerator: ratio.numerator,
			denominator: ratio.denominator,
			concurrency: top.concurrency,
			spread,
			...ratioText(run, ratio, top, spread, mixedScenarios),
			words: compareWords(
				spread,
				{ a: side(ratio.numerator, ratio.scenario), b: side(ratio.denominator, bottomScenario), condition },
				{ higherIsBetter: info.better === 'higher' },
			),
			headline: ratio.headline === true,
			stable: isStable(spread),
		});
		specOf.set(ratios.at(-1)!, ratio);
	}
	// A headline repeated per level leads with the highest level that has the ratio (a level where a side completed nothing has none).
	for (const [view, ratio] of specOf) {
		if (!view.headline || !ratio.eachConcurrency) continue;
		const highest = Math.max(...[...specOf].filter(([, other]) => other === ratio).map(([other]) => other.concurrency));
		view.headline = view.concurrency === highest;
	}

	const samples = run.points.filter((point) => point.workload === workload).flatMap((point) => point.samples);
	return { charts, curves, tables, ratios, flagged: samples.filter((sample) => sample.flagged).length, samples: samples.length };
}
