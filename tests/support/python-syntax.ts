import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { Language, Parser, type Node } from 'web-tree-sitter';
import { codeRegion } from '../../src/lib/code-region';

/** A fenced ```python block found in a page's source. */
export interface PythonBlock {
	/** The page, relative to the folder that was scanned, e.g. `differences/async.mdx`. */
	file: string;
	/** 1-based line of the opening fence in that file. */
	line: number;
	/** The block's `title="…"` (Expressive Code's file name), if any. */
	title: string | undefined;
	code: string;
	/** For a `<Sample>` component: the file it shows, relative to lab/examples/. */
	sample?: string;
}

/** A place where the Python parser could not make sense of the code. */
export interface SyntaxProblem {
	/** 1-based line and column within the snippet. */
	line: number;
	column: number;
	/** `error`: text the grammar cannot place; `missing`: a token the parser had to assume, such as `)`. */
	kind: 'error' | 'missing';
	/** The offending text, or the name of the missing token. */
	text: string;
}

const OPENING_FENCE = /^(?<indent>[ \t]*)(?<fence>`{3,}|~{3,})[ \t]*python\b(?<meta>.*)$/;

/**
 * Finds every fenced code block whose language is `python` in Markdown/MDX
 * source. Other languages and unterminated fences are ignored (an unterminated
 * fence swallows the rest of the file, as Markdown does).
 */
export function extractPythonBlocks(source: string, file: string): PythonBlock[] {
	const lines = source.split(/\r?\n/);
	const blocks: PythonBlock[] = [];
	for (let i = 0; i < lines.length; i++) {
		const open = OPENING_FENCE.exec(lines[i]!);
		const anyFence = /^[ \t]*(`{3,}|~{3,})/.exec(lines[i]!);
		if (!open) {
			// Skip over other fenced blocks so a ```python inside them is not mistaken for a block.
			if (anyFence) i = closingFenceIndex(lines, i, anyFence[1]!) ?? lines.length;
			continue;
		}
		const { indent, fence, meta } = open.groups!;
		const end = closingFenceIndex(lines, i, fence!);
		const body = lines.slice(i + 1, end ?? lines.length);
		const title = /\btitle=(?:"([^"]*)"|'([^']*)')/.exec(meta!);
		blocks.push({
			file,
			line: i + 1,
			title: title ? (title[1] ?? title[2]) : undefined,
			code: body.map((line) => (line.startsWith(indent!) ? line.slice(indent!.length) : line)).join('\n') + '\n',
		});
		i = end ?? lines.length;
	}
	return blocks;
}

function closingFenceIndex(lines: string[], openIndex: number, fence: string): number | undefined {
	const closing = new RegExp(`^[ \\t]*${fence[0] === '`' ? '`' : '~'}{${fence.length},}[ \\t]*$`);
	for (let j = openIndex + 1; j < lines.length; j++) if (closing.test(lines[j]!)) return j;
	return undefined;
}

/** Every .md/.mdx file under `dir`, as paths relative to it, sorted. */
export async function pageSources(dir: string): Promise<string[]> {
	const entries = await readdir(dir, { recursive: true, withFileTypes: true });
	return entries
		.filter((entry) => entry.isFile() && /\.mdx?$/.test(entry.name))
		.map((entry) => relative(dir, join(entry.parentPath, entry.name)))
		.sort();
}

/** All ```python blocks in the pages under `dir`. */
export async function pythonBlocksIn(dir: string): Promise<PythonBlock[]> {
	const blocks: PythonBlock[] = [];
	for (const file of await pageSources(dir)) {
		blocks.push(...extractPythonBlocks(await readFile(join(dir, file), 'utf8'), file));
	}
	return blocks;
}

const SAMPLE_TAG = /<Sample\b(?<attributes>[^>]*?)\/>/g;

/**
 * Every `<Sample path="…" region="…" />` in the pages under `dir`, with the code
 * it shows read from `examplesDir` the way the component reads it. The title
 * is the one the page shows: the path inside the sample project, or `title`.
 */
export async function samplesIn(dir: string, examplesDir: string): Promise<PythonBlock[]> {
	const samples: PythonBlock[] = [];
	for (const file of await pageSources(dir)) {
		const source = await readFile(join(dir, file), 'utf8');
		for (const match of source.matchAll(SAMPLE_TAG)) {
			const attribute = (name: string) => new RegExp(`\\b${name}="([^"]*)"`).exec(match.groups!.attributes!)?.[1];
			const path = attribute('path');
			if (!path) throw new Error(`${file}: <Sample> without a path`);
			const line = source.slice(0, match.index).split('\n').length;
			samples.push({
				file,
				line,
				title: attribute('title') ?? path.split('/').slice(1).join('/'),
				code: codeRegion(await readFile(join(examplesDir, path), 'utf8'), attribute('region')) + '\n',
				sample: path,
			});
		}
	}
	return samples;
}

let parser: Promise<Parser> | undefined;

/**
 * A tree-sitter parser for Python, loaded from the WebAssembly builds that the
 * `web-tree-sitter` and `tree-sitter-python` npm packages ship: no network, no
 * native build, no Python installation needed.
 */
export function pythonParser(): Promise<Parser> {
	parser ??= (async () => {
		const require = createRequire(import.meta.url);
		await Parser.init();
		const python = await Language.load(require.resolve('tree-sitter-python/tree-sitter-python.wasm'));
		const instance = new Parser();
		instance.setLanguage(python);
		return instance;
	})();
	return parser;
}

/** Parses `code` as Python and lists every syntax error; an empty list means it parsed cleanly. */
export async function pythonSyntaxProblems(code: string): Promise<SyntaxProblem[]> {
	const tree = (await pythonParser()).parse(code);
	if (!tree) throw new Error('tree-sitter returned no tree');
	try {
		const problems: SyntaxProblem[] = [];
		const visit = (node: Node): void => {
			if (node.isMissing || node.isError) {
				problems.push({
					line: node.startPosition.row + 1,
					column: node.startPosition.column + 1,
					kind: node.isMissing ? 'missing' : 'error',
					text: node.isMissing ? node.type : node.text.slice(0, 60),
				});
				if (node.isMissing) return;
			}
			if (!node.hasError) return;
			for (const child of node.children) if (child) visit(child);
		};
		visit(tree.rootNode);
		return problems;
	} finally {
		tree.delete();
	}
}
