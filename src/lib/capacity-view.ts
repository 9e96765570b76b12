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
export const planColumns = ['Setup', 'Carries it?', 'Workers', 'Cores', 'Memory', 'Latency', 'Limit that binds'] as const;

export const verdictWords: Record<RowPlan['status'], string> = {
	fits: 'Fits the lab machine’s cores',
	exceeds: 'Needs more cores than the lab’s machine',
	unknown: 'Unknown',
};

/** What the memory column shows for a setup the lab has no memory figures for. */
export const memoryNotMeasured = 'not measured';

/** How the memory column is computed, said once under each table. */
export const memoryNote =
	'Memory is the proportional set size (PSS) of the server’s Python processes, as the lab measured it for the same setup calling the model API: each worker’s share at idle, plus the growth per request in flight.';

/** Memory a plan needs, MiB: its workers at idle plus its requests in flight; undefined without the setup's figures. */
export function planMemory(result: RowPlan, params: PlannerParams): number | undefined {
	const fit = params.memory?.[result.row.setup];
	return fit && result.status !== 'unknown' ? result.workers * fit.perWorker.value + result.inFlight * fit.perRequest.value : undefined;
}

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
	const memory = planMemory(result, params);
	const memoryFit = params.memory?.[result.row.setup];
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
		memory: memory === undefined ? memoryNotMeasured : `${formatNumber(memory)} MiB`,
		latency: known ? `${formatMs(result.latency.low * 1000)} – ${formatMs(result.latency.high * 1000)}` : 'unknown',
		binding: known ? bindingWords[result.binding].short : 'unknown',
		arithmetic:
			memory === undefined || !memoryFit
				? arithmetic(result, params)
				: [
						...arithmetic(result, params),
						`Memory ≈ ${result.workers} workers × ${formatNumber(memoryFit.perWorker.value)} MiB + ${formatNumber(result.inFlight)} requests in flight × ${formatNumber(memoryFit.perRequest.value)} MiB = ${formatNumber(memory)} MiB.`,
					],
		outside: result.outside,
		unknown: result.unknown,
		sources: [...result.sources.map((source) => sourceLink(source.from)), ...(memory !== undefined && memoryFit ? [sourceLink(memoryFit.perWorker.from)] : [])],
	};
}
