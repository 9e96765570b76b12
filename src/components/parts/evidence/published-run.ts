import { getCollection, getEntry } from 'astro:content';
import { AstroError } from 'astro/errors';
import { chooseRun, type ChosenRun } from '~/lib/evidence-run';
import { rerunChecks } from '~/lib/evidence-rerun';
import type { WorkloadId } from '../../../../lab/results';

const chosen = new Map<WorkloadId | undefined, Promise<ChosenRun | undefined>>();

/** The run the evidence pages publish for a workload, or the main run without one (see chooseRun); undefined before the first results file. Read once per build. */
export function publishedRun(workload?: WorkloadId): Promise<ChosenRun | undefined> {
	if (!chosen.has(workload)) chosen.set(workload, getCollection('lab').then((entries) => chooseRun(entries, workload)));
	return chosen.get(workload)!;
}

let reruns: ReturnType<typeof readReruns> | undefined;
const readReruns = async () => rerunChecks(await getCollection('lab'));

/** Each workload's rerun check (its published run against the full run before it that measured it), and all together. Read once per build. */
export function publishedReruns(): ReturnType<typeof readReruns> {
	reruns ??= readReruns();
	return reruns;
}

/** The verdict entry of a workload; every workload must have one. */
export async function verdictOf(workload: WorkloadId) {
	const entry = await getEntry('evidence', workload);
	if (!entry) throw new AstroError(`content/data/evidence.yaml: no entry with id "${workload}"`, `Every workload of lab/experiment.ts needs a verdict entry; add one with id: ${workload} (verdict: not-yet-measured until a full run is read).`);
	return entry.data;
}
