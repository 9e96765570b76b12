import { createHash } from 'node:crypto';
import { readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * What the Search override writes where the tag of Pagefind's entry file
 * belongs. Pagefind's index is built after the pages, so the pages cannot know
 * the tag while they render; the build replaces this afterwards.
 */
export const entryTagPlaceholder = 'pagefind-entry-tag-pending';

/**
 * What the Search override writes where the files Pagefind fetches for the
 * page's language once its entry file has arrived belong (the index's
 * metadata and the WebAssembly, both named by the entry file), and where the
 * size of that language's word index belongs.
 */
export const languageFilesPlaceholder = 'pagefind-language-files-pending';
export const indexBytesPlaceholder = 'pagefind-index-bytes-pending';

interface PagefindEntry {
	languages: Record<string, { hash: string; wasm: string }>;
}

/** The metadata and WebAssembly files of one of the entry file's languages, as the page lists them. */
const languageFiles = ({ hash, wasm }: PagefindEntry['languages'][string]) => `pagefind.${hash}.pf_meta wasm.${wasm}.pagefind`;

/**
 * Fills in every built page's placeholders once Pagefind has written its
 * index. The tag is a hash of Pagefind's entry file: the same index gives the
 * same tag (builds stay byte-identical), a new index a new one (no stale entry
 * file from a cache after a deploy). The language's files are those Pagefind
 * asks for right after the entry file (`pagefind.<hash>.pf_meta` and
 * `wasm.<wasm>.pagefind`), so the page can request all three at once. The
 * index size is the bytes of the language's word index chunks
 * (`index/<language>_*.pf_index`), so the page can tell whether loading all of
 * it is cheap. A page whose language has no index gets neither.
 */
export async function tagPagefindEntry(outDir: string): Promise<{ tag: string; pages: number }> {
	const entry = await readFile(join(outDir, 'pagefind/pagefind-entry.json'));
	const tag = createHash('sha256').update(entry).digest('hex').slice(0, 12);
	const { languages } = JSON.parse(entry.toString('utf8')) as PagefindEntry;
	const chunks = await readdir(join(outDir, 'pagefind/index'));
	const indexBytes = new Map<string, number>();
	for (const language of Object.keys(languages)) {
		const own = chunks.filter((file) => file.startsWith(`${language}_`) && file.endsWith('.pf_index'));
		const sizes = await Promise.all(own.map(async (file) => (await stat(join(outDir, 'pagefind/index', file))).size));
		indexBytes.set(language, sizes.reduce((sum, size) => sum + size, 0));
	}
	const pages = (await readdir(outDir, { recursive: true })).filter((file) => file.endsWith('.html'));
	let tagged = 0;
	for (const page of pages) {
		const file = join(outDir, page);
		const html = await readFile(file, 'utf8');
		if (!html.includes(entryTagPlaceholder)) continue;
		tagged++;
		const lang = /<html[^>]* lang="([^"]*)"/.exec(html)?.[1]?.toLowerCase() ?? '';
		const language = [lang, lang.split('-')[0]!].find((code) => code in languages);
		await writeFile(
			file,
			html
				.replaceAll(entryTagPlaceholder, tag)
				.replaceAll(languageFilesPlaceholder, language ? languageFiles(languages[language]!) : '')
				.replaceAll(indexBytesPlaceholder, language ? String(indexBytes.get(language)) : ''),
		);
	}
	return { tag, pages: tagged };
}
