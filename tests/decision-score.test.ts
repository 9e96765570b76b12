import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseImportances, serializeImportances } from '../src/lib/decision-query';
import {
	closeMargin,
	presetImportances,
	roundedFits,
	scoreDecision,
	type Criterion,
	type Framework,
	type Importance,
	type Importances,
} from '../src/lib/decision-score';
import { root } from '../harness/paths';

interface CriterionEntry extends Criterion {
	label: string;
	question: string;
	explainedAt: string;
}

interface PresetEntry {
	id: string;
	label: string;
	importance: Record<string, number>;
}

const readYaml = <T>(path: string): T => parse(readFileSync(`${root}${path}`, 'utf8')) as T;
const criteria = readYaml<CriterionEntry[]>('content/data/criteria.yaml');
const presets = readYaml<PresetEntry[]>('content/data/presets.yaml');
const ids = criteria.map(({ id }) => id);
const fastapiIds = criteria.filter(({ favours }) => favours === 'fastapi').map(({ id }) => id);
const djangoIds = criteria.filter(({ favours }) => favours === 'django').map(({ id }) => id);

const presetsFile = 'content/data/presets.yaml';
const preset = (id: string): Importances => {
	const entry = presets.find((p) => p.id === id);
	if (!entry) throw new Error(`no preset ${id}`);
	return presetImportances(entry, criteria, presetsFile);
};

const importance = fc.constantFrom<Importance>(0, 1, 2, 3);

/** Importances for the given criterion ids, each 0–3. */
const importancesFor = (criterionIds: readonly string[]) =>
	fc.record(Object.fromEntries(criterionIds.map((id) => [id, importance])) as Record<string, fc.Arbitrary<Importance>>);

/** Any criteria list the module might be given, not only today's data file. */
const anyCriteria: fc.Arbitrary<Criterion[]> = fc.uniqueArray(
	fc.record({
		id: fc.stringMatching(/^[a-z]{1,8}(-[a-z]{1,8})?$/),
		favours: fc.constantFrom<Framework>('fastapi', 'django'),
		strength: fc.integer({ min: 1, max: 3 }),
	}),
	{ minLength: 1, maxLength: 12, selector: ({ id }) => id },
);

/** Criteria plus importances for them. */
const scenario = anyCriteria.chain((list) =>
	importancesFor(list.map(({ id }) => id)).map((importances) => ({ criteria: list, importances })),
);

const sumFor = (contributions: ReturnType<typeof scoreDecision>['contributions'], framework: Framework) =>
	contributions.filter(({ favours }) => favours === framework).reduce((sum, { points }) => sum + points, 0);

describe('the criteria data', () => {
	it('keeps the ten public ids, each favouring the framework the contract names', () => {
		expect(Object.fromEntries(criteria.map(({ id, favours }) => [id, favours]))).toEqual({
			realtime: 'fastapi',
			concurrency: 'fastapi',
			inference: 'fastapi',
			microservices: 'fastapi',
			'api-first': 'fastapi',
			relational: 'django',
			admin: 'django',
			security: 'django',
			onboarding: 'django',
			'full-stack': 'django',
		});
		expect(new Set(ids).size).toBe(ids.length);
	});

	it('gives every preset an importance for every criterion', () => {
		expect(presets).toHaveLength(7);
		for (const entry of presets) expect(() => presetImportances(entry, criteria, presetsFile), entry.id).not.toThrow();
	});
});

describe('scoreDecision', () => {
	it('gives `either` with both fits at 0 when nothing is rated', () => {
		const score = scoreDecision(criteria, {});
		expect(score.verdict).toBe('either');
		expect(score.fits).toEqual({ fastapi: 0, django: 0 });
		expect(score.contributions).toHaveLength(criteria.length);
		expect(scoreDecision(criteria, Object.fromEntries(ids.map((id) => [id, 0])))).toEqual(score);
	});

	it('recommends FastAPI for real-time inference and Django for an admin-heavy data platform', () => {
		expect(scoreDecision(criteria, { realtime: 3, inference: 3 }).verdict).toBe('fastapi');
		expect(scoreDecision(criteria, { relational: 3, admin: 3, security: 2 }).verdict).toBe('django');
	});

	it('calls close fits `either`, and names the criteria that decide, largest first', () => {
		const score = scoreDecision(criteria, { realtime: 1, relational: 1 });
		expect(score.verdict).toBe('either');
		expect(Math.abs(score.fits.fastapi - score.fits.django)).toBeLessThanOrEqual(closeMargin);
		const heavier = scoreDecision(criteria, { realtime: 3, relational: 1 });
		expect(heavier.verdict).toBe('fastapi');
		expect(heavier.contributions.map(({ id }) => id).slice(0, 2)).toEqual(['realtime', 'relational']);
	});

	it('recommends both when needs are critical on each side', () => {
		expect(scoreDecision(criteria, { admin: 3, relational: 3, inference: 3, realtime: 3 }).verdict).toBe('hybrid');
	});

	it('does not recommend both for one critical need amid many on the other side', () => {
		const score = scoreDecision(criteria, { ...preset('llm-chatbot'), security: 3 });
		expect(score.verdict).toBe('fastapi');
	});

	it('gives each preset the verdict the article supports', () => {
		const verdicts = Object.fromEntries(presets.map(({ id }) => [id, scoreDecision(criteria, preset(id)).verdict]));
		expect(verdicts).toEqual({
			'llm-chatbot': 'fastapi',
			'fraud-detection': 'fastapi',
			'recommendation-engine': 'fastapi',
			'inference-microservice': 'fastapi',
			'analytics-dashboard': 'django',
			'compliance-platform': 'django',
			'enterprise-cms': 'django',
		});
	});

	it('lets a preset with critical needs on both sides yield `hybrid`', () => {
		// An analytics platform that must also serve real-time predictions: the article's hybrid case.
		const score = scoreDecision(criteria, { ...preset('analytics-dashboard'), inference: 3, realtime: 3 });
		expect(score.verdict).toBe('hybrid');
	});

	it('keeps fits within 0–100, adding up to 100 once anything is rated', () => {
		fc.assert(
			fc.property(scenario, ({ criteria: list, importances }) => {
				const { fits } = scoreDecision(list, importances);
				for (const fit of Object.values(fits)) {
					expect(fit).toBeGreaterThanOrEqual(0);
					expect(fit).toBeLessThanOrEqual(100 + 1e-9);
				}
				const anyWeight = list.some(({ id }) => (importances[id] ?? 0) > 0);
				expect(fits.fastapi + fits.django).toBeCloseTo(anyWeight ? 100 : 0, 9);
			}),
		);
	});

	it('lists every criterion once, largest contribution first, adding up to the fits', () => {
		fc.assert(
			fc.property(scenario, ({ criteria: list, importances }) => {
				const { fits, contributions } = scoreDecision(list, importances);
				expect(contributions.map(({ id }) => id).sort()).toEqual(list.map(({ id }) => id).sort());
				for (let i = 1; i < contributions.length; i++) {
					expect(contributions[i - 1]!.points).toBeGreaterThanOrEqual(contributions[i]!.points);
				}
				expect(sumFor(contributions, 'fastapi')).toBeCloseTo(fits.fastapi, 9);
				expect(sumFor(contributions, 'django')).toBeCloseTo(fits.django, 9);
			}),
		);
	});

	it('gives the same output for the same input, whatever order its keys were written in', () => {
		fc.assert(
			fc.property(scenario, ({ criteria: list, importances }) => {
				const reordered = Object.fromEntries(Object.entries(importances).reverse());
				const first = scoreDecision(list, importances);
				expect(scoreDecision(list, importances)).toEqual(first);
				expect(scoreDecision(list, reordered)).toEqual(first);
			}),
		);
	});

	for (const [framework, other] of [
		['fastapi', 'django'],
		['django', 'fastapi'],
	] as const) {
		it(`never lowers ${framework}'s fit relative to ${other}'s when a criterion favouring ${framework} is raised`, () => {
			fc.assert(
				fc.property(
					scenario.filter(({ criteria: list }) => list.some(({ favours }) => favours === framework)),
					fc.nat(),
					importance,
					({ criteria: list, importances }, pick, raiseTo) => {
						const candidates = list.filter(({ favours }) => favours === framework);
						const { id } = candidates[pick % candidates.length]!;
						fc.pre(raiseTo > (importances[id] ?? 0));
						const before = scoreDecision(list, importances).fits;
						const after = scoreDecision(list, { ...importances, [id]: raiseTo }).fits;
						expect(after[framework] - after[other]).toBeGreaterThanOrEqual(before[framework] - before[other] - 1e-9);
					},
				),
			);
		});
	}

	it('holds the same properties on the real criteria', () => {
		fc.assert(
			fc.property(importancesFor(ids), fc.constantFrom(...fastapiIds), fc.constantFrom(...djangoIds), (base, up, down) => {
				const before = scoreDecision(criteria, base).fits;
				const raisedFastapi = scoreDecision(criteria, { ...base, [up]: 3 }).fits;
				const raisedDjango = scoreDecision(criteria, { ...base, [down]: 3 }).fits;
				expect(raisedFastapi.fastapi - raisedFastapi.django).toBeGreaterThanOrEqual(before.fastapi - before.django - 1e-9);
				expect(raisedDjango.django - raisedDjango.fastapi).toBeGreaterThanOrEqual(before.django - before.fastapi - 1e-9);
			}),
		);
	});
});

describe('roundedFits', () => {
	it('rounds to whole percentages that still add up to 100', () => {
		expect(roundedFits({ fastapi: 57.5, django: 42.5 })).toEqual({ fastapi: 58, django: 42 });
		expect(roundedFits({ fastapi: 0, django: 0 })).toEqual({ fastapi: 0, django: 0 });
		fc.assert(
			fc.property(importancesFor(ids), (importances) => {
				const { fastapi, django } = roundedFits(scoreDecision(criteria, importances).fits);
				expect(Number.isInteger(fastapi) && Number.isInteger(django)).toBe(true);
				expect(fastapi + django).toBe(Object.values(importances).some((i) => i > 0) ? 100 : 0);
			}),
		);
	});
});

describe('presetImportances', () => {
	const valid = presets[0]!;

	it('names the file, the preset and the field when a criterion id is unknown', () => {
		const bad = { ...valid, importance: { ...valid.importance, realtme: 3 } };
		expect(() => presetImportances(bad, criteria, presetsFile)).toThrow(
			/content\/data\/presets\.yaml, preset "llm-chatbot":[\s\S]*importance\.realtme: unknown criterion id/,
		);
	});

	it('names the missing criterion when a preset leaves one out', () => {
		const { admin: _left, ...rest } = valid.importance;
		expect(() => presetImportances({ ...valid, importance: rest }, criteria, presetsFile)).toThrow(/importance\.admin: missing/);
	});

	it('rejects an importance outside 0–3', () => {
		const bad = { ...valid, importance: { ...valid.importance, admin: 4 } };
		expect(() => presetImportances(bad, criteria, presetsFile)).toThrow(/importance\.admin: must be 0, 1, 2 or 3/);
	});
});

describe('the URL query', () => {
	it('reads one parameter per criterion id, defaulting to 0', () => {
		expect(parseImportances('?realtime=3&inference=3&admin=0', ids)).toEqual({
			...Object.fromEntries(ids.map((id) => [id, 0])),
			realtime: 3,
			inference: 3,
		});
	});

	it.each([
		['an unknown parameter', '?flask=3&utm_source=news'],
		['a value out of range', '?realtime=4&admin=-1'],
		['a value that is not a single digit', '?realtime=3.0&admin=+3&inference=03&security= 3&onboarding=3x'],
		['an empty value', '?realtime=&admin'],
		['a repeated parameter', '?realtime=3&realtime=3&admin=1&admin=2'],
		['malformed percent-encoding', '?realtime=%E0%A4%A&%=3&admin=%'],
		['script-like text', '?realtime=<script>alert(1)</script>&<img src=x onerror=alert(1)>=3'],
		['prototype keys', '?__proto__=3&constructor=3&toString=3&hasOwnProperty=3'],
		['array-style keys', '?realtime[]=3&admin[0]=3'],
		['a differently cased key', '?Realtime=3&ADMIN=3'],
	])('ignores %s in favour of defaults', (_, search) => {
		const importances = parseImportances(search, ids);
		expect(Object.keys(importances)).toEqual(ids);
		expect(Object.values(importances).every((value) => value === 0)).toBe(true);
		expect(Object.getPrototypeOf(importances)).toBe(Object.prototype);
	});

	it('keeps valid parameters next to hostile ones', () => {
		expect(parseImportances('?junk=<b>&realtime=3&admin=9', ids)).toMatchObject({ realtime: 3, admin: 0 });
	});

	it('never throws on arbitrary strings, and returns exactly the criteria with values 0–3', () => {
		const query = fc.oneof(
			fc.string({ unit: 'binary' }),
			// Strings made of the characters that matter to a query, so known keys turn up often.
			fc
				.array(fc.constantFrom(...ids, '=', '&', '?', '%', '0', '1', '3', '4', '+', ' ', '#', '<', '"'), { maxLength: 40 })
				.map((parts) => parts.join('')),
		);
		fc.assert(
			fc.property(query, (search) => {
				const importances = parseImportances(search, ids);
				expect(Object.keys(importances)).toEqual(ids);
				for (const value of Object.values(importances)) expect([0, 1, 2, 3]).toContain(value);
			}),
			{ numRuns: 2000 },
		);
	});

	it('writes the non-zero ratings in criteria order, and reads back what it wrote', () => {
		expect(serializeImportances({ admin: 1, realtime: 3, inference: 0 }, ids)).toBe('?realtime=3&admin=1');
		expect(serializeImportances({}, ids)).toBe('');
		fc.assert(
			fc.property(importancesFor(ids), (importances) => {
				expect(parseImportances(serializeImportances(importances, ids), ids)).toEqual(importances);
			}),
		);
	});
});
