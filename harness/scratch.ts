import { cp, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { root, workDir } from './paths.ts';

/** What a scratch copy leaves out: installed packages and build output. */
const skipped = new Set(['node_modules', '.git', '.astro', '.cache', 'dist']);

/**
 * astro-og-canvas's cache of rendered share images (its default folder, under
 * the build's working directory): keyed by each image's options, so a copy
 * renders only the images its edits change.
 */
const shareImageCache = 'node_modules/.astro-og-canvas';

export interface ScratchProject {
	dir: string;
	/** Rewrites one file of the copy; `restore()` puts every edited file back. */
	edit(path: string, change: (text: string) => string): Promise<void>;
	restore(): Promise<void>;
	remove(): Promise<void>;
}

/**
 * A throwaway copy of the project, for tests that break content on purpose.
 * It sits inside the project's .cache folder so that packages resolve from
 * the project's node_modules; a symlinked node_modules confuses Vite.
 */
export async function scratchCopy(): Promise<ScratchProject> {
	await mkdir(workDir, { recursive: true });
	const dir = await mkdtemp(join(workDir, 'scratch-'));
	const entries = await readdir(root);
	for (const entry of entries.filter((name) => !skipped.has(name))) {
		await cp(join(root, entry), join(dir, entry), { recursive: true });
	}
	if (existsSync(join(root, shareImageCache))) {
		await cp(join(root, shareImageCache), join(dir, shareImageCache), { recursive: true });
	}
	const originals = new Map<string, string>();
	return {
		dir,
		async edit(path, change) {
			const file = join(dir, path);
			const text = await readFile(file, 'utf8');
			if (!originals.has(file)) originals.set(file, text);
			const changed = change(text);
			if (changed === text) throw new Error(`edit of ${path} changed nothing`);
			await writeFile(file, changed);
		},
		async restore() {
			for (const [file, text] of originals) await writeFile(file, text);
			originals.clear();
		},
		remove: () => rm(dir, { recursive: true, force: true }),
	};
}
