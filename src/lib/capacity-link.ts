/**
 * The capacity planner's URL query keys, and the link from the decision
 * score's result to the planner with the answers that carry over. Kept apart
 * from the planner's model so the decision tool's script stays small.
 */

export const plannerQueryKeys = {
	traffic: 'traffic',
	rps: 'rps',
	users: 'users',
	callsPerMinute: 'per-minute',
	callMs: 'call-ms',
	firstTokenMs: 'first-token-ms',
	streamed: 'streamed',
	cpuMs: 'cpu-ms',
	queries: 'queries',
} as const;

/** An answer of the decision score counts as yes from this importance ("Important") up, and as no at 0. */
const yesFrom = 2;

/**
 * The planner query for a decision score's answers: streamed when real-time
 * streaming is important or critical, not streamed otherwise; no relational
 * queries when relational data does not matter. Answers that say nothing
 * about capacity carry nothing; the planner fills in the rest from its defaults.
 */
export function plannerQueryFor(importances: Readonly<Record<string, number | undefined>>): string {
	const params = new URLSearchParams();
	params.set(plannerQueryKeys.streamed, (importances.realtime ?? 0) >= yesFrom ? '1' : '0');
	if ((importances.relational ?? 0) === 0) params.set(plannerQueryKeys.queries, '0');
	return `?${params.toString()}`;
}
