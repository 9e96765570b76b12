/**
 * The mock model's side of OpenAI's chat-completions protocol, and its timing:
 * the bodies lab/driver/upstream.ts sends and the answer every app must relay
 * unchanged. Pure functions, shared by the upstream, the manifest's answer
 * checks and the tests.
 */

/** How the mock model answers: a first token after `firstTokenMs`, then one every `tokenGapMs`, `answerTokens` in all. */
export interface ModelTiming {
	firstTokenMs: number;
	tokenGapMs: number;
	answerTokens: number;
}

/** The text of token `index` as a stream delta: tokens are words, space-separated. */
export const tokenText = (index: number) => (index === 0 ? 'tok-0' : ` tok-${index}`);

/** The whole answer of `tokens` tokens, as a non-streamed completion carries it. */
export const chatAnswer = (tokens: number) => Array.from({ length: tokens }, (_, index) => tokenText(index)).join('');

/** How many tokens the model has produced `elapsedMs` after the call began. */
export function tokensBy(timing: ModelTiming, elapsedMs: number): number {
	if (elapsedMs < timing.firstTokenMs) return 0;
	return Math.min(timing.answerTokens, 1 + Math.floor((elapsedMs - timing.firstTokenMs) / timing.tokenGapMs));
}

/** Milliseconds from the call to its last token: when a non-streamed answer arrives. */
export const wholeAnswerMs = (timing: ModelTiming) => timing.firstTokenMs + (timing.answerTokens - 1) * timing.tokenGapMs;

const created = () => Math.floor(Date.now() / 1000);

/** A `chat.completion` object as the API returns it for a non-streamed call. */
export function chatCompletion(id: string, model: string, content: string) {
	const completionTokens = content.split(' ').length;
	return {
		id,
		object: 'chat.completion',
		created: created(),
		model,
		choices: [{ index: 0, message: { role: 'assistant', content, refusal: null }, logprobs: null, finish_reason: 'stop' }],
		usage: { prompt_tokens: 12, completion_tokens: completionTokens, total_tokens: 12 + completionTokens },
		system_fingerprint: null,
	};
}

/** One `chat.completion.chunk` of a stream: token `token` (the first also carries the role), or the closing chunk. */
export function chatChunk(id: string, model: string, part: { token: number } | { finish: true }) {
	const delta = 'finish' in part ? {} : { ...(part.token === 0 ? { role: 'assistant' } : {}), content: tokenText(part.token) };
	return {
		id,
		object: 'chat.completion.chunk',
		created: created(),
		model,
		system_fingerprint: null,
		choices: [{ index: 0, delta, logprobs: null, finish_reason: 'finish' in part ? 'stop' : null }],
	};
}

/** A `message` object as Anthropic's Messages API returns it for a non-streamed call. */
export function anthropicMessage(id: string, model: string, content: string) {
	return {
		id,
		type: 'message',
		role: 'assistant',
		model,
		content: [{ type: 'text', text: content }],
		stop_reason: 'end_turn',
		stop_sequence: null,
		usage: { input_tokens: 12, output_tokens: content.split(' ').length },
	};
}

/**
 * The server-sent events of a streamed Messages API answer, as `[event, data]`
 * pairs: the opening events, one `content_block_delta` per token, or the
 * closing events after `tokens` tokens.
 */
export function anthropicEvents(id: string, model: string, part: 'start' | { token: number } | { finish: number }): [string, object][] {
	if (part === 'start') {
		const message = { id, type: 'message', role: 'assistant', model, content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 12, output_tokens: 1 } };
		return [
			['message_start', { type: 'message_start', message }],
			['content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }],
		];
	}
	if ('token' in part) return [['content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: tokenText(part.token) } }]];
	return [
		['content_block_stop', { type: 'content_block_stop', index: 0 }],
		['message_delta', { type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: part.finish } }],
		['message_stop', { type: 'message_stop' }],
	];
}
