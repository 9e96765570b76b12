import { z } from 'astro/zod';

/**
 * The shape of one lab run (`content/data/lab/*.json`), written by `npm run lab`
 * and read by the evidence pages. Raw samples only: medians, spreads and ratios
 * are derived from them (see `lab-stats.ts`), never stored.
 */

export const workloadIds = ['json-throughput', 'upstream-wait', 'streaming', 'cpu-bound', 'orm-queries'] as const;
export const workloadId = z.enum(workloadIds);
export type WorkloadId = z.infer<typeof workloadId>;

const nonNegative = z.number().finite().nonnegative();
const count = z.number().int().nonnegative();

export const labSample = z.object({
	/** 1-based repeat: samples of different setups with the same repeat ran back to back. */
	repeat: z.number().int().positive(),
	/** Named measurements: rps, p50Ms, p99Ms, ttftP50Ms, probeP99Ms, medianMs, … */
	metrics: z.record(z.string(), nonNegative),
	/** Requests (or streams, or calls) that completed, failed (error or wrong answer) and timed out. */
	counts: z.object({ completed: count, failed: count, timedOut: count }),
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
	scenario: z.string().regex(/^[a-z-]+(\/[a-z-]+)?$/, 'must be words such as upstream/http'),
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
	schemaVersion: z.literal(1),
	kind: z.enum(['full', 'smoke']),
	startedAt: z.string().datetime(),
	finishedAt: z.string().datetime(),
	machine: z.object({
		cpuModel: z.string(),
		cores: z.number().int().positive(),
		memoryGiB: z.number().positive(),
		kernel: z.string(),
		/** The Debian suite of the root the apps ran in, e.g. sid. */
		rootSuite: z.string(),
		/** How the server, load generator and upstream shared the cores. */
		coreSharing: z.string().min(10),
	}),
	/** Versions imported at run time (not requested ones). */
	versions: z.record(z.string(), z.string().min(1)),
	settings: z.object({
		workers: z.number().int().positive(),
		threads: z.number().int().positive(),
		repeats: z.number().int().positive(),
		durationSeconds: z.number().positive(),
		warmupSeconds: nonNegative,
		upstreamDelayMs: z.number().int().positive(),
		streamTokens: z.number().int().positive(),
		streamGapMs: z.number().int().positive(),
		streamCount: z.number().int().positive(),
		cpuIterations: z.number().int().positive(),
		/** Median time of one CPU work call in one process, measured at the start of the run. */
		cpuWorkMs: z.number().positive(),
		requestTimeoutSeconds: z.number().positive(),
		busyThreshold: z.number().min(0).max(1),
	}),
	setups: z.array(labSetup).min(1),
	points: z.array(labPoint).min(1),
});
export type LabRun = z.infer<typeof labRun>;
