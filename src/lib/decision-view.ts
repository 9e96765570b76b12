/**
 * What the decision score shows, worked out at build time from the criteria
 * and presets collections: each preset's card, and the criteria as the live
 * form's script receives them. Pure, so it is tested without a build.
 */
import { serializeImportances } from './decision-query';
import { roundedFits, scoreDecision, type Criterion, type Importances } from './decision-score';
import { frameworkNames, frameworks, importanceLabels, verdictBadges, type BadgeVariant, type Verdict } from './vocabulary';

/** A criterion as the script needs it: what scores it, its fieldset's words, and a reason's link. */
export interface WidgetCriterion extends Criterion {
	label: string;
	question: string;
	/** The explaining page, with the site's base applied. */
	href: string;
}

/** The criteria as the script receives them, each explaining page made a link by `link` (which adds the site's base). */
export function widgetCriteria(
	criteria: readonly (Criterion & { label: string; question: string; explainedAt: string })[],
	link: (path: string) => string,
): WidgetCriterion[] {
	return criteria.map(({ id, favours, strength, label, question, explainedAt }) => ({
		id,
		favours,
		strength,
		label,
		question,
		href: link(explainedAt),
	}));
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
	const rounded = roundedFits(fits);
	const rated = (level: number) =>
		criteria.filter(({ id }) => (importances[id] ?? 0) === level).map(({ label }) => label);
	const [critical, important] = [rated(3), rated(2)];
	return {
		...preset,
		verdict,
		badge: verdictBadges[verdict],
		href: `${serializeImportances(importances, criteria.map(({ id }) => id))}#${resultId}`,
		fits: frameworks.map((framework) => `${frameworkNames[framework]} ${rounded[framework]}%`).join(' · '),
		ratings: [
			`${importanceLabels[3]}: ${critical.join(', ') || 'none'}.`,
			...(important.length > 0 ? [`${importanceLabels[2]}: ${important.join(', ')}.`] : []),
		].join(' '),
	};
}
