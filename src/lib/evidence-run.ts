import type { LabRun, WorkloadId } from '../../lab/results';

/** A results file as the content collection returns it: the file name and its parsed run. */
export interface RunEntry {
	id: string;
	data: LabRun;
}

export interface ChosenRun {
	id: string;
	run: LabRun;
	/** A smoke run stands in because no full run exists: its numbers are not for conclusions. */
	smoke: boolean;
}

/**
 * The run the evidence pages publish. With a workload: the newest full run
 * that measured it, so a workload run on its own later (`--only`) is
 * published from that run while the others stay where they were. Without
 * one (the method page, the home page): the newest of the runs that measured
 * the most workloads. While no full run exists, the newest smoke run stands in
 * (flagged so pages can say so). Ties on start time fall back to the file
 * name, so the choice is stable.
 */
export function chooseRun(entries: readonly RunEntry[], workload?: WorkloadId): ChosenRun | undefined {
	const breadth = (entry: RunEntry) => (workload ? 0 : new Set(entry.data.points.map((point) => point.workload)).size);
	const newestFirst = [...entries]
		.filter((entry) => !workload || entry.data.points.some((point) => point.workload === workload))
		.sort(
			(a, b) =>
				breadth(b) - breadth(a) || Date.parse(b.data.startedAt) - Date.parse(a.data.startedAt) || b.id.localeCompare(a.id),
		);
	const full = newestFirst.find((entry) => entry.data.kind === 'full');
	const chosen = full ?? newestFirst[0];
	return chosen && { id: chosen.id, run: chosen.data, smoke: chosen.data.kind !== 'full' };
}

/**
 * The newest full run that started before `published` and measured
 * `workload`: what that workload's rerun check holds it against. A run of
 * some workloads alone (`--only`) and a run of all of them measure a workload
 * the same way, so either may stand for the other.
 */
export function earlierRunOf(entries: readonly RunEntry[], published: ChosenRun, workload: WorkloadId): RunEntry | undefined {
	const start = Date.parse(published.run.startedAt);
	return [...entries]
		.filter(
			(entry) =>
				entry.data.kind === 'full' &&
				Date.parse(entry.data.startedAt) < start &&
				entry.data.points.some((point) => point.workload === workload),
		)
		.sort((a, b) => Date.parse(b.data.startedAt) - Date.parse(a.data.startedAt))[0];
}

/** What prose about a run counts: its setups by kind, or what one scenario ran. */
export type RunCountOf = 'servers' | 'in-process setups' | 'setups in scenario' | 'concurrency levels in scenario';

/** How many of `of` the run has; the scenario ones count distinct setups or concurrency levels among its points. */
export function countInRun(run: LabRun, of: RunCountOf, scenario?: string): number {
	if (of === 'servers') return run.setups.filter((setup) => setup.kind === 'server').length;
	if (of === 'in-process setups') return run.setups.filter((setup) => setup.kind === 'in-process').length;
	const points = run.points.filter((point) => point.scenario === scenario);
	if (points.length === 0) throw new Error(`countInRun: the run has no points of scenario "${scenario}"`);
	return new Set(points.map((point) => (of === 'setups in scenario' ? point.setup : point.concurrency))).size;
}

/**
 * Repeats per point for some workloads of a run, read from their points (the
 * manifest may give a workload more than the run's default): the most samples
 * any of their points has, or the run's setting when it has none of them.
 */
export function repeatsFor(run: LabRun, workloads: readonly WorkloadId[]): number {
	const counts = run.points.filter((point) => workloads.includes(point.workload)).map((point) => point.samples.length);
	return counts.length > 0 ? Math.max(...counts) : run.settings.repeats;
}
