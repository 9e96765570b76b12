import { percentile } from '../../src/lib/lab-stats.ts';
import { labFetch } from './connections.ts';
import { measurementRules } from '../experiment.ts';

/**
 * Open-loop load: requests fall due at a fixed rate, one every 1/rate seconds,
 * and each is sent when due whether or not earlier ones were answered, on a
 * connection of its own when none is free (the driver's undici client opens
 * as many as it needs). Latency is timed from when the request was due, not from when it
 * was sent, so a server that falls behind shows its queue instead of slowing
 * the generator down (the coordinated omission a closed loop such as wrk
 * suffers). A request unanswered `timeoutMs` after it was due is aborted and
 * counted as timed out; its latency enters the percentiles as the timeout, so
 * a percentile at the timeout reads "at least".
 */
export interface OpenLoopOptions {
	url: string;
	/** Requests per second. */
	rate: number;
	durationSeconds: number;
	timeoutMs: number;
	/** Checks one answer's JSON body; returns a problem, or undefined when right. */
	check?: (body: unknown) => string | undefined;
}

export interface OpenLoopResult {
	metrics: Record<string, number>;
	counts: { completed: number; failed: number; timedOut: number };
	/** Requests sent more than measurementRules.lateSendMs after they were due: the generator itself fell behind. */
	lateSends: number;
	problems: string[];
}

const round = (value: number) => Math.round(value * 10) / 10;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function runOpenLoop(options: OpenLoopOptions): Promise<OpenLoopResult> {
	const { url, rate, durationSeconds, timeoutMs, check } = options;
	const total = Math.max(1, Math.round(rate * durationSeconds));
	const gapMs = 1000 / rate;
	const latencies: number[] = [];
	const problems = new Set<string>();
	let completed = 0;
	let failed = 0;
	let timedOut = 0;
	let lateSends = 0;

	const one = async (due: number) => {
		const lag = performance.now() - due;
		if (lag > measurementRules.lateSendMs) lateSends++;
		try {
			const response = await labFetch(url, { signal: AbortSignal.timeout(Math.max(1, Math.round(timeoutMs - lag))) });
			const text = await response.text();
			const latency = performance.now() - due;
			if (!response.ok) {
				failed++;
				problems.add(`status ${response.status}: ${text.slice(0, 200)}`);
				return;
			}
			const problem = check?.(JSON.parse(text));
			if (problem) {
				failed++;
				problems.add(problem);
				return;
			}
			completed++;
			latencies.push(latency);
		} catch (error) {
			if (error instanceof DOMException && error.name === 'TimeoutError') {
				timedOut++;
				latencies.push(timeoutMs);
			} else {
				failed++;
				problems.add(String(error));
			}
		}
	};

	const started = performance.now() + 20;
	const sent: Promise<void>[] = [];
	for (let i = 0; i < total; i++) {
		const due = started + i * gapMs;
		const wait = due - performance.now();
		if (wait > 0) await sleep(wait);
		sent.push(one(due));
	}
	await Promise.all(sent);

	const metrics: Record<string, number> = {
		offeredRps: rate,
		rps: round(completed / durationSeconds),
		answeredPct: round((completed / total) * 100),
		// Recorded so a reader can see when the generator, sharing the cores, fell behind its own schedule.
		lateSendPct: round((lateSends / total) * 100),
	};
	if (latencies.length > 0) {
		Object.assign(metrics, {
			p50Ms: round(percentile(latencies, 50)),
			p90Ms: round(percentile(latencies, 90)),
			p99Ms: round(percentile(latencies, 99)),
			maxMs: round(Math.max(...latencies)),
		});
	}
	return { metrics, counts: { completed, failed, timedOut }, lateSends, problems: [...problems] };
}
