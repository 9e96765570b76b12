import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { serverSetups } from '../lab/experiment';
import type { LabRun } from '../lab/results';
import {
	arrivalRate,
	ceiling,
	checkInput,
	erlangC,
	fieldRules,
	formatMs,
	inputFields,
	meanWait,
	parseField,
	parseQuery,
	plan,
	planRow,
	plannedUtilisation,
	queriesUnchecked,
	presets,
	serializeQuery,
	type PlanInput,
	type PlannerParams,
} from '../src/lib/capacity-plan';
import { cpuPerRequest, fitMemory, fitParams, idleShare, measuredRps, missesWithCpuToSpare, plannerParams, predictClosedLoop, throughputTolerance, usableCores, validate } from '../src/lib/capacity-params';
import { fromDecision, plannerQueryFor } from '../src/lib/capacity-link';
import { planMemory } from '../src/lib/capacity-view';
import { scenarioLabel } from '../src/lib/evidence-format';
import { makeLabRun } from './support/lab-fixture';

const models = ['processes', 'threads', 'event-loop'] as const;

/** Valid inputs, drawn within each field's rule. */
const inputArb: fc.Arbitrary<PlanInput> = fc
	.record({
		traffic: fc.constantFrom('rate' as const, 'users' as const),
		rps: fc.double({ min: 0.01, max: fieldRules.rps.max, noNaN: true }),
		users: fc.integer({ min: 1, max: 100_000 }),
		callsPerMinute: fc.double({ min: 0.01, max: fieldRules.callsPerMinute.max, noNaN: true }),
		callMs: fc.double({ min: 0, max: fieldRules.callMs.max, noNaN: true }),
		firstTokenShare: fc.double({ min: 0, max: 1, noNaN: true }),
		streamed: fc.boolean(),
		cpuMs: fc.double({ min: 0, max: 500, noNaN: true }),
		queries: fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 50 }) }),
	})
	.map(({ firstTokenShare, ...rest }) => ({ ...rest, firstTokenMs: rest.callMs * firstTokenShare }))
	.filter((input) => Object.keys(checkInput(input)).length === 0);

/**
 * A schema-2 run whose throughput points follow the model exactly: the
 * fixture's CPU per request, and rps set to what predictClosedLoop says for
 * the fixture's settings. A check of the model against it must pass.
 */
function runFollowingModel(): LabRun {
	const run = makeLabRun({ repeats: 3, seed: 7 });
	const cores = usableCores(run)!.value;
	const byId = new Map(serverSetups.map((setup) => [setup.id, setup]));
	const plainCpu = new Map(run.points.filter((point) => point.scenario === 'json').map((point) => [point.setup, cpuPerRequest(point)!]));
	for (const point of run.points) {
		const setup = byId.get(point.setup);
		if (!setup) continue;
		let predicted: number | undefined;
		if (point.workload === 'upstream-wait') {
			const lowest = Math.min(...run.points.filter((p) => p.setup === point.setup && p.scenario === point.scenario).map((p) => p.concurrency));
			const fit = run.points.find((p) => p.setup === point.setup && p.scenario === point.scenario && p.concurrency === lowest)!;
			predicted = predictClosedLoop(setup.model, run.settings.workers, run.settings.threads, cores, point.concurrency, run.settings.upstreamDelayMs / 1000, cpuPerRequest(fit)!);
		} else if (point.workload === 'cpu-bound') {
			predicted = predictClosedLoop(setup.model, run.settings.workers, run.settings.threads, cores, point.concurrency, 0, plainCpu.get(point.setup)! + run.settings.cpuWorkMs / 1000);
		}
		if (predicted !== undefined) for (const sample of point.samples) sample.metrics.rps = predicted;
	}
	return run;
}

describe('capacity planner: input and URL state', () => {
	it('reads a number within a field’s rule and explains every other text', () => {
		expect(parseField('rps', ' 12.5 ')).toEqual({ value: 12.5 });
		for (const junk of ['', 'abc', '-1', 'NaN', 'Infinity', '1e400', '0x10', '1,000', '<script>']) {
			const result = parseField('rps', junk);
			expect('error' in result, junk).toBe(true);
			if ('error' in result) expect(result.error).toContain(fieldRules.rps.label);
		}
		expect('error' in parseField('rps', '0')).toBe(true);
		expect('error' in parseField('queries', '2.5')).toBe(true);
		expect('error' in parseField('callMs', String(fieldRules.callMs.max * 2))).toBe(true);
	});

	it('gives a usable input for any query string, and names what it could not use', () => {
		fc.assert(
			fc.property(fc.string(), fc.array(fc.tuple(fc.constantFrom('rps', 'call-ms', 'cpu-ms', 'queries', 'streamed', 'traffic', 'users', 'first-token-ms'), fc.string())), (junk, pairs) => {
				const search = `?${junk}&${pairs.map(([key, value]) => `${key}=${encodeURIComponent(value)}`).join('&')}`;
				const { input } = parseQuery(search);
				expect(checkInput(input)).toEqual({});
			}),
		);
		const { input, rejected } = parseQuery('?rps=-5&cpu-ms=abc&queries=3');
		expect(input.queries).toBe(3);
		expect(input.rps).toBe(presets[0]!.input.rps);
		expect(rejected).toEqual([fieldRules.rps.label, fieldRules.cpuMs.label]);
	});

	it('reads back the input it wrote', () => {
		fc.assert(
			fc.property(inputArb, (input) => {
				const { input: back, rejected } = parseQuery(`?${serializeQuery(input)}`);
				expect(rejected).toEqual([]);
				expect(arrivalRate(back)).toBeCloseTo(arrivalRate(input), 9);
				for (const field of ['callMs', 'cpuMs', 'queries'] as const) expect(back[field]).toBe(input[field]);
				expect(back.streamed).toBe(input.streamed);
			}),
		);
	});

	it('turns the decision score’s answers into a planner link the planner reads in full', () => {
		const importance = fc.constantFrom(0, 1, 2, 3);
		fc.assert(
			fc.property(fc.record({ realtime: importance, relational: importance, admin: importance }), (answers) => {
				const { input, rejected } = parseQuery(plannerQueryFor(answers));
				expect(rejected).toEqual([]);
				expect(input.streamed).toBe(answers.realtime >= 2);
				if (answers.relational === 0) expect(input.queries).toBe(0);
				else expect(input.queries).toBe(presets[0]!.input.queries);
			}),
		);
	});

	it('reads a link from the decision score, which carries its answers as the score writes them', () => {
		const importance = fc.constantFrom(0, 1, 2, 3);
		fc.assert(
			fc.property(fc.record({ realtime: importance, relational: importance }), (answers) => {
				// The score leaves zeros out of its query, as the link it builds does.
				const query = Object.entries(answers).filter(([, value]) => value > 0).map(([id, value]) => `&${id}=${value}`).join('');
				const fromScore = parseQuery(`?${fromDecision.key}=${fromDecision.value}${query}`);
				expect(fromScore).toEqual(parseQuery(plannerQueryFor(answers)));
			}),
		);
		// Junk in the score's keys falls back to "not rated", never to an error.
		expect(parseQuery(`?${fromDecision.key}=${fromDecision.value}&realtime=9&relational=x`).input.streamed).toBe(false);
		// Without the marker, criterion ids mean nothing to the planner.
		expect(parseQuery('?realtime=3').input).toEqual(parseQuery('').input);
	});

	it('accepts every preset', () => {
		expect(presets.length).toBeGreaterThan(0);
		for (const preset of presets) expect(checkInput(preset.input), preset.id).toEqual({});
		// Each field reports under its own label, and no two fields share one.
		for (const field of inputFields) expect(parseField(field, 'abc'), field).toEqual({ error: expect.stringMatching(new RegExp(`^${fieldRules[field].label.replace(/[()]/g, '\\$&')}: `)) });
		expect(new Set(inputFields.map((field) => fieldRules[field].label)).size).toBe(inputFields.length);
	});
});

describe('capacity planner: queueing', () => {
	it('puts the chance of waiting between 0 and 1, rising with the load', () => {
		fc.assert(
			fc.property(fc.integer({ min: 1, max: 2000 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (servers, a, b) => {
				const [low, high] = [Math.min(a, b), Math.max(a, b)].map((share) => share * servers * 0.999);
				const cLow = erlangC(servers, low!);
				const cHigh = erlangC(servers, high!);
				expect(cLow).toBeGreaterThanOrEqual(0);
				expect(cHigh).toBeLessThanOrEqual(1);
				expect(cHigh).toBeGreaterThanOrEqual(cLow - 1e-12);
			}),
		);
		// Past the exact range the many-server limit takes over without a jump.
		for (const share of [0.5, 0.9, 0.99]) expect(Math.abs(erlangC(2001, 2000 * share) - erlangC(2000, 2000 * share))).toBeLessThan(0.05);
		expect(meanWait(1, 1, 1)).toBe(Number.POSITIVE_INFINITY);
		// M/M/1: the mean wait is ρ/(1−ρ) × the service time.
		expect(meanWait(1, 0.5, 1)).toBeCloseTo(1, 9);
	});
});

describe('capacity planner: the model', () => {
	const { params } = plannerParams('fixture', runFollowingModel());

	it('never needs fewer workers or cores for more load', () => {
		let compared = 0;
		fc.assert(
			fc.property(inputArb, fc.double({ min: 1, max: 100, noNaN: true }), (input, factor) => {
				const less: PlanInput = { ...input, traffic: 'rate', rps: Math.min(fieldRules.rps.max, arrivalRate(input)) };
				const more: PlanInput = { ...input, traffic: 'rate', rps: Math.min(fieldRules.rps.max, less.rps * factor) };
				for (const row of params.rows) {
					const a = planRow(params, row, less);
					const b = planRow(params, row, more);
					if (a.status === 'unknown' || b.status === 'unknown') continue;
					compared++;
					expect(b.workers).toBeGreaterThanOrEqual(a.workers);
					expect(b.cores).toBeGreaterThanOrEqual(a.cores);
					expect(b.inFlight).toBeGreaterThanOrEqual(a.inFlight);
				}
			}),
		);
		// Unknown plans are skipped: some pairs must have been known for the property to say anything.
		expect(compared).toBeGreaterThan(0);
	});

	it('never needs less memory for more load, and shows memory only for setups the lab measured', () => {
		const run = makeLabRun({ repeats: 3, seed: 11 });
		const memory = fitMemory(run);
		const measured = new Set(run.points.filter((point) => point.workload === 'model-api' && point.scenario === 'model/openai').map((point) => point.setup));
		expect(measured.size).toBeGreaterThan(0);
		expect(new Set(Object.keys(memory))).toEqual(measured);
		for (const fit of Object.values(memory)) {
			expect(fit.perWorker.value).toBeGreaterThan(0);
			expect(fit.perRequest.value).toBeGreaterThanOrEqual(0);
		}
		const withMemory: PlannerParams = { ...params, memory };
		let compared = 0;
		fc.assert(
			fc.property(inputArb, fc.double({ min: 1, max: 100, noNaN: true }), (input, factor) => {
				const less: PlanInput = { ...input, traffic: 'rate', rps: Math.min(fieldRules.rps.max, arrivalRate(input)) };
				const more: PlanInput = { ...input, traffic: 'rate', rps: Math.min(fieldRules.rps.max, less.rps * factor) };
				for (const row of withMemory.rows) {
					const a = planMemory(planRow(withMemory, row, less), withMemory);
					const b = planMemory(planRow(withMemory, row, more), withMemory);
					if (a === undefined || b === undefined) continue;
					compared++;
					expect(b).toBeGreaterThanOrEqual(a);
				}
			}),
		);
		expect(compared).toBeGreaterThan(0);
		// The fixture, like the lab, measures memory on some setups only.
		const row = withMemory.rows.find((candidate) => !memory[candidate.setup]);
		expect(row, 'a setup without memory measurements').toBeDefined();
		expect(planMemory(planRow(withMemory, row!, presets[0]!.input), withMemory)).toBeUndefined();
	});

	it('never raises a process or threaded setup’s ceiling for a longer call', () => {
		fc.assert(
			fc.property(
				fc.constantFrom(...models),
				fc.integer({ min: 1, max: 64 }),
				fc.integer({ min: 1, max: 64 }),
				fc.double({ min: 0.5, max: 64, noNaN: true }),
				fc.double({ min: 0, max: 60, noNaN: true }),
				fc.double({ min: 0, max: 60, noNaN: true }),
				fc.double({ min: 1e-5, max: 1, noNaN: true }),
				(model, workers, threads, cores, a, b, cpu) => {
					const [short, long] = [Math.min(a, b), Math.max(a, b)];
					const high = ceiling(model, workers, threads, cores, short + cpu, cpu);
					const low = ceiling(model, workers, threads, cores, long + cpu, cpu);
					expect(low).toBeLessThanOrEqual(high);
					if (model !== 'event-loop' && long > short + 1e-6 && (workers * (model === 'threads' ? threads : 1)) / (short + cpu) < Math.min(workers, cores) / cpu) {
						expect(low).toBeLessThan(high);
					}
				},
			),
		);
	});

	it('never raises a process or threaded setup’s ceiling on the lab’s machine for a longer model call', () => {
		let compared = 0;
		fc.assert(
			fc.property(inputArb, fc.double({ min: 0, max: 60_000, noNaN: true }), (input, extra) => {
				const shorter: PlanInput = { ...input, streamed: false };
				const longer: PlanInput = { ...shorter, callMs: Math.min(fieldRules.callMs.max, shorter.callMs + extra) };
				for (const row of params.rows.filter((candidate) => candidate.model !== 'event-loop')) {
					const a = planRow(params, row, shorter);
					const b = planRow(params, row, longer);
					if (a.status === 'unknown' || b.status === 'unknown') continue;
					compared++;
					expect(b.labCeiling).toBeLessThanOrEqual(a.labCeiling);
				}
			}),
		);
		expect(compared).toBeGreaterThan(0);
	});

	it('gives whole workers, finite figures and a latency band for every known plan', () => {
		let known = 0;
		fc.assert(
			fc.property(inputArb, (input) => {
				for (const result of plan(params, input)) {
					if (result.status === 'unknown') {
						expect(result.unknown.length).toBeGreaterThan(0);
						continue;
					}
					known++;
					expect(Number.isInteger(result.workers) && result.workers >= 1).toBe(true);
					for (const value of [result.cores, result.timeInSystem, result.inFlight, result.latency.low, result.labCeiling]) expect(Number.isFinite(value)).toBe(true);
					expect(result.latency.high).toBeGreaterThanOrEqual(result.latency.low);
					expect(result.status).toBe(result.cores > params.cores ? 'exceeds' : 'fits');
					expect(result.sources.length).toBeGreaterThan(0);
				}
			}),
		);
		expect(known).toBeGreaterThan(0);
	});

	it('keeps an event loop to one worker while CPU allows, and a sync worker to one request', () => {
		const input: PlanInput = { ...presets[0]!.input, traffic: 'rate', rps: 1, callMs: 1000, streamed: false, cpuMs: 0, queries: 0 };
		const known = plan(params, input).filter((result) => result.status !== 'unknown');
		// Both kinds of setup were planned, so both rules below were checked.
		expect([...new Set(known.map((result) => result.row.model))]).toEqual(expect.arrayContaining(['processes', 'event-loop']));
		for (const result of known) {
			if (result.row.model === 'processes') expect(result.workers).toBeGreaterThanOrEqual(Math.ceil(result.inFlight));
			if (result.row.model === 'event-loop') expect(result.workers).toBe(Math.max(1, Math.ceil(result.cpuSeconds / plannedUtilisation)));
		}
	});

	it('shows plans with relational queries as unknown, since their cost is not checked', () => {
		fc.assert(
			fc.property(inputArb, fc.integer({ min: 1, max: 50 }), (input, queries) => {
				for (const result of plan(params, { ...input, queries })) {
					expect(result.status).toBe('unknown');
					expect(result.unknown.some((reason) => reason === queriesUnchecked || /did not run relational/.test(reason) || reason === params.missing)).toBe(true);
				}
			}),
		);
	});

	it('names where the case lies outside what the lab measured', () => {
		const row = params.rows.find((candidate) => candidate.cpuCall && !candidate.unknown)!;
		const long: PlanInput = { ...presets[0]!.input, traffic: 'rate', rps: 1, streamed: false, callMs: params.upstreamDelayMs * 10, cpuMs: params.cpuWorkMs * 2, queries: 0 };
		const result = planRow(params, row, long);
		// The two limits this case passes, each naming the lab's own figure.
		expect(result.outside).toEqual(
			expect.arrayContaining([
				`model calls longer than the lab’s (${formatMs(params.upstreamDelayMs)})`,
				`more CPU per request than the lab’s CPU work (${formatMs(params.cpuWorkMs)})`,
			]),
		);
	});
});

describe('capacity planner: checked against the run', () => {
	it('predicts a run that follows the model within tolerance and marks no row unknown', () => {
		const { params, validation } = plannerParams('fixture', runFollowingModel());
		expect(validation.missing).toBeNull();
		expect(validation.heldOut.length).toBeGreaterThan(0);
		for (const entry of validation.heldOut) expect(Math.abs(entry.error)).toBeLessThan(1e-9);
		expect(validation.good).toBe(true);
		expect(params.rows.every((row) => row.unknown === null && row.cpuUnknown === null)).toBe(true);
	});

	it('shows a row as unknown when the model misses its held-out point, and says by how much', () => {
		const run = runFollowingModel();
		const target = run.points.find((point) => point.workload === 'upstream-wait' && point.scenario === 'upstream/http' && point.concurrency > 10)!;
		for (const sample of target.samples) sample.metrics.rps = sample.metrics.rps! * (1 + throughputTolerance) * 2;
		const { params, validation } = plannerParams('fixture', run);
		const miss = validation.heldOut.find((entry) => entry.point.setup === target.setup && entry.point.scenario === target.scenario && entry.point.concurrency === target.concurrency)!;
		expect(miss.within).toBe(false);
		expect(miss.measured).toBeCloseTo(measuredRps(target), 9);
		const row = params.rows.find((candidate) => candidate.setup === target.setup && candidate.client === 'http')!;
		// The point missed and the error, as a signed whole percentage.
		expect(row.unknown).toBe(
			`The model missed this setup’s measured ${scenarioLabel(target.scenario)} at ${target.concurrency} connections by ${Math.round(miss.error * 100)} %.`,
		);
		expect(miss.error).toBeLessThan(-throughputTolerance);
		const result = planRow(params, row, { ...presets[1]!.input, queries: 0 });
		expect(result.status).toBe('unknown');
		expect(result.unknown).toEqual([row.unknown]);
		// Other setups keep their plans.
		expect(params.rows.some((candidate) => candidate.setup !== target.setup && candidate.unknown === null)).toBe(true);
	});

	it('tells misses where the servers had CPU to spare from misses where they did not', () => {
		const run = runFollowingModel();
		const [idle, busy] = run.points.filter((point) => point.workload === 'upstream-wait' && point.concurrency > 10);
		for (const point of [idle!, busy!]) for (const sample of point.samples) sample.metrics.rps = sample.metrics.rps! / 4;
		const cores = usableCores(run)!.value;
		for (const sample of idle!.samples) for (const worker of sample.workers!) worker.cpuSeconds = 0;
		for (const sample of busy!.samples) for (const worker of sample.workers!) worker.cpuSeconds = (cores * sample.window!.seconds) / sample.workers!.length;
		const spare = missesWithCpuToSpare(validate(run, fitParams('fixture', run)));
		const at = (point: typeof idle) => spare.some((entry) => entry.point.setup === point!.setup && entry.point.scenario === point!.scenario && entry.point.concurrency === point!.concurrency);
		expect(at(idle)).toBe(true);
		expect(at(busy)).toBe(false);
		expect(idleShare).toBeLessThan(1);
	});

	it('fails the target when fewer than its share of held-out points are within tolerance', () => {
		const run = runFollowingModel();
		for (const point of run.points) if (point.workload === 'upstream-wait') for (const sample of point.samples) sample.metrics.rps = sample.metrics.rps! * 3;
		const validation = validate(run, fitParams('fixture', run));
		expect(validation.share).toBeLessThan(0.8);
		expect(validation.good).toBe(false);
	});

	it('says what it cannot compute from a schema-1 run, and plans nothing from it', () => {
		const run = makeLabRun({ schemaVersion: 1 });
		const { params, validation } = plannerParams('old', run);
		expect(params.missing).toMatch(/schema 1/);
		expect(validation.missing).toMatch(/schema 1/);
		expect(validation.heldOut).toEqual([]);
		for (const result of plan(params, presets[0]!.input)) {
			expect(result.status).toBe('unknown');
			expect(result.unknown).toContain(params.missing);
		}
	});

	it('fits one row per server setup and model client, with the setups of the manifest', () => {
		const params: PlannerParams = fitParams('fixture', makeLabRun());
		const setups = new Set(params.rows.map((row) => row.setup));
		expect([...setups]).toEqual(serverSetups.map((setup) => setup.id));
		for (const row of params.rows) expect(row.client).not.toBe('sleep');
		// A setup that skips the relational workload has no query cost: such cases are unknown, not guessed.
		const skipping = serverSetups.find((setup) => setup.workloads && !setup.workloads.includes('orm-queries'));
		expect(skipping, 'the manifest has a setup that skips the relational workload').toBeDefined();
		const row = params.rows.find((candidate) => candidate.setup === skipping!.id)!;
		expect(row.cpuQuery).toBeNull();
		expect(planRow(params, row, { ...presets[1]!.input, queries: 2 }).unknown).toEqual(['The lab did not run relational queries on this setup.']);
	});
});
