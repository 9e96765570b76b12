/**
 * The lab's experiment, defined once: the setups under test and what each can
 * do, the workloads with their scenarios, concurrency levels, measurement
 * windows and answer checks, the metrics they record, and the comparisons the
 * evidence pages draw. The driver (lab/driver/), the results contract
 * (lab/results.ts), the site's evidence views and sidebar, and the tests'
 * fixture all read this file; a setup id appears nowhere else outside results
 * files. Pure data and functions: safe in Node and in the browser.
 *
 * Adding a setup (another server, a middleware stack, Django Ninja) is one
 * entry in `serverSetups`, plus its Debian package in lab/env/packages.txt.
 */

import { chatAnswer, type ModelTiming, wholeAnswerMs } from './model-protocol.ts';

export const workloadIds = [
	'json-throughput',
	'upstream-wait',
	'streaming',
	'cpu-bound',
	'orm-queries',
	'model-api',
	'model-load',
	'model-streams',
	'model-disconnect',
	'model-pool',
] as const;
export type WorkloadId = (typeof workloadIds)[number];

/** How each server is shaped; the same for every setup in a run. */
export interface ServerShape {
	workers: number;
	threads: number;
}

/** Where the apps run: the Python command and the folder holding lab/apps. */
export interface PythonRuntime {
	python: string;
	appsDir: string;
}

/** How a setup holds a request that is waiting: a whole process, a thread, or a slot on an event loop. */
export type ConcurrencyModel = 'processes' | 'threads' | 'event-loop';

/** The ways an upstream (model API) call is made: httpx, aiohttp, or a bare sleep standing in for a perfect client. */
export const upstreamClients = ['http', 'aiohttp', 'sleep'] as const;
export type UpstreamClient = (typeof upstreamClients)[number];

/**
 * The mock model's timing (lab/driver/upstream.ts speaks OpenAI's
 * chat-completions protocol with it): a first token after 400 ms, then 50
 * tokens a second, 100 tokens in all, so a whole answer takes about 2.4 s.
 * The smoke keeps the answer and shortens the waits.
 */
export const modelTiming: ModelTiming = { firstTokenMs: 400, tokenGapMs: 20, answerTokens: 100 };
export const smokeModelTiming: ModelTiming = { ...modelTiming, firstTokenMs: 50, tokenGapMs: 1 };

/**
 * The ways the apps call the mock model (lab/apps/labmodel.py builds each one
 * per process and reuses it, as its documentation recommends for a server).
 * `sync` clients also serve the WSGI setups; the rest need an event loop.
 */
export const modelClients = [
	{ id: 'openai', label: 'openai SDK, default client (httpx2)', sync: true },
	{ id: 'openai-aiohttp', label: 'openai SDK on aiohttp (DefaultAioHttpClient)', sync: false },
	// Against the mock's Messages API: the other provider's SDK, on the same httpx2.
	{ id: 'anthropic', label: 'anthropic SDK, default client (httpx2)', sync: true },
	{ id: 'httpx2', label: 'httpx2 directly', sync: true },
	{ id: 'httpx', label: 'httpx 0.28 directly', sync: true },
	{ id: 'aiohttp', label: 'aiohttp directly', sync: false },
] as const;
export type ModelClientId = (typeof modelClients)[number]['id'];

/**
 * The openai SDK's async client with its connection pool set three ways
 * (lab/apps/labmodel.py builds each): its own defaults, a bare
 * httpx2.AsyncClient passed in (which brings httpx2's defaults instead of the
 * SDK's, as the SDK's DefaultAsyncHttpxClient docstring warns), and a pool of
 * 50 connections. `connections` and `keepAlive` are per process.
 */
const poolVariant = (id: string, name: string, connections: number, keepAlive: number) => ({
	id,
	label: `${name} (${connections.toLocaleString('en-US')} connections, ${keepAlive} kept alive)`,
	connections,
	keepAlive,
});
const smallPool = 50;
export const poolVariants = [
	poolVariant('openai', 'SDK defaults', 1000, 100),
	poolVariant('openai-own-client', 'a bare httpx2.AsyncClient', 100, 20),
	// labmodel.py reads the pool size from the name.
	poolVariant(`openai-pool-${smallPool}`, 'a smaller pool', smallPool, smallPool),
];

export interface ServerSetupDefinition {
	id: string;
	label: string;
	framework: 'django' | 'fastapi';
	model: ConcurrencyModel;
	/** The server's command line. */
	argv: (shape: ServerShape, port: number, runtime: PythonRuntime) => string[];
	env: Record<string, string>;
	/** The upstream clients its views offer. */
	clients: readonly UpstreamClient[];
	/** Whether it has FastAPI's second, synchronous ORM route (orm-sync/…). */
	syncOrmRoutes: boolean;
	/** The workloads it runs; all when absent. */
	workloads?: readonly WorkloadId[];
	/** What the setup stands for, for the method page. */
	note: string;
}

const gunicorn = (app: string, workerArgs: string[], shape: ServerShape, port: number, runtime: PythonRuntime) => [
	runtime.python, '-m', 'gunicorn', app, '--chdir', runtime.appsDir, '--bind', `127.0.0.1:${port}`, '--workers', String(shape.workers),
	...workerArgs, '--log-level', 'warning',
];

// uvloop and httptools: the fastest event loop and HTTP parser uvicorn supports.
const uvicorn = (app: string, shape: ServerShape, port: number, runtime: PythonRuntime) => [
	runtime.python, '-m', 'uvicorn', app, '--app-dir', runtime.appsDir, '--host', '127.0.0.1', '--port', String(port),
	'--workers', String(shape.workers), '--loop', 'uvloop', '--http', 'httptools', '--log-level', 'warning', '--no-access-log',
];

/** `django-admin startproject`'s middleware (Django 5.2), and the apps it needs. */
const startprojectMiddleware = [
	'django.middleware.security.SecurityMiddleware',
	'django.contrib.sessions.middleware.SessionMiddleware',
	'django.middleware.common.CommonMiddleware',
	'django.middleware.csrf.CsrfViewMiddleware',
	'django.contrib.auth.middleware.AuthenticationMiddleware',
	'django.contrib.messages.middleware.MessageMiddleware',
	'django.middleware.clickjacking.XFrameOptionsMiddleware',
];
const startprojectApps = ['django.contrib.auth', 'django.contrib.contenttypes', 'django.contrib.sessions', 'django.contrib.messages'];

const djangoAsgi: ServerSetupDefinition = {
	id: 'django-asgi',
	label: 'Django async views · uvicorn (ASGI)',
	framework: 'django',
	model: 'event-loop',
	argv: (shape, port, runtime) => uvicorn('djangolab.asgi:application', shape, port, runtime),
	env: { LAB_DJANGO_VIEWS: 'async' },
	clients: ['http', 'aiohttp', 'sleep'],
	syncOrmRoutes: false,
	note: 'async def views with two middleware classes (security headers, URL normalisation).',
};

export const serverSetups: readonly ServerSetupDefinition[] = [
	{
		id: 'django-sync',
		label: 'Django · gunicorn sync workers (WSGI)',
		framework: 'django',
		model: 'processes',
		argv: (shape, port, runtime) => gunicorn('djangolab.wsgi:application', ['--worker-class', 'sync'], shape, port, runtime),
		env: { LAB_DJANGO_VIEWS: 'sync' },
		clients: ['http', 'sleep'],
		syncOrmRoutes: false,
		note: 'One request per worker process at a time: gunicorn’s default worker class.',
	},
	{
		id: 'django-gthread',
		label: 'Django · gunicorn threaded workers (WSGI)',
		framework: 'django',
		model: 'threads',
		argv: (shape, port, runtime) =>
			gunicorn('djangolab.wsgi:application', ['--worker-class', 'gthread', '--threads', String(shape.threads)], shape, port, runtime),
		env: { LAB_DJANGO_VIEWS: 'sync' },
		clients: ['http', 'sleep'],
		syncOrmRoutes: false,
		note: 'Sync views on a pool of threads in each worker.',
	},
	djangoAsgi,
	{
		// The same app behind a new project's middleware: one entry, derived from the base.
		...djangoAsgi,
		id: 'django-asgi-startproject',
		label: 'Django async views, startproject middleware · uvicorn (ASGI)',
		env: { ...djangoAsgi.env, LAB_DJANGO_MIDDLEWARE: startprojectMiddleware.join(','), LAB_DJANGO_APPS: startprojectApps.join(',') },
		workloads: ['json-throughput', 'upstream-wait', 'streaming'],
		note: 'The same async views behind the seven middleware classes a new project starts with; under ASGI each MiddlewareMixin hook runs through sync_to_async.',
	},
	{
		id: 'fastapi',
		label: 'FastAPI · uvicorn (ASGI)',
		framework: 'fastapi',
		model: 'event-loop',
		argv: (shape, port, runtime) => uvicorn('fastapilab.served:app', shape, port, runtime),
		env: {},
		clients: ['http', 'aiohttp', 'sleep'],
		syncOrmRoutes: true,
		note: 'async def endpoints; plain def endpoints run in its thread pool.',
	},
];

/** The ORM variants timed inside one process (lab/apps/inprocess.py names them by `key`); the first is the reference every other must match row for row. */
export const inProcessSetups = [
	{ id: 'django-orm-sync', label: 'Django ORM, sync', key: 'django/sync' },
	{ id: 'django-orm-async', label: 'Django ORM, async API', key: 'django/async' },
	{ id: 'sqlalchemy-sync', label: 'SQLAlchemy 2, sync session', key: 'sqlalchemy/sync' },
	{ id: 'sqlalchemy-async', label: 'SQLAlchemy 2, async session', key: 'sqlalchemy/async' },
] as const;

export const setupIds: readonly string[] = [...serverSetups.map((setup) => setup.id), ...inProcessSetups.map((setup) => setup.id)];

export function serverSetup(id: string): ServerSetupDefinition {
	const setup = serverSetups.find((candidate) => candidate.id === id);
	if (!setup) throw new Error(`no server setup "${id}" in lab/experiment.ts; choose from ${serverSetups.map((s) => s.id).join(', ')}`);
	return setup;
}

/**
 * The plain setup of each role: FastAPI, and Django on each concurrency model
 * (a variant limited to some workloads never stands for its model). Pages and
 * tests name setups through these, never by id.
 */
function plainSetup(framework: 'django' | 'fastapi', model?: ConcurrencyModel): ServerSetupDefinition {
	const setup = serverSetups.find((candidate) => candidate.framework === framework && (!model || candidate.model === model) && !candidate.workloads);
	if (!setup) throw new Error(`lab/experiment.ts: no plain ${framework} setup${model ? ` on ${model}` : ''}`);
	return setup;
}

export const setupRoles = {
	fastapi: plainSetup('fastapi'),
	djangoProcesses: plainSetup('django', 'processes'),
	djangoThreads: plainSetup('django', 'threads'),
	djangoAsync: plainSetup('django', 'event-loop'),
};

export const runsWorkload = (setup: ServerSetupDefinition, workload: WorkloadId) => !setup.workloads || setup.workloads.includes(workload);

/** The model clients a setup's views offer: every one on an event loop, the synchronous ones on threads and processes. */
export const modelClientsOf = (setup: ServerSetupDefinition) => modelClients.filter((client) => setup.model === 'event-loop' || client.sync);

// ---------------------------------------------------------------------------
// Workloads

export interface PointDefinition {
	scenario: string;
	path: string;
	/** Connections (wrk), streams, or for open-loop load the offered rate in requests per second: the point's level. */
	concurrency: number;
	/**
	 * wrk load; wrk load with a probe of light requests beside it; concurrent
	 * SSE streams; requests at a fixed rate (lab/driver/open-loop.ts); or
	 * callers that leave mid-answer (`leaveAfterMs`).
	 */
	load: 'wrk' | 'wrk-with-probe' | 'streams' | 'open-loop' | 'disconnect';
	/** Tokens each stream of a model-stream point asks for (passed as ?tokens=); the driver checks every one. */
	streamTokens?: number;
	/** How long a disconnect point's callers wait before they go away. */
	leaveAfterMs?: number;
	/** The measured window. Long enough for every connection to finish many requests at the expected latency. */
	windowSeconds: number;
	/** A request still unanswered after this long is counted as timed out; always shorter than the window. */
	timeoutSeconds: number;
	/** Checks one answer's JSON body; returns a problem, or undefined when right. */
	check?: (body: unknown) => string | undefined;
}

const field = (body: unknown, key: string): unknown =>
	typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[key] : undefined;

const expectJsonPayload = (body: unknown) =>
	field(body, 'model') === 'lab-classifier' && Array.isArray(field(body, 'scores')) ? undefined : `unexpected body ${JSON.stringify(body)}`;

const expectCompletion = (via: string) => (body: unknown) =>
	field(body, 'completion') === 'lab answer' && field(body, 'via') === via ? undefined : `unexpected body ${JSON.stringify(body)}`;

const expectModelAnswer = (via: string) => (body: unknown) =>
	field(body, 'completion') === chatAnswer(modelTiming.answerTokens) && field(body, 'via') === via
		? undefined
		: `expected the mock model's ${modelTiming.answerTokens}-token answer via ${via}, got ${JSON.stringify(body).slice(0, 200)}`;

const expectNumberResult = (body: unknown) =>
	Number.isInteger(field(body, 'result')) ? undefined : `unexpected body ${JSON.stringify(body)}`;

const expectRows = (count: number) => (body: unknown) => {
	const rows = field(body, 'rows');
	return Array.isArray(rows) && rows.length === count ? undefined : `expected ${count} rows, got ${JSON.stringify(body).slice(0, 200)}`;
};

/**
 * Concurrency levels of the model-API workload and their windows: at 400
 * connections a queued request can wait seconds, so that window is 30 s.
 */
export const upstreamLevels = [
	{ concurrency: 10, windowSeconds: 8 },
	{ concurrency: 100, windowSeconds: 10 },
	{ concurrency: 400, windowSeconds: 30 },
] as const;

/**
 * Calls in flight per setup on the model-API workload: enough to fill each at
 * the lab's shape (2 workers × 16 threads), and 200 on an event loop, where
 * many concurrent calls are what tests a client.
 */
export const modelApiConcurrency: Record<ConcurrencyModel, number> = { 'event-loop': 200, threads: 32, processes: 2 };

/**
 * Offered rates of the model-load workload, in requests per second: doubling,
 * each setup stepped up until a step saturates (measurementRules). The runs of
 * 2026-12-07 stopped at 256, which FastAPI carried in every repeat; its CPU per
 * request puts its ceiling on two cores between 256 and 512.
 */
export const modelLoadRates = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512] as const;

export const ormQueries = [
	{ query: 'top-authors', rows: 10, label: 'top authors' },
	{ query: 'recent-books', rows: 100, label: 'recent books' },
] as const;

export interface WorkloadDefinition {
	id: WorkloadId;
	title: string;
	needsDatabase: boolean;
	/** What a point's level counts: connections (the default), streams, or requests per second offered. */
	level?: 'streams' | 'rate';
	/** The metrics each of its points records. */
	metrics: Record<string, readonly string[]>;
	/**
	 * Repeats of each point in a full run, where three are too few: a workload
	 * whose ratios spread widely within one run needs more repeats for its
	 * medians to hold in the next (`npm run lab -- --repeats N` overrides it).
	 */
	repeats?: number;
	/** The points one server setup runs, in order (concurrency rises within a scenario). */
	points: (setup: ServerSetupDefinition) => PointDefinition[];
}

/**
 * Memory of the server's processes, recorded with every server sample: PSS
 * summed over the process tree at idle before the window and halfway through
 * it, and the requests in flight at that moment.
 */
export const memoryMetrics = ['idlePssMiB', 'loadedPssMiB', 'inFlightMid'] as const;
const serverMetrics = ['rps', 'p50Ms', 'p90Ms', 'p99Ms', 'maxMs', ...memoryMetrics] as const;

export const workloads: readonly WorkloadDefinition[] = [
	{
		id: 'json-throughput',
		title: 'Plain JSON throughput',
		needsDatabase: false,
		metrics: { json: serverMetrics },
		points: () => [{ scenario: 'json', path: '/json', concurrency: 64, load: 'wrk', windowSeconds: 6, timeoutSeconds: 2, check: expectJsonPayload }],
	},
	{
		id: 'upstream-wait',
		title: 'Waiting on a model API',
		needsDatabase: false,
		metrics: Object.fromEntries(upstreamClients.map((client) => [`upstream/${client}`, serverMetrics])),
		points: (setup) =>
			setup.clients.flatMap((client) =>
				upstreamLevels.map(({ concurrency, windowSeconds }) => ({
					scenario: `upstream/${client}`,
					path: `/upstream/${client}`,
					concurrency,
					load: 'wrk' as const,
					windowSeconds,
					timeoutSeconds: 5,
					check: expectCompletion(client),
				})),
			),
	},
	{
		id: 'streaming',
		title: 'Streaming tokens',
		needsDatabase: false,
		level: 'streams',
		metrics: { stream: ['ttftP50Ms', 'ttftP99Ms', 'totalP50Ms', 'totalP99Ms', 'wallMs', ...memoryMetrics] },
		points: () => [{ scenario: 'stream', path: '/stream', concurrency: 50, load: 'streams', windowSeconds: 30, timeoutSeconds: 20 }],
	},
	{
		id: 'cpu-bound',
		title: 'CPU work in the request',
		needsDatabase: false,
		metrics: Object.fromEntries(['cpu/offloaded', 'cpu/blocking'].map((scenario) => [scenario, ['rps', 'p50Ms', 'p99Ms', 'probeP50Ms', 'probeP99Ms', ...memoryMetrics]])),
		points: (setup) =>
			(setup.model === 'event-loop' ? ['offloaded', 'blocking'] : ['offloaded']).map((form) => ({
				scenario: `cpu/${form}`,
				path: `/cpu/${form}`,
				concurrency: 8,
				load: 'wrk-with-probe' as const,
				windowSeconds: 6,
				timeoutSeconds: 4,
				check: expectNumberResult,
			})),
	},
	{
		id: 'orm-queries',
		title: 'Relational queries',
		needsDatabase: true,
		metrics: Object.fromEntries(
			ormQueries.flatMap(({ query }) => [
				[`orm/${query}`, ['rps', 'p50Ms', 'p99Ms', ...memoryMetrics]],
				[`orm-sync/${query}`, ['rps', 'p50Ms', 'p99Ms', ...memoryMetrics]],
				[`inprocess/${query}`, ['medianMs', 'p90Ms']],
			]),
		),
		points: (setup) =>
			(setup.syncOrmRoutes ? ['orm', 'orm-sync'] : ['orm']).flatMap((prefix) =>
				ormQueries.map(({ query, rows }) => ({
					scenario: `${prefix}/${query}`,
					path: `/${prefix}/${query}`,
					concurrency: 32,
					load: 'wrk' as const,
					windowSeconds: 6,
					timeoutSeconds: 3,
					check: expectRows(rows),
				})),
			),
	},
	{
		id: 'model-api',
		title: 'Calling a model API',
		needsDatabase: false,
		metrics: Object.fromEntries(modelClients.map((client) => [`model/${client.id}`, serverMetrics])),
		// 15 s: each connection waits about 2.4 s per answer, so it completes several in the window.
		points: (setup) =>
			modelClientsOf(setup).map((client) => ({
				scenario: `model/${client.id}`,
				path: `/model/${client.id}`,
				concurrency: modelApiConcurrency[setup.model],
				load: 'wrk' as const,
				windowSeconds: 15,
				timeoutSeconds: 10,
				check: expectModelAnswer(client.id),
			})),
	},
	{
		id: 'model-load',
		title: 'Latency against offered load',
		needsDatabase: false,
		level: 'rate',
		metrics: { 'load/openai': ['offeredRps', 'rps', 'answeredPct', 'lateSendPct', 'p50Ms', 'p90Ms', 'p99Ms', 'maxMs', ...memoryMetrics] },
		// The same chat completion through the SDK's default client, arriving at a fixed rate whatever the answers do.
		points: () =>
			modelLoadRates.map((rate) => ({
				scenario: 'load/openai',
				path: '/model/openai',
				concurrency: rate,
				load: 'open-loop' as const,
				windowSeconds: 12,
				timeoutSeconds: 10,
				check: expectModelAnswer('openai'),
			})),
	},
	{
		id: 'model-streams',
		title: 'Token streams at scale',
		needsDatabase: false,
		level: 'streams',
		metrics: { 'stream/openai': ['ttftP50Ms', 'ttftP99Ms', 'gapP50Ms', 'gapP99Ms', 'totalP50Ms', 'totalP99Ms', 'wallMs', 'serverCpuPerTokenUs', ...memoryMetrics] },
		// Streams relayed through the SDK's default client, every token checked in order.
		points: (setup) =>
			modelStreamLevels[setup.model].map((streams) => ({
				scenario: 'stream/openai',
				path: '/model-stream/openai',
				concurrency: streams,
				load: 'streams' as const,
				streamTokens: modelStreamTokens,
				windowSeconds: 40,
				timeoutSeconds: 30,
			})),
	},
	{
		id: 'model-pool',
		title: 'Connection pool size',
		needsDatabase: false,
		metrics: Object.fromEntries(poolVariants.map((variant) => [`pool/${variant.id}`, serverMetrics])),
		// Three runs of three repeats did not reproduce one another: with 100 calls per worker at or near each pool's
		// limit, single repeats of a ratio spread by up to a quarter, so a median of three wandered past the tolerance.
		repeats: 5,
		// The model-API call on the event-loop servers at 200 in flight (100 per worker), through each pool. A pool of 50
		// queues half the calls, so a request takes about two answers; 30 s still lets each connection finish several.
		points: (setup) =>
			setup.model !== 'event-loop'
				? []
				: poolVariants.map((variant) => ({
						scenario: `pool/${variant.id}`,
						path: `/model/${variant.id}`,
						concurrency: modelApiConcurrency[setup.model],
						load: 'wrk' as const,
						windowSeconds: 30,
						timeoutSeconds: 10,
						check: expectModelAnswer(variant.id),
					})),
	},
	{
		id: 'model-disconnect',
		title: 'When the user goes away',
		needsDatabase: false,
		metrics: Object.fromEntries(['disconnect/openai', 'disconnect-stream/openai'].map((scenario) => [scenario, ['tokensForNobody', 'ranToEndPct', 'cutShortPct']])),
		// Two callers at a time, each leaving a second into the answer: a plain call, then a stream.
		points: () => [
			{ scenario: 'disconnect/openai', path: '/model/openai', concurrency: 2, load: 'disconnect' as const, leaveAfterMs: 1000, windowSeconds: 10, timeoutSeconds: 5 },
			{
				scenario: 'disconnect-stream/openai',
				path: '/model-stream/openai',
				concurrency: 2,
				load: 'disconnect' as const,
				streamTokens: modelTiming.answerTokens,
				leaveAfterMs: 1000,
				windowSeconds: 10,
				timeoutSeconds: 5,
			},
		],
	},
];

/** Whether an open-loop step saturated its setup (measurementRules): the driver steps no higher, the pages mark the knee. */
export function saturatedStep(metrics: Record<string, number>, timing: ModelTiming): boolean {
	const answered = metrics.answeredPct ?? 0;
	const p50 = metrics.p50Ms ?? Number.POSITIVE_INFINITY;
	const p99 = metrics.p99Ms ?? Number.POSITIVE_INFINITY;
	const answerMs = wholeAnswerMs(timing);
	return (
		answered < measurementRules.saturatedAnsweredShare * 100 ||
		p99 > measurementRules.saturatedLatencyFactor * answerMs ||
		p50 > measurementRules.saturatedMedianFactor * answerMs
	);
}

/**
 * Concurrent streams per setup on the model-streams workload, each of
 * `modelStreamTokens` tokens (about ten seconds at the mock's pace): a sync
 * worker holds one stream and a thread one, so those setups stop at the level
 * that already queues them.
 */
export const modelStreamLevels: Record<ConcurrencyModel, readonly number[]> = { processes: [50], threads: [50, 200], 'event-loop': [50, 200, 800] };
export const modelStreamTokens = 500;

/** Rounds of callers on a disconnect point (the smoke takes one). */
export const disconnectRounds = 5;

/** A point's level in words: "200 concurrent connections", "50 concurrent streams", "16 requests per second offered". */
export function levelWords(workloadId: WorkloadId, level: number): string {
	const unit = workloads.find((candidate) => candidate.id === workloadId)?.level;
	if (unit === 'rate') return `${level} ${level === 1 ? 'request' : 'requests'} per second offered`;
	return `${level} concurrent ${unit === 'streams' ? 'streams' : 'connections'}`;
}

export function workload(id: WorkloadId): WorkloadDefinition {
	return workloads.find((candidate) => candidate.id === id)!;
}

/** Every point a setup runs for a workload (none when the setup skips it). */
export function pointsFor(workloadId: WorkloadId, setup: ServerSetupDefinition): PointDefinition[] {
	return runsWorkload(setup, workloadId) ? workload(workloadId).points(setup) : [];
}

// ---------------------------------------------------------------------------
// Measurement rules shared by the driver and the pages

/** How far a rerun's median may move from the earlier one and still hold (see measurementRules). */
const rerunTolerance = 0.15;

export const measurementRules = {
	/** A wrk sample is at steady state when each connection finished at least this many requests in the window; its latencies are shown as cut off otherwise. */
	minRequestsPerConnection: 5,
	/** A sample is uneven when one worker answered more than this multiple of its fair share (1 / workers); it is run again once. */
	unevenShare: 1.5,
	/** A point starts only once nothing is in flight anywhere; this long without, the lab stops. */
	cleanStartLimitSeconds: 180,
	/** Counters must stay still this long before a point: requests a gunicorn worker still holds in its own queue show up as movement. */
	quietMs: 500,
	/** A rerun's ratio is within tolerance when its median moved by at most this fraction from the earlier run's median. */
	rerunTolerance,
	/**
	 * A ratio is stable when its repeats within one run span at most this
	 * factor (largest over smallest): (1 + rerunTolerance)², the widest span
	 * whose every repeat lies within the tolerance of one centre. A wider span
	 * already moves further than a rerun may between the repeats of one run, so
	 * its size is not a reproducible figure; its direction can still be.
	 */
	stableSpan: (1 + rerunTolerance) ** 2,
	/** The share of ratios that must stay within tolerance for two runs to count as reproducing each other. */
	rerunShare: 0.9,
	/** A sample in whose window the hypervisor stole more than this share of the machine's time is taken again… */
	maxStealShare: 0.05,
	/** …at most this many times; the last try is kept, marked when it is still over. */
	stealRetakes: 2,
	/** An open-loop step is saturated when fewer than this share of its requests were answered in time… */
	saturatedAnsweredShare: 0.99,
	/** …or its 99th percentile exceeds this multiple of the model's own answer time… */
	saturatedLatencyFactor: 2,
	/**
	 * …or its median exceeds this multiple of it; the setup is stepped no higher. Below capacity the median request
	 * waits on the model alone (within 1 % of its answer time on this machine), so a median a quarter above it is a
	 * queue growing through the window: a rate just above a setup's ceiling can end a 12 s window before that queue
	 * pushes the 99th percentile past the factor above, and the step would read as carried.
	 */
	saturatedMedianFactor: 1.25,
	/** An open-loop request sent more than this many milliseconds after it fell due counts as sent late: the generator, sharing the cores, fell behind. */
	lateSendMs: 10,
} as const;

/**
 * Figures of earlier runs (before the steady-state windows, schema 1) that did
 * not survive review: the pages leave them out of tables, charts and ratios
 * and say why.
 */
export const withdrawnInSchema1 = [
	{
		workload: 'upstream-wait' as WorkloadId,
		scenario: 'upstream/http',
		concurrency: 400,
		reason:
			'Withdrawn: in runs before 2026-12-07 this point lasted 4 s while a request waited 4–5 s, and FastAPI was often still finishing the warm-up’s calls when it began, so it never reached steady state. It is remeasured with a clean start and a 30 s window.',
	},
] as const;

// ---------------------------------------------------------------------------
// What the evidence pages show, per workload

interface Selection {
	scenarios: readonly string[];
}

export interface ChartSpec extends Selection {
	title: string;
	metric: string;
	/** Bars per point (the default), or lines of the metric against the level, one per setup. */
	kind?: 'curve';
	/** One chart per concurrency level found in the run, its level named in the title. */
	eachConcurrency?: boolean;
}

export interface TableSpec extends Selection {
	caption: string;
	metrics: readonly string[];
	/** Counts are of requests, streams or calls. */
	counted: 'requests' | 'streams' | 'calls';
	/** Latencies come from wrk, which times completed requests only. */
	wrkLatency: boolean;
	/** Latencies come from the open-loop generator: timed from when each request was due, a timed-out one counted at the timeout. */
	openLoop?: boolean;
}

export interface RatioSpec {
	metric: string;
	scenario: string;
	/** One ratio per concurrency level found in the run. */
	eachConcurrency?: boolean;
	numerator: string;
	denominator: string;
	/** Scenario of the denominator when it differs (e.g. blocking vs offloaded). */
	denominatorScenario?: string;
	/** Says which of several comparisons this is, e.g. "top authors, in process". */
	context?: string;
	/** One of the findings the workload's page opens with. */
	headline?: boolean;
}

export interface WorkloadSpec {
	charts: readonly ChartSpec[];
	tables: readonly TableSpec[];
	ratios: readonly RatioSpec[];
	/** What the page opens with: headline ratios (the default), each setup's knee under offered load, or what became of callers' model calls. */
	findings?: 'knees' | 'outcomes';
}

const serverLatency = ['rps', 'p50Ms', 'p99Ms', 'maxMs'] as const;
/** The memory table of a workload's page: the PSS sums each server sample records. */
const memoryTable = (scenarios: readonly string[], counted: TableSpec['counted']): TableSpec => ({
	caption: 'Memory of the server’s processes (PSS, summed)',
	scenarios,
	metrics: memoryMetrics,
	counted,
	wrkLatency: false,
});
/** A model-call workload's tables: each variant's throughput, latency and server CPU, then its memory. */
const modelCallTables = (caption: string, scenarios: readonly string[]): TableSpec[] => [
	{ caption, scenarios, metrics: [...serverLatency, 'serverCpuPerRequestMs'], counted: 'requests', wrkLatency: true },
	memoryTable(scenarios, 'requests'),
];
const fastapiId = setupRoles.fastapi.id;
const djangoServers = serverSetups.filter((setup) => setup.framework === 'django').map((setup) => setup.id);
const djangoProcesses = setupRoles.djangoProcesses.id;
const djangoThreads = setupRoles.djangoThreads.id;
const djangoAsync = setupRoles.djangoAsync.id;
const middlewareVariants = serverSetups.filter((setup) => setup.framework === 'django' && setup.model === 'event-loop' && setup.id !== djangoAsync);
const modelScenarios = modelClients.map((client) => `model/${client.id}`);
const poolScenarios = poolVariants.map((variant) => `pool/${variant.id}`);
const withClient = (client: UpstreamClient) => serverSetups.filter((setup) => setup.clients.includes(client)).map((setup) => setup.id);

/**
 * Each variant of a model call against the SDK's defaults (the scenario ending in `/openai`), within one setup:
 * the same server, so the ratio is the client's or the pool's alone.
 */
const againstSdkDefault = (
	setup: string,
	scenarios: readonly string[],
	metrics: readonly string[],
	headline: (scenario: string, metric: string) => boolean,
): RatioSpec[] =>
	scenarios
		.filter((scenario) => !scenario.endsWith('/openai'))
		.flatMap((scenario) =>
			metrics.map((metric) => ({
				metric,
				scenario,
				denominatorScenario: `${scenario.split('/')[0]}/openai`,
				numerator: setup,
				denominator: setup,
				headline: headline(scenario, metric),
			})),
		);

export const workloadSpecs: Record<WorkloadId, WorkloadSpec> = {
	'json-throughput': {
		charts: [
			{ title: 'Requests per second', metric: 'rps', scenarios: ['json'] },
			{ title: '99th percentile latency', metric: 'p99Ms', scenarios: ['json'] },
		],
		// Server CPU per request beside throughput: with both cores busy, a repeat that got less done cost more CPU per request.
		tables: [{ caption: 'Plain JSON response', scenarios: ['json'], metrics: [...serverLatency, 'serverCpuPerRequestMs'], counted: 'requests', wrkLatency: true }],
		ratios: [
			...djangoServers.map((setup) => ({ metric: 'rps', scenario: 'json', numerator: fastapiId, denominator: setup, headline: true })),
			...middlewareVariants.map((variant) => ({ metric: 'rps', scenario: 'json', numerator: variant.id, denominator: djangoAsync, headline: true })),
		],
	},
	'upstream-wait': {
		charts: [{ title: 'Requests per second', metric: 'rps', scenarios: upstreamClients.map((client) => `upstream/${client}`), eachConcurrency: true }],
		tables: [
			{ caption: 'HTTP call to the mock model API with httpx', scenarios: ['upstream/http'], metrics: serverLatency, counted: 'requests', wrkLatency: true },
			{ caption: 'HTTP call with aiohttp (async servers only)', scenarios: ['upstream/aiohttp'], metrics: serverLatency, counted: 'requests', wrkLatency: true },
			{ caption: 'Sleep only, no HTTP call', scenarios: ['upstream/sleep'], metrics: serverLatency, counted: 'requests', wrkLatency: true },
		],
		ratios: [
			...[fastapiId, djangoThreads, djangoAsync].map((numerator) => ({
				metric: 'rps',
				scenario: 'upstream/http',
				eachConcurrency: true,
				numerator,
				denominator: djangoProcesses,
				headline: numerator !== djangoAsync,
			})),
			// Threads against an event loop when the call goes through httpx.
			...[fastapiId, djangoAsync].map((denominator) => ({
				metric: 'rps',
				scenario: 'upstream/http',
				eachConcurrency: true,
				numerator: djangoThreads,
				denominator,
				headline: true,
			})),
			// The two async servers side by side, with each client.
			...(['http', 'aiohttp', 'sleep'] as const).map((client) => ({
				metric: 'rps',
				scenario: `upstream/${client}`,
				eachConcurrency: true,
				numerator: fastapiId,
				denominator: djangoAsync,
				headline: client !== 'sleep',
			})),
			// How much of the async servers' waiting cost is the HTTP client's.
			...withClient('aiohttp')
				.filter((setup) => !middlewareVariants.some((variant) => variant.id === setup))
				.map((setup) => ({
					metric: 'rps',
					scenario: 'upstream/aiohttp',
					denominatorScenario: 'upstream/http',
					eachConcurrency: true,
					numerator: setup,
					denominator: setup,
				})),
			...middlewareVariants.map((variant) => ({
				metric: 'rps',
				scenario: 'upstream/sleep',
				eachConcurrency: true,
				numerator: variant.id,
				denominator: djangoAsync,
			})),
		],
	},
	streaming: {
		charts: [
			{ title: 'Time to first token, median', metric: 'ttftP50Ms', scenarios: ['stream'] },
			{ title: 'Time to first token, 99th percentile', metric: 'ttftP99Ms', scenarios: ['stream'] },
			{ title: 'Whole stream, median', metric: 'totalP50Ms', scenarios: ['stream'] },
		],
		tables: [
			{
				caption: 'Server-sent event streams relayed from the mock model API',
				scenarios: ['stream'],
				metrics: ['ttftP50Ms', 'ttftP99Ms', 'totalP50Ms', 'totalP99Ms', 'wallMs'],
				counted: 'streams',
				wrkLatency: false,
			},
		],
		ratios: djangoServers.map((setup) => ({
			metric: 'ttftP99Ms',
			scenario: 'stream',
			numerator: setup,
			denominator: fastapiId,
			headline: setup === djangoProcesses || setup === djangoAsync,
		})),
	},
	'cpu-bound': {
		charts: [
			{ title: 'Requests per second', metric: 'rps', scenarios: ['cpu/offloaded', 'cpu/blocking'] },
			{ title: 'Probe request latency, 99th percentile', metric: 'probeP99Ms', scenarios: ['cpu/offloaded', 'cpu/blocking'] },
		],
		tables: [
			{
				caption: 'CPU work per request, with a probe request alongside',
				scenarios: ['cpu/offloaded', 'cpu/blocking'],
				metrics: ['rps', 'p50Ms', 'p99Ms', 'probeP50Ms', 'probeP99Ms'],
				counted: 'requests',
				wrkLatency: true,
			},
		],
		ratios: [fastapiId, djangoAsync].flatMap((setup) => [
			{ metric: 'probeP99Ms', scenario: 'cpu/blocking', numerator: setup, denominator: setup, denominatorScenario: 'cpu/offloaded', headline: setup === fastapiId },
			// What offloading costs the offloaded requests themselves.
			{ metric: 'p99Ms', scenario: 'cpu/offloaded', numerator: setup, denominator: setup, denominatorScenario: 'cpu/blocking', headline: setup === fastapiId },
		]),
	},
	'model-api': {
		charts: [
			{ title: 'Requests per second', metric: 'rps', scenarios: modelScenarios },
			{ title: '99th percentile latency', metric: 'p99Ms', scenarios: modelScenarios },
		],
		tables: modelCallTables('A chat completion through each client', modelScenarios),
		ratios: [
			// The two async servers on the SDK's default client.
			...['rps', 'serverCpuPerRequestMs'].map((metric) => ({ metric, scenario: 'model/openai', numerator: fastapiId, denominator: djangoAsync, headline: true })),
			// Each client against the SDK's default, within one setup: the calls it completed, its tail and what it cost the server.
			...[fastapiId, djangoAsync, djangoThreads].flatMap((setup) =>
				againstSdkDefault(
					setup,
					modelClientsOf(serverSetup(setup)).map((client) => `model/${client.id}`),
					['rps', 'p99Ms', 'serverCpuPerRequestMs'],
					(scenario, metric) => setup === fastapiId && metric !== 'rps' && ['model/openai-aiohttp', 'model/anthropic', 'model/httpx', 'model/httpx2'].includes(scenario),
				),
			),
		],
	},
	'model-load': {
		findings: 'knees',
		charts: [
			{ kind: 'curve', title: '99th percentile latency against offered load', metric: 'p99Ms', scenarios: ['load/openai'] },
			{ kind: 'curve', title: 'Median latency against offered load', metric: 'p50Ms', scenarios: ['load/openai'] },
		],
		tables: [
			{
				caption: 'Each step of offered load (latency timed from when each request was due)',
				scenarios: ['load/openai'],
				metrics: ['rps', 'answeredPct', 'p50Ms', 'p99Ms', 'maxMs', 'lateSendPct'],
				counted: 'requests',
				wrkLatency: false,
				openLoop: true,
			},
			memoryTable(['load/openai'], 'requests'),
		],
		ratios: [],
	},
	'model-streams': {
		charts: [
			{ kind: 'curve', title: 'Time to first token, 99th percentile, against concurrent streams', metric: 'ttftP99Ms', scenarios: ['stream/openai'] },
			{ kind: 'curve', title: 'Gap between tokens, 99th percentile, against concurrent streams', metric: 'gapP99Ms', scenarios: ['stream/openai'] },
		],
		tables: [
			{
				caption: 'Streams relayed through the openai SDK, every token checked in order',
				scenarios: ['stream/openai'],
				metrics: ['ttftP50Ms', 'ttftP99Ms', 'gapP99Ms', 'totalP50Ms', 'totalP99Ms', 'serverCpuPerTokenUs'],
				counted: 'streams',
				wrkLatency: false,
			},
			memoryTable(['stream/openai'], 'streams'),
		],
		ratios: [djangoThreads, djangoAsync, djangoProcesses].map((setup) => ({
			metric: 'ttftP99Ms',
			scenario: 'stream/openai',
			eachConcurrency: true,
			numerator: setup,
			denominator: fastapiId,
			headline: setup !== djangoProcesses,
		})),
	},
	'model-pool': {
		charts: [
			{ title: 'Requests per second', metric: 'rps', scenarios: poolScenarios },
			{ title: 'Median latency', metric: 'p50Ms', scenarios: poolScenarios },
			{ title: '99th percentile latency', metric: 'p99Ms', scenarios: poolScenarios },
		],
		tables: modelCallTables('A chat completion through each pool', poolScenarios),
		// Each pool against the SDK's defaults, within one setup.
		ratios: [fastapiId, djangoAsync].flatMap((setup) =>
			againstSdkDefault(setup, poolScenarios, ['rps', 'p50Ms', 'p99Ms', 'serverCpuPerRequestMs'], (_, metric) => setup === fastapiId && (metric === 'rps' || metric === 'p99Ms')),
		),
	},
	'model-disconnect': {
		charts: [
			{ title: 'Tokens generated for nobody per departed caller, plain answer', metric: 'tokensForNobody', scenarios: ['disconnect/openai'] },
			{ title: 'Tokens generated for nobody per departed caller, streamed answer', metric: 'tokensForNobody', scenarios: ['disconnect-stream/openai'] },
		],
		findings: 'outcomes',
		tables: [
			{
				caption: 'Callers that left a second into the answer',
				scenarios: ['disconnect/openai', 'disconnect-stream/openai'],
				metrics: ['tokensForNobody', 'ranToEndPct', 'cutShortPct'],
				counted: 'requests',
				wrkLatency: false,
			},
		],
		ratios: [],
	},
	'orm-queries': {
		charts: ormQueries.flatMap(({ query, label }) => [
			{ title: `Over HTTP, ${label}: requests per second`, metric: 'rps', scenarios: [`orm/${query}`, `orm-sync/${query}`] },
			{ title: `In process, ${label}: time per query`, metric: 'medianMs', scenarios: [`inprocess/${query}`] },
		]),
		tables: [
			{
				caption: 'Over HTTP',
				scenarios: ormQueries.flatMap(({ query }) => [`orm/${query}`, `orm-sync/${query}`]),
				metrics: ['rps', 'p50Ms', 'p99Ms'],
				counted: 'requests',
				wrkLatency: true,
			},
			{
				caption: 'In process, one query at a time',
				scenarios: ormQueries.map(({ query }) => `inprocess/${query}`),
				metrics: ['medianMs', 'p90Ms'],
				counted: 'calls',
				wrkLatency: false,
			},
		],
		ratios: ormQueries.flatMap(({ query, label }) => {
			const inProcess = `${label}, in process`;
			const overHttp = `${label}, over HTTP`;
			const [djangoSyncOrm, djangoAsyncOrm, sqlalchemySync, sqlalchemyAsync] = inProcessSetups.map((setup) => setup.id);
			return [
				{ metric: 'medianMs', scenario: `inprocess/${query}`, numerator: sqlalchemySync, denominator: djangoSyncOrm, context: inProcess, headline: query === ormQueries[0].query },
				{ metric: 'medianMs', scenario: `inprocess/${query}`, numerator: sqlalchemyAsync, denominator: djangoAsyncOrm, context: inProcess },
				// FastAPI against each Django setup, so the page's verdict names the comparison it rests on.
				...djangoServers
					.filter((setup) => runsWorkload(serverSetup(setup), 'orm-queries'))
					.map((setup) => ({
						metric: 'rps',
						scenario: `orm/${query}`,
						numerator: fastapiId,
						denominator: setup,
						context: overHttp,
						headline: query === ormQueries[0].query && (setup === djangoProcesses || setup === djangoAsync),
					})),
			];
		}),
	},
};
