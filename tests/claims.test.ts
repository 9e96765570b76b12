import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { type ClaimVerdictData, claimTopics, evidencePath, shownVerdict } from '../src/lib/claims';
import { claimVerdictBadges, type EvidenceVerdict } from '../src/lib/vocabulary';
import { root } from '../harness/paths';
import { rootDist } from './support/paths';
import { htmlFileFor, loadPage } from '../harness/site';
import { chooseRun, type RunEntry } from '../src/lib/evidence-run';

interface Claim {
	id: string;
	topic: keyof typeof claimTopics;
	claim: string;
	pages: string[];
	verdict?: string;
	workload?: string;
	lab?: { workload: string; scenario: string; metric: string; a: string; b: string; concurrency?: 'lowest' | 'highest' }[];
	sources?: { title: string; href: string }[];
}

const claims = parse(await readFile(`${root}content/data/claims.yaml`, 'utf8')) as Claim[];
const versions = parse(await readFile(`${root}content/data/versions.yaml`, 'utf8')) as { id: string; label: string; checked: string; sources: { href: string }[] }[];
const evidence = new Map(
	(parse(await readFile(`${root}content/data/evidence.yaml`, 'utf8')) as { id: string; verdict: EvidenceVerdict }[]).map((entry) => [entry.id, entry.verdict]),
);
/** The badge text the ledger gives a claim: its own verdict, or its workload's. */
const badgeText = (claim: Claim) => claimVerdictBadges[shownVerdict(claim as ClaimVerdictData, evidence)].text;
const labDir = `${root}content/data/lab/`;
const labRuns = await Promise.all(
	(await readdir(labDir)).filter((name) => name.endsWith('.json')).map(async (name) => ({ id: name, data: JSON.parse(await readFile(labDir + name, 'utf8')) as RunEntry['data'] })),
);

/** Compares dotted version numbers such as 0.162.0 and 0.99.1: negative when a is older. */
function compareVersions(a: string, b: string): number {
	const [pa, pb] = [a, b].map((version) => version.split('.').map((part) => Number.parseInt(part, 10)));
	for (let index = 0; index < Math.max(pa!.length, pb!.length); index++) {
		const difference = (pa![index] ?? 0) - (pb![index] ?? 0);
		if (difference !== 0) return difference;
	}
	return 0;
}

/** Whether a site path (with an optional #anchor) is a built page, and the anchor an id on it. */
async function resolves(href: string): Promise<boolean> {
	const [path, anchor] = href.split('#');
	if (!existsSync(htmlFileFor(rootDist, path!))) return false;
	if (!anchor) return true;
	return (await loadPage(rootDist, path!)).getElementById(anchor) !== null;
}

describe('the claims ledger data', () => {
	// Distinct ids are the yamlList loader's check (src/build/yaml-list-loader.ts): a repeated id stops the build.
	it('covers the article with 40 to 60 claims', () => {
		expect(claims.length).toBeGreaterThanOrEqual(40);
		expect(claims.length).toBeLessThanOrEqual(60);
	});

	it.each(claims.map((claim) => [claim.id, claim] as const))('%s names pages that exist', async (_, claim) => {
		for (const page of claim.pages) expect(await resolves(page), `${claim.id}: ${page}`).toBe(true);
	});

	// A claim with neither a verdict nor a workload fails the claim schema's refinement (src/build/content-schemas.ts).

	it('keeps size words out of lab claims: which way a result went and its condition, not how far', () => {
		const labClaims = claims.filter((entry) => entry.workload);
		expect(labClaims.length).toBeGreaterThan(0);
		for (const claim of labClaims) {
			expect((claim as Claim & { evidence: string }).evidence, claim.id).not.toMatch(/\b(slightly|narrowly|far (?:ahead|behind|more|fewer|past)|edged|close)\b/i);
		}
	});
});

describe('the Claims page', async () => {
	const doc = await loadPage(rootDist, '/claims/');
	const entries = [...doc.querySelectorAll('.claims > li')];

	it('explains every badge it shows in its legend, with its count, and shows no bare "Measured" badge', () => {
		const legend = [...doc.querySelectorAll('.claims-legend > div')].map((item) => ({
			badge: item.querySelector('dt')?.textContent?.trim(),
			meaning: item.querySelector('dd')?.textContent?.replace(/\s+/g, ' ').trim(),
		}));
		const shown = new Set(entries.map((entry) => entry.querySelector('.sl-badge')?.textContent?.trim()));
		expect(shown.size).toBeGreaterThan(3);
		// One legend entry per verdict the ledger uses, in the vocabulary's order, counted from the data.
		const used = Object.values(claimVerdictBadges).filter(({ text }) => claims.some((claim) => badgeText(claim) === text));
		expect(legend).toEqual(
			used.map(({ text, meaning }) => {
				const count = claims.filter((claim) => badgeText(claim) === text).length;
				return { badge: text, meaning: `${count} ${count === 1 ? 'claim' : 'claims'}: ${meaning}` };
			}),
		);
		for (const text of shown) if (text?.startsWith('Measured')) expect(text).toMatch(/^Measured: (holds|holds with conditions|does not hold)$/);
	});

	it('renders every claim once, as an anchor, with its verdict visible', () => {
		// Grouped by topic in the page's topic order, in file order within a topic.
		const inPageOrder = Object.keys(claimTopics).flatMap((topic) => claims.filter((claim) => claim.topic === topic));
		expect(entries.map((entry) => entry.id)).toEqual(inPageOrder.map((claim) => claim.id));
		for (const claim of inPageOrder) {
			expect(doc.getElementById(claim.id)!.querySelector('.sl-badge')?.textContent?.trim(), claim.id).toBe(badgeText(claim));
		}
	});

	it('shows each lab-tested claim with its workload’s verdict, linking the evidence page once measured', async () => {
		const labTested = claims.filter((claim) => claim.workload && !claim.verdict) as ClaimVerdictData[];
		expect(labTested.length).toBeGreaterThan(0);
		for (const claim of labTested) {
			const entry = doc.getElementById((claim as Claim).id)!;
			const label = claimVerdictBadges[shownVerdict(claim, evidence)].text;
			expect(entry.querySelector('.sl-badge')?.textContent?.trim(), (claim as Claim).id).toBe(label);
			const path = evidencePath(claim, evidence);
			const links = [...entry.querySelectorAll('a[href*="/evidence/"]')].map((a) => a.getAttribute('href'));
			expect(links, (claim as Claim).id).toEqual(path ? [path] : []);
		}
	});

	it('writes out each comparison a claim names from the published run: numbers and words from the data', async () => {
		const { measuredSentence } = await import('../src/lib/measured-sentences');
		const run = chooseRun(labRuns)!.run;
		const withLab = claims.filter((claim) => (claim.lab ?? []).length > 0);
		expect(withLab.length).toBeGreaterThanOrEqual(4);
		for (const claim of withLab) {
			const shown = [...doc.getElementById(claim.id)!.querySelectorAll('.measured li')].map((li) => li.textContent!.replace(/\s+/g, ' ').trim());
			const expected = claim.lab!.map((spec, index) => measuredSentence(run, spec, `${claim.id} lab[${index}]`).text);
			expect(shown, claim.id).toEqual(expected);
			for (const text of shown) expect(text).toMatch(/\d×/);
		}
	});

	it('links each claim to the pages that discuss it, and every internal link resolves', async () => {
		for (const entry of entries) {
			const internal = [...entry.querySelectorAll('a[href^="/"]')].map((a) => a.getAttribute('href')!);
			expect(internal.length, entry.id).toBeGreaterThan(0);
			for (const href of internal) expect(await resolves(href), `${entry.id}: ${href}`).toBe(true);
		}
		// The topic list names each topic the ledger uses, in page order, with its count, and links its heading.
		const topics = [...doc.querySelectorAll('.claims-topics li')].map((li) => li.textContent!.replace(/\s+/g, ' ').trim());
		const used = (Object.entries(claimTopics) as [string, string][]).filter(([topic]) => claims.some((claim) => claim.topic === topic));
		expect(topics).toEqual(used.map(([topic, heading]) => `${heading} (${claims.filter((claim) => claim.topic === topic).length})`));
		for (const a of doc.querySelectorAll('.claims-topics a')) {
			expect(doc.getElementById(a.getAttribute('href')!.slice(1))?.textContent?.trim()).toBe(a.textContent?.trim());
		}
	});

	// That each source is an https address is the source schema's check (src/build/content-schemas.ts).
	it('cites every source as a link', () => {
		expect(claims.some((claim) => (claim.sources ?? []).length > 0)).toBe(true);
		for (const claim of claims) {
			const links = [...doc.getElementById(claim.id)!.querySelectorAll('a[href^="http"]')].map((a) => a.getAttribute('href'));
			expect(links, claim.id).toEqual((claim.sources ?? []).map((source) => source.href));
		}
	});
});

describe('claim verdicts', () => {
	const results = new Map([['json-throughput', 'holds' as const], ['streaming', 'not-yet-measured' as const], ['orm-queries', 'does-not-hold' as const]]);

	it('reads "not yet measured" until the workload has a result, then which way it went, linking the evidence page', () => {
		expect(shownVerdict({ workload: 'streaming' }, results)).toBe('not-yet-measured');
		expect(evidencePath({ workload: 'streaming' }, results)).toBeUndefined();
		expect(shownVerdict({ workload: 'json-throughput' }, results)).toBe('measured-holds');
		expect(evidencePath({ workload: 'json-throughput' }, results)).toBe('/evidence/json-throughput/');
		expect(shownVerdict({ workload: 'orm-queries' }, results)).toBe('measured-does-not-hold');
		expect(shownVerdict({ workload: 'cpu-bound' }, results)).toBe('not-yet-measured');
		expect(claimVerdictBadges[shownVerdict({ workload: 'json-throughput' }, results)].text).toBe('Measured: holds');
	});

	it('lets a claim give its own direction once measured, and its own verdict always', () => {
		expect(shownVerdict({ workload: 'json-throughput', measured: 'holds-with-conditions' }, results)).toBe('measured-holds-with-conditions');
		expect(shownVerdict({ workload: 'streaming', measured: 'holds' }, results)).toBe('not-yet-measured');
		expect(shownVerdict({ verdict: 'opinion' }, results)).toBe('opinion');
		expect(shownVerdict({ verdict: 'outdated', workload: 'json-throughput' }, results)).toBe('outdated');
	});

	it('gives every badge a distinct label and an explanation', () => {
		const texts = Object.values(claimVerdictBadges).map((badge) => badge.text);
		expect(new Set(texts).size).toBe(texts.length);
		for (const badge of Object.values(claimVerdictBadges)) expect(badge.meaning.length).toBeGreaterThan(20);
	});
});

describe('the Versions today page', async () => {
	const doc = await loadPage(rootDist, '/versions/');

	// That each source is an https address is the source schema's check (src/build/content-schemas.ts).
	it('shows every version fact as a row with its sources', () => {
		expect(doc.querySelectorAll('table.versions tbody tr').length).toBe(versions.length);
		for (const entry of versions) {
			const row = doc.getElementById(entry.id);
			expect(row, entry.id).not.toBeNull();
			const links = [...row!.querySelectorAll('a')].map((a) => a.getAttribute('href') ?? '');
			expect(links, entry.id).toEqual(entry.sources.map((source) => source.href));
		}
	});

	it('says when the facts were checked and what to install today', () => {
		// The earliest day any row was checked: every row was checked on or after it.
		expect(doc.querySelector('.versions-checked time')?.getAttribute('datetime')).toBe(versions.map((entry) => entry.checked).sort()[0]);
		const headings = [...doc.querySelectorAll('.sl-markdown-content h2')].map((h2) => h2.textContent?.trim());
		expect(headings).toContain('What to install today');
	});

	it('names a newest FastAPI no older than the one the published lab run imported', () => {
		const published = chooseRun(labRuns);
		expect(published, 'a lab run is committed').toBeDefined();
		const labFastapi = (published!.run.versions as Record<string, string>).fastapi!;
		const latest = versions.find((entry) => entry.id === 'fastapi-latest')!;
		expect(latest.label).toMatch(/^\d+\.\d+\.\d+$/);
		expect(compareVersions(latest.label, labFastapi), `versions.yaml says ${latest.label}, the lab imported ${labFastapi}`).toBeGreaterThanOrEqual(0);
		expect(compareVersions('0.99.1', '0.162.0')).toBeLessThan(0);
	});

	it('says which Django series the lab measured, and that 6.1 may differ', () => {
		const published = chooseRun(labRuns)!;
		const series = (published.run.versions as Record<string, string>).django!.split('.').slice(0, 2).join('.');
		// The paragraph under the "What the lab ran" heading (Starlight wraps a heading with its anchor link).
		const heading = doc.querySelector('.sl-markdown-content h2#what-the-lab-ran');
		expect(heading?.textContent?.trim()).toBe('What the lab ran');
		const prose = (heading!.closest('.sl-heading-wrapper')!.nextElementSibling!.textContent ?? '').replace(/\s+/g, ' ');
		expect(prose).toContain(`measured Django ${series}`);
		expect(prose).toMatch(/Django 6\.1 is a newer release/);
	});
});
