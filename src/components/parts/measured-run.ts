import { getCollection } from 'astro:content';
import { chooseRun } from '~/lib/evidence-run';
import type { WorkloadId } from '../../../lab/results';
import { measuredSentence, type LabComparison } from '~/lib/measured-sentences';

const chosen = new Map<string, ReturnType<typeof newestRun>>();

/** The run the evidence pages publish for a workload (see chooseRun in src/lib/evidence-run.ts), or undefined before the first. */
async function newestRun(workload: WorkloadId) {
	return chooseRun(await getCollection('lab'), workload);
}

/** Said in place of measured sentences while content/data/lab/ holds no run. */
export const noRunYet = 'The lab has published no run yet, so no measurement is shown here.';

/** Sentences for the comparisons a data entry names; `where` is its file and field, for errors. */
export async function sentencesFor(specs: readonly LabComparison[], where: string): Promise<string[]> {
	return Promise.all(
		specs.map(async (spec, index) => {
			const workload = spec.workload as WorkloadId;
			if (!chosen.has(workload)) chosen.set(workload, newestRun(workload));
			const published = await chosen.get(workload)!;
			if (!published) return noRunYet;
			const { text } = measuredSentence(published.run, spec, `${where}[${index}]`);
			return published.smoke ? `${text} (Smoke run ${published.id}: not for conclusions.)` : text;
		}),
	);
}

/** An FAQ answer paragraph as data holds it: prose, or lab comparisons with words around them. */
type AnswerParagraph = string | { lead?: string; compare: LabComparison[]; after?: string };

/**
 * An FAQ entry's answer as plain paragraphs, the lab results written out from
 * the newest run. The page and its JSON-LD both take the answer from here, so
 * they say the same.
 */
export async function faqAnswer(id: string, answer: readonly AnswerParagraph[]): Promise<{ text: string; measured: boolean }[]> {
	return Promise.all(
		answer.map(async (paragraph, index) => {
			if (typeof paragraph === 'string') return { text: paragraph, measured: false };
			const sentences = await sentencesFor(paragraph.compare, `content/data/faq.yaml, ${id}: answer[${index}].compare`);
			return { text: [paragraph.lead, ...sentences, paragraph.after].filter(Boolean).join(' '), measured: true };
		}),
	);
}
