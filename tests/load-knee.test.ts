import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { modelTiming, saturatedStep, serverSetups, setupRoles } from '../lab/experiment';
import { wholeAnswerMs } from '../lab/model-protocol';
import type { LabRun } from '../lab/results';
import { curveGeometry } from '../src/lib/load-curve';
import { kneeRows, kneeSentence } from '../src/lib/load-knee';
import { makeLabRun } from './support/lab-fixture';

const answerMs = wholeAnswerMs(modelTiming);
const held = { answeredPct: 100, p50Ms: answerMs * 1.01, p99Ms: answerMs * 1.1 };
const queued = { answeredPct: 100, p50Ms: answerMs * 1.5, p99Ms: answerMs * 3 };
const dropped = { answeredPct: 90, p50Ms: answerMs, p99Ms: answerMs };
// A rate just above the ceiling: the queue grows through the window, the median with it, the tail not yet past 2×.
const growing = { answeredPct: 100, p50Ms: answerMs * 1.4, p99Ms: answerMs * 1.95 };

/** A run whose model-load points carry the given metrics per setup and rate, one sample each. */
function runWith(steps: Record<string, Record<number, Record<string, number>>>): LabRun {
	const base = makeLabRun();
	const sample = (metrics: Record<string, number>) => ({
		...base.points[0]!.samples[0]!,
		metrics,
		counts: { completed: 100, failed: 0, timedOut: 0 },
		cpu: { servers: 2, loadGenerator: 0.1, upstream: 0.1, database: 0, stealShare: 0 },
	});
	return {
		...base,
		points: Object.entries(steps).flatMap(([setup, rates]) =>
			Object.entries(rates).map(([rate, metrics]) => ({ workload: 'model-load' as const, scenario: 'load/openai', setup, concurrency: Number(rate), samples: [sample(metrics)] })),
		),
	};
}

describe('saturatedStep', () => {
	it('saturates on too few answers, a tail far past the model’s own answer time or a median well past it, and not otherwise', () => {
		expect(saturatedStep(held, modelTiming)).toBe(false);
		expect(saturatedStep(queued, modelTiming)).toBe(true);
		expect(saturatedStep(dropped, modelTiming)).toBe(true);
		expect(saturatedStep(growing, modelTiming)).toBe(true);
		expect(saturatedStep({}, modelTiming)).toBe(true);
	});
});

describe('kneeRows', () => {
	it('finds the highest rate carried and the first that saturated, with the arithmetic for each concurrency model', () => {
		const run = runWith({
			[setupRoles.djangoProcesses.id]: { 1: dropped },
			[setupRoles.djangoThreads.id]: { 1: held, 2: held, 4: held, 8: held, 16: queued },
			[setupRoles.fastapi.id]: { 1: held, 2: held, 4: held },
		});
		const rows = new Map(kneeRows(run, 'model-load', 'load/openai').map((row) => [row.setup, row]));
		const answer = wholeAnswerMs(modelTiming) / 1000;
		const sync = rows.get(setupRoles.djangoProcesses.id)!;
		expect(sync.carried).toBeUndefined();
		expect(sync.saturatedAt).toBe(1);
		expect(sync.predictedCeiling).toBeCloseTo(run.settings.workers / answer);
		const threads = rows.get(setupRoles.djangoThreads.id)!;
		expect([threads.carried, threads.saturatedAt]).toEqual([8, 16]);
		expect(threads.inFlightAtCarried).toBeCloseTo(8 * answer);
		expect(threads.predictedCeiling).toBeCloseTo((run.settings.workers * run.settings.threads) / answer);
		expect(threads.arithmetic).toContain(`${run.settings.threads} threads`);
		const loop = rows.get(setupRoles.fastapi.id)!;
		expect(loop.saturatedAt).toBeUndefined();
		// 2 CPU seconds over 100 answers: 20 ms a request.
		expect(loop.predictedCeiling).toBeCloseTo(run.machine.cores / 0.02);
		expect(kneeSentence(loop)).toMatch(/carried up to 4 requests per second and did not saturate/);
	});

	it('never counts a rate as carried when any repeat saturated there', () => {
		const run = runWith({ [setupRoles.djangoThreads.id]: { 1: held, 2: held } });
		// Two repeats: both carried 1, and one of them saturated at 2.
		for (const point of run.points) point.samples.push({ ...point.samples[0]!, repeat: 2, metrics: point.concurrency === 2 ? queued : held });
		const [row] = kneeRows(run, 'model-load', 'load/openai');
		expect([row!.carried, row!.saturatedAt]).toEqual([1, 2]);
	});

	it('counts a rate as carried in every repeat only when every repeat reached it, and names rates only some repeats carried', () => {
		// Three repeats; one saturated at 4 and stopped, the other two carried 4 and then 8.
		const run = runWith({ [setupRoles.fastapi.id]: { 1: held, 2: held, 4: held, 8: held } });
		for (const point of run.points) {
			const repeats = point.concurrency === 8 ? [held, held] : point.concurrency === 4 ? [queued, held, held] : [held, held, held];
			point.samples = repeats.map((metrics, index) => ({ ...point.samples[0]!, repeat: index + 1, metrics }));
		}
		const [row] = kneeRows(run, 'model-load', 'load/openai');
		expect([row!.carried, row!.saturatedAt, row!.saturatedIn, row!.repeats]).toEqual([2, 4, 1, 3]);
		expect(row!.highestCarried).toEqual({ rate: 8, repeats: 2 });
		expect(kneeSentence(row!)).toContain('carried up to 2 requests per second in every repeat and saturated at 4 in 1 of 3 repeats; 2 of 3 repeats carried 8 (');
	});

	it('has nothing to say about a run without the mock model’s timing', () => {
		const run = runWith({ [serverSetups[0]!.id]: { 1: held } });
		delete run.settings.modelTiming;
		expect(kneeRows(run, 'model-load', 'load/openai')).toEqual([]);
	});
});

describe('curveGeometry', () => {
	const spread = (median: number) => ({ median, min: median * 0.9, max: median * 1.1, n: 3 });
	it('spaces doubling levels evenly and keeps every point inside the plot', () => {
		fc.assert(
			fc.property(fc.array(fc.double({ min: 0, max: 1e5, noNaN: true }), { minLength: 2, maxLength: 9 }), (values) => {
				const points = values.map((value, index) => ({ level: 2 ** index, spread: spread(value) }));
				const geometry = curveGeometry([{ label: 'a', points }]);
				const xs = geometry.series[0]!.points.map((point) => point.x);
				const gaps = xs.slice(1).map((x, index) => x - xs[index]!);
				for (const gap of gaps) expect(gap).toBeCloseTo(gaps[0]!, 6);
				for (const point of geometry.series[0]!.points) {
					expect(point.x).toBeGreaterThanOrEqual(geometry.plot.left - 1e-9);
					expect(point.x).toBeLessThanOrEqual(geometry.plot.right + 1e-9);
					expect(point.yMax).toBeGreaterThanOrEqual(geometry.plot.top - 1e-9);
					expect(point.yMin).toBeLessThanOrEqual(geometry.plot.bottom + 1e-9);
				}
			}),
		);
	});

	it('labels every level on the x axis and draws higher values higher', () => {
		const geometry = curveGeometry([{ label: 'a', points: [1, 2, 4].map((level) => ({ level, spread: spread(level * 100) })) }]);
		expect(geometry.xTicks.map((tick) => tick.label)).toEqual(['1', '2', '4']);
		const ys = geometry.series[0]!.points.map((point) => point.y);
		expect(ys[0]).toBeGreaterThan(ys[1]!);
		expect(ys[1]).toBeGreaterThan(ys[2]!);
	});
});
