/**
 * The decision score's state in the URL query: one parameter per criterion id
 * with a value 0–3, e.g. `?realtime=3&inference=3&admin=0`. Pure, so shared
 * links, presets and history entries all go through the same two functions.
 */
import type { Importance } from './vocabulary';

/**
 * Reads importances for `ids` from a query string (with or without `?`).
 * Anything doubtful falls back to 0 for that criterion: unknown parameters
 * are ignored, and so are values other than a single digit 0–3 and
 * parameters given more than once.
 */
export function parseImportances(search: string, ids: readonly string[]): Record<string, Importance> {
	const params = new URLSearchParams(search);
	const importances: Record<string, Importance> = {};
	for (const id of ids) {
		const values = params.getAll(id);
		const value = values.length === 1 ? values[0] : undefined;
		importances[id] = value !== undefined && /^[0-3]$/.test(value) ? (Number(value) as Importance) : 0;
	}
	return importances;
}

/**
 * The query string (with `?`, or empty) for importances, in the order of
 * `ids`. Zeros are left out, since they are the default: links stay short.
 */
export function serializeImportances(importances: Readonly<Partial<Record<string, Importance>>>, ids: readonly string[]): string {
	const params = new URLSearchParams();
	for (const id of ids) {
		const importance = importances[id] ?? 0;
		if (importance > 0) params.set(id, String(importance));
	}
	const query = params.toString();
	return query === '' ? '' : `?${query}`;
}
