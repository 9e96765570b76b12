import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { modelTiming } from '../experiment.ts';
import { chatAnswer, chatChunk, chatCompletion, type ModelTiming, tokensBy, wholeAnswerMs } from '../model-protocol.ts';

/**
 * The mock model API the apps call, as its own process. Node's HTTP server
 * keeps it far from being the bottleneck.
 *
 * - `POST /v1/chat/completions` speaks OpenAI's chat-completions protocol:
 *   a `chat.completion` body, or with `"stream": true` one `data:` chunk per
 *   token, then `data: [DONE]`. Timing comes from the lab's manifest
 *   (`modelTiming`, passed as the second argument): the first token after
 *   `firstTokenMs`, then one every `tokenGapMs`, `answerTokens` of them unless
 *   the call asks for another length (`max_completion_tokens`). A plain
 *   answer arrives when its last token would have.
 * - `/complete` answers after `delay_ms`, `/stream` sends `tokens` lines
 *   `tok-0`, `tok-1`, … `gap_ms` apart: the lab's simpler stand-ins.
 * - `/health` answers how many calls are in flight and finished, every
 *   token generated (to the answer's end, or to the moment its caller went
 *   away), and how many calls their caller left before the answer ended, so
 *   the driver can start each point with nothing left running here and count
 *   what a disconnect cost.
 *
 *   node lab/driver/upstream.ts PORT [TIMING_JSON]
 */
const port = Number(process.argv[2]);
if (!Number.isInteger(port) || port <= 0) {
	console.error('usage: node lab/driver/upstream.ts PORT [TIMING_JSON]');
	process.exit(2);
}
const timing: ModelTiming = process.argv[3] ? JSON.parse(process.argv[3]) : modelTiming;

const bounded = (value: string | null, fallback: number, max: number) => {
	const number = Number(value ?? fallback);
	return Number.isFinite(number) ? Math.min(Math.max(Math.round(number), 0), max) : fallback;
};

const counters = { inFlight: 0, finished: 0, tokens: 0, abandoned: 0 };
const track = (response: ServerResponse) => {
	counters.inFlight++;
	// 'close' fires once, whether the answer ended or the caller went away.
	response.once('close', () => {
		counters.inFlight--;
		counters.finished++;
	});
};

function readBody(request: IncomingMessage): Promise<string> {
	return new Promise((resolve, reject) => {
		let body = '';
		request.setEncoding('utf8');
		request.on('data', (chunk: string) => {
			body += chunk;
			if (body.length > 1_000_000) request.destroy(new Error('body too large'));
		});
		request.on('end', () => resolve(body));
		request.on('error', reject);
	});
}

const badRequest = (response: ServerResponse, message: string) => {
	response.writeHead(400, { 'content-type': 'application/json' });
	response.end(JSON.stringify({ error: { message, type: 'invalid_request_error' } }));
};

let callNumber = 0;

/** One chat completion: validated like the real API, timed like a model, counted token by token. */
async function chatCompletions(request: IncomingMessage, response: ServerResponse): Promise<void> {
	if (request.method !== 'POST') return void response.writeHead(405).end();
	if (!/^Bearer \S+/.test(request.headers.authorization ?? '')) {
		response.writeHead(401, { 'content-type': 'application/json' });
		return void response.end('{"error":{"message":"missing API key","type":"invalid_request_error"}}');
	}
	let body: { model?: unknown; messages?: unknown; stream?: unknown; max_completion_tokens?: unknown };
	try {
		body = JSON.parse(await readBody(request));
	} catch {
		return badRequest(response, 'body is not JSON');
	}
	if (typeof body.model !== 'string' || !Array.isArray(body.messages) || body.messages.length === 0) {
		return badRequest(response, 'model (a string) and messages (a non-empty list) are required');
	}
	// The answer's length: the manifest's, or what the caller asked for (the API's max_completion_tokens), within reason.
	const asked = body.max_completion_tokens;
	const call: ModelTiming = { ...timing, answerTokens: Number.isInteger(asked) && (asked as number) > 0 ? Math.min(asked as number, 5000) : timing.answerTokens };
	const id = `chatcmpl-lab${++callNumber}`;
	const model = body.model;
	const started = performance.now();
	let sent = 0;
	let ended = false;
	track(response);
	// A caller that leaves early stops the model: its tokens count up to that moment.
	response.once('close', () => {
		if (ended) return;
		counters.tokens += tokensBy(call, performance.now() - started);
		counters.abandoned++;
	});
	const finish = () => {
		ended = true;
		counters.tokens += call.answerTokens;
	};

	if (body.stream === true) {
		response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
		const next = () => {
			if (response.destroyed) return;
			if (sent === call.answerTokens) {
				finish();
				response.write(`data: ${JSON.stringify(chatChunk(id, model, { finish: true }))}\n\n`);
				return void response.end('data: [DONE]\n\n');
			}
			response.write(`data: ${JSON.stringify(chatChunk(id, model, { token: sent }))}\n\n`);
			sent++;
			setTimeout(next, timing.tokenGapMs);
		};
		setTimeout(next, timing.firstTokenMs);
		return;
	}
	setTimeout(() => {
		if (response.destroyed) return;
		finish();
		response.writeHead(200, { 'content-type': 'application/json' });
		response.end(JSON.stringify(chatCompletion(id, model, chatAnswer(call.answerTokens))));
	}, wholeAnswerMs(call));
}

const server = createServer((request, response) => {
	const url = new URL(request.url ?? '/', 'http://127.0.0.1');
	if (url.pathname === '/v1/chat/completions') {
		chatCompletions(request, response).catch((error: unknown) => {
			if (!response.headersSent) badRequest(response, String(error));
		});
		return;
	}
	if (url.pathname === '/complete' || url.pathname === '/stream') track(response);
	if (url.pathname === '/complete') {
		const delay = bounded(url.searchParams.get('delay_ms'), 100, 10_000);
		setTimeout(() => {
			response.writeHead(200, { 'content-type': 'application/json' });
			response.end('{"completion":"lab answer"}');
		}, delay);
	} else if (url.pathname === '/stream') {
		const tokens = bounded(url.searchParams.get('tokens'), 50, 1000);
		const gap = bounded(url.searchParams.get('gap_ms'), 20, 1000);
		response.writeHead(200, { 'content-type': 'text/plain' });
		let sent = 0;
		const next = () => {
			if (response.destroyed) return;
			if (sent === tokens) return void response.end();
			response.write(`tok-${sent++}\n`);
			setTimeout(next, gap);
		};
		next();
	} else if (url.pathname === '/health') {
		response.writeHead(200, { 'content-type': 'application/json' });
		response.end(JSON.stringify(counters));
	} else {
		response.writeHead(404).end();
	}
});
server.keepAliveTimeout = 60_000;
server.listen(port, '127.0.0.1', () => console.log(`upstream ready on ${port}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
