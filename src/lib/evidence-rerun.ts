import { measurementRules } from '../../lab/experiment';
import type { LabRun } from '../../lab/results';
import { workloadIds, type WorkloadId } from '../../lab/results';
import { isStable, type Spread, withinTolerance } from './lab-stats';
import { workloadView } from './evidence-views';
import { chooseRun, earlierRunOf, type RunEntry } from './evidence-run';
import { compareFindings, type FindingRow } from './rerun-findings';

/** One ratio of the published run held against the same ratio of an earlier full run. */
export interface RerunRow {
	workload: WorkloadId;
	subject: string;
	earlier: Spread;
	later: Spread;
	/** How far the later median moved from the earlier one, as a signed fraction (0.1 = 10 % higher). */
	moved: number;
	/**
	 * The later median is within the stated tolerance of the earlier median,
	 * on a ratio scale, so a doubling and a halving count as the same move.
	 */
	withinTolerance: boolean;
	/** Its repeats were stable (isStable) in both runs: a size each run could stand behind. */
	stable: boolean;
}

/** How many of some ratios held, and their share. */
export interface HeldCount {
	rows: number;
	held: number;
	share: number;
}

export interface RerunCheck {
	rows: RerunRow[];
	tolerance: number;
	/** How many ratios are within tolerance and their share, over every ratio… */
	held: number;
	share: number;
	/** …and over the stable ones, which are the sizes the runs can be held to. */
	stable: HeldCount;
	/** Findings that are not ratios (knees, departures), each held to its own resolution (rerun-findings.ts). */
	findings: FindingRow[];
	findingsHeld: HeldCount;
	/**
	 * Whether the runs count as reproducing each other: the stable ratios and
	 * the other findings each reach the bar, where there are any. An unstable
	 * ratio already moved further between the repeats of one run than a rerun
	 * may, so it shows a size neither run can stand behind; it is reported,
	 * never counted for or against.
	 */
	reproduces: boolean;
}

/**
 * Every ratio the evidence pages show for `workloads`, compared between two
 * full runs of the lab: the reproducibility check. Like is compared with
 * like: the same ratio (setups, scenario, concurrency), each run's median of
 * per-repeat ratios. A ratio within `tolerance` of the earlier median holds;
 * the check passes when the share of stable ratios that holds reaches
 * `measurementRules.rerunShare`, and so does the share of the workloads' other
 * findings that agree. Ratios and findings only one run has are left out.
 */
export function compareRuns(
	earlier: LabRun,
	later: LabRun,
	{ workloads = workloadIds, tolerance = measurementRules.rerunTolerance }: { workloads?: readonly WorkloadId[]; tolerance?: number } = {},
): RerunCheck {
	const rows = workloads.flatMap((workload) => {
		const before = new Map(workloadView(earlier, workload).ratios.map((ratio) => [ratio.subject, ratio.spread]));
		return workloadView(later, workload).ratios.flatMap((ratio): RerunRow[] => {
			const earlierSpread = before.get(ratio.subject);
			if (!earlierSpread) return [];
			return [
				{
					workload,
					subject: ratio.subject,
					earlier: earlierSpread,
					later: ratio.spread,
					moved: ratio.spread.median / earlierSpread.median - 1,
					withinTolerance: withinTolerance(ratio.spread.median, earlierSpread.median, tolerance),
					stable: isStable(earlierSpread) && ratio.stable,
				},
			];
		});
	});
	const findings = workloads.flatMap((workload) => compareFindings(earlier, later, workload));
	return summarise(rows, findings, tolerance);
}

function heldCount(held: number, rows: number): HeldCount {
	return { rows, held, share: rows > 0 ? held / rows : 0 };
}

function summarise(rows: RerunRow[], findings: FindingRow[], tolerance: number): RerunCheck {
	const { held, share } = heldCount(rows.filter((row) => row.withinTolerance).length, rows.length);
	const stableRows = rows.filter((row) => row.stable);
	const stable = heldCount(stableRows.filter((row) => row.withinTolerance).length, stableRows.length);
	const findingsHeld = heldCount(findings.filter((finding) => finding.agrees).length, findings.length);
	const reaches = (count: HeldCount) => count.rows === 0 || count.share >= measurementRules.rerunShare;
	const reproduces = stable.rows + findingsHeld.rows > 0 && reaches(stable) && reaches(findingsHeld);
	return { rows, tolerance, held, share, stable, findings, findingsHeld, reproduces };
}

/** One workload's rerun check: the run its page publishes against the full run before it that measured it. */
export interface WorkloadRerun extends RerunCheck {
	workload: WorkloadId;
	published: string;
	earlier: string;
}

/**
 * The rerun check of every workload that has two full runs, and all of them
 * together. Each workload's published run (see chooseRun) is held against the
 * newest full run before it that measured the same workload, so a workload
 * run again on its own (`--only`) is checked as soon as its second run lands.
 */
export function rerunChecks(entries: readonly RunEntry[]): { workloads: WorkloadRerun[]; all: RerunCheck } {
	const workloads = workloadIds.flatMap((workload): WorkloadRerun[] => {
		const published = chooseRun(entries, workload);
		const earlier = published && !published.smoke ? earlierRunOf(entries, published, workload) : undefined;
		if (!published || !earlier) return [];
		return [{ workload, published: published.id, earlier: earlier.id, ...compareRuns(earlier.data, published.run, { workloads: [workload] }) }];
	});
	return {
		workloads,
		all: summarise(
			workloads.flatMap((check) => check.rows),
			workloads.flatMap((check) => check.findings),
			measurementRules.rerunTolerance,
		),
	};
}
