/**
 * The capacity planner's model: from a product's traffic and model calls to
 * the workers, threads and cores each lab setup needs, and the limit that
 * binds. Pure and browser-safe. Its parameters (`PlannerParams`) are fitted
 * from the published lab run at build time (src/lib/capacity-params.ts); this
 * file only does the arithmetic, so the page's island and the build share it.
 *
 * The model, in the words the page uses:
 * - time in the system per request S = model call + server CPU + database CPU;
 * - requests in flight L = rate × S (Little's law);
 * - a process-per-request worker holds one request for all of S, a threaded
 *   worker holds one per thread, an event loop holds any number while they wait;
 * - every request costs the server CPU (fitted per setup and client from the
 *   lab's CPU seconds per request), and one Python process uses at most one
 *   core (the GIL), so a loop or a threaded worker carries at most 1 / CPU
 *   requests per second;
 * - plans keep every limit at most `plannedUtilisation` busy, so queues stay short.
 */

import { plannerQueryKeys, plannerSearch } from './capacity-link';

export type ConcurrencyModel = 'processes' | 'threads' | 'event-loop';

/** A measured point a parameter comes from: its evidence page and what ran. */
export interface PointRef {
	workload: string;
	scenario: string;
	setup: string;
	concurrency: number;
}

/** A parameter fitted from the run, with the point it comes from. */
export interface Fitted {
	value: number;
	from: PointRef;
}

/** One row of the planner: a server setup calling the model API with one client. */
export interface RowParams {
	key: string;
	setup: string;
	label: string;
	framework: 'django' | 'fastapi';
	model: ConcurrencyModel;
	client: string;
	clientLabel: string;
	/** Server CPU seconds per request: a plain JSON request; a request that calls the model API with this client; a relayed token stream. */
	cpuPlain: Fitted | null;
	cpuCall: Fitted | null;
	cpuStream: Fitted | null;
	/** Extra server CPU seconds, and database CPU seconds, per relational query. */
	cpuQuery: Fitted | null;
	dbCpuQuery: Fitted | null;
	/** Set when the held-out check failed for this row: the planner shows it as unknown. */
	unknown: string | null;
	/** Set when the held-out check of CPU work in the request failed for this setup: rows with CPU work are unknown. */
	cpuUnknown: string | null;
}

export interface PlannerParams {
	runId: string;
	startedAt: string;
	schemaVersion: number;
	workers: number;
	threads: number;
	cores: number;
	/** The model API's delay in the lab, ms; the longest relayed stream, ms; the CPU work per request the lab measured, ms. */
	upstreamDelayMs: number;
	streamMs: number;
	cpuWorkMs: number;
	/** The most connections any measured point held. */
	maxConcurrency: number;
	rows: RowParams[];
	/**
	 * Memory per setup, MiB of proportional set size, from the run that
	 * measured the model API (capacity-params.ts, fitMemory): per worker at
	 * idle, and per request in flight. Absent for a setup the lab has no
	 * memory figures for.
	 */
	memory?: Record<string, { perWorker: Fitted; perRequest: Fitted }>;
	/** Why the run cannot give the CPU parameters at all (e.g. schema 1), or null. */
	missing: string | null;
}

/**
 * Why plans with relational queries are unknown: the lab runs each query at one
 * load only, so the cost fitted from it has no held-out point to be checked on.
 */
export const queriesUnchecked =
	'Relational queries: the lab measured them at one load only, so the model’s cost for them has not been checked against a point it was not fitted on.';

/** A busy limit this share of the time keeps its queue short; every plan stays at or below it. */
export const plannedUtilisation = 0.7;

export type Binding = 'slots' | 'process-cpu' | 'cores';

/** The limit that binds, short (for a table cell) and in full. */
export const bindingWords: Record<Binding, { short: string; long: string }> = {
	slots: { short: 'slots held for each call', long: 'requests in flight: one per process or thread, held for the whole call' },
	'process-cpu': { short: 'one core per process', long: 'CPU per request: one Python process runs on at most one core at a time' },
	cores: { short: 'the machine’s cores', long: 'the machine’s cores' },
};

// ---------------------------------------------------------------------------
// Input

export interface PlanInput {
	/** Traffic: a peak rate, or users who each call this often. */
	traffic: 'rate' | 'users';
	rps: number;
	users: number;
	callsPerMinute: number;
	/** The model call: total time, time to the first token, and whether the answer is streamed to the client. */
	callMs: number;
	firstTokenMs: number;
	streamed: boolean;
	/** CPU time per request spent in Python, ms; relational queries per request. */
	cpuMs: number;
	queries: number;
}

export type InputField = Exclude<keyof PlanInput, 'traffic' | 'streamed'>;

interface FieldRule {
	label: string;
	min: number;
	max: number;
	integer: boolean;
	/** Zero is not a usable value. */
	positive: boolean;
}

export const fieldRules: Record<InputField, FieldRule> = {
	rps: { label: 'Peak requests per second', min: 0, max: 100_000, integer: false, positive: true },
	users: { label: 'Users active at the peak', min: 0, max: 10_000_000, integer: true, positive: true },
	callsPerMinute: { label: 'Requests per user per minute', min: 0, max: 600, integer: false, positive: true },
	callMs: { label: 'Model call, total time (ms)', min: 0, max: 600_000, integer: false, positive: false },
	firstTokenMs: { label: 'Time to first token (ms)', min: 0, max: 600_000, integer: false, positive: false },
	cpuMs: { label: 'Your own Python CPU time per request (ms)', min: 0, max: 60_000, integer: false, positive: false },
	queries: { label: 'Database queries per request', min: 0, max: 1_000, integer: true, positive: false },
};

export const inputFields = Object.keys(fieldRules) as InputField[];

export interface Preset {
	id: string;
	label: string;
	input: PlanInput;
}

/** Typical products, as starting points: descriptions of traffic, not measurements. */
export const presets: readonly Preset[] = [
	{
		id: 'chat',
		label: 'Chat assistant with streaming',
		input: { traffic: 'users', rps: 20, users: 2000, callsPerMinute: 0.5, callMs: 8000, firstTokenMs: 700, streamed: true, cpuMs: 3, queries: 3 },
	},
	{
		id: 'gateway',
		label: 'Model gateway (forwards each request to a model API)',
		input: { traffic: 'rate', rps: 100, users: 1000, callsPerMinute: 6, callMs: 2000, firstTokenMs: 2000, streamed: false, cpuMs: 0, queries: 0 },
	},
	{
		id: 'retrieval',
		label: 'Retrieval API',
		input: { traffic: 'rate', rps: 50, users: 500, callsPerMinute: 6, callMs: 1500, firstTokenMs: 1500, streamed: false, cpuMs: 10, queries: 4 },
	},
	{
		id: 'batch-scoring',
		label: 'Batch-scoring endpoint',
		input: { traffic: 'rate', rps: 100, users: 10, callsPerMinute: 600, callMs: 0, firstTokenMs: 0, streamed: false, cpuMs: 15, queries: 1 },
	},
	{
		id: 'dashboard',
		label: 'Internal dashboard with an AI feature',
		input: { traffic: 'users', rps: 2, users: 50, callsPerMinute: 2, callMs: 4000, firstTokenMs: 800, streamed: true, cpuMs: 2, queries: 10 },
	},
];

export const defaultInput: PlanInput = presets[0]!.input;

export type InputErrors = Partial<Record<InputField, string>>;

/** Reads one field's text: a number within its rule, or the message saying why not. */
export function parseField(field: InputField, text: string | null | undefined): { value: number } | { error: string } {
	const rule = fieldRules[field];
	const trimmed = (text ?? '').trim();
	if (trimmed === '') return { error: `${rule.label}: enter a number.` };
	if (!/^[0-9]*\.?[0-9]+(e[+-]?[0-9]+)?$/i.test(trimmed)) return { error: `${rule.label}: “${trimmed.slice(0, 20)}” is not a number of zero or more.` };
	const value = Number(trimmed);
	if (!Number.isFinite(value)) return { error: `${rule.label}: enter a number.` };
	if (rule.positive && value <= 0) return { error: `${rule.label}: must be more than zero.` };
	if (value < rule.min || value > rule.max) return { error: `${rule.label}: must be between ${rule.min} and ${rule.max.toLocaleString('en')}.` };
	if (rule.integer && !Number.isInteger(value)) return { error: `${rule.label}: must be a whole number.` };
	return { value };
}

/** Checks an input as a whole (each field, and the first token not after the end of the call). */
export function checkInput(input: PlanInput): InputErrors {
	const errors: InputErrors = {};
	for (const field of inputFields) {
		const checked = parseField(field, String(input[field]));
		if ('error' in checked) errors[field] = checked.error;
	}
	if (!errors.rps && !errors.users && !errors.callsPerMinute && arrivalRate(input) > fieldRules.rps.max) {
		errors[input.traffic === 'rate' ? 'rps' : 'users'] = `The peak rate comes to more than ${fieldRules.rps.max.toLocaleString('en')} requests per second: beyond what this planner covers.`;
	}
	if (input.streamed && !errors.firstTokenMs && !errors.callMs && input.firstTokenMs > input.callMs) {
		errors.firstTokenMs = `${fieldRules.firstTokenMs.label}: cannot be longer than the whole call.`;
	}
	// Only the traffic form in use needs valid values.
	if (input.traffic === 'rate') {
		delete errors.users;
		delete errors.callsPerMinute;
	} else delete errors.rps;
	return errors;
}

const queryKeys: Record<InputField | 'traffic' | 'streamed', string> = plannerQueryKeys;

/**
 * The input a URL query describes. A missing or unusable value takes the
 * default's; `rejected` names the fields the URL gave but could not use.
 */
export function parseQuery(search: string, fallback: PlanInput = defaultInput): { input: PlanInput; rejected: string[] } {
	const params = new URLSearchParams(plannerSearch(search));
	const input: PlanInput = { ...fallback };
	const rejected: string[] = [];
	const traffic = params.get(queryKeys.traffic);
	if (traffic === 'rate' || traffic === 'users') input.traffic = traffic;
	else if (traffic !== null) rejected.push('traffic');
	const streamed = params.get(queryKeys.streamed);
	if (streamed === '1' || streamed === '0') input.streamed = streamed === '1';
	else if (streamed !== null) rejected.push(queryKeys.streamed);
	for (const field of inputFields) {
		const text = params.get(queryKeys[field]);
		if (text === null) continue;
		const checked = parseField(field, text);
		if ('value' in checked) input[field] = checked.value;
		else rejected.push(fieldRules[field].label);
	}
	// Values fine alone but not together (a first token after the call ends, a rate beyond the planner's range).
	for (const field of Object.keys(checkInput(input)) as InputField[]) {
		input[field] = field === 'firstTokenMs' ? Math.min(fallback.firstTokenMs, input.callMs) : fallback[field];
		if (field === 'users') input.callsPerMinute = fallback.callsPerMinute;
		if (!rejected.includes(fieldRules[field].label)) rejected.push(fieldRules[field].label);
	}
	return { input, rejected };
}

/** The query string for an input (without the `?`), in a fixed key order. */
export function serializeQuery(input: PlanInput): string {
	const params = new URLSearchParams();
	params.set(queryKeys.traffic, input.traffic);
	if (input.traffic === 'rate') params.set(queryKeys.rps, String(input.rps));
	else {
		params.set(queryKeys.users, String(input.users));
		params.set(queryKeys.callsPerMinute, String(input.callsPerMinute));
	}
	params.set(queryKeys.callMs, String(input.callMs));
	params.set(queryKeys.streamed, input.streamed ? '1' : '0');
	if (input.streamed) params.set(queryKeys.firstTokenMs, String(input.firstTokenMs));
	params.set(queryKeys.cpuMs, String(input.cpuMs));
	params.set(queryKeys.queries, String(input.queries));
	return params.toString();
}

/** The peak rate an input describes, requests per second. */
export function arrivalRate(input: PlanInput): number {
	return input.traffic === 'rate' ? input.rps : (input.users * input.callsPerMinute) / 60;
}

// ---------------------------------------------------------------------------
// Queueing

/** Up to this many servers Erlang C is computed exactly. */
const exactServers = 2000;

const normalPdf = (x: number) => Math.exp((-x * x) / 2) / Math.sqrt(2 * Math.PI);

/** The standard normal distribution function (Abramowitz and Stegun 7.1.26 for erf; error below 1.5e-7). */
function normalCdf(x: number): number {
	const z = Math.abs(x) / Math.SQRT2;
	const t = 1 / (1 + 0.3275911 * z);
	const erf = 1 - t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))) * Math.exp(-z * z);
	return x >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

/**
 * Erlang C: the probability that an arrival waits, with `servers` servers
 * and offered load `load` (arrival rate × service time), for load < servers.
 * Computed through the Erlang B recursion, which stays stable for thousands of servers.
 */
export function erlangC(servers: number, load: number): number {
	if (load <= 0) return 0;
	if (load >= servers) return 1;
	if (servers > exactServers) {
		// Halfin and Whitt's many-server limit: exact enough here, and no loop over millions of servers.
		const beta = (servers - load) / Math.sqrt(load);
		return Math.min(1, 1 / (1 + (beta * normalCdf(beta)) / normalPdf(beta)));
	}
	let blocking = 1;
	for (let k = 1; k <= servers; k += 1) blocking = (load * blocking) / (k + load * blocking);
	const rho = load / servers;
	return blocking / (1 - rho + rho * blocking);
}

/** Mean time waiting for one of `servers` servers (M/M/c), seconds; Infinity when the load reaches them. */
export function meanWait(servers: number, rate: number, serviceSeconds: number): number {
	const load = rate * serviceSeconds;
	if (load <= 0) return 0;
	if (load >= servers) return Number.POSITIVE_INFINITY;
	return (erlangC(servers, load) * serviceSeconds) / (servers - load);
}

// ---------------------------------------------------------------------------
// The plan

export interface RowPlan {
	row: RowParams;
	status: 'fits' | 'exceeds' | 'unknown';
	/** Why the row is unknown. */
	unknown: string[];
	rate: number;
	/** Server CPU per request, database CPU per request, and time in the system without queueing, seconds. */
	cpuSeconds: number;
	dbCpuSeconds: number;
	timeInSystem: number;
	inFlight: number;
	workers: number;
	/** Threads per worker (threaded setups), or null. */
	threads: number | null;
	/** Requests one worker can hold at once (Infinity for an event loop). */
	slotsPerWorker: number;
	cores: number;
	binding: Binding;
	/** Time to the answer (to the first token when streamed) without a queue, and with the planned load's mean queueing, seconds. */
	latency: { low: number; high: number };
	/** The highest rate the lab's shape (its workers and threads on its cores) carries for this request. */
	labCeiling: number;
	/** Where the case lies outside what the lab measured. */
	outside: string[];
	/** The parameters used, for the page to link each figure to its point. */
	sources: Fitted[];
}

function slotsPerWorker(model: ConcurrencyModel, threads: number): number {
	return model === 'processes' ? 1 : model === 'threads' ? threads : Number.POSITIVE_INFINITY;
}

const unknownPlan = (row: RowParams, rate: number, reasons: string[]): RowPlan => ({
	row,
	status: 'unknown',
	unknown: reasons,
	rate,
	cpuSeconds: Number.NaN,
	dbCpuSeconds: Number.NaN,
	timeInSystem: Number.NaN,
	inFlight: Number.NaN,
	workers: Number.NaN,
	threads: null,
	slotsPerWorker: Number.NaN,
	cores: Number.NaN,
	binding: 'cores',
	latency: { low: Number.NaN, high: Number.NaN },
	labCeiling: Number.NaN,
	outside: [],
	sources: [],
});

/** One setup's plan for an input. The input must pass `checkInput`. */
export function planRow(params: PlannerParams, row: RowParams, input: PlanInput): RowPlan {
	const rate = arrivalRate(input);
	const callSeconds = input.callMs / 1000;
	const unknown: string[] = [];
	if (params.missing) unknown.push(params.missing);
	if (row.unknown) unknown.push(row.unknown);
	if (input.cpuMs > 0 && row.cpuUnknown) unknown.push(row.cpuUnknown);
	const base = input.callMs === 0 ? row.cpuPlain : input.streamed ? row.cpuStream : row.cpuCall;
	if (!base && !params.missing) {
		unknown.push(
			input.callMs === 0
				? 'The run has no plain-request point for this setup.'
				: input.streamed
					? 'The run has no streaming point for this setup.'
					: 'The run has no model-call point for this setup and client.',
		);
	}
	const perQuery = input.queries > 0 ? row.cpuQuery : null;
	const dbPerQuery = input.queries > 0 ? row.dbCpuQuery : null;
	if (input.queries > 0 && (!perQuery || !dbPerQuery) && !params.missing) unknown.push('The lab did not run relational queries on this setup.');
	else if (input.queries > 0 && !params.missing) unknown.push(queriesUnchecked);
	if (unknown.length > 0 || !base) return unknownPlan(row, rate, unknown);

	// A relayed stream's CPU grows with its tokens: scaled up by its length against the lab's stream, never down.
	// A request that calls the model costs at least what a plain one does, whatever the noise in either point.
	const scaled = input.streamed && input.callMs > 0 ? base.value * Math.max(1, input.callMs / params.streamMs) : base.value;
	const baseSeconds = Math.max(scaled, row.cpuPlain?.value ?? 0);
	const cpuSeconds = baseSeconds + input.cpuMs / 1000 + input.queries * (perQuery?.value ?? 0);
	const dbCpuSeconds = input.queries * (dbPerQuery?.value ?? 0);
	const timeInSystem = callSeconds + cpuSeconds + dbCpuSeconds;
	const inFlight = rate * timeInSystem;
	const slots = slotsPerWorker(row.model, params.threads);
	const u = plannedUtilisation;

	const forSlots = Number.isFinite(slots) ? Math.ceil(inFlight / (slots * u)) : 1;
	const forProcessCpu = row.model === 'processes' ? 1 : Math.ceil((rate * cpuSeconds) / u);
	const workers = Math.max(1, forSlots, forProcessCpu);
	const cores = (rate * (cpuSeconds + dbCpuSeconds)) / u;
	const binding: Binding = cores > params.cores ? 'cores' : forSlots >= forProcessCpu && Number.isFinite(slots) ? 'slots' : 'process-cpu';

	// Queueing at the planned size: for a slot, then for a core.
	const slotWait = Number.isFinite(slots) ? meanWait(workers * slots, rate, timeInSystem) : 0;
	const cpuServers = Math.max(1, Math.min(workers, Math.ceil(cores)));
	const cpuWait = meanWait(cpuServers, rate, cpuSeconds + dbCpuSeconds);
	// Streamed: the reader waits for the first token, after the request's own work (its Python CPU and queries).
	const ownWork = input.cpuMs / 1000 + input.queries * ((perQuery?.value ?? 0) + (dbPerQuery?.value ?? 0));
	const firstAnswer = input.streamed ? input.firstTokenMs / 1000 + ownWork : timeInSystem;
	const low = firstAnswer;
	const high = firstAnswer + slotWait + cpuWait;

	const outside: string[] = [];
	const longest = input.streamed ? params.streamMs : params.upstreamDelayMs;
	if (input.callMs > longest) outside.push(`model calls longer than the lab’s (${formatMs(longest)})`);
	if (inFlight > params.maxConcurrency) outside.push(`more requests in flight than the lab’s most connections (${params.maxConcurrency})`);
	if (input.cpuMs > params.cpuWorkMs) outside.push(`more CPU per request than the lab’s CPU work (${formatMs(params.cpuWorkMs)})`);
	if (workers > params.workers) outside.push(`more workers than the lab ran (${params.workers})`);
	if (cores > params.cores) outside.push(`more cores than the lab’s machine (${params.cores})`);

	return {
		row,
		status: cores > params.cores ? 'exceeds' : 'fits',
		unknown: [],
		rate,
		cpuSeconds,
		dbCpuSeconds,
		timeInSystem,
		inFlight,
		workers,
		threads: row.model === 'threads' ? params.threads : null,
		slotsPerWorker: slots,
		cores,
		binding,
		latency: { low, high },
		labCeiling: ceiling(row.model, params.workers, params.threads, params.cores, timeInSystem, cpuSeconds),
		outside,
		sources: [base, perQuery, dbPerQuery].filter((source): source is Fitted => source !== null),
	};
}

/**
 * The highest rate a setup carries with `workers` workers on the lab's
 * machine, from the model, for a request that takes `timeInSystem` seconds
 * and `cpuSeconds` of server CPU: the least of its slots ÷ time per request
 * and the cores its processes can use ÷ CPU per request.
 */
export function ceiling(model: ConcurrencyModel, workers: number, threads: number, cores: number, timeInSystem: number, cpuSeconds: number): number {
	const bySlots = (workers * slotsPerWorker(model, threads)) / timeInSystem;
	const byCpu = Math.min(workers, cores) / cpuSeconds;
	return Math.min(bySlots, byCpu);
}

export function plan(params: PlannerParams, input: PlanInput): RowPlan[] {
	return params.rows.map((row) => planRow(params, row, input));
}

// ---------------------------------------------------------------------------
// Words and numbers

/** A duration in ms or s, two or three significant figures. */
export function formatMs(ms: number): string {
	if (!Number.isFinite(ms)) return 'unbounded';
	if (ms >= 1000) return `${formatNumber(ms / 1000)} s`;
	return `${formatNumber(ms)} ms`;
}

export function formatNumber(value: number): string {
	if (!Number.isFinite(value)) return '—';
	if (value === 0) return '0';
	const abs = Math.abs(value);
	// About three significant figures, never more than two after the point below 1 unless the value is smaller than that.
	const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 0.01 ? 2 : 3;
	return value.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

/** The arithmetic of one plan in plain words, with its numbers. */
export function arithmetic(plan: RowPlan, params: PlannerParams): string[] {
	if (plan.status === 'unknown') return [];
	const lines = [
		`Time in the system per request: ${formatMs(plan.timeInSystem * 1000)} (model call, ${formatMs(plan.cpuSeconds * 1000)} of server CPU${plan.dbCpuSeconds > 0 ? `, ${formatMs(plan.dbCpuSeconds * 1000)} of database CPU` : ''}).`,
		`Requests in flight = rate × time in the system = ${formatNumber(plan.rate)} × ${formatNumber(plan.timeInSystem)} s = ${formatNumber(plan.inFlight)}.`,
	];
	if (Number.isFinite(plan.slotsPerWorker)) {
		const per = plan.row.model === 'threads' ? `${plan.slotsPerWorker} threads per worker` : 'one request per worker';
		lines.push(`With ${per}, kept at most ${Math.round(plannedUtilisation * 100)} % busy: ${formatNumber(plan.inFlight)} ÷ (${plan.slotsPerWorker} × ${plannedUtilisation}) → ${plan.workers} workers.`);
	} else {
		lines.push(`An event loop holds waiting requests without a thread each; CPU per worker = ${formatNumber(plan.rate)} × ${formatMs(plan.cpuSeconds * 1000)} → ${plan.workers} workers at most ${Math.round(plannedUtilisation * 100)} % busy.`);
	}
	lines.push(`Cores = rate × CPU per request ÷ ${plannedUtilisation} = ${formatNumber(plan.cores)} of the lab machine’s ${params.cores}.`);
	const shape = plan.threads !== null ? `${params.workers} workers × ${params.threads} threads` : `${params.workers} workers`;
	lines.push(`With the lab’s ${shape} on its ${params.cores} cores, this setup would carry at most ${formatNumber(plan.labCeiling)} requests per second of this kind.`);
	lines.push(`The limit that binds: ${bindingWords[plan.binding].long}.`);
	return lines;
}
