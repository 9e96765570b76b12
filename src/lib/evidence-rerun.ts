import type { LabRun } from './lab-results';
import { workloadIds, type WorkloadId } from './lab-results';
import type { Spread } from './lab-stats';
import { workloadView } from './evidence-views';

/** One ratio of the published run held against the same ratio of an earlier full run. */
export interface RerunRow {
	workload: WorkloadId;
	subject: string;
	earlier: Spread;
	later: Spread;
	/** The later median lies within the earlier run's min–max. */
	inside: boolean;
	/** How far the later median moved from the earlier one, as a signed fraction (0.1 = 10 % higher). */
	moved: number;
}

/**
 * Every ratio the evidence pages show, compared between two full runs of the
 * lab: the reproducibility check. Ratios only one run has are left out.
 */
export function compareRuns(earlier: LabRun, later: LabRun): RerunRow[] {
	return workloadIds.flatMap((workload) => {
		const before = new Map(workloadView(earlier, workload).ratios.map((ratio) => [ratio.subject, ratio.spread]));
		return workloadView(later, workload).ratios.flatMap((ratio) => {
			const earlierSpread = before.get(ratio.subject);
			if (!earlierSpread) return [];
			return [
				{
					workload,
					subject: ratio.subject,
					earlier: earlierSpread,
					later: ratio.spread,
					inside: ratio.spread.median >= earlierSpread.min && ratio.spread.median <= earlierSpread.max,
					moved: ratio.spread.median / earlierSpread.median - 1,
				},
			];
		});
	});
}
