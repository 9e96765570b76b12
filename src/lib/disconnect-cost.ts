import type { LabRun, WorkloadId } from '../../lab/results';
import { formatNumber, scenarioLabel } from './evidence-format';
import { selectPoints, setupLabel } from './evidence-views';
import { metricSpread } from './lab-stats';

/**
 * What became of the model call when its caller left mid-answer, per setup and
 * scenario, in words: the medians across repeats of the share of callers whose
 * call ran to the end or was cut short (the rest never reached the model), and
 * the tokens generated for nobody per caller.
 */
export function disconnectSentences(run: LabRun, workload: WorkloadId, scenarios: readonly string[]): string[] {
	return selectPoints(run, workload, { scenarios }).flatMap((point) => {
		if (!point.samples.every((sample) => 'tokensForNobody' in sample.metrics && 'ranToEndPct' in sample.metrics && 'cutShortPct' in sample.metrics)) return [];
		const ranToEnd = metricSpread(point, 'ranToEndPct').median;
		const cutShort = metricSpread(point, 'cutShortPct').median;
		const neverMade = Math.max(0, 100 - ranToEnd - cutShort);
		const outcomes = [
			ranToEnd > 0 ? `ran to the end for ${formatNumber(ranToEnd)} %` : undefined,
			cutShort > 0 ? `was cut short for ${formatNumber(cutShort)} %` : undefined,
			neverMade > 0.5 ? `was never made for ${formatNumber(neverMade)} %` : undefined,
		].filter(Boolean);
		const tokens = metricSpread(point, 'tokensForNobody');
		return [
			`${setupLabel(run, point.setup)}, ${scenarioLabel(point.scenario)}: the model call ${outcomes.join(', ')} of the callers who left; ` +
				`${formatNumber(tokens.median)} tokens per caller generated for nobody (median of ${tokens.n})`,
		];
	});
}
