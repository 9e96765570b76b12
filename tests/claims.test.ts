import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { type ClaimVerdictData, evidencePath, shownVerdict } from '../src/lib/claims';
import { claimVerdictBadges, type EvidenceVerdict } from '../src/lib/vocabulary';
import { root } from '../harness/paths';
import { rootDist } from './support/paths';
import { htmlFileFor, loadPage } from '../harness/site';

interface Claim {
	id: string;
	claim: string;
	pages: string[];
	verdict?: string;
	workload?: string;
	sources?: { title: string; href: string }[];
}

const claims = parse(await readFile(`${root}content/data/claims.yaml`, 'utf8')) as Claim[];
const versions = parse(await readFile(`${root}content/data/versions.yaml`, 'utf8')) as { id: string; sources: unknown[] }[];

/** Whether a site path (with an optional #anchor) is a built page, and the anchor an id on it. */
async function resolves(href: string): Promise<boolean> {
	const [path, anchor] = href.split('#');
	if (!existsSync(htmlFileFor(rootDist, path!))) return false;
	if (!anchor) return true;
	return (await loadPage(rootDist, path!)).getElementById(anchor) !== null;
}

describe('the claims ledger data', () => {
	it('covers the article with 40 to 60 distinct claims', () => {
		expect(claims.length).toBeGreaterThanOrEqual(40);
		expect(claims.length).toBeLessThanOrEqual(60);
		expect(new Set(claims.map((claim) => claim.id)).size).toBe(claims.length);
	});

	it.each(claims.map((claim) => [claim.id, claim] as const))('%s names pages that exist', async (_, claim) => {
		for (const page of claim.pages) expect(await resolves(page), `${claim.id}: ${page}`).toBe(true);
	});

	it('gives every claim the lab does not test a verdict of its own', () => {
		for (const claim of claims) if (!claim.workload) expect(claim.verdict, claim.id).toBeDefined();
	});
});

describe('the Claims page', async () => {
	const doc = await loadPage(rootDist, '/claims/');
	const entries = [...doc.querySelectorAll('.claims > li')];

	it('renders every claim once, as an anchor, with its verdict visible', () => {
		expect(entries.map((entry) => entry.id)).toEqual(expect.arrayContaining(claims.map((claim) => claim.id)));
		expect(entries).toHaveLength(claims.length);
		const labels = new Set(Object.values(claimVerdictBadges).map((badge) => badge.text));
		for (const entry of entries) expect(labels.has(entry.querySelector('.sl-badge')?.textContent?.trim() ?? '')).toBe(true);
	});

	it('shows each lab-tested claim with its workload’s verdict, linking the evidence page once measured', async () => {
		const verdicts = parse(await readFile(`${root}content/data/evidence.yaml`, 'utf8')) as { id: string; verdict: EvidenceVerdict }[];
		const evidence = new Map(verdicts.map((entry) => [entry.id, entry.verdict]));
		const labTested = claims.filter((claim) => claim.workload && !claim.verdict) as ClaimVerdictData[];
		expect(labTested.length).toBeGreaterThan(0);
		for (const claim of labTested) {
			const entry = doc.getElementById((claim as Claim).id)!;
			const label = claimVerdictBadges[shownVerdict(claim, evidence)].text;
			expect(entry.querySelector('.sl-badge')?.textContent?.trim(), (claim as Claim).id).toBe(label);
			const path = evidencePath(claim, evidence);
			const link = entry.querySelector('a[href*="/evidence/"]');
			if (path) expect(link?.getAttribute('href'), (claim as Claim).id).toContain(path);
			else expect(link, (claim as Claim).id).toBeNull();
		}
	});

	it('links each claim to the pages that discuss it, and every internal link resolves', async () => {
		for (const entry of entries) {
			const internal = [...entry.querySelectorAll('a[href^="/"]')].map((a) => a.getAttribute('href')!);
			expect(internal.length, entry.id).toBeGreaterThan(0);
			for (const href of internal) expect(await resolves(href), `${entry.id}: ${href}`).toBe(true);
		}
		for (const a of doc.querySelectorAll('.claims-topics a')) expect(doc.getElementById(a.getAttribute('href')!.slice(1))).not.toBeNull();
	});

	it('cites every source as an https link', () => {
		for (const claim of claims) {
			const links = [...doc.getElementById(claim.id)!.querySelectorAll('a[href^="http"]')].map((a) => a.getAttribute('href'));
			expect(links, claim.id).toEqual((claim.sources ?? []).map((source) => source.href));
			for (const href of links) expect(href).toMatch(/^https:\/\//);
		}
	});
});

describe('claim verdicts', () => {
	const results = new Map([['json-throughput', 'holds' as const], ['streaming', 'not-yet-measured' as const], ['orm-queries', 'does-not-hold' as const]]);

	it('reads "not yet measured" until the workload has a result, then links the evidence page', () => {
		expect(shownVerdict({ workload: 'streaming' }, results)).toBe('not-yet-measured');
		expect(evidencePath({ workload: 'streaming' }, results)).toBeUndefined();
		expect(shownVerdict({ workload: 'json-throughput' }, results)).toBe('measured');
		expect(evidencePath({ workload: 'json-throughput' }, results)).toBe('/evidence/json-throughput/');
		expect(shownVerdict({ workload: 'orm-queries' }, results)).toBe('does-not-hold');
		expect(shownVerdict({ workload: 'cpu-bound' }, results)).toBe('not-yet-measured');
	});

	it('lets a claim’s own verdict stand', () => {
		expect(shownVerdict({ verdict: 'opinion' }, results)).toBe('opinion');
		expect(shownVerdict({ verdict: 'outdated', workload: 'json-throughput' }, results)).toBe('outdated');
	});
});

describe('the Versions today page', async () => {
	const doc = await loadPage(rootDist, '/versions/');

	it('shows every version fact as a row with its sources', () => {
		for (const entry of versions) {
			const row = doc.getElementById(entry.id);
			expect(row, entry.id).not.toBeNull();
			const links = [...row!.querySelectorAll('a')].map((a) => a.getAttribute('href') ?? '');
			expect(links.length, entry.id).toBe(entry.sources.length);
			for (const href of links) expect(href).toMatch(/^https:\/\//);
		}
	});

	it('says when the facts were checked and what to install today', () => {
		expect(doc.querySelector('.versions-checked time')?.getAttribute('datetime')).toMatch(/^\d{4}-\d{2}-\d{2}$/);
		const headings = [...doc.querySelectorAll('.sl-markdown-content h2')].map((h2) => h2.textContent?.trim());
		expect(headings).toContain('What to install today');
	});
});
