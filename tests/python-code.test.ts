import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { root } from './support/paths';
import {
	extractPythonBlocks,
	pythonBlocksIn,
	pythonSyntaxProblems,
	type PythonBlock,
} from './support/python-syntax';

const docs = `${root}content/docs/`;

/**
 * The side-by-side code the pages must carry (issue 7), as the least number of
 * ```python blocks per page: one FastAPI and one Django block per task, and
 * more where a task needs two Django files.
 */
const minimumBlocksPerPage: Record<string, { blocks: number; tasks: string[] }> = {
	'differences/ai-integration.mdx': { blocks: 4, tasks: ['typed prediction endpoint', 'token streaming'] },
	'differences/real-time.mdx': { blocks: 3, tasks: ['WebSocket endpoint (Django via Channels)'] },
	'differences/developer-experience.mdx': { blocks: 3, tasks: ["Django admin vs FastAPI's generated docs"] },
	'differences/async.mdx': { blocks: 2, tasks: ['blocking ML call from async code'] },
};

let blocks: PythonBlock[] = [];
beforeAll(async () => {
	blocks = await pythonBlocksIn(docs);
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

	it('gives every block a file name as its title', () => {
		const untitled = blocks.filter((block) => !block.title?.match(/\.py$/)).map((b) => `${b.file}:${b.line}`);
		expect(untitled).toEqual([]);
	});

	it('shows each page’s code in synced FastAPI / Django tabs', async () => {
		for (const page of new Set(blocks.map((block) => block.file))) {
			const source = await readFile(`${docs}${page}`, 'utf8');
			expect(source, page).toContain('<Tabs syncKey="framework">');
			expect(source, page).toContain('<TabItem label="FastAPI">');
			expect(source, page).toContain('<TabItem label="Django">');
		}
	});
});
