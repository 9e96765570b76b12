/**
 * Wires the search button and dialog. The search field is in the page, so it
 * takes keys as soon as the dialog opens; what searching needs (the search UI,
 * Pagefind's script, entry file and WebAssembly) is requested all at once on
 * the first sign of intent, and nothing of it before.
 */
import { withBase } from '~/lib/paths';
import type { Pagefind } from './search-ui';

const bundle = withBase('/pagefind/');

class SiteSearch extends HTMLElement {
	#ui: Promise<void> | undefined;

	connectedCallback(): void {
		const openButton = this.querySelector<HTMLButtonElement>('button[data-open-modal]')!;
		const dialog = this.querySelector('dialog')!;

		if (/Mac|iPhone|iPod|iPad/i.test(navigator.platform)) {
			this.querySelector('[data-platform-key]')!.textContent = '⌘';
			openButton.setAttribute('aria-keyshortcuts', 'Meta+K');
		}

		const open = () => {
			dialog.showModal();
			this.querySelector('input')?.focus();
			void this.load();
		};

		for (const intent of ['pointerenter', 'focus', 'touchstart'] as const) {
			openButton.addEventListener(intent, () => void this.load(), { once: true, passive: true });
		}
		openButton.addEventListener('click', open);
		// Clicks on the backdrop land on the dialog itself: they close it, as
		// Cancel and following a result do.
		dialog.addEventListener('click', (event) => {
			const target = event.target as Element;
			if (target === dialog || target.closest('[data-close-modal], a[href]')) dialog.close();
		});
		window.addEventListener('keydown', (event) => {
			if ((event.metaKey || event.ctrlKey) && event.key.toLowerCase() === 'k') {
				event.preventDefault();
				if (dialog.open) dialog.close();
				else open();
			}
		});
	}

	/**
	 * Requests what the first query needs, in parallel, and mounts the search
	 * UI; later calls share the same promise. Pagefind asks for its entry file
	 * only once its script has run, and for the index's metadata and its
	 * WebAssembly, the largest of its files, only once the entry file has
	 * arrived; preloading all three here (the build names the last two for the
	 * page's language) takes those round trips off the path to the first result.
	 */
	load(): Promise<void> {
		if (import.meta.env.DEV) return Promise.resolve();
		this.#ui ??= (() => {
			const languageFiles = this.dataset.languageFiles?.split(' ').filter(Boolean) ?? [];
			for (const file of [`pagefind-entry.json?ts=${this.dataset.indexTag}`, ...languageFiles]) {
				const hint = { rel: 'preload', as: 'fetch', crossOrigin: '', href: bundle + file };
				document.head.append(Object.assign(document.createElement('link'), hint));
			}
			const pagefind: Promise<Pagefind> = import(/* @vite-ignore */ `${bundle}pagefind.js`);
			return import('./search-ui').then(({ mountSearchUi }) => mountSearchUi(this, pagefind));
		})();
		return this.#ui;
	}
}

customElements.define('site-search', SiteSearch);
