import { file } from 'astro/loaders';
import { parse } from 'yaml';

/**
 * A `file()` loader for a YAML list that records each entry's place in the
 * file as `position`. Astro's content store sorts entries by id, and these
 * lists (the comparison rows, the differences, the FAQ) are read in the
 * order their authors wrote them.
 */
export function orderedYamlFile(path: string) {
	return file(path, {
		parser: (text) => {
			const entries: unknown = parse(text);
			if (!Array.isArray(entries)) throw new Error(`${path}: expected a YAML list of entries`);
			// Non-object entries pass through unchanged so the schema reports them.
			return entries.map((entry: unknown, position) =>
				entry !== null && typeof entry === 'object' ? { ...entry, position } : entry,
			) as Record<string, unknown>[];
		},
	});
}

/** Entries from an `orderedYamlFile()` collection, back in file order. */
export function inFileOrder<T extends { data: { position: number } }>(entries: readonly T[]): T[] {
	return [...entries].sort((a, b) => a.data.position - b.data.position);
}
