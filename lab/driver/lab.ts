/**
 * npm run lab [-- --smoke] [--workers N] [--threads N] [--repeats N]
 *             [--duration S] [--only WORKLOAD,…] [--port-base P] [--out FILE]
 *             [--python PYTHON] [--resume FILE.partial.jsonl]
 *
 * Runs every server setup of lab/experiment.ts through every workload on
 * 127.0.0.1 and writes one results file (content/data/lab/ for a full run).
 * Each sample is checked against the results contract and appended to a
 * `.partial.jsonl` file as it is taken, so a run that stops keeps what ran and
 * `--resume` carries on from it. Every process it starts is stopped, by
 * process group, when it finishes, fails or is interrupted.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { appendFile, mkdir, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { isDeepStrictEqual, parseArgs } from 'node:util';
import {
	inProcessSetups,
	measurementRules,
	modelTiming,
	type PointDefinition,
	pointsFor,
	type ServerSetupDefinition,
	saturatedStep,
	serverSetups,
	disconnectRounds,
	smokeModelTiming,
	workloadIds,
	workloads,
	type WorkloadDefinition,
	type WorkloadId,
} from '../experiment.ts';
import { labRun, labSample, type LabPoint, type LabSample } from '../results.ts';
import { parseOrExplain } from '../schema-issues.ts';
import { percentile } from '../../src/lib/lab-stats.ts';
import { acceptQueue, cpuBetween, cpuTicks, groupCpu, pythonMemory, readWorkerCounters, totalCpu } from './accounting.ts';
import { probeLatency, runDisconnects, runStreams } from './http-clients.ts';
import { tokensBy, wholeAnswerMs } from '../model-protocol.ts';
import { runOpenLoop } from './open-loop.ts';
import { busyFraction, describeMachine, loadAverage } from './machine.ts';
import { assertPortFree, waitForPortFree, waitUntil } from './ports.ts';
import { type Database, startDatabase } from './postgres.ts';
import { type ProcessGroup, runToCompletion, startGroup, stopAll, stopEverythingOnExit, stopGroup } from './processes.ts';
import { checkRuntimeHasTools, findLabRoot, labDir, type LabRuntime, pythonRuntime } from './root.ts';
import { runWrk, summariseWrk } from './wrk.ts';
import { freshConnections, labFetch, undiciVersion } from './connections.ts';

const projectDir = join(labDir, '..');
const busyMarker = '/tmp/fastapi-django-lab.busy';

const { values: args } = parseArgs({
	options: {
		smoke: { type: 'boolean', default: false },
		workers: { type: 'string', default: '2' },
		threads: { type: 'string', default: '16' },
		repeats: { type: 'string' },
		duration: { type: 'string' },
		only: { type: 'string' },
		'port-base': { type: 'string', default: '18900' },
		out: { type: 'string' },
		python: { type: 'string' },
		resume: { type: 'string' },
	},
});

const positiveInt = (name: string, value: string | undefined, fallback: number) => {
	const number = Number(value ?? fallback);
	if (!Number.isInteger(number) || number < 1) throw new Error(`--${name} must be a whole number of at least 1, got "${value}"`);
	return number;
};

const smoke = args.smoke;
// The smoke checks answers: every point for about a second.
const windowOverride = args.duration !== undefined ? positiveInt('duration', args.duration, 1) : smoke ? 1 : undefined;
const settings = {
	workers: positiveInt('workers', args.workers, 2),
	threads: positiveInt('threads', args.threads, 16),
	// Replaced below by the most repeats a workload of this run takes.
	repeats: positiveInt('repeats', args.repeats, smoke ? 1 : 3),
	...(windowOverride !== undefined ? { durationSeconds: windowOverride } : {}),
	// The smoke checks answers, which a cold server gives as well: no warm-up.
	warmupSeconds: smoke ? 0 : 1,
	upstreamDelayMs: 100,
	streamTokens: 50,
	streamGapMs: 20,
	modelTiming: smoke ? smokeModelTiming : modelTiming,
	streamCount: smoke ? 10 : 50,
	cpuIterations: 450_000,
	cpuWorkMs: 0,
	busyThreshold: 0.25,
};
const ormIterations = smoke ? 5 : 200;
const portBase = positiveInt('port-base', args['port-base'], 18900);
const ports = { server: portBase, upstream: portBase + 1, database: portBase + 2 };
const only = args.only?.split(',').map((id) => id.trim()) ?? [...workloadIds];
for (const id of only) {
	if (!(workloadIds as readonly string[]).includes(id)) {
		throw new Error(`--only: unknown workload "${id}"; choose from ${workloadIds.join(', ')}`);
	}
}
const plans = workloads.filter((plan) => only.includes(plan.id));
const defaultRepeats = settings.repeats;
/** A workload's repeats: --repeats when given (the smoke takes one), else the manifest's count for it, else the default. */
const repeatsOf = (plan: WorkloadDefinition) => (args.repeats !== undefined || smoke ? defaultRepeats : (plan.repeats ?? defaultRepeats));
// The run records the most repeats any workload took; each point's samples say how many it had.
settings.repeats = Math.max(...plans.map(repeatsOf));
/** The workloads of a run made with --only: it is published for those alone. */
const slice = args.only ? plans.map((plan) => plan.id) : undefined;

/** The window and timeout a point runs with: the manifest's, or the override (the smoke's second). */
function windowOf(point: PointDefinition): { seconds: number; timeoutSeconds: number } {
	if (windowOverride === undefined) return { seconds: point.windowSeconds, timeoutSeconds: point.timeoutSeconds };
	return { seconds: windowOverride, timeoutSeconds: smoke ? point.timeoutSeconds : Math.min(point.timeoutSeconds, Math.max(1, windowOverride / 2)) };
}

const streamsFor = (point: PointDefinition) => (smoke ? Math.min(settings.streamCount, point.concurrency) : point.concurrency);

// ---------------------------------------------------------------------------
// Progress: each step has an expected cost in seconds; the time left is
// the planned cost of the steps left, scaled by how long the planned cost of
// the steps done really took.

const progress = { plannedSeconds: 0, doneSeconds: 0, startedAt: performance.now(), steps: 0, done: 0 };
// Besides warm-up and window, a point waits for a clean start and a quiet
// machine: about four seconds each on the 2026-12-07 runs.
// An open-loop step also waits for its last requests, up to their timeout.
const pointSeconds = (point: PointDefinition) =>
	(point.load === 'streams'
		? point.streamTokens
			? (settings.modelTiming.firstTokenMs + point.streamTokens * settings.modelTiming.tokenGapMs) / 1000 + 4
			: 4
		: point.load === 'disconnect'
			? ((smoke ? 1 : disconnectRounds) * (point.leaveAfterMs ?? 0) + wholeAnswerMs(settings.modelTiming)) / 1000 + 2
			: settings.warmupSeconds + windowOf(point).seconds + 2) +
	(point.load === 'open-loop' ? windowOf(point).timeoutSeconds / 2 : 0) +
	(smoke ? 1 : 4);

function report(step: string, plannedSeconds: number): void {
	progress.done++;
	progress.doneSeconds += plannedSeconds;
	const elapsed = (performance.now() - progress.startedAt) / 1000;
	const left = Math.max(0, (progress.plannedSeconds - progress.doneSeconds) * (elapsed / Math.max(1, progress.doneSeconds)));
	const minutes = Math.floor(left / 60);
	console.log(`[${progress.done}/${progress.steps}] ${step} · about ${minutes}m${String(Math.round(left % 60)).padStart(2, '0')}s left`);
}

// ---------------------------------------------------------------------------
// The machine and the processes around a point

const statsDir = join(labDir, '.run', `stats-${process.pid}`);
let runtime: LabRuntime;
let upstream: ProcessGroup;
let database: Database | undefined;

async function machineBeforePoint(): Promise<{ busyBefore: number; loadBefore: number; flagged: boolean }> {
	// A smoke run checks answers, not speed: it records the load and moves on.
	if (smoke) return { busyBefore: await busyFraction(200), loadBefore: loadAverage(), flagged: false };
	for (let attempt = 0; attempt < 3; attempt++) {
		const busyBefore = await busyFraction(1000);
		if (busyBefore <= settings.busyThreshold) return { busyBefore, loadBefore: loadAverage(), flagged: false };
		console.log(`  machine busy (${Math.round(busyBefore * 100)}% of cores) before the point; waiting`);
		await new Promise((resolve) => setTimeout(resolve, 3000));
	}
	return { busyBefore: await busyFraction(1000), loadBefore: loadAverage(), flagged: true };
}

/** The mock upstream's counters: calls in flight and finished, tokens generated, calls left before their answer ended. */
async function upstreamCounters(): Promise<{ inFlight: number; finished: number; tokens: number; abandoned: number }> {
	const response = await labFetch(`http://127.0.0.1:${ports.upstream}/health`, { signal: AbortSignal.timeout(5000) });
	return (await response.json()) as { inFlight: number; finished: number; tokens: number; abandoned: number };
}

function serverCounters(server: ProcessGroup) {
	const pids = new Set(groupCpu(server.child.pid!).keys());
	return readWorkerCounters(statsDir, pids);
}

/**
 * Waits until nothing is in flight anywhere: every worker's counter and the
 * upstream read zero, the listening socket's accept queue is empty, and the
 * counters have stood still for a moment (a gunicorn worker's own queue of
 * accepted connections shows only as movement). Bounded: the lab stops with
 * what was still running rather than measure on a busy server.
 */
async function waitForCleanStart(setup: ServerSetupDefinition, server: ProcessGroup): Promise<number> {
	const started = performance.now();
	const limit = started + measurementRules.cleanStartLimitSeconds * 1000;
	let last = '';
	let stillSince = performance.now();
	for (;;) {
		const workers = serverCounters(server);
		const up = await upstreamCounters();
		const queued = acceptQueue(ports.server);
		const inFlight = workers.reduce((sum, worker) => sum + worker.inFlight, 0);
		const state = JSON.stringify([workers.map((worker) => worker.finished), up.finished, queued]);
		if (state !== last) {
			last = state;
			stillSince = performance.now();
		}
		if (inFlight === 0 && up.inFlight === 0 && queued === 0 && performance.now() - stillSince >= measurementRules.quietMs) {
			await freshConnections();
			return Math.round(performance.now() - started);
		}
		if (performance.now() > limit) {
			throw new Error(
				`${setup.id}: still busy ${measurementRules.cleanStartLimitSeconds} s after the load stopped ` +
					`(${inFlight} request(s) in flight in the server, ${up.inFlight} at the upstream, ${queued} waiting to be accepted)`,
			);
		}
		if (server.child.exitCode !== null) throw new Error(`${setup.id} exited:\n${server.outputTail()}`);
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
}

interface Snapshot {
	workers: Map<number, number>;
	server: Map<number, number>;
	upstream: number;
	database: number;
	ticks: { total: number; steal: number };
	driver: number;
}

function snapshot(server: ProcessGroup): Snapshot {
	return {
		workers: new Map(serverCounters(server).map((worker) => [worker.pid, worker.finished])),
		server: groupCpu(server.child.pid!),
		upstream: totalCpu(groupCpu(upstream.child.pid!)),
		database: database ? totalCpu(groupCpu(database.pgid)) : 0,
		ticks: cpuTicks(),
		driver: (process.cpuUsage().user + process.cpuUsage().system) / 1e6,
	};
}

/** Per-worker requests and CPU, the balance check and CPU per process group between two snapshots. */
function accountFor(before: Snapshot, after: Snapshot, loadGeneratorCpu: number) {
	const cpu = cpuBetween(before.server, after.server);
	const workers = [...after.workers].map(([pid, finished]) => ({
		pid,
		requests: Math.max(0, finished - (before.workers.get(pid) ?? 0)),
		cpuSeconds: Math.round((cpu.get(pid) ?? 0) * 100) / 100,
	}));
	const total = workers.reduce((sum, worker) => sum + worker.requests, 0);
	const busiestShare = total > 0 ? Math.max(...workers.map((worker) => worker.requests)) / total : 0;
	// Too few requests say nothing about balance.
	const uneven = total >= 4 * settings.workers && busiestShare > measurementRules.unevenShare / settings.workers;
	const ticks = after.ticks.total - before.ticks.total;
	const round = (value: number) => Math.round(Math.max(0, value) * 100) / 100;
	return {
		workers,
		balance: { busiestShare: Math.round(Math.min(1, busiestShare) * 1000) / 1000, uneven },
		cpu: {
			servers: round(totalCpu(cpu)),
			loadGenerator: round(loadGeneratorCpu),
			upstream: round(after.upstream - before.upstream),
			database: round(after.database - before.database),
			stealShare: ticks > 0 ? Math.round(((after.ticks.steal - before.ticks.steal) / ticks) * 1000) / 1000 : 0,
		},
	};
}

/**
 * The servers' memory: read at idle now, and again halfway through a window
 * of `windowMs` starting now, with the requests in flight at that moment.
 * Resolves to the memory metrics (none without /proc).
 */
function memoryAround(server: ProcessGroup, windowMs: number): () => Promise<Record<string, number>> {
	const pids = () => groupCpu(server.child.pid!).keys();
	const idle = pythonMemory(pids());
	const mid = new Promise<{ memory: ReturnType<typeof pythonMemory>; inFlight: number }>((resolve) =>
		setTimeout(() => resolve({ memory: pythonMemory(pids()), inFlight: serverCounters(server).reduce((sum, worker) => sum + worker.inFlight, 0) }), windowMs / 2),
	);
	const mib = (kb: number) => Math.round((kb / 1024) * 10) / 10;
	return async (): Promise<Record<string, number>> => {
		const { memory, inFlight } = await mid;
		return idle && memory ? { idlePssMiB: mib(idle.pssKb), loadedPssMiB: mib(memory.pssKb), inFlightMid: inFlight } : {};
	};
}

// ---------------------------------------------------------------------------
// Answers

async function getJson(url: string): Promise<{ body: unknown; worker: string | null }> {
	const response = await labFetch(url, { signal: AbortSignal.timeout(30_000) });
	const text = await response.text();
	if (!response.ok) throw new Error(`GET ${url} answered ${response.status}: ${text.slice(0, 500)}`);
	try {
		return { body: JSON.parse(text), worker: response.headers.get('x-lab-worker') };
	} catch {
		throw new Error(`GET ${url} did not answer JSON: ${text.slice(0, 500)}`);
	}
}

/** The first setup's answer per path: every other setup must answer the same. */
const referenceAnswers = new Map<string, { setup: string; body: unknown }>();

async function checkAnswer(setup: ServerSetupDefinition, point: PointDefinition, base: string, server: ProcessGroup): Promise<void> {
	if (!point.check) return;
	const { body, worker } = await getJson(base + point.path).catch(async (error: unknown) => {
		// The server logs its traceback just after it answers.
		await new Promise((resolve) => setTimeout(resolve, 500));
		throw new Error(`${setup.id}: ${error instanceof Error ? error.message : String(error)}\nserver output:\n${server.outputTail()}`);
	});
	const problem = point.check(body);
	if (problem) throw new Error(`${setup.id} ${point.path}: wrong response: ${problem}`);
	if (!worker) throw new Error(`${setup.id} ${point.path}: no x-lab-worker header: the app is not wrapped in lab/apps/labaccounting.py`);
	const key = point.scenario.replace(/^orm-sync\//, 'orm/');
	const reference = referenceAnswers.get(key);
	if (!reference) referenceAnswers.set(key, { setup: setup.id, body });
	else if (!isDeepStrictEqual(reference.body, body) && !point.scenario.startsWith('upstream/')) {
		throw new Error(
			`${setup.id} ${point.path}: answer differs from ${reference.setup}'s:\n${JSON.stringify(body).slice(0, 400)}\n` +
				`vs\n${JSON.stringify(reference.body).slice(0, 400)}`,
		);
	}
}

// ---------------------------------------------------------------------------
// One sample

type Measured = Omit<LabSample, 'repeat' | 'machine' | 'flagged'> & { problems: string[] };

async function measure(setup: ServerSetupDefinition, point: PointDefinition, base: string, server: ProcessGroup, retried: boolean): Promise<Measured> {
	const url = base + point.path;
	const { seconds, timeoutSeconds } = windowOf(point);
	const wrk = (windowSeconds: number) =>
		runWrk(runtime, { url, connections: point.concurrency, durationSeconds: windowSeconds, timeoutSeconds });

	if (point.load === 'disconnect') return measureDisconnects(setup, point, base, server);

	if (point.load === 'streams') {
		// A model stream asks the mock model for its tokens; the simpler stream asks the plain stand-in.
		const tokens = point.streamTokens ?? settings.streamTokens;
		const query = point.streamTokens ? `?tokens=${tokens}` : `?tokens=${tokens}&gap_ms=${settings.streamGapMs}`;
		const streamMs = point.streamTokens ? settings.modelTiming.firstTokenMs + tokens * settings.modelTiming.tokenGapMs : tokens * settings.streamGapMs;
		const count = streamsFor(point);
		const warmTokens = point.streamTokens ? 5 : tokens;
		await runStreams(url + query.replace(`tokens=${tokens}`, `tokens=${warmTokens}`), Math.min(5, count), warmTokens, timeoutSeconds * 1000);
		const waitedMs = await waitForCleanStart(setup, server);
		const before = snapshot(server);
		const memory = memoryAround(server, streamMs);
		const result = await runStreams(url + query, count, tokens, timeoutSeconds * 1000);
		const unfinished = serverCounters(server).reduce((sum, worker) => sum + worker.inFlight, 0);
		const after = snapshot(server);
		const accounting = accountFor(before, after, after.driver - before.driver);
		// What relaying one token cost the servers, from the CPU they used over the tokens delivered.
		const delivered = result.counts.completed * tokens;
		const perToken: Record<string, number> = point.streamTokens && delivered > 0 ? { serverCpuPerTokenUs: Math.round((accounting.cpu.servers / delivered) * 1e7) / 10 } : {};
		return {
			metrics: { ...result.metrics, ...perToken, ...(await memory()) },
			counts: { ...result.counts, unfinished },
			cleanStart: { waitedMs },
			workers: accounting.workers,
			balance: { ...accounting.balance, retried },
			cpu: accounting.cpu,
			problems: result.problems,
		};
	}

	if (point.load === 'open-loop') {
		const openLoop = (durationSeconds: number) =>
			runOpenLoop({ url, rate: point.concurrency, durationSeconds, timeoutMs: timeoutSeconds * 1000, check: point.check });
		if (settings.warmupSeconds > 0) await openLoop(settings.warmupSeconds);
		const waitedMs = await waitForCleanStart(setup, server);
		const before = snapshot(server);
		const memory = memoryAround(server, seconds * 1000);
		const result = await openLoop(seconds);
		const unfinished = serverCounters(server).reduce((sum, worker) => sum + worker.inFlight, 0);
		const after = snapshot(server);
		const accounting = accountFor(before, after, after.driver - before.driver);
		if (result.lateSends > 0) console.log(`  ${result.lateSends} request(s) sent more than ${measurementRules.lateSendMs} ms late: the load generator fell behind`);
		return {
			metrics: { ...result.metrics, ...(await memory()) },
			counts: { ...result.counts, unfinished },
			// Timed-out requests enter the percentiles at the timeout: those cells read "at least".
			window: { seconds, timeoutSeconds, limited: result.counts.timedOut > 0 },
			cleanStart: { waitedMs },
			workers: accounting.workers,
			balance: { ...accounting.balance, retried },
			cpu: accounting.cpu,
			problems: result.problems,
		};
	}

	if (settings.warmupSeconds > 0) await wrk(settings.warmupSeconds);
	const waitedMs = await waitForCleanStart(setup, server);
	const before = snapshot(server);
	const memory = memoryAround(server, seconds * 1000);
	let loadGeneratorCpu: number;
	let summary: ReturnType<typeof summariseWrk>;
	if (point.load === 'wrk') {
		const load = await wrk(seconds);
		loadGeneratorCpu = load.cpuSeconds;
		summary = summariseWrk(load.report);
	} else {
		// The probe starts after wrk has filled the server and stops before wrk does.
		const probeMs = Math.max(300, seconds * 1000 - 1000);
		const driverBefore = before.driver;
		const [load, probe] = await Promise.all([
			wrk(seconds),
			new Promise((resolve) => setTimeout(resolve, 400)).then(() => probeLatency(`${base}/json`, probeMs, 50, timeoutSeconds * 1000)),
		]);
		loadGeneratorCpu = load.cpuSeconds + (process.cpuUsage().user + process.cpuUsage().system) / 1e6 - driverBefore;
		summary = summariseWrk(load.report);
		if (probe.latencies.length > 0) {
			summary.metrics = {
				...summary.metrics,
				probeP50Ms: Math.round(percentile(probe.latencies, 50) * 10) / 10,
				probeP99Ms: Math.round(percentile(probe.latencies, 99) * 10) / 10,
			};
		} else {
			summary.problems.push('no probe request completed');
		}
	}
	// Read at once: what the servers still hold is what the window left unfinished.
	const unfinished = serverCounters(server).reduce((sum, worker) => sum + worker.inFlight, 0);
	const after = snapshot(server);
	summary.metrics = { ...summary.metrics, ...(await memory()) };
	const accounting = accountFor(before, after, loadGeneratorCpu);
	const perConnection = summary.counts.completed / point.concurrency;
	return {
		metrics: summary.metrics,
		counts: { ...summary.counts, unfinished },
		window: {
			seconds,
			timeoutSeconds,
			perConnection: Math.round(perConnection * 10) / 10,
			limited: perConnection < measurementRules.minRequestsPerConnection,
		},
		cleanStart: { waitedMs },
		workers: accounting.workers,
		balance: { ...accounting.balance, retried },
		cpu: accounting.cpu,
		problems: summary.problems,
	};
}

/**
 * Callers that leave mid-answer, then the cost at the mock model: every model
 * call's tokens up to its end (or to the moment the app closed it), less what
 * the model would have generated by the time each caller left, per call.
 */
async function measureDisconnects(setup: ServerSetupDefinition, point: PointDefinition, base: string, server: ProcessGroup): Promise<Measured> {
	const timing = { ...settings.modelTiming, answerTokens: point.streamTokens ?? settings.modelTiming.answerTokens };
	// The smoke's answers are short: its callers leave a few tokens in.
	const leaveAfterMs = smoke ? timing.firstTokenMs + 20 * timing.tokenGapMs : point.leaveAfterMs!;
	const url = base + point.path + (point.streamTokens ? `?tokens=${point.streamTokens}` : '');
	const waitedMs = await waitForCleanStart(setup, server);
	const upBefore = await upstreamCounters();
	const before = snapshot(server);
	const result = await runDisconnects(url, point.concurrency, smoke ? 1 : disconnectRounds, leaveAfterMs);
	// Every model call has ended, cut short or not, once nothing is in flight.
	await waitForCleanStart(setup, server);
	const upAfter = await upstreamCounters();
	const after = snapshot(server);
	const accounting = accountFor(before, after, after.driver - before.driver);
	// Per request that left: its model call never made, cut short when the app closed it, or run to the end for nobody.
	const requests = result.left + result.failed;
	const calls = upAfter.finished - upBefore.finished;
	const cutShort = upAfter.abandoned - upBefore.abandoned;
	const spent = upAfter.tokens - upBefore.tokens - calls * tokensBy(timing, leaveAfterMs);
	const percent = (count: number) => (requests > 0 ? Math.round((count / requests) * 1000) / 10 : 0);
	return {
		metrics: {
			tokensForNobody: requests > 0 ? Math.round((Math.max(0, spent) / requests) * 10) / 10 : 0,
			ranToEndPct: percent(calls - cutShort),
			cutShortPct: percent(cutShort),
		},
		counts: { completed: result.left, failed: result.failed, timedOut: 0, unfinished: 0 },
		cleanStart: { waitedMs },
		workers: accounting.workers,
		balance: { ...accounting.balance, retried: false },
		cpu: accounting.cpu,
		problems: result.problems,
	};
}

// ---------------------------------------------------------------------------
// Recording as it goes

const points = new Map<string, LabPoint>();
const pointKey = (workload: string, scenario: string, setup: string, concurrency: number) => `${workload} ${scenario} ${setup} ${concurrency}`;
const done = new Set<string>();
let partialFile: string;

async function addSample(workload: WorkloadId, scenario: string, setup: string, concurrency: number, sample: LabSample, write = true): Promise<void> {
	// Checked against the contract now, not after the last point.
	const checked = parseOrExplain(labSample, sample, `${workload} ${scenario} ${setup} c=${concurrency} repeat ${sample.repeat}`);
	const key = pointKey(workload, scenario, setup, concurrency);
	const point = points.get(key) ?? { workload, scenario, setup, concurrency, samples: [] };
	point.samples.push(checked);
	points.set(key, point);
	done.add(`${key} ${sample.repeat}`);
	if (write) await appendFile(partialFile, `${JSON.stringify({ workload, scenario, setup, concurrency, sample: checked })}\n`);
}

// ---------------------------------------------------------------------------
// Servers and scenarios

const appEnv = () => ({
	PYTHONPATH: runtime.python.appsDir,
	DJANGO_SETTINGS_MODULE: 'djangolab.settings',
	LAB_UPSTREAM_URL: `http://127.0.0.1:${ports.upstream}`,
	LAB_UPSTREAM_DELAY_MS: String(settings.upstreamDelayMs),
	LAB_PG_PORT: String(ports.database),
	LAB_CPU_ITERATIONS: String(settings.cpuIterations),
	LAB_STATS_DIR: runtime.kind === 'root' ? `${runtime.labPath}/${relative(labDir, statsDir)}` : statsDir,
});

async function startServer(setup: ServerSetupDefinition) {
	await waitForPortFree(ports.server, setup.id);
	// Counter files are named by process id: an earlier server's, left behind, would be read as a worker of this one
	// when the system reuses its id for a process of the new group.
	await rm(statsDir, { recursive: true, force: true });
	await mkdir(statsDir, { recursive: true });
	const argv = setup.argv(settings, ports.server, runtime.python);
	const server = startGroup(setup.id, ...runtime.command(argv), { ...appEnv(), ...setup.env });
	const base = `http://127.0.0.1:${ports.server}`;
	try {
		await waitUntil(
			`${setup.id} server`,
			async () => (await labFetch(`${base}/json`, { signal: AbortSignal.timeout(2000) })).ok,
			30_000,
			() => (server.child.exitCode !== null ? `exited before answering:\n${server.outputTail()}` : undefined),
		);
	} catch (error) {
		await stopGroup(server);
		throw error;
	}
	return { server, base };
}

async function runScenario(plan: WorkloadDefinition, setup: ServerSetupDefinition, scenarioPoints: PointDefinition[], repeat: number): Promise<void> {
	const todo = scenarioPoints.filter((point) => !done.has(`${pointKey(plan.id, point.scenario, setup.id, streamsOrConcurrency(point))} ${repeat}`));
	if (todo.length === 0) return;
	const { server, base } = await startServer(setup);
	try {
		for (const point of todo) {
			await checkAnswer(setup, point, base, server);
			let before = await machineBeforePoint();
			let result = await measure(setup, point, base, server, false);
			// Keep-alive can pin every connection on one worker: such a sample is taken again, once. An open-loop step
			// that kept up all the same has nothing to correct (at low rates a few connections carry everything), so only
			// a saturated one is.
			const unevenMatters = point.load !== 'open-loop' || saturatedStep(result.metrics, settings.modelTiming);
			if (result.balance?.uneven && unevenMatters && !smoke && point.load !== 'disconnect') {
				console.log(`  ${setup.id} ${point.scenario} ${levelTag(point)}: one worker answered ${Math.round(result.balance.busiestShare * 100)}% of requests; taking the sample again`);
				before = await machineBeforePoint();
				result = await measure(setup, point, base, server, true);
			}
			// The hypervisor can take a large share of the cores mid-window: such a sample says more about the host than about
			// the setup, so it is taken again, a bounded number of times, and the last try is kept.
			let stealRetakes = 0;
			const stolen = () => !smoke && point.load !== 'disconnect' && (result.cpu?.stealShare ?? 0) > measurementRules.maxStealShare;
			while (stolen() && stealRetakes < measurementRules.stealRetakes) {
				stealRetakes++;
				console.log(`  ${setup.id} ${point.scenario} ${levelTag(point)}: the hypervisor stole ${Math.round(result.cpu!.stealShare * 100)}% of the machine; taking the sample again`);
				before = await machineBeforePoint();
				result = await measure(setup, point, base, server, result.balance?.retried ?? false);
			}
			if (server.child.exitCode !== null) throw new Error(`${setup.id} exited during the load:\n${server.outputTail()}`);
			// A smoke run is about answers: an error status or a broken stream stops it.
			if (smoke && result.problems.length > 0) {
				throw new Error(`${setup.id} ${point.scenario} c=${point.concurrency}: ${result.problems.join('; ')}`);
			}
			const { problems: _problems, ...measured } = result;
			await addSample(plan.id, point.scenario, setup.id, streamsOrConcurrency(point), {
				repeat,
				...measured,
				steal: { retakes: stealRetakes, over: stolen() },
				machine: { busyBefore: Math.round(before.busyBefore * 1000) / 1000, loadBefore: before.loadBefore, loadAfter: loadAverage() },
				flagged: before.flagged,
			});
			const headline =
				point.load === 'disconnect'
					? `${result.metrics.tokensForNobody} tokens per request for nobody; model call ran to the end for ${result.metrics.ranToEndPct}%, cut short for ${result.metrics.cutShortPct}%`
					: point.load === 'open-loop'
					? `${result.metrics.rps} req/s answered, p99 ${result.metrics.p99Ms} ms`
					: result.metrics.rps !== undefined
						? `${result.metrics.rps} req/s`
						: `first token p50 ${result.metrics.ttftP50Ms} ms`;
			const { failed, timedOut, unfinished = 0 } = result.counts;
			const trouble = failed + timedOut + unfinished > 0 ? `, ${failed} failed, ${timedOut} timed out, ${unfinished} unfinished` : '';
			const limited = result.window?.limited ? ' (window-limited)' : '';
			// Progress counts the step's planned cost; the pace of the steps done scales what is left.
			report(`${plan.id} r${repeat} ${setup.id} ${point.scenario} ${levelTag(point)}: ${headline}${trouble}${limited}`, pointSeconds(point));
			// Open-loop steps rise until one saturates; the steps above it are skipped (and counted as done for the time left).
			if (point.load === 'open-loop' && saturatedStep(result.metrics, settings.modelTiming)) {
				const skipped = todo.slice(todo.indexOf(point) + 1);
				if (skipped.length > 0) console.log(`  ${setup.id} saturated at ${point.concurrency} req/s; skipping ${skipped.map((step) => step.concurrency).join(', ')}`);
				for (const step of skipped) progress.doneSeconds += pointSeconds(step);
				progress.steps -= skipped.length;
				break;
			}
		}
	} finally {
		await stopGroup(server);
	}
	progress.doneSeconds += 3;
}

const levelTag = (point: PointDefinition) => (point.load === 'open-loop' ? `${point.concurrency} req/s` : `c=${point.concurrency}`);

/**
 * The points a setup runs. The smoke checks answers, so levels between a
 * scenario's lowest and highest add nothing to it: an open-loop scenario takes
 * its two lowest rates, any other its lowest and highest level, and stream
 * levels that its stream cap makes equal run once (they would be one point).
 */
const planned = (workload: WorkloadId, setup: ServerSetupDefinition) =>
	pointsFor(workload, setup).filter((point, index, all) => {
		if (!smoke) return true;
		const same = all.filter((other) => other.scenario === point.scenario);
		const place = same.indexOf(point);
		if (point.load === 'open-loop') return place < 2;
		if (place !== 0 && place !== same.length - 1) return false;
		return all.findIndex((other) => other.scenario === point.scenario && streamsOrConcurrency(other) === streamsOrConcurrency(point)) === index;
	});

/** Streams points record the number of streams actually opened (fewer in the smoke). */
const streamsOrConcurrency = (point: PointDefinition) => (point.load === 'streams' ? streamsFor(point) : point.concurrency);

async function runServerWorkload(plan: WorkloadDefinition, repeat: number): Promise<void> {
	// Rotating the order each repeat keeps any drift from favouring one setup.
	const order = serverSetups.map((_, i) => serverSetups[(i + repeat - 1) % serverSetups.length]!);
	for (const setup of order) {
		// A fresh server per scenario; within a scenario concurrency only rises. The smoke, which checks answers, starts
		// one server per setup and workload: starting servers was most of its time.
		const points = planned(plan.id, setup);
		const scenarios = smoke ? [points] : Map.groupBy(points, (point) => point.scenario).values();
		for (const scenarioPoints of scenarios) await runScenario(plan, setup, scenarioPoints, repeat);
	}
}

const inApps = (command: string) => runtime.command(['sh', '-c', `cd "${runtime.python.appsDir}" && "${runtime.python.python}" ${command}`]);

async function runInProcessOrm(repeat: number): Promise<void> {
	if (inProcessSetups.every((setup) => done.has(`${pointKey('orm-queries', 'inprocess/top-authors', setup.id, 1)} ${repeat}`))) return;
	const before = await machineBeforePoint();
	const output = await runToCompletion('in-process ORM timing', ...inApps(`inprocess.py orm ${ormIterations}`), 10 * 60_000, appEnv());
	const timings = JSON.parse(output) as Record<string, { ms: number[]; rows: unknown[] }>;
	for (const query of ['top-authors', 'recent-books']) {
		const reference = timings[`${inProcessSetups[0].key}/${query}`]?.rows;
		for (const setup of inProcessSetups) {
			const result = timings[`${setup.key}/${query}`];
			if (!result) throw new Error(`in-process ORM timing printed nothing for ${setup.key}/${query}`);
			if (!isDeepStrictEqual(result.rows, reference)) {
				throw new Error(`in-process ${setup.key}/${query} returned different rows from the Django ORM's`);
			}
			await addSample('orm-queries', `inprocess/${query}`, setup.id, 1, {
				repeat,
				metrics: {
					medianMs: Math.round(percentile(result.ms, 50) * 1000) / 1000,
					p90Ms: Math.round(percentile(result.ms, 90) * 1000) / 1000,
				},
				counts: { completed: result.ms.length, failed: 0, timedOut: 0 },
				machine: { busyBefore: Math.round(before.busyBefore * 1000) / 1000, loadBefore: before.loadBefore, loadAfter: loadAverage() },
				flagged: before.flagged,
			});
		}
	}
	progress.doneSeconds += smoke ? 3 : 25;
	console.log(`in-process ORM timings, repeat ${repeat}: done`);
}

async function versionsIn(): Promise<Record<string, string>> {
	const python = JSON.parse(await runToCompletion('versions', ...inApps('inprocess.py versions'), 60_000, appEnv())) as Record<string, string>;
	const wrk = (await runToCompletion('wrk version', ...runtime.command(['sh', '-c', 'wrk -v 2>&1 || true']), 10_000)).match(/wrk (\S+)/)?.[1];
	return {
		...python,
		...(database ? { postgresql: database.version } : {}),
		...(wrk ? { wrk } : {}),
		node: process.versions.node,
		undici: undiciVersion,
	};
}

/** Every package of the environment, saved beside a full run: the root's dpkg list, or the Python's distributions. */
async function packageManifest(): Promise<string> {
	if (runtime.kind === 'root') {
		return runToCompletion('package list', ...runtime.command(['dpkg-query', '-W', '-f', '${Package}\\t${Version}\\n']), 60_000);
	}
	const listed = JSON.parse(await runToCompletion('package list', ...inApps('inprocess.py packages'), 60_000, appEnv())) as Record<string, string>;
	return Object.entries(listed).map(([name, version]) => `${name}\t${version}\n`).join('');
}

// ---------------------------------------------------------------------------

/** The steps still to take and their planned cost: a resumed run leaves out the samples it already has. */
function planProgress(): void {
	for (const plan of plans) {
		for (const setup of serverSetups) {
			for (let repeat = 1; repeat <= repeatsOf(plan); repeat++) {
				const todo = planned(plan.id, setup).filter((point) => !done.has(`${pointKey(plan.id, point.scenario, setup.id, streamsOrConcurrency(point))} ${repeat}`));
				const starts = new Set(todo.map((point) => point.scenario)).size;
				progress.plannedSeconds += 3 * starts + todo.reduce((sum, point) => sum + pointSeconds(point), 0);
				progress.steps += todo.length;
			}
		}
		if (plan.id === 'orm-queries') progress.plannedSeconds += repeatsOf(plan) * (smoke ? 3 : 25);
	}
}

/** Samples of an interrupted run, from its partial file; returns when it started. */
function resumeFrom(file: string): string {
	if (!existsSync(file)) throw new Error(`--resume: ${file} does not exist`);
	const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
	const header = JSON.parse(lines[0] ?? '{}') as { startedAt?: string; smoke?: boolean };
	if (!header.startedAt || header.smoke !== smoke) throw new Error(`--resume: ${file} is not a partial ${smoke ? 'smoke' : 'full'} run of this lab`);
	for (const line of lines.slice(1)) {
		const { workload, scenario, setup, concurrency, sample } = JSON.parse(line) as LabPoint & { sample: LabSample };
		void addSample(workload, scenario, setup, concurrency, sample, false);
	}
	console.log(`lab: resuming ${relative(process.cwd(), file)}: ${done.size} sample(s) already taken`);
	return header.startedAt;
}

async function main(): Promise<void> {
	stopEverythingOnExit();
	const startedAt = args.resume ? new Date(resumeFrom(args.resume)) : new Date();
	const stamp = startedAt.toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '-');
	const out = args.resume
		? args.resume.replace(/\.partial\.jsonl$/, '')
		: (args.out ?? (smoke ? join(projectDir, '.cache/lab/smoke.json') : join(projectDir, `content/data/lab/full-${stamp}${slice ? `-only-${slice.join('_')}` : ''}.json`)));
	partialFile = `${out}.partial.jsonl`;
	planProgress();
	console.log(
		`lab: ${smoke ? 'smoke run' : 'full run'}: ${plans.map((plan) => `${plan.id} (${repeatsOf(plan)} repeat(s))`).join(', ')}; ` +
			(windowOverride ? `${windowOverride} s per point` : 'windows from lab/experiment.ts') +
			`; about ${Math.round(progress.plannedSeconds / 60)} min`,
	);
	const needsDatabase = plans.some((plan) => plan.needsDatabase);
	// A path to a Python (a virtualenv's bin/python) is taken from where the command was typed.
	runtime = args.python ? pythonRuntime(args.python.includes('/') ? resolve(args.python) : args.python) : findLabRoot({ allowFallback: smoke });
	checkRuntimeHasTools(runtime, needsDatabase);
	for (const [use, port] of Object.entries(ports)) await assertPortFree(port, use);
	await mkdir(statsDir, { recursive: true });
	process.on('exit', () => rmSync(statsDir, { recursive: true, force: true }));
	await mkdir(dirname(out), { recursive: true });
	if (!args.resume) await writeFile(partialFile, `${JSON.stringify({ startedAt: startedAt.toISOString(), smoke })}\n`);
	if (!smoke) {
		// Tells other work on the machine to hold off until this run ends, however it ends.
		await writeFile(busyMarker, `${process.pid}\n`);
		process.on('exit', () => rmSync(busyMarker, { force: true }));
	}

	const cpuSamples = JSON.parse(await runToCompletion('CPU calibration', ...inApps('inprocess.py cpu 15'), 60_000, appEnv())) as number[];
	settings.cpuWorkMs = Math.round(percentile(cpuSamples, 50) * 100) / 100;
	console.log(`CPU work: ${settings.cpuWorkMs} ms per call in one process`);

	upstream = startGroup('upstream', process.execPath, [join(labDir, 'driver/upstream.ts'), String(ports.upstream), JSON.stringify(settings.modelTiming)]);
	await waitUntil(
		'mock upstream',
		async () => (await labFetch(`http://127.0.0.1:${ports.upstream}/health`)).ok,
		15_000,
		() => (upstream.child.exitCode !== null ? `exited:\n${upstream.outputTail()}` : undefined),
	);
	database = needsDatabase ? await startDatabase(runtime, ports.database) : undefined;
	try {
		const versions = await versionsIn();
		console.log(`versions: ${Object.entries(versions).map(([name, version]) => `${name} ${version}`).join(', ')}`);
		for (const plan of plans) {
			for (let repeat = 1; repeat <= repeatsOf(plan); repeat++) {
				await runServerWorkload(plan, repeat);
				if (plan.id === 'orm-queries') await runInProcessOrm(repeat);
			}
		}
		const manifestFile = smoke ? undefined : `${basename(out, '.json')}.packages.txt`;
		if (manifestFile) await writeFile(join(dirname(out), manifestFile), await packageManifest());
		const finishedAt = new Date();
		const run = parseOrExplain(labRun, {
			schemaVersion: 2,
			kind: smoke ? 'smoke' : 'full',
			...(slice ? { only: slice } : {}),
			startedAt: startedAt.toISOString(),
			finishedAt: finishedAt.toISOString(),
			machine: {
				...describeMachine(),
				rootSuite: runtime.suite,
				cpuAccounting: 'process-tree',
				...(manifestFile ? { packageManifest: manifestFile } : {}),
				coreSharing:
					'No pinning: the server workers, the wrk load generator (one thread), the mock upstream and PostgreSQL all share every core, the same way for every setup.',
			},
			versions,
			settings,
			setups: [
				...serverSetups.map((setup) => ({
					id: setup.id,
					label: setup.label,
					kind: 'server',
					command: setup.argv(settings, ports.server, runtime.python).join(' '),
				})),
				...inProcessSetups.map((setup) => ({ id: setup.id, label: setup.label, kind: 'in-process', command: 'python3 lab/apps/inprocess.py orm' })),
			],
			points: [...points.values()],
		}, relative(process.cwd(), out));
		await writeFile(out, `${JSON.stringify(run, null, '\t')}\n`);
		await rm(partialFile, { force: true });
		const minutes = ((finishedAt.getTime() - startedAt.getTime()) / 60_000).toFixed(1);
		const samples = run.points.flatMap((point) => point.samples);
		const flagged = samples.filter((sample) => sample.flagged).length;
		const retried = samples.filter((sample) => sample.balance?.retried).length;
		const stealRetaken = samples.filter((sample) => (sample.steal?.retakes ?? 0) > 0).length;
		const limited = samples.filter((sample) => sample.window?.limited).length;
		console.log(
			`lab: ${run.points.length} points in ${minutes} min, ${flagged} sample(s) flagged busy, ${retried} retaken for uneven load, ${stealRetaken} for steal, ` +
				`${limited} window-limited; wrote ${relative(process.cwd(), out)}`,
		);
	} finally {
		await database?.stop();
		await stopGroup(upstream);
	}
}

main()
	.catch(async (error: unknown) => {
		console.error(`lab: stopped: ${error instanceof Error ? error.message : String(error)}`);
		if (partialFile && existsSync(partialFile)) console.error(`lab: the samples taken so far are in ${relative(process.cwd(), partialFile)}; --resume ${relative(process.cwd(), partialFile)} carries on`);
		process.exitCode = 1;
	})
	.finally(stopAll);
