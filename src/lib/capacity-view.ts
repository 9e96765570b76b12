/**
 * The capacity planner's results as text: what the page's static tables (at
 * build time) and the <capacity-planner> island (in the browser) both show,
 * so the two cannot drift apart. Pure and browser-safe.
 */
import { arithmetic, bindingWords, formatMs, formatNumber, type Fitted, type PlannerParams, type RowPlan } from './capacity-plan';

export interface SourceLink {
	/** Path under the site's base, e.g. `/evidence/upstream-wait/`. */
	path: string;
	text: string;
}

export interface PlanCells {
	key: string;
	setup: string;
	client: string;
	status: RowPlan['status'];
	verdict: string;
	workers: string;
	cores: string;
	memory: string;
	latency: string;
	binding: string;
	arithmetic: string[];
	outside: string[];
	unknown: string[];
	sources: SourceLink[];
}

/** The plan table's column titles, in order. */
export const planColumns = ['Setup', 'Carries it?', 'Workers', 'Cores', 'Latency', 'Limit that binds'] as const;

export const verdictWords: Record<RowPlan['status'], string> = {
	fits: 'Fits the lab machine’s cores',
	exceeds: 'Needs more cores than the lab’s machine',
	unknown: 'Unknown',
};

/** Memory per worker is not in the lab's results yet. */
export const memoryNotMeasured = 'not measured yet';

const scenarioWords: Record<string, string> = {
	json: 'plain JSON',
	stream: 'token stream',
	'upstream/http': 'httpx call',
	'upstream/aiohttp': 'aiohttp call',
	'upstream/sleep': 'sleep only',
	'cpu/offloaded': 'CPU work, offloaded',
	'cpu/blocking': 'CPU work, blocking',
};

/** What a scenario is called in the planner. */
export function scenarioText(scenario: string): string {
	return scenarioWords[scenario] ?? scenario.replace('/', ', ').replace(/-/g, ' ');
}

/** What a measured point is called in the planner's links. */
export function pointText(from: Fitted['from']): string {
	return `${scenarioText(from.scenario)}, ${from.concurrency} connections`;
}

export function sourceLink(from: Fitted['from']): SourceLink {
	return { path: `/evidence/${from.workload}/`, text: pointText(from) };
}

export function planCells(result: RowPlan, params: PlannerParams): PlanCells {
	const known = result.status !== 'unknown';
	const workers = !known
		? 'unknown'
		: result.threads !== null
			? `${result.workers} × ${result.threads} threads`
			: `${result.workers}`;
	return {
		key: result.row.key,
		setup: result.row.label,
		client: result.row.clientLabel,
		status: result.status,
		verdict: result.outside.length > 0 ? `${verdictWords[result.status]}, beyond what the lab measured` : verdictWords[result.status],
		workers,
		cores: known ? formatNumber(result.cores) : 'unknown',
		memory: memoryNotMeasured,
		latency: known ? `${formatMs(result.latency.low * 1000)} – ${formatMs(result.latency.high * 1000)}` : 'unknown',
		binding: known ? bindingWords[result.binding].short : 'unknown',
		arithmetic: arithmetic(result, params),
		outside: result.outside,
		unknown: result.unknown,
		sources: result.sources.map((source) => sourceLink(source.from)),
	};
}
