import { inProcessSetups, modelTiming, ormQueries, pointsFor, serverSetups, workloads } from '../../lab/experiment';
import type { LabPoint, LabRun, LabSample, WorkloadId } from '../../lab/results';

/**
 * Builds a valid lab run in code, for unit tests and for render tests while no
 * results file exists. The numbers are arbitrary (a seeded generator), never
 * real measurements: they must not reach a page of the published site.
 */

interface PointPlan {
	workload: WorkloadId;
	scenario: string;
	setups: readonly string[];
	concurrency: readonly number[];
	metrics: readonly string[];
}

/** Every point the manifest (lab/experiment.ts) defines, grouped by scenario, with the in-process ORM timings. */
export const fixturePlan: readonly PointPlan[] = workloads.flatMap((workload) => {
	const byScenario = new Map<string, { setups: string[]; concurrency: Set<number> }>();
	for (const setup of serverSetups) {
		for (const point of pointsFor(workload.id, setup)) {
			const entry = byScenario.get(point.scenario) ?? { setups: [], concurrency: new Set<number>() };
			if (!entry.setups.includes(setup.id)) entry.setups.push(setup.id);
			entry.concurrency.add(point.concurrency);
			byScenario.set(point.scenario, entry);
		}
	}
	const plans: PointPlan[] = [...byScenario].map(([scenario, { setups, concurrency }]) => ({
		workload: workload.id,
		scenario,
		setups,
		concurrency: [...concurrency],
		metrics: workload.metrics[scenario]!,
	}));
	if (workload.id === 'orm-queries') {
		for (const { query } of ormQueries) {
			const scenario = `inprocess/${query}`;
			plans.push({ workload: workload.id, scenario, setups: inProcessSetups.map((setup) => setup.id), concurrency: [1], metrics: workload.metrics[scenario]! });
		}
	}
	return plans;
});

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
	/** 1: a run from before the steady-state windows (no per-sample window, workers or CPU). */
	schemaVersion?: 1 | 2;
	/** Leave out points, e.g. to test pages with a partial run. */
	keep?: (point: LabPoint) => boolean;
}

export function makeLabRun({ kind = 'full', repeats = 5, startedAt = '2026-01-01T10:00:00.000Z', seed = 1, schemaVersion = 2, keep = () => true }: FixtureOptions = {}): LabRun {
	const next = random(seed);
	const points: LabPoint[] = [];
	for (const plan of fixturePlan) {
		for (const setup of plan.setups) {
			for (const concurrency of plan.concurrency) {
				const base = 5 + next() * 2000;
				const samples: LabSample[] = Array.from({ length: repeats }, (_, index) => ({
					repeat: index + 1,
					metrics: Object.fromEntries(plan.metrics.map((metric, m) => [metric, Number((base * (1 + m * 0.3) * (0.9 + next() * 0.2)).toFixed(3))])),
					counts: { completed: Math.round(base * 10), failed: index === 0 ? 1 : 0, timedOut: setup === serverSetups[0]!.id ? 2 : 0 },
					machine: { busyBefore: 0.02, loadBefore: 0.4, loadAfter: 1.8 },
					// As the lab records them: servers under wrk get a window; streams and in-process timings do not.
					...(schemaVersion === 2 && plan.workload !== 'streaming' && !plan.scenario.startsWith('inprocess/')
						? { window: { seconds: 10, timeoutSeconds: 5, perConnection: 20, limited: false } }
						: {}),
					...(schemaVersion === 2 && !plan.scenario.startsWith('inprocess/')
						? {
								cleanStart: { waitedMs: 600 },
								workers: [
									{ pid: 101, requests: Math.round(base * 5), cpuSeconds: 1.2 },
									{ pid: 102, requests: Math.round(base * 5), cpuSeconds: 1.1 },
								],
								balance: { busiestShare: 0.5, uneven: false, retried: false },
								cpu: { servers: 2.3, loadGenerator: 0.4, upstream: 0.2, database: 0, stealShare: 0 },
							}
						: {}),
					flagged: false,
				}));
				const point: LabPoint = { workload: plan.workload, scenario: plan.scenario, setup, concurrency, samples };
				if (keep(point)) points.push(point);
			}
		}
	}
	const finishedAt = new Date(Date.parse(startedAt) + 40 * 60 * 1000).toISOString();
	return {
		schemaVersion,
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
			modelTiming,
			cpuIterations: 20000,
			cpuWorkMs: 15,
			requestTimeoutSeconds: 10,
			busyThreshold: 0.2,
		},
		setups: [
			...serverSetups.map((setup) => ({ id: setup.id, label: setup.label, kind: 'server' as const, command: `${setup.framework} · ${setup.model}` })),
			...inProcessSetups.map((setup) => ({ id: setup.id, label: setup.label, kind: 'in-process' as const, command: `python inprocess.py ${setup.key}` })),
		],
		points,
	};
}
