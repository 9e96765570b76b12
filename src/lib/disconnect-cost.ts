import type { LabRun, WorkloadId } from '../../lab/results';
import { formatNumber, scenarioLabel } from './evidence-format';
import { selectPoints, setupLabel } from './evidence-views';
import { metricSpread } from './lab-stats';

/** What became of departed callers' model calls at one point: medians across repeats. */
export interface DisconnectOutcome {
	setup: string;
	label: string;
	scenario: string;
	ranToEndPct: number;
	cutShortPct: number;
	tokensForNobody: number;
	/** Repeats behind the medians. */
	repeats: number;
}

/** Each point's outcome, for points whose every sample recorded all three figures. */
export function disconnectOutcomes(run: LabRun, workload: WorkloadId, scenarios: readonly string[]): DisconnectOutcome[] {
	return selectPoints(run, workload, { scenarios }).flatMap((point) => {
		if (!point.samples.every((sample) => 'tokensForNobody' in sample.metrics && 'ranToEndPct' in sample.metrics && 'cutShortPct' in sample.metrics)) return [];
		const tokens = metricSpread(point, 'tokensForNobody');
		return [
			{
				setup: point.setup,
				label: setupLabel(run, point.setup),
				scenario: point.scenario,
				ranToEndPct: metricSpread(point, 'ranToEndPct').median,
				cutShortPct: metricSpread(point, 'cutShortPct').median,
				tokensForNobody: tokens.median,
				repeats: tokens.n,
			},
		];
	});
}

/**
 * What became of the model call when its caller left mid-answer, per setup and
 * scenario, in words: the medians across repeats of the share of callers whose
 * call ran to the end or was cut short (the rest never reached the model), and
 * the tokens generated for nobody per caller.
 */
export function disconnectSentences(run: LabRun, workload: WorkloadId, scenarios: readonly string[]): string[] {
	return disconnectOutcomes(run, workload, scenarios).map((outcome) => {
		const neverMade = Math.max(0, 100 - outcome.ranToEndPct - outcome.cutShortPct);
		const outcomes = [
			outcome.ranToEndPct > 0 ? `ran to the end for ${formatNumber(outcome.ranToEndPct)} %` : undefined,
			outcome.cutShortPct > 0 ? `was cut short for ${formatNumber(outcome.cutShortPct)} %` : undefined,
			neverMade > 0.5 ? `was never made for ${formatNumber(neverMade)} %` : undefined,
		].filter(Boolean);
		return (
			`${outcome.label}, ${scenarioLabel(outcome.scenario)}: the model call ${outcomes.join(', ')} of the callers who left; ` +
			`${formatNumber(outcome.tokensForNobody)} tokens per caller generated for nobody (median of ${outcome.repeats})`
		);
	});
}
