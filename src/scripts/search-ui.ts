/**
 * The search UI over Pagefind's JavaScript API, for the field the page
 * already renders: results with their best-matching sections, a checkbox group
 * per Pagefind filter, more results on request. It does what this site used of
 * Pagefind's default UI at a fraction of its bytes, and searches whatever the
 * field holds once Pagefind is ready, so nothing typed before is lost.
 */
import { withBase } from '~/lib/paths';
// Linked by hand: an imported stylesheet would be hoisted into every page's
// <head> and block rendering for readers who never search.
import stylesheetUrl from './search-ui.css?url';

type Filters = Record<string, string[]>;
type FilterCounts = Record<string, Record<string, number>>;

interface Section {
	title: string;
	url: string;
	excerpt: string;
	locations: number[];
}

interface ResultData {
	url: string;
	excerpt: string;
	meta: { title?: string; url?: string };
	sub_results: Section[];
}

interface SearchResponse {
	results: { data(): Promise<ResultData> }[];
	filters: FilterCounts;
}

/** The part of `pagefind.js` this site uses. */
export interface Pagefind {
	options(options: Record<string, unknown>): Promise<void>;
	init(): Promise<void>;
	search(term: string, options: { filters: Filters }): Promise<SearchResponse>;
	preload(term: string, options: { filters: Filters }): Promise<void>;
	filters(): Promise<FilterCounts>;
}

/** Pagefind's English strings, for keys the locale's translations leave out. */
const defaults = {
	zero_results: 'No results for [SEARCH_TERM]',
	one_result: '[COUNT] result for [SEARCH_TERM]',
	many_results: '[COUNT] results for [SEARCH_TERM]',
	searching: 'Searching for [SEARCH_TERM]...',
	load_more: 'Load more results',
};
const pageSize = 5;
/** How long the query must stay unchanged before the rest of a page of results loads. */
const restDelayMs = 50;
/**
 * A word index up to this size is loaded whole while the reader has the
 * dialog open and has typed nothing, so the first key finds its words ready;
 * a larger one loads only the chunks for what is typed.
 */
const wholeIndexBytes = 128 * 1024;
/**
 * Pagefind loads the index chunks that hold a term's words, so a word per
 * letter and digit asks for every chunk of an English index.
 */
const everyInitial = 'a b c d e f g h i j k l m n o p q r s t u v w x y z 0 1 2 3 4 5 6 7 8 9';

function element<K extends keyof HTMLElementTagNameMap>(
	tag: K,
	properties: Partial<HTMLElementTagNameMap[K]> = {},
	...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
	const node = Object.assign(document.createElement(tag), properties);
	node.append(...children);
	return node;
}

/**
 * An excerpt as text with its `<mark>` highlights. Pagefind escapes the page
 * text and adds only `<mark>`; parsing it inert and keeping nothing but text and
 * marks means no other markup can reach the page, whatever the index holds.
 */
function excerpt(html: string): HTMLParagraphElement {
	const parsed = element('template');
	parsed.innerHTML = html;
	const parts = [...parsed.content.childNodes].map((node) =>
		node.nodeName === 'MARK' ? element('mark', { textContent: node.textContent ?? '' }) : (node.textContent ?? ''),
	);
	return element('p', { className: 'excerpt' }, ...parts);
}

/**
 * A page's result: its title, its excerpt when the page's top matches
 * Pagefind's first section, and up to three sections with the most matches in
 * page order (as Pagefind's default UI picks them).
 */
function result(data: ResultData): HTMLLIElement {
	const url = data.meta.url || data.url;
	const hasRoot = data.sub_results[0]?.url === url;
	const sections = hasRoot ? data.sub_results.slice(1) : data.sub_results;
	const best = new Set([...sections].sort((a, b) => b.locations.length - a.locations.length).slice(0, 3));
	const item = element('li', { className: 'result' }, element('a', { href: url, textContent: data.meta.title || url }));
	if (hasRoot) item.append(excerpt(data.excerpt));
	const shown = sections.filter((section) => best.has(section));
	if (shown.length) {
		item.append(
			element(
				'ul',
				{},
				...shown.map((section) =>
					element('li', {}, element('a', { href: section.url, textContent: section.title }), excerpt(section.excerpt)),
				),
			),
		);
	}
	return item;
}

/** Links the stylesheet; resolves once it has loaded or failed. */
function loadStylesheet(): Promise<void> {
	return new Promise((resolve) => {
		const link = element('link', { rel: 'stylesheet', href: stylesheetUrl });
		link.addEventListener('load', () => resolve(), { once: true });
		link.addEventListener('error', () => resolve(), { once: true });
		document.head.append(link);
	});
}

/**
 * Mounts the UI on `host`, the `<site-search>` element: results go under the
 * search field's landmark, which keeps the field as its only input. Typing is
 * handled from the moment this runs; results wait for Pagefind and the
 * stylesheet.
 */
export function mountSearchUi(host: HTMLElement, pagefindModule: Promise<Pagefind>): void {
	const stylesheet = loadStylesheet();
	const strings = { ...defaults, ...(JSON.parse(host.dataset.translations || '{}') as Partial<typeof defaults>) };
	const field = host.querySelector('#starlight__search')!;
	const input = field.querySelector('input')!;
	const status = element('div', { role: 'status', className: 'status' });
	const filterBox = element('div', { className: 'filters', hidden: true });
	const list = element('ol');
	const more = element('button', { type: 'button', className: 'more', hidden: true, textContent: strings.load_more });
	field.after(element('div', { className: 'search-results' }, status, filterBox, list, more));

	// On the main thread, Pagefind's fetches find the files the page preloaded;
	// its worker would fetch them again, after downloading itself.
	const pagefindLoaded = pagefindModule.then(async (pagefind) => {
		await pagefind.options({
			baseUrl: withBase('/'),
			excerptLength: 12,
			metaCacheTag: host.dataset.indexTag,
			noWorker: true,
		});
		await pagefind.init();
		return pagefind;
	});

	// Made now, not with the first count: a page's first `Intl` object loads
	// ICU's locale data (tens of milliseconds), which Pagefind's first search
	// would otherwise wait for when it segments the query.
	const numbers = new Intl.NumberFormat(document.documentElement.lang || undefined);
	const say = (template: string, term: string, count = 0) =>
		template.replace('[SEARCH_TERM]', term).replace('[COUNT]', numbers.format(count));

	let ready = false;
	const pagefind = Promise.all([pagefindLoaded, stylesheet]).then(([loaded]) => {
		ready = true;
		return loaded;
	});

	const selectedFilters = (): Filters => {
		const selected: Filters = {};
		for (const box of filterBox.querySelectorAll<HTMLInputElement>('input:checked')) {
			(selected[box.name] ??= []).push(box.value);
		}
		return selected;
	};
	const query = () => {
		const term = input.value.trim();
		const filters = selectedFilters();
		return { term, filters, key: JSON.stringify([term, filters]) };
	};

	/** One checkbox group per filter; counts follow the current results. */
	let counters: { node: HTMLElement; name: string; value: string }[] = [];
	const showFilters = (all: FilterCounts) => {
		counters = [];
		filterBox.replaceChildren(
			...Object.entries(all).map(([name, values]) =>
				element(
					'fieldset',
					{},
					element('legend', { textContent: name.replace(/^\w/, (c) => c.toLocaleUpperCase()) }),
					...Object.keys(values).map((value) => {
						const node = element('span', { className: 'count' });
						counters.push({ node, name, value });
						return element('label', {}, element('input', { type: 'checkbox', name, value }), `${value} `, node);
					}),
				),
			),
		);
	};
	// A search that started before Pagefind had the filter index returns no
	// counts; once it has, the same search again does.
	let filtersLoaded = false;
	const countFilters = async (counts: FilterCounts) => {
		const current = shown!;
		if (filtersLoaded && !Object.values(counts).some((values) => Object.keys(values).length)) {
			({ filters: counts } = await (await pagefind).search(current.term, { filters: current.filters }));
			if (shown !== current) return;
		}
		for (const { node, name, value } of counters) node.textContent = `(${counts[name]?.[value] ?? 0})`;
	};

	let shownKey = JSON.stringify(['', {}]);
	let shown: { term: string; filters: Filters; response: SearchResponse; count: number } | undefined;

	/**
	 * Shows a query's first result with the count, and marks the list busy
	 * while the rest of the page follows (see `update`).
	 */
	const show = (term: string, filters: Filters, response: SearchResponse, first: ResultData | undefined) => {
		const total = response.results.length;
		list.replaceChildren(...(first ? [result(first)] : []));
		list.ariaBusy = total > 1 ? 'true' : null;
		status.textContent = say(
			total === 0 ? strings.zero_results : total === 1 ? strings.one_result : strings.many_results,
			term,
			total,
		);
		filterBox.hidden = false;
		more.hidden = true;
		shown = { term, filters, response, count: first ? 1 : 0 };
		void countFilters(response.filters);
	};
	const clear = () => {
		list.replaceChildren();
		list.ariaBusy = null;
		status.textContent = '';
		filterBox.hidden = true;
		more.hidden = true;
		shown = undefined;
	};

	// Settles at the reader's next change to the query (a key, a filter).
	let queryChanged!: () => void;
	let nextChange = new Promise<void>((resolve) => (queryChanged = resolve));
	const onQueryChange = () => {
		queryChanged();
		nextChange = new Promise((resolve) => (queryChanged = resolve));
		void update();
	};
	/** Resolves `true` once the query has stayed as it is for `ms`, `false` as soon as it changes. */
	const unchangedFor = (ms: number, change: Promise<void>) =>
		Promise.race([new Promise<boolean>((resolve) => setTimeout(resolve, ms, true)), change.then(() => false)]);

	// One search at a time, always for what the field holds when it starts; a
	// result the reader has typed past is dropped unrendered, and a page of
	// results stops filling in once the reader types on.
	let searching = false;
	const update = async () => {
		if (searching) return;
		searching = true;
		try {
			for (let next = query(), change = nextChange; next.key !== shownKey; next = query(), change = nextChange) {
				if (!next.term) {
					clear();
					shownKey = next.key;
					continue;
				}
				const isCurrent = () => query().key === next.key;
				if (!ready) {
					status.textContent = say(strings.searching, next.term);
					// What the field holds once Pagefind is ready is what gets searched.
					await pagefind;
					continue;
				}
				const response = await (await pagefind).search(next.term, { filters: next.filters });
				if (!isCurrent()) continue;
				const first = await response.results[0]?.data();
				if (!isCurrent()) continue;
				show(next.term, next.filters, response, first);
				const current = shown!;
				// A list part-filled matches no query, so the next round searches again.
				shownKey = '';
				// The rest of the page waits until the reader pauses: while they type
				// on, each answer is soon stale, and loading its other results would
				// only hold up the keys and the next answer.
				if (!(await unchangedFor(restDelayMs, change))) continue;
				const loading = response.results.slice(1, pageSize).map((r) => r.data());
				// Each result's failure surfaces where it is awaited, not as an unhandled rejection.
				void Promise.all(loading).catch(() => undefined);
				// Results appear in rank order as their text arrives: the second does
				// not wait for the fifth.
				for (const rest of loading) {
					const data = await rest;
					if (!isCurrent()) break;
					list.append(result(data));
					current.count++;
				}
				if (current.count === Math.min(response.results.length, pageSize)) {
					shownKey = next.key;
					list.ariaBusy = null;
					more.hidden = response.results.length <= current.count;
				}
			}
		} finally {
			searching = false;
		}
	};

	more.addEventListener('click', async () => {
		if (!shown) return;
		const current = shown;
		const page = await Promise.all(
			current.response.results.slice(current.count, current.count + pageSize).map((r) => r.data()),
		);
		if (shown !== current) return;
		list.append(...page.map(result));
		current.count += page.length;
		more.hidden = current.count >= current.response.results.length;
	});
	input.addEventListener('input', () => {
		const term = input.value.trim();
		// Until Pagefind is ready the loop waits on it; say what it will search for.
		if (!ready) status.textContent = term && say(strings.searching, term);
		// While a search runs, fetch the index for the words typed since, so the
		// next search finds them loaded.
		else if (term) void pagefind.then((loaded) => loaded.preload(term, { filters: selectedFilters() }));
		onQueryChange();
	});
	filterBox.addEventListener('change', onQueryChange);
	void pagefind.then(async (loaded) => {
		const indexBytes = Number(host.dataset.indexBytes);
		if (!input.value.trim() && indexBytes > 0 && indexBytes <= wholeIndexBytes) {
			void loaded.preload(everyInitial, { filters: {} });
		}
		showFilters(await loaded.filters());
		filtersLoaded = true;
		if (shown) void countFilters(shown.response.filters);
	});
	void update();
}
