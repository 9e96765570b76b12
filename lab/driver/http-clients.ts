import { percentile } from '../../src/lib/lab-stats.ts';
import { labFetch } from './connections.ts';

export interface StreamResult {
	metrics: Record<string, number>;
	counts: { completed: number; failed: number; timedOut: number };
	problems: string[];
}

interface OneStream {
	ttftMs?: number;
	totalMs?: number;
	/** Milliseconds between one token's arrival and the next's. */
	gapsMs?: number[];
	problem?: string;
	timedOut?: boolean;
}

/** The SSE data lines a stream must carry: tok-0 … tok-(n-1), then [DONE]. */
export function expectedStreamEvents(tokens: number): string[] {
	return [...Array.from({ length: tokens }, (_, i) => `tok-${i}`), '[DONE]'];
}

/** Data payloads of the complete SSE events in `text` (events end with a blank line). */
export function sseData(text: string): string[] {
	return text
		.split('\n\n')
		.slice(0, -1)
		.flatMap((event) => event.split('\n').filter((line) => line.startsWith('data: ')).map((line) => line.slice(6)));
}

async function oneStream(url: string, tokens: number, timeoutMs: number): Promise<OneStream> {
	const start = performance.now();
	const expected = expectedStreamEvents(tokens);
	try {
		const response = await labFetch(url, { signal: AbortSignal.timeout(timeoutMs) });
		if (!response.ok || !response.body) return { problem: `status ${response.status}` };
		const decoder = new TextDecoder();
		let text = '';
		let ttftMs: number | undefined;
		// Token arrivals, found event by event as chunks come in (scanning the whole text each time would cost the generator CPU).
		const arrivals: number[] = [];
		let scanned = 0;
		for await (const chunk of response.body) {
			text += decoder.decode(chunk, { stream: true });
			const now = performance.now();
			for (let end = text.indexOf('\n\n', scanned); end !== -1; end = text.indexOf('\n\n', scanned)) {
				if (text.startsWith('data: tok-', scanned)) arrivals.push(now);
				scanned = end + 2;
			}
			if (ttftMs === undefined && arrivals.length > 0) ttftMs = now - start;
		}
		const totalMs = performance.now() - start;
		const got = sseData(text);
		if (got.join(' ') !== expected.join(' ')) {
			return { problem: `expected ${tokens} tokens in order then [DONE], got ${got.length} events: ${got.slice(0, 3).join(', ')}…` };
		}
		return { ttftMs, totalMs, gapsMs: arrivals.slice(1).map((at, index) => at - arrivals[index]!) };
	} catch (error) {
		const timedOut = error instanceof DOMException && error.name === 'TimeoutError';
		return { timedOut, problem: timedOut ? 'timed out' : String(error) };
	}
}

/** `count` concurrent SSE streams; time to first token and total time per stream, with every token checked. */
export async function runStreams(url: string, count: number, tokens: number, timeoutMs: number): Promise<StreamResult> {
	const start = performance.now();
	const results = await Promise.all(Array.from({ length: count }, () => oneStream(url, tokens, timeoutMs)));
	const wallMs = performance.now() - start;
	const ok = results.filter((result) => result.problem === undefined);
	const round = (value: number) => Math.round(value * 10) / 10;
	const ttft = ok.map((result) => result.ttftMs!);
	const total = ok.map((result) => result.totalMs!);
	const metrics: Record<string, number> = { wallMs: round(wallMs) };
	const gaps = ok.flatMap((result) => result.gapsMs ?? []);
	if (gaps.length > 0) Object.assign(metrics, { gapP50Ms: round(percentile(gaps, 50)), gapP99Ms: round(percentile(gaps, 99)) });
	if (ok.length > 0) {
		Object.assign(metrics, {
			ttftP50Ms: round(percentile(ttft, 50)),
			ttftP99Ms: round(percentile(ttft, 99)),
			totalP50Ms: round(percentile(total, 50)),
			totalP99Ms: round(percentile(total, 99)),
		});
	}
	const timedOut = results.filter((result) => result.timedOut).length;
	return {
		metrics,
		counts: { completed: ok.length, failed: results.length - ok.length - timedOut, timedOut },
		problems: [...new Set(results.flatMap((result) => (result.problem ? [result.problem] : [])))],
	};
}

/**
 * Sends one cheap request every `gapMs` until `durationMs` has passed (each
 * waits for the previous, so at most durationMs / gapMs + 1 requests) and
 * reports their latencies: how long a light request waits while heavy
 * requests occupy the server.
 */
export async function probeLatency(url: string, durationMs: number, gapMs: number, timeoutMs: number) {
	const latencies: number[] = [];
	let failed = 0;
	let timedOut = 0;
	const end = performance.now() + durationMs;
	while (performance.now() < end) {
		const start = performance.now();
		try {
			const response = await labFetch(url, { signal: AbortSignal.timeout(timeoutMs) });
			await response.arrayBuffer();
			if (response.ok) latencies.push(performance.now() - start);
			else failed++;
		} catch (error) {
			if (error instanceof DOMException && error.name === 'TimeoutError') timedOut++;
			else failed++;
		}
		await new Promise((resolve) => setTimeout(resolve, gapMs));
	}
	return { latencies, failed, timedOut };
}

/**
 * Callers that go away mid-answer: `rounds` times, `callers` requests at once,
 * each reading what arrives and then closing its connection `leaveAfterMs`
 * after it was sent. Returns how many left as planned, and how many got a
 * whole answer or an error first (the point then measured nothing).
 */
export async function runDisconnects(url: string, callers: number, rounds: number, leaveAfterMs: number): Promise<{ left: number; failed: number; problems: string[] }> {
	let left = 0;
	let failed = 0;
	const problems = new Set<string>();
	const one = async () => {
		const controller = new AbortController();
		const timer = setTimeout(() => controller.abort(), leaveAfterMs);
		try {
			const response = await labFetch(url, { signal: controller.signal });
			if (!response.ok) problems.add(`status ${response.status}`);
			await response.arrayBuffer();
			failed++;
			problems.add('the answer ended before the caller left');
		} catch (error) {
			if (controller.signal.aborted) left++;
			else {
				failed++;
				problems.add(String(error));
			}
		} finally {
			clearTimeout(timer);
		}
	};
	for (let round = 0; round < rounds; round++) await Promise.all(Array.from({ length: callers }, one));
	return { left, failed, problems: [...problems] };
}
