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

/**
 * A claim's own verdict in the ledger (content/data/claims.yaml), for claims
 * the lab does not measure: what a primary source says, or that it is the
 * article's view.
 */
export const claimVerdicts = ['documented', 'opinion', 'outdated', 'partly-outdated', 'does-not-hold'] as const;
export type ClaimVerdict = (typeof claimVerdicts)[number];

/** Which way a measurement went for a claim the lab tested. */
export const measuredDirections = ['holds', 'holds-with-conditions', 'does-not-hold'] as const;
export type MeasuredDirection = (typeof measuredDirections)[number];

/**
 * What the ledger shows: a claim's own verdict; for a claim the lab tests,
 * which way the measurement went; or "not yet measured" while the lab has no
 * result for its workload.
 */
export type ShownClaimVerdict = ClaimVerdict | `measured-${MeasuredDirection}` | 'not-yet-measured';

/**
 * The ledger's badges, in the order its summary and legend list them, each
 * with the legend's explanation. A measured badge always says which way the
 * measurement went, so a green badge is never just "measured".
 */
export const claimVerdictBadges: Record<ShownClaimVerdict, { text: string; variant: BadgeVariant; meaning: string }> = {
	'measured-holds': {
		text: 'Measured: holds',
		variant: 'success',
		meaning: 'the lab’s result agrees, under the conditions its evidence page names.',
	},
	'measured-holds-with-conditions': {
		text: 'Measured: holds with conditions',
		variant: 'caution',
		meaning: 'the lab found it true for some setups, clients or loads only; the entry names which.',
	},
	'measured-does-not-hold': {
		text: 'Measured: does not hold',
		variant: 'danger',
		meaning: 'the lab’s result contradicts it.',
	},
	documented: { text: 'Documented', variant: 'note', meaning: 'a primary source, such as official docs or release notes, supports it.' },
	outdated: { text: 'Outdated', variant: 'caution', meaning: 'true once; the entry says what holds today.' },
	'partly-outdated': {
		text: 'Partly outdated',
		variant: 'caution',
		meaning: 'part no longer holds, part still does; the entry says which.',
	},
	'does-not-hold': { text: 'Sources disagree', variant: 'danger', meaning: 'primary sources contradict it.' },
	opinion: {
		text: 'The article’s view',
		variant: 'default',
		meaning: 'a judgement the article gives no evidence for; reported as its view, not as fact.',
	},
	'not-yet-measured': {
		text: 'Not yet measured',
		variant: 'tip',
		meaning: 'only a measurement can settle it, and the lab has no result yet.',
	},
};

/** "0 (doesn’t matter), 1 (nice to have), 2 (important) or 3 (critical)": a scale's levels for messages. */
export function levelList(labels: Readonly<Record<number, string>>): string {
	const items = Object.entries(labels).map(([level, label]) => `${level} (${label.toLowerCase()})`);
	return `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;
}
