/**
 * How a claim's verdict is shown. A claim in the ledger (content/data/claims.yaml)
 * carries its own verdict, or names a benchmark-lab workload and takes its
 * direction from that workload's entry in content/data/evidence.yaml: "not
 * yet measured" until the lab has a result, then "measured: holds", "measured:
 * holds with conditions" or "measured: does not hold", with a link to the
 * workload's evidence page. A claim narrower or broader than its workload's
 * (say, one part of it) sets `measured` to give its own direction.
 */
import type { ClaimVerdict, EvidenceVerdict, MeasuredDirection, ShownClaimVerdict } from './vocabulary';

export interface ClaimVerdictData {
	verdict?: ClaimVerdict;
	workload?: string;
	/** Which way the measurement went for this claim, when it differs from the workload's verdict. */
	measured?: MeasuredDirection;
}

/** Evidence verdicts by workload id, as read from the evidence collection. */
export type EvidenceVerdicts = ReadonlyMap<string, EvidenceVerdict>;

/** The verdict a reader sees: the claim's own, else which way its measurement went, else "not yet measured". */
export function shownVerdict({ verdict, workload, measured }: ClaimVerdictData, evidence: EvidenceVerdicts): ShownClaimVerdict {
	if (verdict) return verdict;
	const result = workload ? evidence.get(workload) : undefined;
	if (!result || result === 'not-yet-measured') return 'not-yet-measured';
	return `measured-${measured ?? result}`;
}

/** The lab's evidence page for a claim, once its workload has a result; otherwise undefined. */
export function evidencePath(claim: ClaimVerdictData, evidence: EvidenceVerdicts): string | undefined {
	const result = claim.workload ? evidence.get(claim.workload) : undefined;
	return claim.workload && result && result !== 'not-yet-measured' ? `/evidence/${claim.workload}/` : undefined;
}

/** Topic headings for the Claims page, in page order. */
export const claimTopics = {
	framing: 'Framing',
	performance: 'Performance',
	async: 'Async and concurrency',
	'real-time': 'Real-time features',
	data: 'Data and the ORM',
	ai: 'AI integration',
	'developer-experience': 'Developer experience',
	deployment: 'Deployment and scale',
	'django-features': 'Django features',
	team: 'Team and learning curve',
} as const;

/** The docs collection id for a site path: `/differences/orm/#x` → `differences/orm`, `/` → `index`. */
export function docsIdFor(path: string): string {
	const bare = path.replace(/#.*$/, '').replace(/^\/|\/$/g, '');
	return bare === '' ? 'index' : bare;
}
