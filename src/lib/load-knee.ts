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
	label: string;
	/** The highest offered rate every repeat carried without saturating (measurementRules), if any. */
	carried?: number;
	/** The lowest offered rate at which any repeat saturated, if one did. */
	saturatedAt?: number;
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
		const held = (point: LabPoint) => point.samples.every((sample) => !saturatedStep(sample.metrics, timing));
		const carried = points.filter(held).at(-1);
		const saturatedAt = points.find((point) => !held(point))?.concurrency;
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
			label: setupLabel(run, setup),
			carried: carried?.concurrency,
			saturatedAt,
			inFlightAtCarried: carried ? carried.concurrency * answerSeconds : undefined,
			predictedCeiling,
			arithmetic,
		};
	});
}

/** A knee in one sentence, for the page's findings. */
export function kneeSentence(row: KneeRow): string {
	const carried = row.carried === undefined ? 'carried none of the offered rates' : `carried up to ${formatCount(row.carried)} requests per second`;
	const saturated = row.saturatedAt === undefined ? 'and did not saturate at the highest rate offered' : `and saturated at ${formatCount(row.saturatedAt)}`;
	return `${row.label} ${carried} ${saturated} (${row.arithmetic})`;
}
