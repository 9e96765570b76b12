import { measurementRules, modelClients, poolVariants } from '../../lab/experiment';
import type { Spread } from './lab-stats';

/** How a metric reads on the pages: its name, unit and which direction is better. */
export interface MetricInfo {
	label: string;
	/** Appended to values: `ms`, `req/s`. */
	unit: string;
	better: 'higher' | 'lower';
}

const ms = (label: string): MetricInfo => ({ label, unit: 'ms', better: 'lower' });

export const metrics: Record<string, MetricInfo> = {
	rps: { label: 'Requests per second', unit: 'req/s', better: 'higher' },
	p50Ms: ms('Median latency'),
	p99Ms: ms('99th percentile latency'),
	maxMs: ms('Slowest request'),
	ttftP50Ms: ms('Time to first token, median'),
	ttftP99Ms: ms('Time to first token, 99th percentile'),
	totalP50Ms: ms('Whole stream, median'),
	totalP99Ms: ms('Whole stream, 99th percentile'),
	wallMs: ms('Wall time for all streams'),
	probeP50Ms: ms('Probe request latency, median'),
	probeP99Ms: ms('Probe request latency, 99th percentile'),
	medianMs: ms('Time per query, median'),
	p90Ms: ms('Time per query, 90th percentile'),
	serverCpuPerRequestMs: ms('Server CPU per request'),
	gapP50Ms: ms('Gap between tokens, median'),
	gapP99Ms: ms('Gap between tokens, 99th percentile'),
	serverCpuPerTokenUs: { label: 'Server CPU per token relayed', unit: 'µs', better: 'lower' },
	tokensForNobody: { label: 'Tokens generated after the caller left, per caller', unit: 'tokens', better: 'lower' },
	ranToEndPct: { label: 'Model call ran to the end', unit: '%', better: 'lower' },
	cutShortPct: { label: 'Model call cut short', unit: '%', better: 'higher' },
	offeredRps: { label: 'Offered load', unit: 'req/s', better: 'higher' },
	answeredPct: { label: 'Answered within the timeout', unit: '%', better: 'higher' },
	lateSendPct: { label: `Sent over ${measurementRules.lateSendMs} ms late by the load generator`, unit: '%', better: 'lower' },
	idlePssMiB: { label: 'Memory at idle (PSS, all server processes)', unit: 'MiB', better: 'lower' },
	loadedPssMiB: { label: 'Memory halfway through the window (PSS, all server processes)', unit: 'MiB', better: 'lower' },
	inFlightMid: { label: 'Requests in flight halfway through the window', unit: 'requests', better: 'higher' },
	// Derived on the memory page (src/lib/memory-view.ts): the sums per worker, and the growth per request in flight.
	idlePssPerWorkerMiB: { label: 'PSS per worker at idle', unit: 'MiB', better: 'lower' },
	loadedPssPerWorkerMiB: { label: 'PSS per worker halfway through the window', unit: 'MiB', better: 'lower' },
	pssGrowthPerRequestKiB: { label: 'PSS growth per request in flight', unit: 'KiB', better: 'lower' },
};

/** Each unit spelled out, for text alternatives that a screen reader reads aloud. */
const unitNames: Record<string, string> = {
	'req/s': 'requests per second',
	ms: 'milliseconds',
	'µs': 'microseconds',
	MiB: 'mebibytes',
	KiB: 'kibibytes',
	'%': 'percent',
	tokens: 'tokens',
	requests: 'requests',
};

/** A unit in words: `ms` → `milliseconds`, `MiB` → `mebibytes`. */
export function unitWords(unit: string): string {
	const words = unitNames[unit];
	if (!words) throw new Error(`no words for the unit "${unit}": add them to src/lib/evidence-format.ts`);
	return words;
}

export function metricInfo(metric: string): MetricInfo {
	const info = metrics[metric];
	if (!info) throw new Error(`no label for metric "${metric}": add it to src/lib/evidence-format.ts`);
	return info;
}

/** Short names for scenarios, used where one chart or table mixes several. */
export const scenarioLabels: Record<string, string> = {
	json: 'JSON response',
	'upstream/http': 'httpx call',
	'upstream/aiohttp': 'aiohttp call',
	'upstream/sleep': 'sleep only',
	stream: 'SSE relay',
	'cpu/offloaded': 'offloaded',
	'cpu/blocking': 'blocking in async def',
	'orm/top-authors': 'top authors',
	'orm/recent-books': 'recent books',
	'orm-sync/top-authors': 'top authors, sync session',
	'orm-sync/recent-books': 'recent books, sync session',
	'inprocess/top-authors': 'top authors',
	'inprocess/recent-books': 'recent books',
	'load/openai': 'openai SDK call at a fixed rate',
	'stream/openai': 'stream through the openai SDK',
	'disconnect/openai': 'plain answer, caller leaves',
	'disconnect-stream/openai': 'streamed answer, caller leaves',
	...Object.fromEntries(modelClients.map((client) => [`model/${client.id}`, client.label])),
	...Object.fromEntries(poolVariants.map((variant) => [`pool/${variant.id}`, variant.label])),
};

export function scenarioLabel(scenario: string): string {
	return scenarioLabels[scenario] ?? scenario;
}

/** Digits after the point: fewer as the value grows, so every value shows about three significant digits. */
function decimals(value: number): number {
	const size = Math.abs(value);
	if (size >= 100 || size === 0) return 0;
	if (size >= 10) return 1;
	return 2;
}

/** A measured value without its unit: `3,214`, `103`, `19.6`, `0.85`. */
export function formatNumber(value: number): string {
	const digits = decimals(value);
	return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** A share (0–1) as a percentage, whole when it is whole: `90 %`, `2.5 %`. */
/** A signed move as a percentage: `+13.8 %`, `−20 %` (a true minus sign), `0 %`. */
export function formatMove(fraction: number): string {
	return `${fraction > 0 ? '+' : fraction < 0 ? '−' : ''}${formatPercent(Math.abs(fraction))}`;
}

export function formatPercent(share: number): string {
	const percent = Math.round(share * 1000) / 10;
	return `${Number.isInteger(percent) ? percent.toLocaleString('en-US') : formatNumber(percent)} %`;
}

/** A value with its metric's unit: `3,214 req/s`, `0.85 ms`. */
export function formatValue(value: number, metric: string): string {
	return `${formatNumber(value)} ${metricInfo(metric).unit}`;
}

/** The range part of a spread: `3,100–3,302`. */
export function formatRange(spread: Spread): string {
	return `${formatNumber(spread.min)}–${formatNumber(spread.max)}`;
}

/** A median with its range across repeats: `3,214 (3,100–3,302)`. */
export function formatSpread(spread: Spread): string {
	return spread.n > 1 ? `${formatNumber(spread.median)} (${formatRange(spread)})` : formatNumber(spread.median);
}

/** A ratio: `2.3×`, `0.87×`, `24×`. */
export function formatRatio(ratio: number): string {
	return `${formatNumber(ratio)}×`;
}

/** A count: `12,840`. */
export function formatCount(count: number): string {
	return count.toLocaleString('en-US');
}

/** A moment as a day and UTC time: `25 November 2026, 13:40 UTC`. */
export function formatMoment(iso: string): string {
	const date = new Date(iso);
	const day = date.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
	const time = date.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: 'UTC' });
	return `${day}, ${time} UTC`;
}

/** A duration between two moments: `42 min`, `1 h 05 min`, `48 s`. */
export function formatDuration(startIso: string, endIso: string): string {
	const seconds = Math.max(0, Math.round((Date.parse(endIso) - Date.parse(startIso)) / 1000));
	if (seconds < 60) return `${seconds} s`;
	const minutes = Math.round(seconds / 60);
	if (minutes < 60) return `${minutes} min`;
	return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

