import { z } from 'astro/zod';
import { basisProblem, type Basis, type Lean } from '../lib/decision-basis';
import { workloadId } from '../../lab/results';
import {
	claimVerdicts,
	measuredDirections,
	evidenceVerdicts,
	frameworks,
	importanceLabels,
	importances,
	leanings,
	levelList,
	strengthLabels,
	strengths,
	topics,
} from '../lib/vocabulary';

/**
 * The schemas of the data collections (content/data/*.yaml). content.config.ts
 * wires them to their files; tests parse bad entries with them directly.
 */

/** A root-relative site path, optionally with an anchor: `/differences/orm/#migrations`. */
const sitePath = z
	.string()
	.regex(/^\/([a-z0-9-]+\/)*(#[a-z0-9-]+)?$/, 'must be a site path such as /differences/orm/');

const framework = z.enum(frameworks);

/** Set by the yamlList() loader: the entry's place in its file. */
const position = z.number().int();

/** A primary source: what the link points to, and an https address. */
export const source = z.object({
	title: z.string().min(1),
	href: z.url({ protocol: /^https$/, hostname: z.regexes.domain, error: 'must be an https:// address' }),
});

/** A day as YYYY-MM-DD. */
export const day = z.iso.date({ error: 'must be a date as YYYY-MM-DD' });

/**
 * Fields every page's frontmatter adds to Starlight's: a real description
 * (Starlight makes it optional) and the page's topic, which search uses as a
 * filter.
 */
export const pageFields = z.object({
	description: z.string().min(40, 'needs a description of at least 40 characters'),
	topic: z.enum(topics).default('both'),
});

/**
 * The evidence entries as the basis checks need them: verdict by id, from
 * content/data/evidence.yaml (content.config.ts reads it for each entry).
 */
export type EvidenceVerdicts = ReadonlyMap<string, string>;

/** An evidence id: a workload page under /evidence/. */
const evidenceId = (verdicts: EvidenceVerdicts) =>
	z.string().refine((id) => verdicts.has(id), {
		error: (issue) => `names evidence "${String(issue.input)}" that does not exist; evidence ids are ${[...verdicts.keys()].join(', ')}`,
	});

/**
 * What a recommendation rests on (see src/lib/decision-basis.ts): a lab
 * measurement with its condition, a primary source, or the article's view
 * with the section that states it.
 */
export const basis = (verdicts: EvidenceVerdicts) =>
	z.discriminatedUnion(
		'kind',
		[
			z.object({
				kind: z.literal('measured'),
				workload: evidenceId(verdicts),
				/** The condition, in words (no figures: the pages show those from the run). */
				setup: z.string().min(10),
				client: z.string().min(3).optional(),
				concurrency: z.string().min(5),
			}),
			z.object({ kind: z.literal('documented'), ...source.shape }),
			z.object({ kind: z.literal('article'), where: z.string().min(3) }),
		],
		{ error: 'needs a basis: kind measured (with workload, setup, concurrency), documented (title, href) or article (where)' },
	);

/** A recommendation's lean: one framework, or neither. */
const lean = z.enum(leanings);

/** Adds an issue at `path` for each basis that cannot carry `favours` (names missing evidence, or leans against it). */
function checkBases(
	context: z.RefinementCtx,
	verdicts: EvidenceVerdicts,
	favours: Lean,
	bases: readonly (Basis | undefined)[],
	path: (index: number) => (string | number)[],
): void {
	bases.forEach((entry, index) => {
		// Evidence that does not exist is reported once, by the basis schema itself.
		if (entry?.kind === 'measured' && !verdicts.has(entry.workload)) return;
		const problem = entry && basisProblem(favours, entry, verdicts);
		if (problem) context.addIssue({ code: 'custom', path: path(index), message: problem });
	});
}

/**
 * One comparison the lab measured, for a sentence generated at build time
 * from the newest run (src/lib/measured-sentences.ts): setup `a` against
 * setup `b` on `metric` in `scenario`. Words and figures come from the run;
 * YAML names only what to compare.
 */
export const labComparison = (verdicts: EvidenceVerdicts) =>
	z.object({
		workload: evidenceId(verdicts),
		scenario: z.string().min(2),
		metric: z.string().min(2),
		a: z.string().min(2),
		b: z.string().min(2),
		/** Which concurrency level, when the scenario ran several. */
		concurrency: z.enum(['lowest', 'highest']).optional(),
	});

/** A cell retelling the article's table, with its basis. */
const articleCell = (verdicts: EvidenceVerdicts) => z.object({ text: z.string().min(1), basis: basis(verdicts) });

/**
 * The comparison table: each row retells the article's cells faithfully,
 * each with its basis, and `found` adds what the lab measured or a primary
 * source says, kept apart from the article's words.
 */
export const comparisonRow = (verdicts: EvidenceVerdicts) =>
	z
		.object({
			position,
			feature: z.string().min(1),
			fastapi: articleCell(verdicts),
			django: articleCell(verdicts),
			found: z
				.object({
					favours: lean.default('depends'),
					text: z.string().min(20).optional(),
					lab: z.array(labComparison(verdicts)).default([]),
					basis: z.array(basis(verdicts)).min(1, 'needs at least one basis'),
				})
				.optional(),
			explainedAt: sitePath,
		})
		.superRefine((row, context) => {
			for (const side of frameworks) {
				checkBases(context, verdicts, side, [row[side].basis], () => [side, 'basis']);
			}
			if (row.found) {
				checkBases(context, verdicts, row.found.favours, row.found.basis, (index) => ['found', 'basis', index]);
				if (!row.found.text && row.found.lab.length === 0) {
					context.addIssue({ code: 'custom', path: ['found', 'text'], message: 'needs text or lab comparisons' });
				}
			}
		});

/** The differences, in the article's order; `id` is the page slug under /differences/. */
export const difference = (verdicts: EvidenceVerdicts) =>
	z
		.object({
			position,
			title: z.string().min(1),
			summary: z.string().min(20),
			favours: lean,
			basis: z.array(basis(verdicts)).min(1, 'needs at least one basis for its lean'),
		})
		.superRefine((entry, context) =>
			checkBases(context, verdicts, entry.favours, entry.basis, (index) => ['basis', index]),
		);

/** An FAQ paragraph stating lab results: sentences generated from the newest run, after an optional lead-in. */
const measuredParagraph = (verdicts: EvidenceVerdicts) =>
	z.object({
		lead: z.string().min(10).optional(),
		compare: z.array(labComparison(verdicts)).min(1),
		/** Said after the generated sentences: what the results mean, without figures or comparative words about them. */
		after: z.string().min(10).optional(),
	});

/** The FAQ: one entry per question; the page headings and the JSON-LD both render from it. */
export const faqEntry = (verdicts: EvidenceVerdicts) =>
	z
		.object({
			position,
			question: z.string().endsWith('?', 'must be a question ending with "?"'),
			answer: z.array(z.union([z.string().min(20), measuredParagraph(verdicts)])).min(1),
			/** Which way the answer leans, if it recommends. */
			favours: lean.default('depends'),
			basis: z.array(basis(verdicts)).min(1, 'needs at least one basis'),
			seeAlso: z.array(z.object({ label: z.string(), href: sitePath })).default([]),
			/** Words people search with that the answer itself does not use. */
			searchTerms: z.array(z.string().min(2)).default([]),
		})
		.superRefine((entry, context) => {
			checkBases(context, verdicts, entry.favours, entry.basis, (index) => ['basis', index]);
			// A paragraph of lab results must rest on a measured basis for each workload it compares.
			const measured = new Set(entry.basis.flatMap((item) => (item.kind === 'measured' ? [item.workload] : [])));
			entry.answer.forEach((paragraph, index) => {
				if (typeof paragraph === 'string') return;
				paragraph.compare.forEach(({ workload }, at) => {
					if (!measured.has(workload)) {
						context.addIssue({
							code: 'custom',
							path: ['answer', index, 'compare', at, 'workload'],
							message: `"${workload}" needs a measured basis in this entry's basis list`,
						});
					}
				});
			});
		});

/**
 * What the decision score asks about. Each id is a query parameter in shared
 * links, so a public contract. A criterion favours a framework with a
 * strength, or `depends` (the deployment decides, not the framework), in
 * which case it names that deployment in `deployment` and carries no strength.
 */
export const criterion = (verdicts: EvidenceVerdicts) =>
	z
		.object({
			position,
			id: z.string().regex(/^[a-z]+(-[a-z]+)*$/, 'must be lowercase words joined by hyphens, such as api-first'),
			label: z.string().min(1).max(40, 'must be a short label of at most 40 characters'),
			question: z.string().endsWith('?', 'must be a question ending with "?"'),
			favours: lean,
			strength: z.literal(strengths, { error: `must be ${levelList(strengthLabels)}` }).optional(),
			/** Why it leans that way, in a sentence or two; no lab figures or comparative words about them. */
			why: z.string().min(40, 'must say why it leans that way, in at least 40 characters'),
			basis: basis(verdicts),
			/** What to deploy when the reader ticks it: shown with the result. */
			deployment: z.string().min(40).optional(),
			explainedAt: sitePath,
		})
		.superRefine((entry, context) => {
			if (entry.favours === 'depends') {
				if (entry.strength !== undefined) {
					context.addIssue({ code: 'custom', path: ['strength'], message: 'a criterion that depends on the deployment has no strength' });
				}
				if (!entry.deployment) {
					context.addIssue({ code: 'custom', path: ['deployment'], message: 'a criterion that depends on the deployment must name it' });
				}
			} else if (entry.strength === undefined) {
				context.addIssue({ code: 'custom', path: ['strength'], message: `must be ${levelList(strengthLabels)}` });
			}
			checkBases(context, verdicts, entry.favours, [entry.basis], () => ['basis']);
		});

const importance = z.literal(importances, { error: `must be ${levelList(importanceLabels)}` });

/**
 * One-click starting points for the decision score. A preset rates every
 * criterion and names no other, so it takes the criterion ids it must rate.
 */
export function preset(criterionIds: readonly string[]) {
	return z
		.object({
			position,
			label: z.string().min(1),
			summary: z.string().min(20),
			importance: z.record(z.string(), importance),
		})
		.superRefine((entry, context) => {
			const known = new Set(criterionIds);
			for (const id of Object.keys(entry.importance)) {
				if (!known.has(id)) {
					context.addIssue({
						code: 'custom',
						path: ['importance', id],
						message: `unknown criterion id; known ids are ${criterionIds.join(', ')}`,
					});
				}
			}
			for (const id of criterionIds) {
				if (!Object.hasOwn(entry.importance, id)) {
					context.addIssue({ code: 'custom', path: ['importance', id], message: 'missing; rate every criterion 0–3' });
				}
			}
		});
}

/**
 * The claims ledger: every distinct claim the article makes, with a verdict
 * and the evidence for it. A claim that names a lab workload is answered by a
 * measurement at /evidence/<workload>/; until it carries a verdict it shows as
 * "not yet measured".
 */
export const claim = z
	.object({
		position,
		topic: z.enum(['framing', 'performance', 'async', 'real-time', 'data', 'ai', 'developer-experience', 'deployment', 'django-features', 'team']),
		/** The claim in neutral words, not the article's. */
		claim: z.string().min(20),
		/** Where the article makes it: its section, such as "Performance comparison". */
		where: z.string().min(3),
		/** Pages of this site that carry or discuss the claim. */
		pages: z.array(sitePath).min(1, 'must name at least one page that carries the claim'),
		verdict: z.enum(claimVerdicts).optional(),
		workload: workloadId.optional(),
		/** Which way the measurement went for this claim, when it differs from its workload's verdict. */
		measured: z.enum(measuredDirections).optional(),
		/** Comparisons the lab measured for it, written out from the published run at build time (src/lib/measured-sentences.ts). */
		lab: z
			.array(
				z.object({
					workload: workloadId,
					scenario: z.string().min(2),
					metric: z.string().min(2),
					a: z.string().min(2),
					b: z.string().min(2),
					concurrency: z.enum(['lowest', 'highest']).optional(),
				}),
			)
			.default([]),
		/** What the evidence shows, in a sentence or two. */
		evidence: z.string().min(20),
		sources: z.array(source).default([]),
		/** When the sources were last checked. */
		checked: day.optional(),
	})
	.superRefine((entry, context) => {
		if (!entry.verdict && !entry.workload) {
			context.addIssue({ code: 'custom', path: ['verdict'], message: 'needs a verdict, or a workload that will measure it' });
		}
		if (entry.measured && !entry.workload) {
			context.addIssue({ code: 'custom', path: ['workload'], message: 'a measured direction needs the workload that measured it' });
		}
		if (entry.lab.length > 0 && !entry.workload) {
			context.addIssue({ code: 'custom', path: ['lab'], message: 'lab comparisons belong to a claim the lab tests: name its workload' });
		}
		if (entry.measured && entry.verdict) {
			context.addIssue({ code: 'custom', path: ['measured'], message: 'a claim has its own verdict or a measured direction, not both' });
		}
		const needsSources = entry.verdict !== undefined && entry.verdict !== 'opinion';
		if (needsSources && entry.sources.length === 0) {
			context.addIssue({ code: 'custom', path: ['sources'], message: `a "${entry.verdict}" verdict needs at least one source` });
		}
		if (entry.sources.length > 0 && !entry.checked) {
			context.addIssue({ code: 'custom', path: ['checked'], message: 'sources need the date they were checked' });
		}
	});

/**
 * Version facts as of a date: releases, support windows and policies, each
 * with its sources. The Versions today page renders it; Context notes link
 * there instead of restating version history.
 */
export const versionFact = z.object({
	position,
	project: z.enum(['django', 'fastapi', 'pydantic', 'starlette', 'python']),
	/** The release or policy, such as "5.2 LTS" or "Annual release cycle (DEP 0020)". */
	label: z.string().min(1),
	/** When it was or is expected to be released, in words: "April 2025", "expected April 2027". */
	released: z.string().min(4),
	status: z.enum(['supported', 'ended', 'upcoming', 'policy', 'change']),
	/** Until when it gets fixes, in words, when a source gives it. */
	supportedUntil: z.string().min(4).optional(),
	note: z.string().min(20),
	sources: z.array(source).min(1, 'needs at least one source'),
	checked: day,
});

/**
 * The verdict on each claim the lab tests, one entry per workload. Words
 * only: the numbers on the evidence pages come from the lab's results.
 */
export const evidenceVerdict = z
	.object({
		position,
		id: workloadId,
		title: z.string().min(3),
		/** The article's claim in neutral words, not the article's. */
		claim: z.string().min(20),
		verdict: z.enum(evidenceVerdicts),
		/** When and how far the verdict holds, in prose; numbers come from the results file. */
		conditions: z.string().regex(/^[^0-9]*$/, 'must be prose without numbers (the pages show the measured numbers)').default(''),
	})
	.superRefine((entry, context) => {
		if (entry.verdict === 'holds-with-conditions' && entry.conditions.trim().length < 20) {
			context.addIssue({ code: 'custom', path: ['conditions'], message: 'a "holds-with-conditions" verdict must spell out its conditions' });
		}
	});

/**
 * Primary sources the "Context" notes cite (see ContextNote.astro), each
 * written once and referred to by id from the pages. Official documentation
 * and release notes only; the notes give the date they were checked.
 */
export const contextSource = source.extend({ position });
