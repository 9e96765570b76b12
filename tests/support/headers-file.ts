/** One rule of a Netlify / Cloudflare Pages `_headers` file. */
export interface HeaderRule {
	pattern: string;
	headers: Record<string, string>;
}

/** Parses `_headers`: a path pattern at column 0, its headers indented below it. */
export function parseHeadersFile(text: string): HeaderRule[] {
	const rules: HeaderRule[] = [];
	for (const line of text.split('\n')) {
		if (!line.trim() || line.trimStart().startsWith('#')) continue;
		if (!/^\s/.test(line)) {
			rules.push({ pattern: line.trim(), headers: {} });
			continue;
		}
		const rule = rules.at(-1);
		const separator = line.indexOf(':');
		if (!rule || separator < 0) throw new Error(`_headers: header outside a rule: ${line}`);
		rule.headers[line.slice(0, separator).trim()] = line.slice(separator + 1).trim();
	}
	return rules;
}

/** Whether a host would apply `pattern` to `path`: `*` is a splat, `:name` one segment. */
export function patternMatches(pattern: string, path: string): boolean {
	const source = pattern
		.split('*')
		.map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/:[a-z]+/gi, '[^/]+'))
		.join('.*');
	return new RegExp(`^${source}$`).test(path);
}

/** All headers the rules give one path; later rules win on the same name. */
export function headersFor(rules: HeaderRule[], path: string): Record<string, string> {
	return Object.assign({}, ...rules.filter((rule) => patternMatches(rule.pattern, path)).map((rule) => rule.headers));
}
