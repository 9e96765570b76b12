/**
 * What the decision score shows, worked out at build time from the criteria
 * and presets collections: each preset's card, and the criteria as the live
 * form's script receives them. Pure, so it is tested without a build.
 */
import { isEvidence, type BasisKind } from './decision-basis';
import { serializeImportances } from './decision-query';
import { roundedFits, scoreDecision, type Criterion, type Importances } from './decision-score';
import {
	frameworkNames,
	frameworks,
	importanceLabels,
	strengthLabels,
	verdictBadges,
	type BadgeVariant,
	type Framework,
	type Verdict,
} from './vocabulary';

/** A criterion as the script needs it: what scores it, its fieldset's words, and a reason's link. */
export interface WidgetCriterion extends Criterion {
	label: string;
	question: string;
	/** "Favours Django (clear edge)." or "Favours neither: the deployment decides.": shown in its fieldset. */
	lean: string;
	/** Whether its basis is measured or documented: it counts in the verdict that leaves the article's views out. */
	evidence: boolean;
	/** The explaining page, with the site's base applied. */
	href: string;
}

/** Which way a criterion leans, in words. */
export function leanText({ favours, strength }: Criterion): string {
	if (favours === 'depends') return 'Favours neither: the deployment decides.';
	return `Favours ${frameworkNames[favours]} (${strength ? strengthLabels[strength] : 'no strength'}).`;
}

/** The criteria as the script receives them, each explaining page made a link by `link` (which adds the site's base). */
export function widgetCriteria(
	criteria: readonly (Criterion & { label: string; question: string; explainedAt: string; basis: { kind: BasisKind } })[],
	link: (path: string) => string,
): WidgetCriterion[] {
	return criteria.map((criterion) => {
		const { id, favours, strength, label, question, explainedAt, basis } = criterion;
		return {
			id,
			favours,
			...(strength === undefined ? {} : { strength }),
			label,
			question,
			lean: leanText(criterion),
			evidence: isEvidence(basis),
			href: link(explainedAt),
		};
	});
}

/**
 * What the browser script receives per criterion: what scores it and where a
 * reason links. Its label, question and lean it reads from the criteria list
 * the page already shows, so the page does not carry them twice.
 */
export type ScriptCriterion = Pick<WidgetCriterion, 'id' | 'favours' | 'strength' | 'evidence' | 'href'>;

export function scriptCriteria(criteria: readonly WidgetCriterion[]): ScriptCriterion[] {
	return criteria.map(({ id, favours, strength, evidence, href }) => ({ id, favours, ...(strength === undefined ? {} : { strength }), evidence, href }));
}

/** The criteria the verdict counts when the article's views are left out. */
export function evidenceOnly<T extends { evidence: boolean }>(criteria: readonly T[]): T[] {
	return criteria.filter(({ evidence }) => evidence);
}

/** "FastAPI 80% · Django 20%": both fits, rounded so they add up to 100. */
export function fitsText(fits: Record<Framework, number>): string {
	const rounded = roundedFits(fits);
	return frameworks.map((framework) => `${frameworkNames[framework]} ${rounded[framework]}%`).join(' · ');
}

export interface PresetCard {
	id: string;
	label: string;
	summary: string;
	verdict: Verdict;
	badge: { text: string; variant: BadgeVariant };
	/** Opens the preset in the form: its ratings as the query, and the result's anchor. */
	href: string;
	/** "FastAPI 80% · Django 20%". */
	fits: string;
	/** The verdict and fits counting only measured and documented criteria. */
	evidence: { verdict: Verdict; badge: { text: string; variant: BadgeVariant }; fits: string };
	/** "Critical: Real-time streaming, High concurrency. Important: API-first." */
	ratings: string;
}

/** A preset's card, scored with the same function as the live form. */
export function presetCard(
	preset: { id: string; label: string; summary: string },
	importances: Importances,
	criteria: readonly WidgetCriterion[],
	resultId: string,
): PresetCard {
	const { verdict, fits } = scoreDecision(criteria, importances);
	const measured = scoreDecision(evidenceOnly(criteria), importances);
	const rated = (level: number) =>
		criteria.filter(({ id }) => (importances[id] ?? 0) === level).map(({ label }) => label);
	const [critical, important] = [rated(3), rated(2)];
	return {
		...preset,
		verdict,
		badge: verdictBadges[verdict],
		href: `${serializeImportances(importances, criteria.map(({ id }) => id))}#${resultId}`,
		fits: fitsText(fits),
		evidence: { verdict: measured.verdict, badge: verdictBadges[measured.verdict], fits: fitsText(measured.fits) },
		ratings: [
			`${importanceLabels[3]}: ${critical.join(', ') || 'none'}.`,
			...(important.length > 0 ? [`${importanceLabels[2]}: ${important.join(', ')}.`] : []),
		].join(' '),
	};
}
