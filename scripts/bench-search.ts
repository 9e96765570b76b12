/**
 * The search part of `npm run bench`: how long a reader waits for the first
 * search on a page, this site against stock Starlight, and the report section
 * that says so. The two sites alternate within each round (this site, stock,
 * then stock, this site, …) so both see the same machine state, and each round
 * gives one ratio per scenario. What is timed is what a reader sees on either
 * site, whatever its markup: the search field taking focus, and a result link
 * appearing in the dialog.
 *
 * Runs with Node's type stripping: erasable syntax only.
 */
import type { Browser, BrowserContext, Page, Request } from 'playwright-core';

/** Chromium's network throttled to a slow 4G link (Lighthouse's slow-4G figures). */
export const slow4g = { latencyMs: 150, downloadKbps: 1600, uploadKbps: 750 };

const coldQuery = 'django admin';
const warmQueries = ['websocket streaming', 'requests per second', 'pydantic validation'];
/** A reader who presses Ctrl+K, looks at the dialog, then types. */
const pauseMs = 300;

export interface SearchSite {
	name: string;
	/** The page searched from. */
	url: string;
}

type Network = 'normal' | 'slow 4G';
type Typing = 'at once' | 'after a pause';

/** One fresh page load: a cold search, and the warm ones after it when typing at once. */
interface Sample {
	/** Ctrl+K → first result link of the full query on screen. */
	coldMs: number;
	/** Ctrl+K → the search field has focus. */
	readyMs: number;
	/** Last key of the query → first result link on screen. */
	afterTypingMs: number;
	/** Whether the field held the whole query once results showed. */
	keysKept: boolean;
	/** Last key → first result, for each warm query. */
	warmMs: number[];
	/** Bytes fetched from Ctrl+K until the results: Pagefind's files by kind, and the rest. */
	bytes: { pagefindScripts: number; wasm: number; index: number; other: number };
}

export interface Scenario {
	network: Network;
	typing: Typing;
	/** Samples by site name, one per round. */
	samples: Map<string, Sample[]>;
}

/**
 * Records, in the page's own clock, every keydown, when a text field in a
 * dialog takes focus, and every moment a visible link appears in an open
 * dialog (a result link, on either site).
 */
function instrument(): void {
	const state = { keydowns: [] as number[], ready: null as number | null, links: [] as number[] };
	Object.assign(window, { __search: state });
	addEventListener('keydown', () => state.keydowns.push(performance.now()), true);
	addEventListener(
		'focusin',
		(event) => {
			const field = (event.target as Element).matches?.('dialog input:not([type="checkbox"])');
			if (field && state.ready === null) state.ready = performance.now();
		},
		true,
	);
	const visibleLink = (nodes: Node[]) =>
		nodes.some((node) => {
			if (!(node instanceof Element) || !node.closest('dialog[open]')) return false;
			const links = node.matches('a[href]') ? [node] : [...node.querySelectorAll('a[href]')];
			return links.some((link) => link.checkVisibility());
		});
	// A link added while still hidden (its stylesheet or container not shown yet) counts from the frame it shows.
	const pending = new Set<Node>();
	const watch = () => {
		if (visibleLink([...pending])) {
			state.links.push(performance.now());
			pending.clear();
		}
		if (pending.size) requestAnimationFrame(watch);
	};
	new MutationObserver((records) => {
		const added = records.flatMap((record) => [...record.addedNodes]);
		if (visibleLink(added)) state.links.push(performance.now());
		else if (added.length) {
			const wasIdle = pending.size === 0;
			for (const node of added) pending.add(node);
			if (wasIdle) requestAnimationFrame(watch);
		}
	}).observe(document, { childList: true, subtree: true });
}

type State = { keydowns: number[]; ready: number | null; links: number[] };
const field = 'dialog[open] input:not([type="checkbox"])';

/** Waits for a result link shown after the last key, and returns the page's record. */
async function waitForResult(page: Page): Promise<State> {
	await page.waitForFunction(
		() => {
			const state = (window as unknown as { __search: State }).__search;
			const last = state.keydowns.at(-1) ?? Infinity;
			return state.links.some((time) => time >= last);
		},
		undefined,
		{ timeout: 60_000 },
	);
	return page.evaluate(() => structuredClone((window as unknown as { __search: State }).__search));
}

const resultAfter = (state: State, key: number) => state.links.find((time) => time >= key)!;

async function throttle(context: BrowserContext, page: Page): Promise<void> {
	const cdp = await context.newCDPSession(page);
	await cdp.send('Network.enable');
	await cdp.send('Network.emulateNetworkConditions', {
		offline: false,
		latency: slow4g.latencyMs,
		downloadThroughput: (slow4g.downloadKbps * 1000) / 8,
		uploadThroughput: (slow4g.uploadKbps * 1000) / 8,
	});
}

async function sample(browser: Browser, url: string, network: Network, typing: Typing): Promise<Sample> {
	const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
	try {
		await context.addInitScript(instrument);
		const page = await context.newPage();
		if (network === 'slow 4G') await throttle(context, page);
		await page.goto(url, { waitUntil: 'networkidle', timeout: 120_000 });

		const fetched: Promise<{ path: string; bytes: number }>[] = [];
		const onFinished = (request: Request) => {
			const size = async () => {
				// Chromium reports no body size for a worker's script; its Content-Length is what came over the wire.
				const bytes = (await request.sizes()).responseBodySize;
				return bytes || Number((await request.response())?.headers()['content-length'] ?? 0);
			};
			fetched.push(size().then((bytes) => ({ path: new URL(request.url()).pathname, bytes })));
		};
		page.on('requestfinished', onFinished);
		await page.evaluate(() => {
			const state = (window as unknown as { __search: State }).__search;
			state.keydowns = [];
			state.links = [];
		});
		// Playwright injects its own script into the page the first time a wait
		// needs it (tens of milliseconds of the page's main thread): here, not in
		// the timed window.
		await page.waitForFunction(() => true);
		await page.keyboard.press('Control+k');
		if (typing === 'after a pause') await page.waitForTimeout(pauseMs);
		await page.keyboard.type(coldQuery);
		const cold = await waitForResult(page);
		const keysKept = (await page.locator(field).inputValue({ timeout: 60_000 })) === coldQuery;
		const start = cold.keydowns[0]!;
		const lastKey = cold.keydowns.at(-1)!;
		page.off('requestfinished', onFinished);
		const requests = await Promise.all(fetched);
		const bytesOf = (pattern: RegExp) => requests.filter((r) => pattern.test(r.path)).reduce((sum, r) => sum + r.bytes, 0);
		const pagefindScripts = bytesOf(/\/pagefind\/.*\.js$/);
		const wasm = bytesOf(/\/pagefind\/.*\.pagefind$/);
		const index = bytesOf(/\/pagefind\/.*\.pf_\w+$|pagefind-entry\.json$/);

		const warmMs: number[] = [];
		if (typing === 'at once') {
			for (const query of warmQueries) {
				await page.locator(field).fill('', { timeout: 60_000 });
				await page.waitForFunction(
					() => ![...document.querySelectorAll('dialog[open] a[href]')].some((link) => link.checkVisibility()),
					undefined,
					{ timeout: 60_000 },
				);
				await page.keyboard.type(query);
				const warm = await waitForResult(page);
				const last = warm.keydowns.at(-1)!;
				warmMs.push(resultAfter(warm, last) - last);
			}
		}
		return {
			coldMs: resultAfter(cold, lastKey) - start,
			readyMs: (cold.ready ?? NaN) - start,
			afterTypingMs: resultAfter(cold, lastKey) - lastKey,
			keysKept,
			warmMs,
			bytes: {
				pagefindScripts,
				wasm,
				index,
				other: requests.reduce((sum, r) => sum + r.bytes, 0) - pagefindScripts - wasm - index,
			},
		};
	} finally {
		await context.close();
	}
}

/**
 * Runs `rounds` rounds. In each, every scenario (normal and slow-4G network;
 * typing at once after Ctrl+K, or after a pause) gets one fresh page load per
 * site, the sites' order flipping from round to round.
 */
export async function measureSearch(
	browser: Browser,
	sites: [SearchSite, SearchSite],
	rounds: number,
	log: (message: string) => void,
): Promise<Scenario[]> {
	const scenarios: Scenario[] = [];
	for (const network of ['normal', 'slow 4G'] as const) {
		for (const typing of ['at once', 'after a pause'] as const) {
			scenarios.push({ network, typing, samples: new Map(sites.map((site) => [site.name, []])) });
		}
	}
	for (let round = 0; round < rounds; round++) {
		log(`search, round ${round + 1} of ${rounds}`);
		const order = round % 2 === 0 ? sites : [sites[1], sites[0]];
		for (const scenario of scenarios) {
			for (const site of order) {
				scenario.samples.get(site.name)!.push(await sample(browser, site.url, scenario.network, scenario.typing));
			}
		}
	}
	return scenarios;
}

// ---------------------------------------------------------------------------
// The report.

const median = (values: number[]) => {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
const ms = (value: number) => `${Math.round(value)}`;
const spread = (values: number[]) => `${ms(median(values))} (${ms(Math.min(...values))}–${ms(Math.max(...values))})`;
const times = (value: number) => `${value.toFixed(2)}×`;
const table = (head: string[], rows: (string | number)[][]) =>
	[`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...rows.map((row) => `| ${row.join(' | ')} |`)].join('\n');

/** A figure of both sites across rounds: the spreads, and the ratio of each round. */
interface Comparison {
	ours: number[];
	stock: number[];
	ratios: number[];
}

function compare(scenario: Scenario, [ours, stock]: [SearchSite, SearchSite], pick: (s: Sample) => number): Comparison {
	const a = scenario.samples.get(ours.name)!.map(pick);
	const b = scenario.samples.get(stock.name)!.map(pick);
	return { ours: a, stock: b, ratios: a.map((value, round) => value / b[round]!) };
}

/**
 * A target on the ratio to stock: not met when the median of the per-round
 * ratios misses it; when the median is within it, met only if the two sites'
 * ranges do not overlap, and otherwise within noise.
 */
function verdict({ ours, stock, ratios }: Comparison, target: number): string {
	const overlap = Math.max(...ours) >= Math.min(...stock) && Math.max(...stock) >= Math.min(...ours);
	const ratio = median(ratios);
	if (ratio > target) return `**not met** (median ratio ${times(ratio)})`;
	return overlap ? `within noise (median ratio ${times(ratio)}, ranges overlap)` : `met (${times(ratio)})`;
}

export interface SearchSummary {
	/** Median cold search, normal network, typing at once, on this site. */
	coldMs: number;
	/** Median warm search, normal network, on this site. */
	warmMs: number;
	/** Median bytes of Pagefind's files for the first query on this site. */
	pagefindBytes: number;
}

export function summarize(scenarios: Scenario[], [ours]: [SearchSite, SearchSite]): SearchSummary {
	const normal = scenarios.find((s) => s.network === 'normal' && s.typing === 'at once')!.samples.get(ours.name)!;
	return {
		coldMs: median(normal.map((s) => s.coldMs)),
		warmMs: median(normal.flatMap((s) => s.warmMs)),
		pagefindBytes: median(normal.map((s) => s.bytes.pagefindScripts + s.bytes.wasm + s.bytes.index)),
	};
}

/** The report's search section, from `## Search` on. */
export function searchSection(scenarios: Scenario[], sites: [SearchSite, SearchSite], page: string): string {
	const [ours, stock] = sites;
	const rounds = scenarios[0]!.samples.get(ours.name)!.length;
	const kb = (bytes: number) => (bytes / 1024).toFixed(1);
	const name = (s: Scenario) => `${s.network}, typing ${s.typing}`;

	const targets: string[][] = [];
	const rows: (string | number)[][] = [];
	const roundRows: (string | number)[][] = [];
	for (const scenario of scenarios) {
		const cold = compare(scenario, sites, (s) => s.coldMs);
		const ready = compare(scenario, sites, (s) => s.readyMs);
		const after = compare(scenario, sites, (s) => s.afterTypingMs);
		const kept = (site: SearchSite) => {
			const samples = scenario.samples.get(site.name)!;
			return `${samples.filter((s) => s.keysKept).length} of ${samples.length}`;
		};
		rows.push(
			[name(scenario), 'cold: Ctrl+K → first result', spread(cold.ours), spread(cold.stock), times(median(cold.ratios))],
			['', 'cold: Ctrl+K → field has focus', spread(ready.ours), spread(ready.stock), times(median(ready.ratios))],
			['', 'cold: last key → first result', spread(after.ours), spread(after.stock), times(median(after.ratios))],
			['', 'query intact in the field', kept(ours), kept(stock), ''],
		);
		roundRows.push([name(scenario), 'cold', ...cold.ratios.map(times)]);
		// Issue 14 sets its targets on the normal network; the slow-4G figures are held to the same bars for comparison.
		const which = scenario.network === 'normal' ? 'target' : 'for comparison';
		targets.push([`cold, ${name(scenario)}: at most 0.6× stock (${which})`, verdict(cold, 0.6)]);
		targets.push([`field ready, ${name(scenario)}: no slower than stock (${which})`, verdict(ready, 1)]);
		if (scenario.typing === 'at once') {
			// Each round's warm figure is the median of its warm queries.
			const warm = compare(scenario, sites, (s) => median(s.warmMs));
			rows.push(['', 'warm: last key → first result', spread(warm.ours), spread(warm.stock), times(median(warm.ratios))]);
			roundRows.push([name(scenario), 'warm', ...warm.ratios.map(times)]);
			targets.push([`warm, ${scenario.network}: at most 0.5× stock (${which})`, verdict(warm, 0.5)]);
		}
	}

	const normal = scenarios.find((s) => s.network === 'normal' && s.typing === 'at once')!;
	const bytesRow = (label: string, pick: (s: Sample) => number) => {
		const a = median(normal.samples.get(ours.name)!.map(pick));
		const b = median(normal.samples.get(stock.name)!.map(pick));
		return [label, `${kb(a)} KB`, `${kb(b)} KB`];
	};
	const bytesRows = [
		bytesRow('Pagefind scripts (pagefind.js, its worker on stock)', (s) => s.bytes.pagefindScripts),
		bytesRow('Pagefind WebAssembly', (s) => s.bytes.wasm),
		bytesRow('index: entry, metadata, filters, chunks, fragments', (s) => s.bytes.index),
		bytesRow('everything else (search UI script and styles)', (s) => s.bytes.other),
	];

	return `## Search

On \`${page}\` at 1280 × 800 in Chromium, ${rounds} rounds. In each round every scenario loads the page
afresh (empty cache) once per site, the two sites alternating (this site first in odd rounds, stock first in
even ones). Cold: the page has loaded and nothing of search was used; the clock starts at Ctrl+K and stops
when a result link for the whole query ("${coldQuery}") appears in the dialog, visible. Typing "at once" sends
the query's keys right after Ctrl+K without waiting for anything; "after a pause" waits ${pauseMs} ms first, as a
reader does. Before Ctrl+K the harness has Playwright inject the script its waits run on, which it would
otherwise do inside the timed window, on the page's main thread. Warm: on the page of the cold search, the
field is cleared and a new query typed (${warmQueries.map((q) => `"${q}"`).join(', ')});
the clock starts at its last key; a round's warm figure is the median of the three. "Slow 4G" throttles Chromium's network for the whole visit (DevTools protocol
\`Network.emulateNetworkConditions\`: ${slow4g.latencyMs} ms added round-trip latency, ${slow4g.downloadKbps / 1000} Mbps down,
${slow4g.uploadKbps} kbps up). Stock Starlight loads Pagefind's UI at idle, so its field is there before Ctrl+K; this site
loads its search on the first sign of intent, which Ctrl+K is here. Pagefind's default UI searches after a
300 ms pause in typing (stock Starlight keeps that); this site's UI searches as soon as Pagefind is ready,
drops results the reader has typed past, shows an answer's first result as soon as its text arrives and the
rest once the query has stayed unchanged for 50 ms, so the warm figure is mostly the time to search the
whole query once the keys before it have been answered. When Pagefind is ready before the reader's first key
(the pause), this site loads its whole word index (it is under 128 KB), so the index bytes of a search after
a pause are larger than those in the bytes table below. Stock Starlight's dialog blurs the page behind it
(\`backdrop-filter\`); this site's keeps the overlay colour without the blur, which Chromium here, without a
GPU, redraws on the processor for every frame while the dialog is open.

Milliseconds, median (min–max) over the rounds; the ratio is the median of the per-round ratios (this site ÷
stock).

${table(['scenario', 'figure', 'this site', 'stock Starlight', 'ratio'], rows)}

Ratio of each round (this site ÷ stock), in round order:

${table(['scenario', 'search', ...Array.from({ length: rounds }, (_, i) => `${i + 1}`)], roundRows)}

### Targets (issue 14)

The issue's targets are for the normal network; the slow-4G rows hold the throttled figures to the same
bars for comparison. A median per-round ratio above the bar is not met; one within it counts as met only
when the two sites' ranges (min–max) do not overlap, and as "within noise" when they do.

${table(['target', 'result'], targets)}

### Bytes for the first query

Fetched from Ctrl+K until the first results (normal network, typing at once), median over the rounds. Stock
Starlight fetched its search UI (about 26 KB gzipped) at idle, before Ctrl+K, so it is not in its column.

${table(['files', 'this site', 'stock Starlight'], bytesRows)}
`;
}
