import { describe, expect, it } from 'vitest';
import { compareRuns, rerunChecks } from '../src/lib/evidence-rerun';
import { earlierRunOf } from '../src/lib/evidence-run';
import { workloadView } from '../src/lib/evidence-views';
import { measurementRules, setupRoles } from '../lab/experiment';
import { workloadIds, type LabRun } from '../lab/results';

const { fastapi } = setupRoles;
import { makeLabRun } from './support/lab-fixture';

// The reproducibility check on the method page and each workload page: ratios of two full runs.

/** A copy of `run` with one setup's metrics multiplied in every sample, or only in the samples of one repeat. */
function scaled(run: LabRun, setup: string, factor: number, repeat?: number): LabRun {
	return {
		...run,
		points: run.points.map((point) =>
			point.setup !== setup
				? point
				: {
						...point,
						samples: point.samples.map((sample) =>
							repeat !== undefined && sample.repeat !== repeat
								? sample
								: { ...sample, metrics: Object.fromEntries(Object.entries(sample.metrics).map(([name, value]) => [name, value * factor])) },
						),
					},
		),
	};
}

describe('compareRuns', () => {
	const earlier = makeLabRun({ seed: 3 });

	it('finds every ratio of the later run inside an identical earlier run', () => {
		const { rows, share, reproduces } = compareRuns(earlier, earlier);
		expect(rows.length).toBe(workloadIds.reduce((sum, workload) => sum + workloadView(earlier, workload).ratios.length, 0));
		expect(rows.every((row) => row.withinTolerance && row.moved === 0)).toBe(true);
		expect([share, reproduces]).toEqual([1, true]);
	});

	it('reports how far a ratio moved when a setup got faster', () => {
		const { rows, reproduces } = compareRuns(earlier, scaled(earlier, fastapi.id, 3));
		const moved = rows.filter((row) => Math.abs(row.moved) > 1e-9);
		expect(moved.length).toBeGreaterThan(0);
		for (const row of moved) {
			expect(row.subject).toContain(fastapi.label);
			expect(row.withinTolerance).toBe(false);
			// FastAPI on top of a ratio triples it; underneath, it divides it by three.
			expect([2, -2 / 3].some((expected) => Math.abs(row.moved - expected) < 1e-9)).toBe(true);
		}
		// Ratios without FastAPI, or of FastAPI against itself, stay where they were.
		expect(rows.filter((row) => !moved.includes(row)).every((row) => row.withinTolerance)).toBe(true);
		const stable = rows.filter((row) => row.stable);
		expect(stable.length).toBeGreaterThan(0);
		expect(reproduces).toBe(stable.filter((row) => !row.withinTolerance).length / stable.length <= 1 - measurementRules.rerunShare);
	});

	it('counts an unstable ratio neither for nor against the runs, and still reports how far it moved', () => {
		// One repeat of FastAPI three times as fast: its ratios now span more than a rerun may move.
		const later = scaled(earlier, fastapi.id, 3, 1);
		const check = compareRuns(earlier, later);
		const unstable = check.rows.filter((row) => !row.stable);
		expect(unstable.length).toBeGreaterThan(0);
		for (const row of unstable) {
			if (!row.subject.includes(fastapi.label)) continue;
			expect(row.later.max / row.later.min).toBeGreaterThan(measurementRules.stableSpan);
		}
		const stable = check.rows.filter((row) => row.stable);
		expect(check.stable).toEqual({ rows: stable.length, held: stable.filter((row) => row.withinTolerance).length, share: check.stable.held / stable.length });
		expect(check.held).toBe(check.rows.filter((row) => row.withinTolerance).length);
		expect(check.reproduces).toBe(check.stable.share >= measurementRules.rerunShare);
	});

	it('holds a rise and the matching fall to the same tolerance', () => {
		const up = compareRuns(earlier, scaled(earlier, fastapi.id, 1.15)).rows.filter((row) => Math.abs(row.moved) > 1e-9);
		const down = compareRuns(earlier, scaled(earlier, fastapi.id, 1 / 1.15)).rows.filter((row) => Math.abs(row.moved) > 1e-9);
		expect(up.length).toBeGreaterThan(0);
		expect(up.every((row) => row.withinTolerance)).toBe(true);
		expect(down.every((row) => row.withinTolerance)).toBe(true);
		const beyond = compareRuns(earlier, scaled(earlier, fastapi.id, 1.2)).rows.filter((row) => Math.abs(row.moved) > 1e-9);
		expect(beyond.every((row) => !row.withinTolerance)).toBe(true);
	});

	it('gives every ratio a subject of its own, so no two are held against each other', () => {
		for (const workload of workloadIds) {
			const subjects = workloadView(earlier, workload).ratios.map((ratio) => ratio.subject);
			expect(new Set(subjects).size, workload).toBe(subjects.length);
		}
	});

	it('names what is compared without any number', () => {
		for (const row of compareRuns(earlier, earlier).rows) expect(row.subject).not.toMatch(/[0-9]×|repeats/);
	});
});

describe('earlierRunOf', () => {
	const entry = (id: string, kind: 'full' | 'smoke', startedAt: string, only?: string) => ({
		id,
		data: makeLabRun({ kind, startedAt, repeats: 1, keep: (point) => !only || point.workload === only }),
	});

	it('takes the newest full run that started before the published one and measured the workload, skipping smoke runs', () => {
		const entries = [
			entry('full-1', 'full', '2026-01-01T00:00:00Z'),
			entry('full-2', 'full', '2026-01-02T00:00:00Z'),
			entry('smoke', 'smoke', '2026-01-02T12:00:00Z'),
			entry('full-3', 'full', '2026-01-03T00:00:00Z'),
		];
		const published = { id: 'full-3', run: entries[3]!.data, smoke: false };
		expect(earlierRunOf(entries, published, 'json-throughput')?.id).toBe('full-2');
		expect(earlierRunOf(entries.slice(0, 1), { id: 'full-1', run: entries[0]!.data, smoke: false }, 'json-throughput')).toBeUndefined();
	});

	it('holds a run of one workload against a full run of all of them, and passes over runs without the workload', () => {
		const entries = [
			entry('full-1', 'full', '2026-01-01T00:00:00Z'),
			entry('only-streaming', 'full', '2026-01-02T00:00:00Z', 'streaming'),
			entry('only-json', 'full', '2026-01-03T00:00:00Z', 'json-throughput'),
		];
		const published = { id: 'only-json', run: entries[2]!.data, smoke: false };
		expect(earlierRunOf(entries, published, 'json-throughput')?.id).toBe('full-1');
	});
});

describe('rerunChecks', () => {
	const full = { id: 'full-1', data: makeLabRun({ seed: 3, startedAt: '2026-01-01T00:00:00Z' }) };
	const again = { id: 'only-json', data: { ...scaled(makeLabRun({ seed: 3, startedAt: '2026-01-02T00:00:00Z', keep: (point) => point.workload === 'json-throughput' }), fastapi.id, 3), only: ['json-throughput' as const] } };

	it('checks each workload that has two full runs, and only those', () => {
		const { workloads, all } = rerunChecks([full, again]);
		expect(workloads.map((check) => [check.workload, check.published, check.earlier])).toEqual([['json-throughput', 'only-json', 'full-1']]);
		expect(workloads[0]!.rows).toEqual(compareRuns(full.data, again.data, { workloads: ['json-throughput'] }).rows);
		expect(workloads[0]!.rows.length).toBe(workloadView(full.data, 'json-throughput').ratios.length);
		expect(all.rows).toEqual(workloads[0]!.rows);
		// FastAPI three times as fast moves every FastAPI ratio out of tolerance.
		expect(all.rows.some((row) => !row.withinTolerance)).toBe(true);
		expect(all.share).toBe(all.rows.filter((row) => row.withinTolerance).length / all.rows.length);
	});

	it('has nothing to check with one full run', () => {
		const { workloads, all } = rerunChecks([full]);
		expect(workloads).toEqual([]);
		expect([all.rows.length, all.reproduces]).toEqual([0, false]);
	});
});
