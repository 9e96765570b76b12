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

/** Marks a planner link made by the decision score: its query holds the score's answers, by criterion id. */
export const fromDecision = { key: 'from', value: 'decision' } as const;

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

/**
 * The planner query a decision-score link stands for, or `search` itself when
 * the link did not come from the score. The score's links carry its answers
 * as they are (criterion ids, importances 0–3), so its script stays small.
 */
export function plannerSearch(search: string): string {
	const params = new URLSearchParams(search);
	if (params.get(fromDecision.key) !== fromDecision.value) return search;
	const importance = (id: string) => {
		const value = Number(params.get(id) ?? 0);
		return Number.isInteger(value) && value >= 0 && value <= 3 ? value : 0;
	};
	return plannerQueryFor({ realtime: importance('realtime'), relational: importance('relational') });
}
