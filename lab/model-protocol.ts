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
