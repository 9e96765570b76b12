import { getCollection, getEntry } from 'astro:content';
import { chooseRun, earlierFullRun, type ChosenRun, type RunEntry } from '~/lib/evidence-run';
import type { WorkloadId } from '../../../lab/results';

let chosen: Promise<ChosenRun | undefined> | undefined;

/** The run the evidence pages publish (see chooseRun), or undefined before the first results file. Read once per build. */
export function publishedRun(): Promise<ChosenRun | undefined> {
	chosen ??= getCollection('lab').then(chooseRun);
	return chosen;
}

/** The full run before the published one, if any: the rerun check compares the two. */
export async function earlierRun(): Promise<RunEntry | undefined> {
	const published = await publishedRun();
	return published && !published.smoke ? earlierFullRun(await getCollection('lab'), published) : undefined;
}

/** The verdict entry of a workload; every workload must have one. */
export async function verdictOf(workload: WorkloadId) {
	const entry = await getEntry('evidence', workload);
	if (!entry) throw new Error(`content/data/evidence.yaml: no entry with id "${workload}"`);
	return entry.data;
}
