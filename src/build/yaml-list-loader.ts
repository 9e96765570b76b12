import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Loader } from 'astro/loaders';
import { parse } from 'yaml';

/** An entry as read from the file, with its place in the file added as `position`. */
export type RawEntry = Record<string, unknown> & { id: string; position: number };

/**
 * Reads a YAML list of entries, each a mapping with a unique `id`. Throws a
 * message naming `file` (and the entry and field) for anything a schema cannot
 * report: YAML that does not parse, a file that is not a list, an entry
 * without an id or with a repeated one.
 */
export function parseYamlList(text: string, file: string): RawEntry[] {
	let entries: unknown;
	try {
		entries = parse(text);
	} catch (error) {
		throw new Error(`${file}: unreadable YAML: ${(error as Error).message}`);
	}
	if (!Array.isArray(entries)) throw new Error(`${file}: expected a YAML list of entries`);
	const seen = new Set<string>();
	return entries.map((entry: unknown, position) => {
		const where = `${file}, entry ${position + 1}`;
		if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
			throw new Error(`${where}: expected a mapping of fields, got ${JSON.stringify(entry)}`);
		}
		const { id } = entry as Record<string, unknown>;
		if (typeof id !== 'string' || id.length === 0) throw new Error(`${where}: id: needs a non-empty text id`);
		if (seen.has(id)) throw new Error(`${where}: id: "${id}" is already used by an earlier entry`);
		seen.add(id);
		return { ...entry, id, position };
	});
}

/** The entries of a YAML list file, read now; `file` is relative to the working folder or absolute. */
export function readYamlList(file: string | URL): RawEntry[] {
	return parseYamlList(readFileSync(file, 'utf8'), file instanceof URL ? fileURLToPath(file) : file);
}

/**
 * A content loader for a YAML list (`path` relative to the project root).
 * Unlike Astro's `file()` loader, which logs unreadable YAML and entries
 * without an id and carries on with an empty or partial collection, it stops
 * the build naming the file. Entries keep their place in the file as
 * `position`, because Astro's store sorts entries by id and these lists are
 * read in the order their authors wrote them.
 */
export function yamlList(path: string): Loader {
	return {
		name: 'yaml-list',
		async load({ config, store, parseData, watcher, logger }) {
			const filePath = fileURLToPath(new URL(path, config.root));
			const sync = async () => {
				const entries = parseYamlList(await readFile(filePath, 'utf8'), path);
				const parsed = await Promise.all(
					entries.map(async (data) => ({ id: data.id, data: await parseData({ id: data.id, data, filePath }) })),
				);
				store.clear();
				for (const entry of parsed) store.set({ ...entry, filePath: path });
			};
			await sync();
			watcher?.add(filePath);
			// In `astro dev` a bad edit is reported and the last good entries stay.
			watcher?.on('change', (changed) => {
				if (changed === filePath) sync().catch((error: Error) => logger.error(error.message));
			});
		},
	};
}
