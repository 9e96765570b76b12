import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { codeRegion } from '../src/lib/code-region';
import { root } from '../harness/paths';
import { loadPage } from '../harness/site';
import { rootDist } from './support/paths';
import {
	extractPythonBlocks,
	pageSources,
	pythonBlocksIn,
	pythonSyntaxProblems,
	samplesIn,
	type PythonBlock,
} from './support/python-syntax';

const docs = `${root}content/docs/`;
const examples = `${root}lab/examples/`;

/**
 * The side-by-side code the pages must carry (issue 7), as the least number of
 * Python code blocks per page: one FastAPI and one Django block per task, and
 * more where a task needs two Django files. Since issue 12 these are
 * `<Sample path="…">` components showing files from lab/examples/, which
 * tests/python-samples.test.ts runs with pytest; a fenced ```python block is
 * left only for code that cannot run, and says why.
 */
const minimumBlocksPerPage: Record<string, { blocks: number; tasks: string[] }> = {
	'differences/ai-integration.mdx': { blocks: 4, tasks: ['typed prediction endpoint', 'token streaming'] },
	'differences/real-time.mdx': { blocks: 3, tasks: ['WebSocket endpoint (Django via Channels)'] },
	'differences/developer-experience.mdx': { blocks: 3, tasks: ["Django admin vs FastAPI's generated docs"] },
	'differences/async.mdx': { blocks: 2, tasks: ['blocking ML call from async code'] },
};

let fenced: PythonBlock[] = [];
let blocks: PythonBlock[] = [];
beforeAll(async () => {
	fenced = await pythonBlocksIn(docs);
	// Python samples by the file they show: a title such as "model_api.py (retries)" names a part of one.
	blocks = [...fenced, ...(await samplesIn(docs, examples)).filter((sample) => sample.sample!.endsWith('.py'))];
});

describe('the Python syntax checker', () => {
	it('accepts current syntax: type hints, match, PEP 695 generics, async generators', async () => {
		const modern = [
			'type Scores = dict[str, float]',
			'def top[T](items: list[T], k: int = 3) -> list[T]:',
			'    return items[:k]',
			'match event:',
			'    case {"type": "token", "text": str(text)}:',
			'        print(f"{text!r:>{width}}")',
			'async def stream():',
			'    async with client as session:',
			'        yield await session.next()',
		].join('\n');
		expect(await pythonSyntaxProblems(modern)).toEqual([]);
	});

	it('reports a deliberately broken snippet, with its line', async () => {
		const broken = 'from fastapi import FastAPI\n\ndef predict(body:\n    return body\n';
		const problems = await pythonSyntaxProblems(broken);
		expect(problems.length).toBeGreaterThan(0);
		expect(problems[0]!.line).toBeGreaterThanOrEqual(3);
	});

	it('reports an unclosed bracket and a missing colon', async () => {
		expect(await pythonSyntaxProblems('labels = [1, 2\n')).not.toEqual([]);
		expect(await pythonSyntaxProblems('if ready\n    go()\n')).not.toEqual([]);
	});

	it('finds a broken block inside page source and reports it', async () => {
		const page = [
			'---',
			'title: Scratch',
			'---',
			'',
			'```js',
			'const notPython = true;',
			'```',
			'',
			'```python title="bad.py"',
			'def f(:',
			'    pass',
			'```',
		].join('\n');
		const [block, ...rest] = extractPythonBlocks(page, 'scratch.mdx');
		expect(rest).toEqual([]);
		expect(block).toMatchObject({ file: 'scratch.mdx', line: 9, title: 'bad.py' });
		expect(await pythonSyntaxProblems(block!.code)).not.toEqual([]);
	});
});

describe('Python code on the pages', () => {
	it('exists', () => {
		expect(blocks.length).toBeGreaterThan(0);
	});

	it.each(Object.entries(minimumBlocksPerPage))('%s has its side-by-side code', (page, { blocks: minimum }) => {
		expect(blocks.filter((block) => block.file === page).length).toBeGreaterThanOrEqual(minimum);
	});

	it('parses without syntax errors, block by block', async () => {
		const failures: string[] = [];
		for (const block of blocks) {
			for (const problem of await pythonSyntaxProblems(block.code)) {
				failures.push(
					`${block.file}:${block.line + problem.line} (${block.title ?? 'untitled'}, line ${problem.line}:${problem.column}): ${problem.kind} ${JSON.stringify(problem.text)}`,
				);
			}
		}
		expect(failures).toEqual([]);
	});

	it('runs every block: a fenced ```python block is allowed only for code that cannot run, and says why', () => {
		const unexplained = fenced.filter((block) => !/^# Not run: \S/.test(block.code)).map((b) => `${b.file}:${b.line}`);
		expect(unexplained).toEqual([]);
	});

	it('shows only sample files that belong to a tested project', () => {
		const untested = blocks
			.filter((block) => block.sample)
			.map((block) => block.sample!.split('/')[0]!)
			.filter((project) => !existsSync(`${examples}${project}/pytest.ini`) || !existsSync(`${examples}${project}/tests`));
		expect(untested).toEqual([]);
	});

	it('gives every block a file name as its title', () => {
		// A file name, optionally with the part of the file shown: `app/main.py`, `model_api.py (retries)`.
		const untitled = blocks.filter((block) => !block.title?.match(/^[\w./-]+\.py( \([^)]+\))?$/)).map((b) => `${b.file}:${b.line} ${b.title}`);
		expect(untitled).toEqual([]);
	});

	it('shows each difference page’s code in synced FastAPI / Django tabs', async () => {
		// On the built page: a synced tab set per task, each tab showing code, and no code block outside them.
		// (context-notes.test.ts checks every such set's tabs read FastAPI, Django.)
		for (const [page, { tasks }] of Object.entries(minimumBlocksPerPage)) {
			const doc = await loadPage(rootDist, `/${page.replace(/\.mdx$/, '')}/`);
			const sets = [...doc.querySelectorAll('starlight-tabs[data-sync-key="framework"]')];
			expect(sets.length, page).toBeGreaterThanOrEqual(tasks.length);
			for (const set of sets) {
				const panels = [...set.querySelectorAll('[role="tabpanel"]')];
				expect(panels.map((panel) => panel.querySelectorAll('.expressive-code').length > 0), page).toEqual([true, true]);
			}
			const outside = [...doc.querySelectorAll('.sl-markdown-content .expressive-code')].filter((block) => !block.closest('starlight-tabs[data-sync-key="framework"]'));
			expect(outside.length, page).toBe(0);
		}
	});
});

describe('sample regions', () => {
	const source = [
		'import os',
		'',
		'# region handler',
		'    def handler():',
		'        return os.getcwd()',
		'# endregion handler',
		'',
		'# region tail',
		'TAIL = 1',
		'# endregion',
	].join('\n');

	it('shows the whole file without marker lines', () => {
		expect(codeRegion(source)).toBe('import os\n\n    def handler():\n        return os.getcwd()\n\nTAIL = 1');
	});

	it('shows a named region, dedented', () => {
		expect(codeRegion(source, 'handler')).toBe('def handler():\n    return os.getcwd()');
		expect(codeRegion(source, 'tail')).toBe('TAIL = 1');
	});

	it('names a missing region', () => {
		expect(() => codeRegion(source, 'nope')).toThrow(/region nope/);
		expect(() => codeRegion('# region open\nx = 1\n', 'open')).toThrow(/endregion/);
	});
});

describe('the built pages', () => {
	it('show each sample file exactly as it is on disk', async () => {
		const mismatches: string[] = [];
		const all = await samplesIn(docs, examples);
		let compared = 0;
		for (const page of await pageSources(docs)) {
			const samples = all.filter((sample) => sample.file === page);
			if (!samples.length) continue;
			compared += samples.length;
			const html = await readFile(`${rootDist}${page.replace(/(index)?\.mdx?$/, '')}/index.html`.replace('//index', '/index'), 'utf8');
			const shown = [...html.matchAll(/data-code="([^"]*)"/g)].map((m) => decodeCopyText(m[1]!));
			for (const sample of samples) {
				if (!shown.includes(sample.code.trimEnd())) mismatches.push(`${page}: ${sample.sample}`);
			}
		}
		expect(mismatches).toEqual([]);
		// Every sample was looked for on a page: none skipped for a page this loop did not reach.
		expect(compared).toBeGreaterThan(0);
		expect(compared).toBe(all.length);
	});
});

/** The text Expressive Code's copy button carries: HTML-escaped, lines joined by U+007F. */
function decodeCopyText(attribute: string): string {
	const named: Record<string, string> = { quot: '"', apos: "'", lt: '<', gt: '>', amp: '&' };
	return attribute
		.replaceAll('\u007f', '\n')
		.replace(/&(?:#x([0-9a-f]+)|#(\d+)|(\w+));/gi, (entity, hex, decimal, name) =>
			hex ? String.fromCodePoint(parseInt(hex, 16)) : decimal ? String.fromCodePoint(Number(decimal)) : (named[name] ?? entity),
		);
}
