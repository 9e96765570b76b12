// @ts-expect-error Pagefind's UI package ships no type declarations.
import { PagefindUI } from '@pagefind/default-ui';
// Linked by hand: an imported stylesheet would be hoisted into every page's
// <head> and block rendering for readers who never search.
import stylesheetUrl from './search-ui.css?url';

const base = import.meta.env.BASE_URL.replace(/\/$/, '');

function loadStylesheet(href: string): Promise<void> {
	return new Promise((resolve) => {
		const link = Object.assign(document.createElement('link'), { rel: 'stylesheet', href });
		link.addEventListener('load', () => resolve(), { once: true });
		link.addEventListener('error', () => resolve(), { once: true });
		document.head.append(link);
	});
}

/** Mounts Pagefind's UI in `selector`, reading the index under the site's base path. */
export async function mountSearchUi(selector: string, translations: Record<string, string>): Promise<void> {
	await loadStylesheet(stylesheetUrl);
	new PagefindUI({
		element: selector,
		baseUrl: import.meta.env.BASE_URL,
		bundlePath: `${base}/pagefind/`,
		showImages: false,
		showSubResults: true,
		// Pagefind's default waits 300 ms after the last key; a warm search takes a
		// few milliseconds, so results can follow typing much more closely.
		debounceTimeoutMs: 80,
		translations,
	});
	// Pagefind's UI loads the index and its WebAssembly only at the first query.
	// Start that now, while the reader is still reaching for the keyboard; the UI
	// imports the same module, so it finds the work done.
	void import(/* @vite-ignore */ `${base}/pagefind/pagefind.js`).then(async (pagefind) => {
		await pagefind.options({ baseUrl: import.meta.env.BASE_URL });
		await pagefind.init();
	});
	// Pagefind names its input only by a title attribute (axe: label-title-only); name it by its visible placeholder.
	const input = document.querySelector<HTMLInputElement>(`${selector} .pagefind-ui__search-input`);
	input?.setAttribute('aria-label', input.placeholder);
}
