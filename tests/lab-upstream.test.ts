import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatAnswer, type ModelTiming, tokensBy, wholeAnswerMs } from '../lab/model-protocol';

// The mock model API as the lab runs it, with fast timing: a whole answer in a quarter of a second.
const timing: ModelTiming = { firstTokenMs: 30, tokenGapMs: 20, answerTokens: 12 };
let upstream: ChildProcess;
let base: string;

async function freePort(): Promise<number> {
	const server = createServer().listen(0, '127.0.0.1');
	await once(server, 'listening');
	const { port } = server.address() as { port: number };
	server.close();
	return port;
}

beforeAll(async () => {
	const port = await freePort();
	base = `http://127.0.0.1:${port}`;
	upstream = spawn(process.execPath, [fileURLToPath(new URL('../lab/driver/upstream.ts', import.meta.url)), String(port), JSON.stringify(timing)], {
		stdio: ['ignore', 'pipe', 'inherit'],
	});
	await once(upstream.stdout!, 'data');
});

afterAll(() => {
	upstream.kill('SIGTERM');
});

const health = async () => (await (await fetch(`${base}/health`)).json()) as { inFlight: number; finished: number; tokens: number; abandoned: number };

const chat = (body: unknown, headers: Record<string, string> = { authorization: 'Bearer lab-key' }, signal?: AbortSignal) =>
	fetch(`${base}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body), signal });

const request = { model: 'lab-model', messages: [{ role: 'user', content: 'hello' }] };

describe('model timing', () => {
	it('counts tokens as the model would produce them', () => {
		expect(tokensBy(timing, 29)).toBe(0);
		expect(tokensBy(timing, 30)).toBe(1);
		expect(tokensBy(timing, 50)).toBe(2);
		expect(tokensBy(timing, 10_000)).toBe(12);
		expect(wholeAnswerMs(timing)).toBe(30 + 11 * 20);
		expect(chatAnswer(3)).toBe('tok-0 tok-1 tok-2');
	});
});

describe('the mock chat-completions API', () => {
	it('answers a plain call with a chat.completion carrying the whole answer, no sooner than the model would', async () => {
		const started = performance.now();
		const response = await chat(request);
		const elapsed = performance.now() - started;
		const body = await response.json();
		expect(response.status).toBe(200);
		expect(elapsed).toBeGreaterThanOrEqual(wholeAnswerMs(timing) - 1);
		expect(body).toMatchObject({
			object: 'chat.completion',
			model: 'lab-model',
			choices: [{ index: 0, message: { role: 'assistant', content: chatAnswer(12) }, finish_reason: 'stop' }],
			usage: { completion_tokens: 12 },
		});
		expect(body.id).toMatch(/^chatcmpl-/);
	});

	it('streams one chunk per token in order, a closing chunk, then [DONE]', async () => {
		const response = await chat({ ...request, stream: true });
		expect(response.headers.get('content-type')).toBe('text/event-stream');
		const events = (await response.text()).split('\n\n').filter(Boolean);
		expect(events.at(-1)).toBe('data: [DONE]');
		const chunks = events.slice(0, -1).map((event) => JSON.parse(event.replace(/^data: /, '')));
		expect(chunks).toHaveLength(13);
		expect(chunks.every((chunk) => chunk.object === 'chat.completion.chunk' && chunk.id === chunks[0].id)).toBe(true);
		expect(chunks[0].choices[0].delta.role).toBe('assistant');
		expect(chunks.map((chunk) => chunk.choices[0].delta.content ?? '').join('')).toBe(chatAnswer(12));
		expect(chunks.at(-1).choices[0]).toMatchObject({ delta: {}, finish_reason: 'stop' });
	});

	it('refuses a call without an API key or without messages, as the real API does', async () => {
		expect((await chat(request, {})).status).toBe(401);
		expect((await chat({ model: 'lab-model', messages: [] })).status).toBe(400);
		const notJson = await fetch(`${base}/v1/chat/completions`, { method: 'POST', headers: { authorization: 'Bearer k' }, body: '{' });
		expect(notJson.status).toBe(400);
	});

	it('counts the tokens generated and the calls whose caller left before the answer ended', async () => {
		const before = await health();
		const controller = new AbortController();
		const response = await chat({ ...request, stream: true }, undefined, controller.signal);
		const reader = response.body!.getReader();
		await reader.read();
		controller.abort();
		await expect.poll(async () => (await health()).inFlight).toBe(0);
		const after = await health();
		expect(after.abandoned - before.abandoned).toBe(1);
		const generated = after.tokens - before.tokens;
		expect(generated).toBeGreaterThanOrEqual(1);
		expect(generated).toBeLessThan(12);
	});
});

const messages = (body: unknown, headers: Record<string, string> = { 'x-api-key': 'lab-key', 'anthropic-version': '2023-06-01' }, signal?: AbortSignal) =>
	fetch(`${base}/v1/messages`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body), signal });

describe("the mock of Anthropic's Messages API", () => {
	const asking = { ...request, max_tokens: 1024 };

	it('answers a plain call with a message carrying the whole answer, no sooner than the model would', async () => {
		const started = performance.now();
		const response = await messages(asking);
		const elapsed = performance.now() - started;
		const body = await response.json();
		expect(response.status).toBe(200);
		expect(elapsed).toBeGreaterThanOrEqual(wholeAnswerMs(timing) - 1);
		expect(body).toMatchObject({
			type: 'message',
			role: 'assistant',
			model: 'lab-model',
			content: [{ type: 'text', text: chatAnswer(12) }],
			stop_reason: 'end_turn',
			usage: { output_tokens: 12 },
		});
		expect(body.id).toMatch(/^msg_/);
	});

	it('stops at max_tokens when that comes before the model would', async () => {
		const body = await (await messages({ ...request, max_tokens: 3 })).json();
		expect(body.content[0].text).toBe(chatAnswer(3));
	});

	it('streams its named events: the opening, one text delta per token in order, the closing', async () => {
		const response = await messages({ ...asking, stream: true });
		expect(response.headers.get('content-type')).toBe('text/event-stream');
		const events = (await response.text())
			.split('\n\n')
			.filter(Boolean)
			.map((event) => {
				const [name, data] = event.split('\n');
				return { name: name!.replace(/^event: /, ''), data: JSON.parse(data!.replace(/^data: /, '')) };
			});
		expect(events.every((event) => event.data.type === event.name)).toBe(true);
		expect(events.map((event) => event.name)).toEqual([
			'message_start',
			'content_block_start',
			...Array.from({ length: 12 }, () => 'content_block_delta'),
			'content_block_stop',
			'message_delta',
			'message_stop',
		]);
		expect(events.filter((event) => event.name === 'content_block_delta').map((event) => event.data.delta.text).join('')).toBe(chatAnswer(12));
		expect(events.at(-2)!.data).toMatchObject({ delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 12 } });
	});

	it('refuses a call without an API key, without messages or without max_tokens, as the real API does', async () => {
		expect((await messages(asking, {})).status).toBe(401);
		expect((await messages({ ...asking, messages: [] })).status).toBe(400);
		expect((await messages(request)).status).toBe(400);
	});

	it('counts what a caller that left mid-stream had the model generate', async () => {
		const before = await health();
		const controller = new AbortController();
		const response = await messages({ ...asking, stream: true }, undefined, controller.signal);
		await response.body!.getReader().read();
		controller.abort();
		await expect.poll(async () => (await health()).inFlight).toBe(0);
		const after = await health();
		expect(after.abandoned - before.abandoned).toBe(1);
		expect(after.tokens - before.tokens).toBeLessThan(12);
	});
});
