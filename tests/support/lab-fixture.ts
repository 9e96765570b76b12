import type { LabPoint, LabRun, LabSample, WorkloadId } from '../../src/lib/lab-results';

/**
 * Builds a valid lab run in code, for unit tests and for render tests while no
 * results file exists. The numbers are arbitrary (a seeded generator), never
 * real measurements: they must not reach a page of the published site.
 */

const servers = ['django-sync', 'django-gthread', 'django-asgi', 'fastapi'] as const;
const inProcess = ['django-orm-sync', 'django-orm-async', 'sqlalchemy-sync', 'sqlalchemy-async'] as const;
const inProcessLabels: Record<(typeof inProcess)[number], string> = {
	'django-orm-sync': 'Django ORM, sync',
	'django-orm-async': 'Django ORM, async API',
	'sqlalchemy-sync': 'SQLAlchemy 2, sync session',
	'sqlalchemy-async': 'SQLAlchemy 2, async session',
};

interface PointPlan {
	workload: WorkloadId;
	scenario: string;
	setups: readonly string[];
	concurrency: readonly number[];
	metrics: readonly string[];
}

const serverMetrics = ['rps', 'p50Ms', 'p99Ms', 'maxMs'] as const;

export const fixturePlan: readonly PointPlan[] = [
	{ workload: 'json-throughput', scenario: 'json', setups: servers, concurrency: [64], metrics: serverMetrics },
	{ workload: 'upstream-wait', scenario: 'upstream/http', setups: servers, concurrency: [10, 100, 400], metrics: serverMetrics },
	{ workload: 'upstream-wait', scenario: 'upstream/aiohttp', setups: ['django-asgi', 'fastapi'], concurrency: [10, 100, 400], metrics: serverMetrics },
	{ workload: 'upstream-wait', scenario: 'upstream/sleep', setups: servers, concurrency: [10, 100, 400], metrics: serverMetrics },
	{ workload: 'streaming', scenario: 'stream', setups: servers, concurrency: [50], metrics: ['ttftP50Ms', 'ttftP99Ms', 'totalP50Ms', 'totalP99Ms', 'wallMs'] },
	{ workload: 'cpu-bound', scenario: 'cpu/offloaded', setups: servers, concurrency: [8], metrics: ['rps', 'p50Ms', 'p99Ms', 'probeP50Ms', 'probeP99Ms'] },
	{ workload: 'cpu-bound', scenario: 'cpu/blocking', setups: ['django-asgi', 'fastapi'], concurrency: [8], metrics: ['rps', 'p50Ms', 'p99Ms', 'probeP50Ms', 'probeP99Ms'] },
	...(['top-authors', 'recent-books'] as const).flatMap((query): PointPlan[] => [
		{ workload: 'orm-queries', scenario: `orm/${query}`, setups: servers, concurrency: [32], metrics: ['rps', 'p50Ms', 'p99Ms'] },
		{ workload: 'orm-queries', scenario: `orm-sync/${query}`, setups: ['fastapi'], concurrency: [32], metrics: ['rps', 'p50Ms', 'p99Ms'] },
		{ workload: 'orm-queries', scenario: `inprocess/${query}`, setups: inProcess, concurrency: [1], metrics: ['medianMs', 'p90Ms'] },
	]),
];

/** A small deterministic generator (mulberry32), so fixtures are the same on every run. */
function random(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

export interface FixtureOptions {
	kind?: LabRun['kind'];
	repeats?: number;
	startedAt?: string;
	seed?: number;
	/** Leave out points, e.g. to test pages with a partial run. */
	keep?: (point: LabPoint) => boolean;
}

export function makeLabRun({ kind = 'full', repeats = 5, startedAt = '2026-01-01T10:00:00.000Z', seed = 1, keep = () => true }: FixtureOptions = {}): LabRun {
	const next = random(seed);
	const points: LabPoint[] = [];
	for (const plan of fixturePlan) {
		for (const setup of plan.setups) {
			for (const concurrency of plan.concurrency) {
				const base = 5 + next() * 2000;
				const samples: LabSample[] = Array.from({ length: repeats }, (_, index) => ({
					repeat: index + 1,
					metrics: Object.fromEntries(plan.metrics.map((metric, m) => [metric, Number((base * (1 + m * 0.3) * (0.9 + next() * 0.2)).toFixed(3))])),
					counts: { completed: Math.round(base * 10), failed: index === 0 ? 1 : 0, timedOut: setup === 'django-sync' ? 2 : 0 },
					machine: { busyBefore: 0.02, loadBefore: 0.4, loadAfter: 1.8 },
					flagged: false,
				}));
				const point: LabPoint = { workload: plan.workload, scenario: plan.scenario, setup, concurrency, samples };
				if (keep(point)) points.push(point);
			}
		}
	}
	const finishedAt = new Date(Date.parse(startedAt) + 40 * 60 * 1000).toISOString();
	return {
		schemaVersion: 1,
		kind,
		startedAt,
		finishedAt,
		machine: {
			cpuModel: 'Fixture CPU',
			cores: 2,
			memoryGiB: 4,
			kernel: '6.1.0-fixture',
			rootSuite: 'sid',
			coreSharing: 'Fixture: server on core 0, load generator and upstream on core 1.',
		},
		versions: { python: '3.14.0', django: '5.2.18', fastapi: '0.162.0' },
		settings: {
			workers: 2,
			threads: 8,
			repeats,
			durationSeconds: 10,
			warmupSeconds: 2,
			upstreamDelayMs: 100,
			streamTokens: 50,
			streamGapMs: 20,
			streamCount: 50,
			cpuIterations: 20000,
			cpuWorkMs: 15,
			requestTimeoutSeconds: 10,
			busyThreshold: 0.2,
		},
		setups: [
			{ id: 'django-sync', label: 'Django · gunicorn sync workers (WSGI)', kind: 'server', command: 'gunicorn -w 2 djangolab.wsgi' },
			{ id: 'django-gthread', label: 'Django · gunicorn threaded workers (WSGI)', kind: 'server', command: 'gunicorn -w 2 --threads 8 djangolab.wsgi' },
			{ id: 'django-asgi', label: 'Django async views · uvicorn (ASGI)', kind: 'server', command: 'uvicorn --workers 2 djangolab.asgi:application' },
			{ id: 'fastapi', label: 'FastAPI · uvicorn (ASGI)', kind: 'server', command: 'uvicorn --workers 2 fastapilab.main:app' },
			...inProcess.map((id) => ({ id, label: inProcessLabels[id], kind: 'in-process' as const, command: `python inprocess.py ${id}` })),
		],
		points,
	};
}
