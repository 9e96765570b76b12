/**
 * Entries of a YAML list collection, back in file order. Astro's content store
 * sorts entries by id; the yamlList() loader (src/build/yaml-list-loader.ts)
 * records each entry's place in its file as `position`.
 */
export function inFileOrder<T extends { data: { position: number } }>(entries: readonly T[]): T[] {
	return [...entries].sort((a, b) => a.data.position - b.data.position);
}
