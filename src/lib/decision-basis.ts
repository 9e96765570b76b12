/**
 * What a recommendation rests on. Every decision criterion, comparison cell,
 * FAQ answer and difference card names its basis in data: a measurement of
 * the lab's, a primary source, or the article's view. This module holds the
 * words for each kind and the rule that keeps a recommendation from leaning
 * against its own evidence. Pure data and functions; safe in the browser.
 */
import type { BadgeVariant, Framework } from './vocabulary';

export const basisKinds = ['measured', 'documented', 'article'] as const;
export type BasisKind = (typeof basisKinds)[number];

/** The lab's evidence a measured basis names, and the condition it was measured under. */
export interface MeasuredBasis {
	kind: 'measured';
	/** An id from content/data/evidence.yaml, which is also the page /evidence/<id>/. */
	workload: string;
	/** Which setups were compared, in words: "Django async views and FastAPI, both on uvicorn". */
	setup: string;
	/** The HTTP client, where the workload calls another service. */
	client?: string;
	/** The load, in words: "from a few to the most concurrent connections the lab ran". */
	concurrency: string;
}

export interface DocumentedBasis {
	kind: 'documented';
	title: string;
	href: string;
}

/** The article's view, attributed: `where` is the article's section that says it. */
export interface ArticleBasis {
	kind: 'article';
	where: string;
}

export type Basis = MeasuredBasis | DocumentedBasis | ArticleBasis;

/** The badge a basis shows. */
export const basisBadges: Record<BasisKind, { text: string; variant: BadgeVariant }> = {
	measured: { text: 'Measured', variant: 'success' },
	documented: { text: 'Documented', variant: 'note' },
	article: { text: 'Article’s view', variant: 'default' },
};

/** Whether a basis counts in the verdict that leaves the article's views out. */
export function isEvidence(basis: Pick<Basis, 'kind'>): boolean {
	return basis.kind !== 'article';
}

/** The site path of a measured basis's evidence page. */
export function evidencePath(workload: string): string {
	return `/evidence/${workload}/`;
}

/** The condition of a measured basis in one line: "setup; client; concurrency". */
export function basisCondition(basis: MeasuredBasis): string {
	return [basis.setup, basis.client && `${basis.client} client`, basis.concurrency].filter(Boolean).join('; ');
}

/** Where a basis points, with the base applied by `link`, and the words for the link. */
export function basisLink(basis: Basis, link: (path: string) => string): { href?: string; text: string } {
	if (basis.kind === 'measured') return { href: link(evidencePath(basis.workload)), text: basisCondition(basis) };
	if (basis.kind === 'documented') return { href: basis.href, text: basis.title };
	return { text: `the article, “${basis.where}”` };
}

/**
 * Which framework each evidence entry's claim favours (the article's claim
 * that content/data/evidence.yaml records). A verdict of "holds" supports
 * that side; "does-not-hold" takes that support away.
 */
export const claimFavours: Readonly<Record<string, Framework | 'neither'>> = {
	'json-throughput': 'fastapi',
	'upstream-wait': 'fastapi',
	streaming: 'fastapi',
	'cpu-bound': 'fastapi',
	'orm-queries': 'django',
	'model-api': 'fastapi',
	'model-load': 'fastapi',
	'model-streams': 'fastapi',
	// A question the article does not raise: what a user who leaves mid-answer costs.
	'model-disconnect': 'neither',
	// Nor this one: whether the SDK's connection pool limits a server.
	'model-pool': 'neither',
};

/** A lean: one framework, or neither (the deployment or the job decides). */
export type Lean = Framework | 'depends';

/**
 * Why a recommendation leaning to `lean` cannot rest on `basis`, given the
 * verdicts of the evidence entries by id; undefined when it can. A measured
 * basis must name evidence that exists and has been measured, and must not
 * favour the side its claim favours when the verdict is "does-not-hold", nor
 * the other side when the claim holds.
 */
export function basisProblem(lean: Lean, basis: Basis, verdicts: ReadonlyMap<string, string>): string | undefined {
	if (basis.kind !== 'measured') return undefined;
	const verdict = verdicts.get(basis.workload);
	if (verdict === undefined) {
		return `names evidence "${basis.workload}" that does not exist; evidence ids are ${[...verdicts.keys()].join(', ')}`;
	}
	if (verdict === 'not-yet-measured') return `names evidence "${basis.workload}", which is not yet measured`;
	const claimSide = claimFavours[basis.workload];
	if (!claimSide || claimSide === 'neither' || lean === 'depends') return undefined;
	if (verdict === 'does-not-hold' && lean === claimSide) {
		return `leans to ${lean}, but the evidence "${basis.workload}" found that the claim for ${claimSide} does not hold`;
	}
	if ((verdict === 'holds' || verdict === 'holds-with-conditions') && lean !== claimSide) {
		return `leans to ${lean}, but the evidence "${basis.workload}" found that the claim for ${claimSide} holds`;
	}
	return undefined;
}
