import { z } from 'astro/zod';
import { workloadIds } from './experiment.ts';

/**
 * The shape of one lab run (`content/data/lab/*.json`), written by `npm run lab`
 * and read by the evidence pages: the lab's results contract. Raw samples
 * only: medians, spreads and ratios are derived from them (see
 * src/lib/lab-stats.ts), never stored. Schema 2 adds what a reviewer needs to
 * trust a sample (clean start, window, unfinished requests, per-worker load,
 * CPU per process); schema 1 files (before 2026-12-07) still read.
 */

export { workloadIds, type WorkloadId } from './experiment.ts';
export const workloadId = z.enum(workloadIds);

const nonNegative = z.number().finite().nonnegative();
const count = z.number().int().nonnegative();

export const labSample = z.object({
	/** 1-based repeat: samples of different setups with the same repeat ran back to back. */
	repeat: z.number().int().positive(),
	/** Named measurements: rps, p50Ms, p99Ms, ttftP50Ms, probeP99Ms, medianMs, … */
	metrics: z.record(z.string(), nonNegative),
	/**
	 * Requests (or streams, or calls) that completed, failed (error status,
	 * socket error or wrong answer) and timed out; `unfinished` (schema 2) is
	 * what the servers still had in flight the moment the window closed.
	 */
	counts: z.object({ completed: count, failed: count, timedOut: count, unfinished: count.optional() }),
	/** Schema 2: the measured window and whether it reached steady state. */
	window: z
		.object({
			seconds: z.number().positive(),
			timeoutSeconds: z.number().positive(),
			/** Completed requests per connection in the window (closed-loop load only). */
			perConnection: nonNegative.optional(),
			/** Latencies cut off: too few requests per connection for steady state, or (open loop) requests that timed out and entered the percentiles at the timeout. */
			limited: z.boolean(),
		})
		.optional(),
	/** Schema 2: how long the driver waited for nothing to be in flight before the point. */
	cleanStart: z.object({ waitedMs: nonNegative }).optional(),
	/** Schema 2: requests and CPU seconds per server worker process in the window. */
	workers: z.array(z.object({ pid: z.number().int().positive(), requests: count, cpuSeconds: nonNegative })).optional(),
	/**
	 * Times the sample was taken again because the hypervisor stole more than
	 * measurementRules.maxStealShare of the machine in its window, and whether
	 * the kept try still did. Absent in runs before the rule.
	 */
	steal: z.object({ retakes: count, over: z.boolean() }).optional(),
	/** Schema 2: the load fell unevenly on the workers; `retried` when this is the second try. */
	balance: z.object({ busiestShare: z.number().min(0).max(1), uneven: z.boolean(), retried: z.boolean() }).optional(),
	/** Schema 2: CPU seconds used in the window, per process group, and the share of time stolen by the hypervisor. */
	cpu: z
		.object({
			servers: nonNegative,
			loadGenerator: nonNegative,
			upstream: nonNegative,
			database: nonNegative,
			stealShare: z.number().min(0).max(1),
		})
		.optional(),
	machine: z.object({
		/** Share of both cores busy in the quiet second before the point (0–1): other load on the machine. */
		busyBefore: z.number().min(0).max(1),
		loadBefore: nonNegative,
		loadAfter: nonNegative,
	}),
	/** The machine stayed busy before this sample even after retries. */
	flagged: z.boolean(),
});
export type LabSample = z.infer<typeof labSample>;

export const labPoint = z.object({
	workload: workloadId,
	/** What ran, e.g. `upstream/http`, `cpu/blocking`, `orm/top-authors`. */
	scenario: z.string().regex(/^[a-z0-9-]+(\/[a-z0-9-]+)?$/, 'must be words such as upstream/http'),
	setup: z.string().min(1),
	concurrency: z.number().int().positive(),
	samples: z.array(labSample).min(1),
});
export type LabPoint = z.infer<typeof labPoint>;

export const labSetup = z.object({
	id: z.string().regex(/^[a-z0-9-]+$/, 'must be lowercase words joined by hyphens'),
	label: z.string().min(1),
	kind: z.enum(['server', 'in-process']),
	/** How it runs, e.g. the server's command line. */
	command: z.string().min(1),
});

export const labRun = z.object({
	schemaVersion: z.union([z.literal(1), z.literal(2)]),
	kind: z.enum(['full', 'smoke']),
	/** The workloads of a run made with --only (a slice); absent when every workload ran. */
	only: z.array(workloadId).min(1).optional(),
	startedAt: z.string().datetime(),
	finishedAt: z.string().datetime(),
	machine: z.object({
		cpuModel: z.string(),
		cores: z.number().int().positive(),
		memoryGiB: z.number().positive(),
		kernel: z.string(),
		/** The Debian suite of the root the apps ran in, e.g. sid; `python` when run with --python. */
		rootSuite: z.string(),
		/** How CPU per process was read: `process-tree` counts every descendant (from 2026-12-07 14:00); absent, only process groups, which missed PostgreSQL's backends. */
		cpuAccounting: z.literal('process-tree').optional(),
		/** Schema 2: the file beside the run listing every package of the root (dpkg), when there was a root. */
		packageManifest: z.string().optional(),
		/** How the server, load generator and upstream shared the cores. */
		coreSharing: z.string().min(10),
	}),
	/** Versions imported at run time (not requested ones). */
	versions: z.record(z.string(), z.string().min(1)),
	settings: z.object({
		workers: z.number().int().positive(),
		threads: z.number().int().positive(),
		/** The most repeats a workload of the run took (lab/experiment.ts gives some workloads more); a point's samples are its own count. */
		repeats: z.number().int().positive(),
		/** Schema 1: one window for every point. Schema 2 sets windows per point in lab/experiment.ts; present only when overridden (--duration, the smoke). */
		durationSeconds: z.number().positive().optional(),
		warmupSeconds: nonNegative,
		upstreamDelayMs: z.number().int().positive(),
		streamTokens: z.number().int().positive(),
		streamGapMs: z.number().int().positive(),
		streamCount: z.number().int().positive(),
		/** The mock model's timing on the model-API workload (lab/experiment.ts); absent before it existed. */
		modelTiming: z
			.object({ firstTokenMs: z.number().int().positive(), tokenGapMs: z.number().int().positive(), answerTokens: z.number().int().positive() })
			.optional(),
		cpuIterations: z.number().int().positive(),
		/** Median time of one CPU work call in one process, measured at the start of the run. */
		cpuWorkMs: z.number().positive(),
		/** Schema 1 only: schema 2 sets the timeout per point. */
		requestTimeoutSeconds: z.number().positive().optional(),
		busyThreshold: z.number().min(0).max(1),
	}),
	setups: z.array(labSetup).min(1),
	points: z.array(labPoint).min(1),
});
export type LabRun = z.infer<typeof labRun>;
