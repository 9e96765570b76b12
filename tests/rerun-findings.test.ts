import { describe, expect, it } from 'vitest';
import { compareRuns } from '../src/lib/evidence-rerun';
import { compareFindings, kneeBracket, kneesAgree, outcomesAgree } from '../src/lib/rerun-findings';
import { workloadKnees } from '../src/lib/load-knee';
import { disconnectOutcomes } from '../src/lib/disconnect-cost';
import { workloadSpecs } from '../lab/experiment';
import { makeLabRun } from './support/lab-fixture';

// The rerun check of findings that are not ratios: knees under offered load and departure outcomes.

describe('kneesAgree', () => {
	it('agrees when the brackets meet, even at one step: a knee at 128 fits "saturated at 128" and "carried 128"', () => {
		expect(kneesAgree({ carried: 64, saturatedAt: 128 }, { carried: 128, saturatedAt: 256 })).toBe(true);
		expect(kneesAgree({ carried: 64, saturatedAt: 128 }, { carried: 64, saturatedAt: 128 })).toBe(true);
	});

	it('disagrees when a step lies between the brackets', () => {
		expect(kneesAgree({ carried: 64, saturatedAt: 128 }, { carried: 256, saturatedAt: 512 })).toBe(false);
		expect(kneesAgree({ carried: 256, saturatedAt: 512 }, { carried: 64, saturatedAt: 128 })).toBe(false);
	});

	it('reads no saturation as a knee above the top rate and nothing carried as a knee below the first', () => {
		expect(kneeBracket({ carried: 512 })).toEqual([512, Number.POSITIVE_INFINITY]);
		expect(kneeBracket({ saturatedAt: 1 })).toEqual([0, 1]);
		expect(kneesAgree({ carried: 512 }, { carried: 256, saturatedAt: 512 })).toBe(true);
		expect(kneesAgree({ carried: 512 }, { carried: 64, saturatedAt: 128 })).toBe(false);
		expect(kneesAgree({ saturatedAt: 1 }, { saturatedAt: 1 })).toBe(true);
	});
});

describe('outcomesAgree', () => {
	const outcome = { setup: 's', label: 'S', scenario: 'disconnect/openai', ranToEndPct: 0, cutShortPct: 90, tokensForNobody: 0, repeats: 3 };

	it('holds each figure to the rerun tolerance, and a zero only to zero', () => {
		expect(outcomesAgree(outcome, outcome)).toBe(true);
		expect(outcomesAgree(outcome, { ...outcome, cutShortPct: 80 })).toBe(true);
		expect(outcomesAgree(outcome, { ...outcome, cutShortPct: 50 })).toBe(false);
		expect(outcomesAgree(outcome, { ...outcome, tokensForNobody: 69 })).toBe(false);
		expect(outcomesAgree({ ...outcome, tokensForNobody: 69 }, { ...outcome, tokensForNobody: 69 })).toBe(true);
	});
});

describe('compareFindings', () => {
	const run = makeLabRun({ seed: 3, repeats: 3 });

	it('finds one knee per setup of the offered-load workload, all agreeing with an identical run', () => {
		const rows = compareFindings(run, run, 'model-load');
		expect(rows.length).toBe(workloadKnees(run, 'model-load').length);
		expect(rows.length).toBeGreaterThan(0);
		expect(rows.every((row) => row.agrees && row.earlier === row.later)).toBe(true);
	});

	it('finds one outcome per setup and scenario of the departures workload', () => {
		const scenarios = workloadSpecs['model-disconnect'].tables.flatMap((table) => table.scenarios);
		const rows = compareFindings(run, run, 'model-disconnect');
		expect(rows.length).toBe(disconnectOutcomes(run, 'model-disconnect', scenarios).length);
		expect(rows.length).toBeGreaterThan(0);
	});

	it('has none for a workload whose findings are ratios', () => {
		expect(compareFindings(run, run, 'json-throughput')).toEqual([]);
	});

	it('counts a moved finding against the runs', () => {
		// Every departure now runs to the end: each outcome that was cut short before disagrees.
		const moved = {
			...run,
			points: run.points.map((point) =>
				point.workload !== 'model-disconnect'
					? point
					: { ...point, samples: point.samples.map((sample) => ({ ...sample, metrics: { ...sample.metrics, ranToEndPct: 100, cutShortPct: 0, tokensForNobody: 69 } })) },
			),
		};
		const check = compareRuns(run, moved, { workloads: ['model-disconnect'] });
		expect(check.findings.length).toBeGreaterThan(0);
		expect(check.findingsHeld.held).toBe(check.findings.filter((row) => row.agrees).length);
		expect(check.findings.some((row) => !row.agrees)).toBe(true);
		expect(check.reproduces).toBe(check.findingsHeld.share >= 0.9);
		expect(compareRuns(run, run, { workloads: ['model-disconnect'] }).reproduces).toBe(true);
	});
});
