/**
 * The decision score: turns how much each criterion matters to a project into
 * a FastAPI / Django recommendation. Pure and deterministic; the criteria come
 * in as an argument (from content/data/criteria.yaml), so the same function
 * scores presets at build time and the live form in the browser.
 */

import type { Lean } from './decision-basis';
import type { Framework, Importance, Strength, Verdict } from './vocabulary';

export const critical: Importance = 3;

export interface Criterion {
	id: string;
	/** The framework it favours, or `depends`: the deployment decides, so it weighs for neither side. */
	favours: Lean;
	/** How strongly it favours that framework: 1 slight, 2 clear, 3 decisive; absent for `depends`. */
	strength?: Strength;
}

/** Importance by criterion id; a missing id counts as 0. */
export type Importances = Readonly<Partial<Record<string, Importance>>>;

export interface Contribution {
	id: string;
	favours: Lean;
	importance: Importance;
	/** Percentage points this criterion adds to the fit of the framework it favours. */
	points: number;
}

export interface DecisionScore {
	/** 0–100 each; they add up to 100 once anything is rated, and are both 0 before. */
	fits: Record<Framework, number>;
	verdict: Verdict;
	/** Every criterion, largest first (ties keep the criteria's order); per framework they add up to its fit. */
	contributions: Contribution[];
}

/** Fits at most this many points apart are too close to call. */
export const closeMargin = 10;

/**
 * A hybrid needs each side to carry at least this share of the weight: one
 * critical need amid many for the other framework is usually met by a library,
 * not by running a second framework.
 */
export const hybridFloor = 30;

export function scoreDecision(criteria: readonly Criterion[], importances: Importances): DecisionScore {
	const weighted = criteria.map((criterion) => {
		const importance = importances[criterion.id] ?? 0;
		const weight = criterion.favours === 'depends' ? 0 : importance * (criterion.strength ?? 0);
		return { criterion, importance, weight };
	});
	const total = weighted.reduce((sum, { weight }) => sum + weight, 0);

	const contributions: Contribution[] = weighted
		.map(({ criterion, importance, weight }) => ({
			id: criterion.id,
			favours: criterion.favours,
			importance,
			points: total === 0 ? 0 : (100 * weight) / total,
		}))
		.sort((a, b) => b.points - a.points);

	const fits: Record<Framework, number> = { fastapi: 0, django: 0 };
	for (const { favours, points } of contributions) if (favours !== 'depends') fits[favours] += points;

	const hasCritical = (framework: Framework) =>
		weighted.some(({ criterion, importance }) => criterion.favours === framework && importance === critical);

	let verdict: Verdict;
	if (total === 0) verdict = 'either';
	else if (hasCritical('fastapi') && hasCritical('django') && Math.min(fits.fastapi, fits.django) >= hybridFloor)
		verdict = 'hybrid';
	else if (Math.abs(fits.fastapi - fits.django) <= closeMargin) verdict = 'either';
	else verdict = fits.fastapi > fits.django ? 'fastapi' : 'django';

	return { fits, verdict, contributions };
}

/** Whole percentages for display that still add up to 100 (or are both 0). */
export function roundedFits(fits: Record<Framework, number>): Record<Framework, number> {
	const fastapi = Math.round(fits.fastapi);
	return { fastapi, django: fits.fastapi + fits.django > 0 ? 100 - fastapi : 0 };
}
