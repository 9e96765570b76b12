/**
 * The capacity planner's parameters, fitted from a lab run, and the check of
 * the model against the run's own points it was not fitted on. Pure: the
 * build calls it with the published run (src/components/CapacityPlanner.astro)
 * and the tests with fixtures. Setups come from lab/experiment.ts.
 *
 * Fitted on: server CPU seconds per request (the workers' CPU over their
 * requests, in the window) at the plain JSON point, at each model-call
 * scenario's lowest concurrency, at the streaming point and at the first
 * relational query; the cores the servers could use (the median over the
 * plain JSON samples, where every setup is CPU-bound, of server CPU seconds
 * per second of window).
 * Held out: throughput at every higher concurrency of the model-call
 * scenarios, and throughput with CPU work in the request.
 */
import { ormQueries, serverSetups, upstreamClients } from '../../lab/experiment';
import type { LabPoint, LabRun } from '../../lab/results';
import { scenarioLabel } from './evidence-format';
import { percentile } from './lab-stats';
import { pointMemory } from './memory-view';
import { ceiling, type ConcurrencyModel, type Fitted, type PlannerParams, type PointRef, type RowParams } from './capacity-plan';

/** Held-out throughput predictions within this fraction of the measured value count as good. */
export const throughputTolerance = 0.25;
/** The share of held-out predictions that must be good for the model to be good enough. */
export const targetShare = 0.8;
/** A level counts as saturated once its throughput reaches this share of the highest throughput of its scenario. */
export const kneeShare = 0.9;

/** The relational query the per-query cost is fitted on: the lab's first. */
export const fittedQuery = ormQueries[0];

/** The upstream-wait clients (httpx, aiohttp) a product could call a model API with: every one but the bare sleep. The model workloads have clients of their own (the manifest's modelClients). */
const upstreamModelClients = upstreamClients.filter((client) => client !== 'sleep');

const ref = (point: LabPoint): PointRef => ({ workload: point.workload, scenario: point.scenario, setup: point.setup, concurrency: point.concurrency });

const median = (values: readonly number[]) => percentile(values, 50);

/** Server CPU seconds per request at a point: per sample, the workers' CPU over their requests; the median of the samples. Null without per-worker data. */
export function cpuPerRequest(point: LabPoint): number | null {
	const perSample = point.samples.flatMap((sample) => {
		if (!sample.workers) return [];
		const requests = sample.workers.reduce((sum, worker) => sum + worker.requests, 0);
		const cpu = sample.workers.reduce((sum, worker) => sum + worker.cpuSeconds, 0);
		return requests > 0 ? [cpu / requests] : [];
	});
	return perSample.length > 0 ? median(perSample) : null;
}

/** Database CPU seconds per request at a point (median of its samples), or null without CPU data. */
export function dbCpuPerRequest(point: LabPoint): number | null {
	const perSample = point.samples.flatMap((sample) => {
		const requests = sample.workers?.reduce((sum, worker) => sum + worker.requests, 0) ?? 0;
		return sample.cpu && requests > 0 ? [sample.cpu.database / requests] : [];
	});
	return perSample.length > 0 ? median(perSample) : null;
}

/**
 * Memory per worker and per request in flight, MiB of PSS, for each setup the
 * run measured calling the model API through the SDK's default client, as the
 * memory evidence page computes it (memory-view.ts, pointMemory): per sample,
 * the idle sum over the server's processes divided by its workers (the
 * supervisor's share rides along), and the growth halfway through the window
 * over the requests then in flight; the median of the samples. A setup whose
 * samples never had a request in flight is left out.
 */
export function fitMemory(run: LabRun): Record<string, { perWorker: Fitted; perRequest: Fitted }> {
	const fits: Record<string, { perWorker: Fitted; perRequest: Fitted }> = {};
	for (const point of run.points.filter((candidate) => candidate.workload === 'model-api' && candidate.scenario === 'model/openai')) {
		const memory = pointMemory(point, run.settings.workers);
		if (!memory?.growthPerRequestMiB) continue;
		fits[point.setup] = { perWorker: { value: memory.idlePerWorkerMiB.median, from: ref(point) }, perRequest: { value: memory.growthPerRequestMiB.median, from: ref(point) } };
	}
	return fits;
}

export const measuredRps = (point: LabPoint): number => median(point.samples.map((sample) => sample.metrics.rps ?? 0));

function find(run: LabRun, setup: string, scenario: string, concurrency?: number): LabPoint | undefined {
	const points = run.points.filter((point) => point.setup === setup && point.scenario === scenario && (concurrency === undefined || point.concurrency === concurrency));
	return points.sort((a, b) => a.concurrency - b.concurrency)[0];
}

function fitted(point: LabPoint | undefined, value: (point: LabPoint) => number | null): Fitted | null {
	if (!point) return null;
	const v = value(point);
	// Four significant figures: more than the measurements carry, and a smaller page.
	return v === null ? null : { value: Number(v.toPrecision(4)), from: ref(point) };
}

/** The cores the servers could use: the median over the plain JSON samples of server CPU seconds per second of window. */
export function usableCores(run: LabRun): Fitted | null {
	const points = run.points.filter((point) => point.scenario === 'json');
	const values = points.flatMap((point) =>
		point.samples.flatMap((sample) => (sample.workers && sample.window ? [sample.workers.reduce((sum, worker) => sum + worker.cpuSeconds, 0) / sample.window.seconds] : [])),
	);
	return values.length > 0 && points[0] ? { value: median(values), from: ref(points[0]) } : null;
}

const clientLabel = (client: string) => scenarioLabel(`upstream/${client}`).replace(/ call$/, '');

/** The planner's rows: each server setup in the run with each model client it offers. */
function rowsOf(run: LabRun): RowParams[] {
	const inRun = new Set(run.points.map((point) => point.setup));
	const query = fittedQuery;
	return serverSetups
		.filter((setup) => inRun.has(setup.id))
		.flatMap((setup) =>
			setup.clients
				.filter((client) => (upstreamModelClients as readonly string[]).includes(client))
				.map((client) => ({
					key: `${setup.id}/${client}`,
					setup: setup.id,
					label: run.setups.find((entry) => entry.id === setup.id)?.label ?? setup.label,
					framework: setup.framework,
					model: setup.model,
					client,
					clientLabel: clientLabel(client),
					cpuPlain: fitted(find(run, setup.id, 'json'), cpuPerRequest),
					cpuCall: fitted(find(run, setup.id, `upstream/${client}`), cpuPerRequest),
					cpuStream: fitted(find(run, setup.id, 'stream'), cpuPerRequest),
					cpuQuery: fitted(find(run, setup.id, `orm/${query.query}`), (point) => {
						const all = cpuPerRequest(point);
						const plain = fitted(find(run, setup.id, 'json'), cpuPerRequest);
						return all === null || plain === null ? null : Math.max(0, all - plain.value);
					}),
					dbCpuQuery: fitted(find(run, setup.id, `orm/${query.query}`), dbCpuPerRequest),
					unknown: null,
					cpuUnknown: null,
				})),
		);
}

/** The planner's parameters from a run, before the held-out check marks what it missed (see `plannerParams`). */
export function fitParams(runId: string, run: LabRun): PlannerParams {
	const perWorkerData = run.points.some((point) => point.samples.some((sample) => sample.workers));
	return {
		runId,
		startedAt: run.startedAt,
		schemaVersion: run.schemaVersion,
		workers: run.settings.workers,
		threads: run.settings.threads,
		cores: run.machine.cores,
		upstreamDelayMs: run.settings.upstreamDelayMs,
		streamMs: run.settings.streamTokens * run.settings.streamGapMs,
		cpuWorkMs: run.settings.cpuWorkMs,
		maxConcurrency: Math.max(...run.points.map((point) => point.concurrency)),
		rows: rowsOf(run),
		missing: perWorkerData
			? null
			: `The published run (schema ${run.schemaVersion}) did not record CPU time per worker, so CPU per request cannot be computed from it.`,
	};
}

// ---------------------------------------------------------------------------
// Predicting a measured point

/**
 * Throughput of a closed loop of `connections` clients that send again as soon
 * as answered (how wrk drives the lab), from the model: the least of
 * connections ÷ time per request and the setup's ceiling (its slots ÷ time per
 * request, the cores its processes can use ÷ CPU per request).
 */
export function predictClosedLoop(model: ConcurrencyModel, workers: number, threads: number, cores: number, connections: number, waitSeconds: number, cpuSeconds: number): number {
	const time = waitSeconds + cpuSeconds;
	return Math.min(connections / time, ceiling(model, workers, threads, cores, time, cpuSeconds));
}

export interface HeldOutPoint {
	point: PointRef;
	/** What the prediction was fitted on. */
	basis: PointRef[];
	predicted: number;
	measured: number;
	/** predicted ÷ measured − 1. */
	error: number;
	within: boolean;
	/** The cores the servers used at the point (median over its samples): whether the CPU was the limit there. Not used to predict. */
	serverCores: number | null;
}

export interface KneeCheck {
	setup: string;
	scenario: string;
	levels: number[];
	measuredKnee: number;
	predictedKnee: number;
	/** Steps between the two knees in the list of levels. */
	steps: number;
	within: boolean;
}

export interface Validation {
	/** Null when the run has no per-request CPU to fit on. */
	heldOut: HeldOutPoint[];
	knees: KneeCheck[];
	within: number;
	share: number;
	/** At least `targetShare` of the held-out points within tolerance and every knee within one step. */
	good: boolean;
	/** Why no check could be made, or null. */
	missing: string | null;
	cores: Fitted | null;
}

function knee(levels: readonly number[], values: readonly number[]): number {
	const top = Math.max(...values);
	const index = values.findIndex((value) => value >= kneeShare * top);
	return levels[index]!;
}

export function validate(run: LabRun, params: PlannerParams): Validation {
	const cores = usableCores(run);
	const empty = (missing: string): Validation => ({ heldOut: [], knees: [], within: 0, share: 0, good: false, missing, cores });
	if (params.missing) return empty(params.missing);
	if (!cores) return empty('The run has no plain JSON point with CPU per worker, so the cores the servers could use are unknown.');
	const heldOut: HeldOutPoint[] = [];
	const knees: KneeCheck[] = [];
	const setups = serverSetups.filter((setup) => run.points.some((point) => point.setup === setup.id));
	const wait = params.upstreamDelayMs / 1000;
	for (const setup of setups) {
		for (const client of setup.clients) {
			const scenario = `upstream/${client}`;
			const points = run.points.filter((point) => point.setup === setup.id && point.scenario === scenario).sort((a, b) => a.concurrency - b.concurrency);
			const [fit, ...rest] = points;
			const cpu = fit && cpuPerRequest(fit);
			if (!fit || cpu === null || cpu === undefined) continue;
			const predict = (connections: number) => predictClosedLoop(setup.model, params.workers, params.threads, cores.value, connections, wait, cpu);
			for (const point of rest) heldOut.push(check(point, predict(point.concurrency), [ref(fit), cores.from]));
			if (points.length >= 2) {
				const levels = points.map((point) => point.concurrency);
				const measuredKnee = knee(levels, points.map(measuredRps));
				const predictedKnee = knee(levels, levels.map(predict));
				const steps = Math.abs(levels.indexOf(measuredKnee) - levels.indexOf(predictedKnee));
				knees.push({ setup: setup.id, scenario, levels, measuredKnee, predictedKnee, steps, within: steps <= 1 });
			}
		}
		// CPU work in the request: the plain request's CPU plus the lab's CPU work, held for the whole request.
		const plain = find(run, setup.id, 'json');
		const plainCpu = plain && cpuPerRequest(plain);
		if (!plain || plainCpu === null || plainCpu === undefined) continue;
		for (const point of run.points.filter((candidate) => candidate.setup === setup.id && candidate.workload === 'cpu-bound')) {
			const cpu = plainCpu + params.cpuWorkMs / 1000;
			const predicted = predictClosedLoop(setup.model, params.workers, params.threads, cores.value, point.concurrency, 0, cpu);
			heldOut.push(check(point, predicted, [ref(plain), cores.from]));
		}
	}
	const within = heldOut.filter((entry) => entry.within).length;
	const share = heldOut.length > 0 ? within / heldOut.length : 0;
	if (heldOut.length === 0) return empty('The run has no points to check the model against.');
	return { heldOut, knees, within, share, good: share >= targetShare && knees.every((entry) => entry.within), missing: null, cores };
}

/** Server CPU seconds per second of window at a point (median of its samples), or null without per-worker data. */
export function serverCoresAt(point: LabPoint): number | null {
	const values = point.samples.flatMap((sample) =>
		sample.workers && sample.window ? [sample.workers.reduce((sum, worker) => sum + worker.cpuSeconds, 0) / sample.window.seconds] : [],
	);
	return values.length > 0 ? median(values) : null;
}

function check(point: LabPoint, predicted: number, basis: PointRef[]): HeldOutPoint {
	const measured = measuredRps(point);
	const error = measured > 0 ? predicted / measured - 1 : Number.POSITIVE_INFINITY;
	return { point: ref(point), basis, predicted, measured, error, within: Math.abs(error) <= throughputTolerance, serverCores: serverCoresAt(point) };
}

/** A held-out point where the model predicted more than was measured while the servers used less than this share of the cores they could: something it does not model held them back. */
export const idleShare = 0.8;

/** The missed points where the servers had CPU to spare: the model over-predicted and the CPU was not the limit. */
export function missesWithCpuToSpare(validation: Validation): HeldOutPoint[] {
	const cores = validation.cores?.value;
	if (cores === undefined) return [];
	return validation.heldOut.filter((entry) => !entry.within && entry.error > 0 && entry.serverCores !== null && entry.serverCores < idleShare * cores);
}

const pct = (error: number) => `${error > 0 ? '+' : ''}${Math.round(error * 100)} %`;

/**
 * The parameters the planner uses: fitted from the run, with every row whose
 * held-out points the model missed marked unknown (and its CPU-work cases,
 * when the CPU-work point was missed).
 */
export function plannerParams(runId: string, run: LabRun): { params: PlannerParams; validation: Validation } {
	const params = fitParams(runId, run);
	const validation = validate(run, params);
	const rows = params.rows.map((row) => {
		const misses = validation.heldOut.filter((entry) => entry.point.setup === row.setup && !entry.within);
		const callMiss = misses.find((entry) => entry.point.scenario === `upstream/${row.client}`);
		const kneeMiss = validation.knees.find((entry) => entry.setup === row.setup && entry.scenario === `upstream/${row.client}` && !entry.within);
		const cpuMiss = misses.find((entry) => entry.point.workload === 'cpu-bound');
		return {
			...row,
			unknown: callMiss
				? `The model missed this setup’s measured ${scenarioLabel(callMiss.point.scenario)} at ${callMiss.point.concurrency} connections by ${pct(callMiss.error)}.`
				: kneeMiss
					? `The model put this setup’s saturation at ${kneeMiss.predictedKnee} connections; the lab measured it at ${kneeMiss.measuredKnee}.`
					: null,
			cpuUnknown: cpuMiss ? `The model missed this setup’s measured CPU work in the request (${scenarioLabel(cpuMiss.point.scenario)}) by ${pct(cpuMiss.error)}.` : null,
		};
	});
	return { params: { ...params, rows }, validation };
}
