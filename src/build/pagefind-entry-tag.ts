import { createHash } from 'node:crypto';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * What the Search override writes where the tag of Pagefind's entry file
 * belongs. Pagefind's index is built after the pages, so the pages cannot know
 * the tag while they render; the build replaces this afterwards.
 */
export const entryTagPlaceholder = 'pagefind-entry-tag-pending';

/**
 * Replaces the placeholder in every built page with a hash of Pagefind's entry
 * file: the same index gives the same tag (builds stay byte-identical), a new
 * index a new one (no stale entry file from a cache after a deploy).
 */
export async function tagPagefindEntry(outDir: string): Promise<void> {
	const entry = await readFile(join(outDir, 'pagefind/pagefind-entry.json'));
	const tag = createHash('sha256').update(entry).digest('hex').slice(0, 12);
	const pages = (await readdir(outDir, { recursive: true })).filter((file) => file.endsWith('.html'));
	for (const page of pages) {
		const file = join(outDir, page);
		const html = await readFile(file, 'utf8');
		if (html.includes(entryTagPlaceholder)) await writeFile(file, html.replaceAll(entryTagPlaceholder, tag));
	}
}
