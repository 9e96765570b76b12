/**
 * The site's shared words: framework names, which Starlight badge marks each
 * side, and the labels of the decision score's scales. Components, the route
 * middleware, the widget's script and the content schemas all take them from
 * here, so a label reads the same everywhere. Pure data; safe in the browser.
 */

/** The two frameworks, in the order the site shows them. */
export const frameworks = ['fastapi', 'django'] as const;
export type Framework = (typeof frameworks)[number];

export const frameworkNames: Record<Framework, string> = { fastapi: 'FastAPI', django: 'Django' };

/** Starlight `<Badge>` variants the site uses for frameworks and verdicts. */
export type BadgeVariant = 'note' | 'tip' | 'default' | 'caution' | 'success' | 'danger';

// The lists and labels below spell framework ids and names out instead of
// spreading `frameworks` or reading `frameworkNames`: the bundler keeps such
// expressions in the widget's script even where unused.
// tests/decision-score.test.ts checks that they agree.

/** One colour per framework wherever a badge marks a side: blue for FastAPI, green for Django. */
export const frameworkBadges: Record<Framework, { text: string; variant: BadgeVariant }> = {
	fastapi: { text: 'FastAPI', variant: 'note' },
	django: { text: 'Django', variant: 'tip' },
};

/** A page's `topic`: one framework, or both. Search offers it as the "Framework" filter. */
export const topics = ['fastapi', 'django', 'both'] as const;
export type Topic = (typeof topics)[number];

/** The frameworks a page about `topic` is about. */
export function frameworksOf(topic: Topic): readonly Framework[] {
	return topic === 'both' ? frameworks : [topic];
}

/** Which side one of the differences favours. */
export const leanings = ['fastapi', 'django', 'depends'] as const;
export type Leaning = (typeof leanings)[number];

export const leaningBadges: Record<Leaning, { text: string; variant: BadgeVariant }> = {
	fastapi: { text: 'Favours FastAPI', variant: 'note' },
	django: { text: 'Favours Django', variant: 'tip' },
	depends: { text: 'Depends on the job', variant: 'default' },
};

/** How much a criterion matters to a project. */
export const importances = [0, 1, 2, 3] as const;
export type Importance = (typeof importances)[number];
export const importanceLabels: Record<Importance, string> = {
	0: 'Doesn’t matter',
	1: 'Nice to have',
	2: 'Important',
	3: 'Critical',
};

/** How strongly a criterion favours its framework. */
export const strengths = [1, 2, 3] as const;
export type Strength = (typeof strengths)[number];
export const strengthLabels: Record<Strength, string> = { 1: 'slight edge', 2: 'clear edge', 3: 'decisive edge' };

/** "Favours FastAPI (decisive edge).": which side a criterion points to, and how hard. */
export function favoursText(favours: Framework, strength: Strength): string {
	return `Favours ${frameworkNames[favours]} (${strengthLabels[strength]}).`;
}

/**
 * The decision score's verdicts: one framework fits clearly better, the fits
 * are too close to call, or critical needs on both sides call for both.
 */
export const verdicts = ['fastapi', 'django', 'either', 'hybrid'] as const;
export type Verdict = (typeof verdicts)[number];

export const verdictBadges: Record<Verdict, { text: string; variant: BadgeVariant }> = {
	fastapi: { text: 'FastAPI fits better', variant: 'note' },
	django: { text: 'Django fits better', variant: 'tip' },
	either: { text: 'Too close to call', variant: 'default' },
	hybrid: { text: 'Use both', variant: 'caution' },
};

/** What the lab found about a claim it tests, one per workload (content/data/evidence.yaml). */
export const evidenceVerdicts = ['holds', 'holds-with-conditions', 'does-not-hold', 'not-yet-measured'] as const;
export type EvidenceVerdict = (typeof evidenceVerdicts)[number];

export const evidenceVerdictBadges: Record<EvidenceVerdict, { text: string; variant: BadgeVariant }> = {
	holds: { text: 'Holds', variant: 'success' },
	'holds-with-conditions': { text: 'Holds with conditions', variant: 'caution' },
	'does-not-hold': { text: 'Does not hold', variant: 'danger' },
	'not-yet-measured': { text: 'Not yet measured', variant: 'default' },
};

/** A claim's own verdict in the ledger (content/data/claims.yaml). */
export const claimVerdicts = ['measured', 'documented', 'opinion', 'outdated', 'does-not-hold'] as const;
export type ClaimVerdict = (typeof claimVerdicts)[number];
/** What the ledger shows: a claim's verdict, or "not yet measured" while the lab has no result for its workload. */
export type ShownClaimVerdict = ClaimVerdict | 'not-yet-measured';

/** The ledger's badges, in the order its summary lists them. */
export const claimVerdictBadges: Record<ShownClaimVerdict, { text: string; variant: BadgeVariant }> = {
	measured: { text: 'Measured', variant: 'success' },
	documented: { text: 'Documented', variant: 'note' },
	outdated: { text: 'Outdated', variant: 'caution' },
	'does-not-hold': { text: 'Does not hold', variant: 'danger' },
	opinion: { text: 'Opinion', variant: 'default' },
	'not-yet-measured': { text: 'Not yet measured', variant: 'tip' },
};

/** "0 (doesn’t matter), 1 (nice to have), 2 (important) or 3 (critical)": a scale's levels for messages. */
export function levelList(labels: Readonly<Record<number, string>>): string {
	const items = Object.entries(labels).map(([level, label]) => `${level} (${label.toLowerCase()})`);
	return `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;
}
