import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { modelTiming } from '../experiment.ts';
import { anthropicEvents, anthropicMessage, chatAnswer, chatChunk, chatCompletion, type ModelTiming, tokensBy, wholeAnswerMs } from '../model-protocol.ts';

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
 * - `POST /v1/messages` speaks Anthropic's Messages API the same way: a
 *   `message` body, or with `"stream": true` its named events (one
 *   `content_block_delta` per token). Its required `max_tokens` caps the
 *   manifest's answer length, as it caps a real model's.
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

/**
 * What differs between the two providers' protocols: how a call proves its
 * key, how long an answer it asks for, and how the answer is written.
 */
interface Protocol {
	authorised: (request: IncomingMessage) => boolean;
	/** The answer's length from the body, or undefined when the body lacks what the API requires. */
	answerTokens: (body: Record<string, unknown>) => number | undefined;
	required: string;
	idPrefix: string;
	whole: (id: string, model: string, content: string) => object;
	/** The stream's text before the first token, for token `token`, and after the last of `tokens`. */
	streamStart: (id: string, model: string) => string;
	streamToken: (id: string, model: string, token: number) => string;
	streamEnd: (id: string, model: string, tokens: number) => string;
}

const asked = (value: unknown) => (Number.isInteger(value) && (value as number) > 0 ? Math.min(value as number, 5000) : undefined);
const sse = (event: string, data: object) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;

/** OpenAI's chat completions: a bearer key; the manifest's length unless max_completion_tokens asks for another. */
const openaiChat: Protocol = {
	authorised: (request) => /^Bearer \S+/.test(request.headers.authorization ?? ''),
	answerTokens: (body) => asked(body.max_completion_tokens) ?? timing.answerTokens,
	required: 'model (a string) and messages (a non-empty list) are required',
	idPrefix: 'chatcmpl-lab',
	whole: chatCompletion,
	streamStart: () => '',
	streamToken: (id, model, token) => `data: ${JSON.stringify(chatChunk(id, model, { token }))}\n\n`,
	streamEnd: (id, model) => `data: ${JSON.stringify(chatChunk(id, model, { finish: true }))}\n\ndata: [DONE]\n\n`,
};

/** Anthropic's Messages API: an x-api-key header and a required max_tokens, which caps the model's own length. */
const anthropicMessages: Protocol = {
	authorised: (request) => typeof request.headers['x-api-key'] === 'string' && request.headers['x-api-key'] !== '',
	answerTokens: (body) => {
		const most = asked(body.max_tokens);
		return most === undefined ? undefined : Math.min(most, timing.answerTokens);
	},
	required: 'model (a string), messages (a non-empty list) and max_tokens (a positive integer) are required',
	idPrefix: 'msg_lab',
	whole: anthropicMessage,
	streamStart: (id, model) => anthropicEvents(id, model, 'start').map(([event, data]) => sse(event, data)).join(''),
	streamToken: (id, model, token) => anthropicEvents(id, model, { token }).map(([event, data]) => sse(event, data)).join(''),
	streamEnd: (id, model, tokens) => anthropicEvents(id, model, { finish: tokens }).map(([event, data]) => sse(event, data)).join(''),
};

/** One model call: validated like the real API, timed like a model, counted token by token. */
async function modelCall(protocol: Protocol, request: IncomingMessage, response: ServerResponse): Promise<void> {
	if (request.method !== 'POST') return void response.writeHead(405).end();
	if (!protocol.authorised(request)) {
		response.writeHead(401, { 'content-type': 'application/json' });
		return void response.end('{"error":{"message":"missing API key","type":"invalid_request_error"}}');
	}
	let body: Record<string, unknown>;
	try {
		body = JSON.parse(await readBody(request));
	} catch {
		return badRequest(response, 'body is not JSON');
	}
	const answerTokens = protocol.answerTokens(body);
	if (typeof body.model !== 'string' || !Array.isArray(body.messages) || body.messages.length === 0 || answerTokens === undefined) {
		return badRequest(response, protocol.required);
	}
	const call: ModelTiming = { ...timing, answerTokens };
	const id = `${protocol.idPrefix}${++callNumber}`;
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
		const opening = protocol.streamStart(id, model);
		if (opening) response.write(opening);
		const next = () => {
			if (response.destroyed) return;
			if (sent === call.answerTokens) {
				finish();
				return void response.end(protocol.streamEnd(id, model, sent));
			}
			response.write(protocol.streamToken(id, model, sent));
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
		response.end(JSON.stringify(protocol.whole(id, model, chatAnswer(call.answerTokens))));
	}, wholeAnswerMs(call));
}

const protocols: Record<string, Protocol> = { '/v1/chat/completions': openaiChat, '/v1/messages': anthropicMessages };

const server = createServer((request, response) => {
	const url = new URL(request.url ?? '/', 'http://127.0.0.1');
	const protocol = protocols[url.pathname];
	if (protocol) {
		modelCall(protocol, request, response).catch((error: unknown) => {
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
