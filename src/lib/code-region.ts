/**
 * Picks the part of a sample file a page shows. Sample files under
 * lab/examples/ can mark regions with comment lines, the folding markers
 * editors already understand:
 *
 *     # region handler
 *     ...code the page shows...
 *     # endregion handler
 *
 * A page asks for a region by name, or for the whole file. Marker lines never
 * reach the page, and a region's common indentation is removed.
 */

const MARKER = /^[ \t]*#[ \t]*(?<kind>region|endregion)\b[ \t]*(?<name>[\w-]*)[ \t]*$/;

/** The code a page shows for `source`: the named region, or the whole file without markers. */
export function codeRegion(source: string, region?: string): string {
	const lines = source.replace(/\r\n?/g, '\n').split('\n');
	let selected: string[];
	if (region === undefined) {
		selected = lines;
	} else {
		const start = lines.findIndex((line) => isMarker(line, 'region', region));
		if (start === -1) throw new Error(`no "# region ${region}" marker`);
		const end = lines.findIndex((line, i) => i > start && isMarker(line, 'endregion', region, true));
		if (end === -1) throw new Error(`region "${region}" has no "# endregion" marker`);
		selected = lines.slice(start + 1, end);
	}
	const code = dedent(selected.filter((line) => !MARKER.test(line)));
	return trimBlankEdges(code).join('\n');
}

/** Names of the regions marked in `source`, in order. */
export function regionNames(source: string): string[] {
	return source
		.split(/\r?\n/)
		.map((line) => MARKER.exec(line)?.groups)
		.filter((groups) => groups?.kind === 'region' && groups.name)
		.map((groups) => groups!.name!);
}

function isMarker(line: string, kind: 'region' | 'endregion', name: string, nameOptional = false): boolean {
	const groups = MARKER.exec(line)?.groups;
	if (groups?.kind !== kind) return false;
	return groups.name === name || (nameOptional && groups.name === '');
}

function dedent(lines: string[]): string[] {
	const indents = lines.filter((line) => line.trim()).map((line) => /^[ \t]*/.exec(line)![0].length);
	const common = indents.length ? Math.min(...indents) : 0;
	return lines.map((line) => line.slice(Math.min(common, /^[ \t]*/.exec(line)![0].length)));
}

function trimBlankEdges(lines: string[]): string[] {
	let start = 0;
	let end = lines.length;
	while (start < end && !lines[start]!.trim()) start++;
	while (end > start && !lines[end - 1]!.trim()) end--;
	return lines.slice(start, end);
}
