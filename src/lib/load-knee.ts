import { saturatedStep, serverSetups } from '../../lab/experiment';
import { wholeAnswerMs } from '../../lab/model-protocol';
import type { LabPoint, LabRun, WorkloadId } from '../../lab/results';
import { formatCount, formatNumber } from './evidence-format';
import { selectPoints, setupLabel } from './evidence-views';
import { sampleMetric, spread } from './lab-stats';

/**
 * Where each setup saturated under open-loop load, and the arithmetic that
 * predicts it: a request holds its process or thread for the whole model call,
 * so a pool of N carries at most N ÷ seconds per call; an event loop holds no
 * thread while it waits, so what binds it is the CPU each request costs.
 */
export interface KneeRow {
	setup: string;
	scenario: string;
	label: string;
	/** The highest offered rate that every repeat carried without saturating (measurementRules), with every rate below it, if any. */
	carried?: number;
	/** The lowest offered rate at which any repeat saturated, if one did, and in how many repeats it did there. */
	saturatedAt?: number;
	saturatedIn?: number;
	/** How many repeats stepped this setup up (the repeats at its lowest rate). */
	repeats: number;
	/** A higher rate than `carried` that some repeats carried (repeats stop stepping at their own saturation), and how many. */
	highestCarried?: { rate: number; repeats: number };
	/** Requests in flight at the carried rate: rate × seconds per answer. */
	inFlightAtCarried?: number;
	/** The ceiling the arithmetic predicts, in requests per second, and how, in words. */
	predictedCeiling?: number;
	arithmetic: string;
}

const perSecond = (value: number) => `${formatNumber(value)} requests per second`;

/** Median server CPU seconds per answered request across a point's samples (the derived metric, where recorded). */
function cpuPerRequest(point: LabPoint): number | undefined {
	const values = point.samples.flatMap((sample) => sampleMetric(sample, 'serverCpuPerRequestMs') ?? []);
	return values.length > 0 ? spread(values).median / 1000 : undefined;
}

export function kneeRows(run: LabRun, workload: WorkloadId, scenario: string): KneeRow[] {
	const timing = run.settings.modelTiming;
	if (!timing) return [];
	const answerSeconds = wholeAnswerMs(timing) / 1000;
	const bySetup = Map.groupBy(selectPoints(run, workload, { scenarios: [scenario] }), (point) => point.setup);
	return [...bySetup].map(([setup, points]) => {
		// Each repeat steps up until its own step saturates, so a higher rate may have fewer samples than a lower one:
		// a rate counts as carried in every repeat only when every repeat reached it and none saturated there.
		const steps = points.toSorted((a, b) => a.concurrency - b.concurrency);
		const heldIn = (point: LabPoint) => point.samples.filter((sample) => !saturatedStep(sample.metrics, timing)).length;
		const repeats = Math.max(...steps.map((point) => point.samples.length));
		const firstShort = steps.findIndex((point) => heldIn(point) < repeats);
		const carried = (firstShort === -1 ? steps : steps.slice(0, firstShort)).at(-1);
		const saturated = steps.find((point) => heldIn(point) < point.samples.length);
		const best = steps.filter((point) => heldIn(point) > 0).at(-1);
		const model = serverSetups.find((candidate) => candidate.id === setup)?.model;
		const { workers, threads } = run.settings;
		let predictedCeiling: number | undefined;
		let arithmetic: string;
		if (model === 'processes') {
			predictedCeiling = workers / answerSeconds;
			arithmetic = `${workers} worker processes ÷ ${formatNumber(answerSeconds)} s per answer ≈ ${perSecond(predictedCeiling)}`;
		} else if (model === 'threads') {
			predictedCeiling = (workers * threads) / answerSeconds;
			arithmetic = `${workers} workers × ${threads} threads ÷ ${formatNumber(answerSeconds)} s per answer ≈ ${perSecond(predictedCeiling)}`;
		} else {
			const cpu = carried && cpuPerRequest(carried);
			if (cpu) {
				predictedCeiling = run.machine.cores / cpu;
				arithmetic =
					`no thread waits on the call; ${run.machine.cores} cores ÷ ${formatNumber(cpu * 1000)} ms of server CPU per request ` +
					`(at ${carried!.concurrency} req/s) ≈ ${perSecond(predictedCeiling)}, if the servers had the cores to themselves`;
			} else {
				arithmetic = 'no thread waits on the call; the server CPU per request was not recorded';
			}
		}
		return {
			setup,
			scenario,
			label: setupLabel(run, setup),
			carried: carried?.concurrency,
			saturatedAt: saturated?.concurrency,
			saturatedIn: saturated && saturated.samples.length - heldIn(saturated),
			repeats,
			highestCarried: best && best !== carried ? { rate: best.concurrency, repeats: heldIn(best) } : undefined,
			inFlightAtCarried: carried ? carried.concurrency * answerSeconds : undefined,
			predictedCeiling,
			arithmetic,
		};
	});
}

/** Knee rows of every scenario the run measured for `workload`, scenario by scenario. */
export function workloadKnees(run: LabRun, workload: WorkloadId): KneeRow[] {
	const scenarios = new Set(run.points.filter((point) => point.workload === workload).map((point) => point.scenario));
	return [...scenarios].flatMap((scenario) => kneeRows(run, workload, scenario));
}

/** A knee in one sentence, for the page's findings. */
export function kneeSentence(row: KneeRow): string {
	const every = row.repeats > 1 ? ' in every repeat' : '';
	const carried = row.carried === undefined ? 'carried none of the offered rates' : `carried up to ${formatCount(row.carried)} requests per second${every}`;
	const saturated =
		row.saturatedAt === undefined
			? 'and did not saturate at the highest rate offered'
			: `and saturated at ${formatCount(row.saturatedAt)}${inRepeats(row.saturatedIn!, row.repeats)}`;
	const beyond = row.highestCarried
		? `; ${row.highestCarried.repeats} of ${row.repeats} repeats carried ${formatCount(row.highestCarried.rate)}`
		: '';
	return `${row.label} ${carried} ${saturated}${beyond} (${row.arithmetic})`;
}

/** " in 1 of 3 repeats", or nothing when every repeat did. */
export const inRepeats = (count: number, repeats: number) => (count < repeats ? ` in ${count} of ${repeats} repeats` : '');
