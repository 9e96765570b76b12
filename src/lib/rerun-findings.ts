import { measurementRules, workloadSpecs } from '../../lab/experiment';
import type { LabRun, WorkloadId } from '../../lab/results';
import { disconnectOutcomes, type DisconnectOutcome } from './disconnect-cost';
import { formatCount, formatNumber, scenarioLabel } from './evidence-format';
import { withinTolerance } from './lab-stats';
import { workloadKnees, type KneeRow } from './load-knee';

/**
 * The rerun check for findings that are not ratios: where each setup
 * saturated under offered load (knees) and what became of callers' model calls
 * (departures). Each is held to the resolution it was measured at, so two runs
 * can agree or not as ratios do. Pure: the rerun page and its tests call it.
 */
export interface FindingRow {
	workload: WorkloadId;
	subject: string;
	earlier: string;
	later: string;
	agrees: boolean;
}

/**
 * Where a run places a setup's knee. The offered rates double, so a knee is
 * found to a step: above the highest rate every repeat carried, at or below
 * the lowest rate at which a repeat saturated.
 */
export function kneeBracket(row: Pick<KneeRow, 'carried' | 'saturatedAt'>): [number, number] {
	return [row.carried ?? 0, row.saturatedAt ?? Number.POSITIVE_INFINITY];
}

/** Two runs agree on a knee when their brackets meet: a knee at the step one run carried and the other saturated at fits both. */
export function kneesAgree(earlier: Pick<KneeRow, 'carried' | 'saturatedAt'>, later: Pick<KneeRow, 'carried' | 'saturatedAt'>): boolean {
	const [lowA, highA] = kneeBracket(earlier);
	const [lowB, highB] = kneeBracket(later);
	return Math.max(lowA, lowB) <= Math.min(highA, highB);
}

const bracketWords = (row: KneeRow) => {
	const [low, high] = kneeBracket(row);
	if (high === Number.POSITIVE_INFINITY) return `above ${formatCount(low)} req/s (no step saturated)`;
	return low === 0 ? `below ${formatCount(high)} req/s` : `${formatCount(low)}–${formatCount(high)} req/s`;
};

/** Two figures agree when both are zero or their ratio is within the rerun tolerance. */
function figuresAgree(earlier: number, later: number): boolean {
	if (earlier === 0 || later === 0) return earlier === later;
	return withinTolerance(later, earlier, measurementRules.rerunTolerance);
}

const outcomeWords = (outcome: DisconnectOutcome) =>
	`${formatNumber(outcome.ranToEndPct)} % ran to the end, ${formatNumber(outcome.cutShortPct)} % cut short, ${formatNumber(outcome.tokensForNobody)} tokens for nobody`;

/** A departure finding agrees when each of its three medians (shares run to the end and cut short, tokens for nobody) does. */
export function outcomesAgree(earlier: DisconnectOutcome, later: DisconnectOutcome): boolean {
	return (['ranToEndPct', 'cutShortPct', 'tokensForNobody'] as const).every((figure) => figuresAgree(earlier[figure], later[figure]));
}

/** The non-ratio findings of `workload`, the published run against the earlier one; findings only one run has are left out. */
export function compareFindings(earlier: LabRun, later: LabRun, workload: WorkloadId): FindingRow[] {
	const kind = workloadSpecs[workload].findings;
	if (kind === 'knees') {
		const before = new Map(workloadKnees(earlier, workload).map((row) => [`${row.setup} ${row.scenario}`, row]));
		return workloadKnees(later, workload).flatMap((row) => {
			const match = before.get(`${row.setup} ${row.scenario}`);
			if (!match) return [];
			return [{ workload, subject: `${row.label}: knee, ${scenarioLabel(row.scenario)}`, earlier: bracketWords(match), later: bracketWords(row), agrees: kneesAgree(match, row) }];
		});
	}
	if (kind === 'outcomes') {
		const scenarios = workloadSpecs[workload].tables.flatMap((table) => table.scenarios);
		const before = new Map(disconnectOutcomes(earlier, workload, scenarios).map((outcome) => [`${outcome.setup} ${outcome.scenario}`, outcome]));
		return disconnectOutcomes(later, workload, scenarios).flatMap((outcome) => {
			const match = before.get(`${outcome.setup} ${outcome.scenario}`);
			if (!match) return [];
			return [
				{
					workload,
					subject: `${outcome.label}: callers who left, ${scenarioLabel(outcome.scenario)}`,
					earlier: outcomeWords(match),
					later: outcomeWords(outcome),
					agrees: outcomesAgree(match, outcome),
				},
			];
		});
	}
	return [];
}
