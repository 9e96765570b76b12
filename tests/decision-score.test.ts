import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseImportances, serializeImportances } from '../src/lib/decision-query';
import {
	closeMargin,
	roundedFits,
	scoreDecision,
	type Criterion,
	type Importances,
} from '../src/lib/decision-score';
import { evidenceOnly, leanText, presetCard, widgetCriteria } from '../src/lib/decision-view';
import {
	favoursText,
	frameworkBadges,
	frameworkNames,
	frameworks,
	importanceLabels,
	leaningBadges,
	leanings,
	levelList,
	strengthLabels,
	strengths,
	topics,
	verdictBadges,
	verdicts,
	type Framework,
	type Importance,
	type Strength,
} from '../src/lib/vocabulary';
import type { Lean } from '../src/lib/decision-basis';
import { root } from '../harness/paths';

interface CriterionEntry extends Criterion {
	label: string;
	question: string;
	explainedAt: string;
	basis: { kind: 'measured' | 'documented' | 'article' };
	deployment?: string;
}

interface PresetEntry {
	id: string;
	label: string;
	summary: string;
	importance: Importances;
}

const readYaml = <T>(path: string): T => parse(readFileSync(`${root}${path}`, 'utf8')) as T;
const criteria = readYaml<CriterionEntry[]>('content/data/criteria.yaml');
const presets = readYaml<PresetEntry[]>('content/data/presets.yaml');
const ids = criteria.map(({ id }) => id);
/** Criteria that lean to a framework: only these add weight. */
const leaningIds = criteria.filter(({ favours }) => favours !== 'depends').map(({ id }) => id);
const fastapiIds = criteria.filter(({ favours }) => favours === 'fastapi').map(({ id }) => id);
const djangoIds = criteria.filter(({ favours }) => favours === 'django').map(({ id }) => id);

const preset = (id: string): Importances => {
	const entry = presets.find((p) => p.id === id);
	if (!entry) throw new Error(`no preset ${id}`);
	return entry.importance;
};

const importance = fc.constantFrom<Importance>(0, 1, 2, 3);

/** Importances for the given criterion ids, each 0–3. */
const importancesFor = (criterionIds: readonly string[]) =>
	fc.record(Object.fromEntries(criterionIds.map((id) => [id, importance])) as Record<string, fc.Arbitrary<Importance>>);

/** Any criteria list the module might be given, not only today's data file: some lean to a framework, some depend on the deployment. */
const anyCriteria: fc.Arbitrary<Criterion[]> = fc.uniqueArray(
	fc.oneof(
		fc.record({
			id: fc.stringMatching(/^[a-z]{1,8}(-[a-z]{1,8})?$/),
			favours: fc.constantFrom<Lean>('fastapi', 'django'),
			strength: fc.constantFrom<Strength>(...strengths),
		}),
		fc.record({ id: fc.stringMatching(/^[a-z]{1,8}(-[a-z]{1,8})?$/), favours: fc.constant<Lean>('depends') }),
	),
	{ minLength: 1, maxLength: 12, selector: ({ id }) => id },
);

/** Criteria plus importances for them. */
const scenario = anyCriteria.chain((list) =>
	importancesFor(list.map(({ id }) => id)).map((importances) => ({ criteria: list, importances })),
);

const sumFor = (contributions: ReturnType<typeof scoreDecision>['contributions'], framework: Framework) =>
	contributions.filter(({ favours }) => favours === framework).reduce((sum, { points }) => sum + points, 0);

describe('the vocabulary', () => {
	it('spells each framework and gives it one badge colour in every label', () => {
		for (const framework of frameworks) {
			const name = frameworkNames[framework];
			const { variant } = frameworkBadges[framework];
			expect(frameworkBadges[framework].text).toBe(name);
			expect(leaningBadges[framework]).toEqual({ text: `Favours ${name}`, variant });
			expect(verdictBadges[framework]).toEqual({ text: `${name} fits better`, variant });
		}
		expect(new Set(frameworks.map((framework) => frameworkBadges[framework].variant)).size).toBe(frameworks.length);
	});

	it('builds topics, leanings and verdicts on the frameworks', () => {
		expect(topics).toEqual([...frameworks, 'both']);
		expect(leanings).toEqual([...frameworks, 'depends']);
		expect(verdicts).toEqual([...frameworks, 'either', 'hybrid']);
	});

	it('words the scales for schema messages and the criteria', () => {
		expect(levelList(strengthLabels)).toBe('1 (slight edge), 2 (clear edge) or 3 (decisive edge)');
		expect(levelList(importanceLabels)).toBe('0 (doesn’t matter), 1 (nice to have), 2 (important) or 3 (critical)');
		expect(favoursText('django', 2)).toBe('Favours Django (clear edge).');
	});
});

describe('the criteria data', () => {
	// Ids are distinct by the yamlList loader's check (src/build/yaml-list-loader.ts), which stops the build on a repeat.
	it('keeps the ten public ids; streaming, waiting requests and inference lean to neither, as the lab found', () => {
		expect(Object.fromEntries(criteria.map(({ id, favours }) => [id, favours]))).toEqual({
			realtime: 'depends',
			concurrency: 'depends',
			inference: 'depends',
			microservices: 'fastapi',
			'api-first': 'fastapi',
			relational: 'django',
			admin: 'django',
			security: 'django',
			onboarding: 'django',
			'full-stack': 'django',
		});
	});

	it('gives no framework a decisive edge on a measured or article basis, and names the deployment where it depends', () => {
		for (const entry of criteria) {
			if (entry.strength === 3) expect(entry.basis.kind, entry.id).toBe('documented');
			if (entry.basis.kind === 'article') expect(entry.strength ?? 0, entry.id).toBeLessThanOrEqual(2);
			// The criterion schema requires a deployment where it depends; this also keeps one off a criterion that leans.
			expect(entry.favours === 'depends', entry.id).toBe(entry.deployment !== undefined);
		}
		// Each rule of thumb on the criterion it belongs to.
		const deployment = (id: string) => criteria.find((entry) => entry.id === id)?.deployment;
		expect(deployment('concurrency')).toMatch(/threads needed ≈ requests per second × seconds per call/);
		expect(deployment('concurrency')).toMatch(/one model-API client per process/);
		expect(deployment('inference')).toMatch(/processes or cores, not async/);
	});

	// That every preset rates every criterion and no other is the preset schema's check at build time
	// (src/build/content-schemas.ts), tested on bad data in content-validation.test.ts.
});

describe('scoreDecision', () => {
	it('gives `either` with both fits at 0 when nothing is rated', () => {
		const score = scoreDecision(criteria, {});
		expect(score.verdict).toBe('either');
		expect(score.fits).toEqual({ fastapi: 0, django: 0 });
		expect(score.contributions).toHaveLength(criteria.length);
		expect(scoreDecision(criteria, Object.fromEntries(ids.map((id) => [id, 0])))).toEqual(score);
	});

	it('recommends FastAPI for a typed API service and Django for an admin-heavy data platform', () => {
		expect(scoreDecision(criteria, { 'api-first': 3, microservices: 3 }).verdict).toBe('fastapi');
		expect(scoreDecision(criteria, { relational: 3, admin: 3, security: 2 }).verdict).toBe('django');
	});

	it('gives criteria that depend on the deployment no weight on either side', () => {
		const score = scoreDecision(criteria, { realtime: 3, concurrency: 3, inference: 3 });
		expect(score.verdict).toBe('either');
		expect(score.fits).toEqual({ fastapi: 0, django: 0 });
		expect(scoreDecision(criteria, { realtime: 3, admin: 1 }).fits).toEqual({ fastapi: 0, django: 100 });
	});

	it('calls close fits `either`, and names the criteria that decide, largest first', () => {
		const score = scoreDecision(criteria, { 'api-first': 1, relational: 1 });
		expect(score.verdict).toBe('either');
		expect(Math.abs(score.fits.fastapi - score.fits.django)).toBeLessThanOrEqual(closeMargin);
		const heavier = scoreDecision(criteria, { 'api-first': 3, relational: 1 });
		expect(heavier.verdict).toBe('fastapi');
		expect(heavier.contributions.map(({ id }) => id).slice(0, 2)).toEqual(['api-first', 'relational']);
	});

	it('recommends both when needs are critical on each side', () => {
		expect(scoreDecision(criteria, { admin: 3, relational: 2, 'api-first': 3, microservices: 3 }).verdict).toBe('hybrid');
	});

	it('does not recommend both for one critical need amid many on the other side', () => {
		const score = scoreDecision(criteria, { ...preset('enterprise-cms'), 'api-first': 3 });
		expect(score.verdict).toBe('django');
	});

	it('gives each preset the verdict its ratings and the evidence-based weights give', () => {
		const verdicts = Object.fromEntries(presets.map(({ id }) => [id, scoreDecision(criteria, preset(id)).verdict]));
		expect(verdicts).toEqual({
			'llm-chatbot': 'fastapi',
			'fraud-detection': 'django',
			'recommendation-engine': 'django',
			'inference-microservice': 'fastapi',
			'analytics-dashboard': 'django',
			'compliance-platform': 'django',
			'enterprise-cms': 'django',
		});
	});

	it('changes the chatbot verdict when only measured and documented criteria count', () => {
		const forWidget = widgetCriteria(criteria, (path) => path);
		const counted = evidenceOnly(forWidget).map(({ id }) => id);
		expect(counted).toEqual(criteria.filter(({ basis }) => basis.kind !== 'article').map(({ id }) => id));
		expect(counted).not.toContain('microservices');
		expect(counted).not.toContain('onboarding');
		expect(scoreDecision(evidenceOnly(forWidget), preset('llm-chatbot')).verdict).toBe('either');
		expect(scoreDecision(evidenceOnly(forWidget), preset('inference-microservice')).verdict).toBe('fastapi');
	});

	it('keeps fits within 0–100, adding up to 100 once anything is rated', () => {
		fc.assert(
			fc.property(scenario, ({ criteria: list, importances }) => {
				const { fits } = scoreDecision(list, importances);
				for (const fit of Object.values(fits)) {
					expect(fit).toBeGreaterThanOrEqual(0);
					expect(fit).toBeLessThanOrEqual(100 + 1e-9);
				}
				const anyWeight = list.some(({ id, favours }) => favours !== 'depends' && (importances[id] ?? 0) > 0);
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
				expect(fastapi + django).toBe(leaningIds.some((id) => (importances[id] ?? 0) > 0) ? 100 : 0);
			}),
		);
	});
});

describe('the view-model', () => {
	const forWidget = widgetCriteria(criteria, (path) => `/base${path}`);
	const card = (id: string, importances: Importances = preset(id)) => {
		const { label, summary } = presets.find((p) => p.id === id)!;
		return presetCard({ id, label, summary }, importances, forWidget, 'decision-result');
	};

	it('hands the script each criterion with its explaining page as a link under the base', () => {
		const realtime = criteria.find(({ id }) => id === 'realtime')!;
		expect(forWidget.find(({ id }) => id === 'realtime')).toEqual({
			id: 'realtime',
			favours: 'depends',
			label: realtime.label,
			question: realtime.question,
			lean: 'Favours neither: the deployment decides.',
			evidence: true,
			href: `/base${realtime.explainedAt}`,
		});
		expect(forWidget.find(({ id }) => id === 'admin')).toMatchObject({ strength: 3, lean: 'Favours Django (decisive edge).', evidence: true });
		expect(forWidget.find(({ id }) => id === 'onboarding')).toMatchObject({ evidence: false });
		expect(leanText({ id: 'x', favours: 'fastapi', strength: 1 })).toBe(favoursText('fastapi', 1));
		expect(forWidget.map(({ id }) => id)).toEqual(ids);
	});

	it('shows the verdict, its badge and both fits the form would show', () => {
		const shown = card('llm-chatbot');
		const score = scoreDecision(criteria, preset('llm-chatbot'));
		const { fastapi, django } = roundedFits(score.fits);
		expect(shown).toMatchObject({ id: 'llm-chatbot', label: presets.find(({ id }) => id === 'llm-chatbot')!.label, verdict: 'fastapi' });
		expect(shown.badge).toEqual(verdictBadges.fastapi);
		expect(shown.fits).toBe(`FastAPI ${fastapi}% · Django ${django}%`);
		expect(fastapi + django).toBe(100);
		expect(shown.evidence).toEqual({ verdict: 'either', badge: verdictBadges.either, fits: 'FastAPI 50% · Django 50%' });
	});

	it('links to the form with the preset as the query, which reads back as the same ratings', () => {
		const { href } = card('compliance-platform');
		const [query, anchor] = href.split('#');
		expect(anchor).toBe('decision-result');
		expect(query).toMatch(/^\?/);
		expect(parseImportances(query!, ids)).toEqual(
			Object.fromEntries(ids.map((id) => [id, preset('compliance-platform')[id]])),
		);
	});

	it('names the critical and the important criteria by label, in criteria order', () => {
		expect(card('llm-chatbot', { 'api-first': 2, realtime: 3, admin: 2, inference: 3, security: 1 }).ratings).toBe(
			'Critical: Real-time streaming, Model inference. Important: API-first design, Admin back office.',
		);
	});

	it('says "none" when nothing is critical and leaves out an empty important list', () => {
		const shown = card('llm-chatbot', { security: 1 });
		expect(shown.ratings).toBe('Critical: none.');
		expect(shown.verdict).toBe('django');
		expect(card('llm-chatbot', {}).fits).toBe('FastAPI 0% · Django 0%');
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
