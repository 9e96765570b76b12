import { measurementRules } from '../../lab/experiment.ts';
import type { LabPoint, LabSample } from '../../lab/results';

/** Median, minimum and maximum of a set of values. */
export interface Spread {
	median: number;
	min: number;
	max: number;
	n: number;
}

/** The value below which `p` (0–100) percent of the sorted values fall, by linear interpolation. */
export function percentile(values: readonly number[], p: number): number {
	if (values.length === 0) throw new RangeError('percentile of no values');
	const sorted = [...values].sort((a, b) => a - b);
	const rank = (Math.min(Math.max(p, 0), 100) / 100) * (sorted.length - 1);
	const low = Math.floor(rank);
	const high = Math.ceil(rank);
	return sorted[low]! + (sorted[high]! - sorted[low]!) * (rank - low);
}

export function spread(values: readonly number[]): Spread {
	if (values.length === 0) throw new RangeError('spread of no values');
	return { median: percentile(values, 50), min: Math.min(...values), max: Math.max(...values), n: values.length };
}

/**
 * Whether a spread of positive ratios is stable: its repeats span at most
 * `measurementRules.stableSpan`, so its size can be expected to hold in
 * another run. The span is the same for a ratio and its inverse.
 */
export function isStable(spread: Pick<Spread, 'min' | 'max'>): boolean {
	// On a log scale, so a ratio and its inverse get the same answer to the last digit.
	return spread.min > 0 && Math.log(spread.max) - Math.log(spread.min) <= Math.log(measurementRules.stableSpan) + 1e-9;
}

/**
 * Whether `later` is within `tolerance` of `earlier` on a ratio scale, so a
 * doubling and a halving count as the same move: the rerun check's test for a
 * ratio and for any other figure of two runs. Both must be positive.
 */
export function withinTolerance(later: number, earlier: number, tolerance: number): boolean {
	return earlier > 0 && later > 0 && Math.abs(Math.log(later / earlier)) <= Math.log(1 + tolerance) + 1e-12;
}

/** What every page says of an unstable ratio, so a sentence, a card and a table cell word it alike. */
export const unstableSizeWords = 'its repeats spread wider than a rerun may move: a direction, not a size';

/**
 * Metrics read from a sample's accounting rather than its load generator:
 * `serverCpuPerRequestMs`, the servers' CPU time in the window over the
 * requests completed in it.
 */
const derivedMetrics: Record<string, (sample: LabSample) => number | undefined> = {
	serverCpuPerRequestMs: (sample) => (sample.cpu && sample.counts.completed > 0 ? (sample.cpu.servers * 1000) / sample.counts.completed : undefined),
};

/** A sample's value of a metric, recorded or derived; undefined when it has neither. */
export function sampleMetric(sample: LabSample, metric: string): number | undefined {
	return sample.metrics[metric] ?? derivedMetrics[metric]?.(sample);
}

/** One metric of a point across its repeats. */
export function metricSpread(point: LabPoint, metric: string): Spread {
	return spread(point.samples.map((sample) => metricOf(point, sample, metric)));
}

function metricOf(point: LabPoint, sample: LabSample, metric: string): number {
	const value = sampleMetric(sample, metric);
	if (value === undefined) {
		throw new Error(`${point.workload} ${point.scenario} ${point.setup}: no metric "${metric}"`);
	}
	return value;
}

/**
 * The ratio `numerator / denominator` of one metric, computed within each
 * repeat (the two samples ran back to back on the same machine state), then
 * summarised across repeats. Repeats missing from either side are skipped.
 */
export function ratioSpread(numerator: LabPoint, denominator: LabPoint, metric: string): Spread {
	const byRepeat = new Map(denominator.samples.map((sample) => [sample.repeat, sample]));
	const ratios: number[] = [];
	for (const sample of numerator.samples) {
		const other = byRepeat.get(sample.repeat);
		if (!other) continue;
		const below = metricOf(denominator, other, metric);
		if (below > 0) ratios.push(metricOf(numerator, sample, metric) / below);
	}
	return spread(ratios);
}

/**
 * Totals of completed, failed and timed-out requests across a point's
 * repeats, and of those unfinished when the window closed where the run
 * counted them (schema 2).
 */
export function countTotals(point: LabPoint): { completed: number; failed: number; timedOut: number; unfinished?: number } {
	const totals = point.samples.reduce(
		(sum, { counts }) => ({
			completed: sum.completed + counts.completed,
			failed: sum.failed + counts.failed,
			timedOut: sum.timedOut + counts.timedOut,
		}),
		{ completed: 0, failed: 0, timedOut: 0 },
	);
	const counted = point.samples.every((sample) => sample.counts.unfinished !== undefined);
	return counted ? { ...totals, unfinished: point.samples.reduce((sum, sample) => sum + sample.counts.unfinished!, 0) } : totals;
}
