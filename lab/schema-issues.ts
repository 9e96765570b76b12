import type { z } from 'astro/zod';

/**
 * A schema failure as a reader can act on it: the file, each field's path,
 * what is wrong, and the allowed values where the schema lists them.
 */
export function schemaIssues(error: z.ZodError, file: string): string {
	const lines = error.issues.map((issue) => {
		const field = issue.path.length > 0 ? issue.path.join('.') : '(the whole value)';
		const allowed = 'values' in issue && Array.isArray(issue.values) ? ` (allowed: ${issue.values.map(String).join(', ')})` : '';
		return `  ${field}: ${issue.message}${allowed}`;
	});
	return `${file} does not match the lab's results contract (lab/results.ts):\n${lines.join('\n')}`;
}

/** Parses `value` with `schema`, or throws naming the file and every bad field. */
export function parseOrExplain<T extends z.ZodType>(schema: T, value: unknown, file: string): z.infer<T> {
	const result = schema.safeParse(value);
	if (!result.success) throw new Error(schemaIssues(result.error, file));
	return result.data;
}
