/**
 * Wires the search button and dialog. Pagefind's UI (about 26 KB gzipped) is
 * imported only once the reader shows intent to search.
 */
class SiteSearch extends HTMLElement {
	#ui: Promise<void> | undefined;

	connectedCallback(): void {
		const openButton = this.querySelector<HTMLButtonElement>('button[data-open-modal]')!;
		const closeButton = this.querySelector<HTMLButtonElement>('button[data-close-modal]')!;
		const dialog = this.querySelector('dialog')!;
		const frame = this.querySelector('.dialog-frame')!;

		if (/Mac|iPhone|iPod|iPad/i.test(navigator.platform)) {
			this.querySelector('[data-platform-key]')!.textContent = '⌘';
			openButton.setAttribute('aria-keyshortcuts', 'Meta+K');
		}

		const focusInput = () => this.querySelector<HTMLInputElement>('#starlight__search input')?.focus();

		/** Closes the dialog on a click on a result link or outside the frame. */
		const onWindowClick = (event: MouseEvent) => {
			const target = event.target as Node;
			if (target instanceof HTMLAnchorElement || (document.body.contains(target) && !frame.contains(target))) {
				dialog.close();
			}
		};

		const open = (event?: Event) => {
			event?.stopPropagation();
			dialog.showModal();
			document.body.toggleAttribute('data-search-modal-open', true);
			window.addEventListener('click', onWindowClick);
			focusInput();
			void this.load().then(() => {
				if (dialog.open && !frame.contains(document.activeElement)) focusInput();
			});
		};

		for (const intent of ['pointerenter', 'focus', 'touchstart'] as const) {
			openButton.addEventListener(intent, () => void this.load(), { once: true, passive: true });
		}
		openButton.addEventListener('click', open);
		closeButton.addEventListener('click', () => dialog.close());
		dialog.addEventListener('close', () => {
			document.body.toggleAttribute('data-search-modal-open', false);
			window.removeEventListener('click', onWindowClick);
		});
		window.addEventListener('keydown', (event) => {
			if ((event.metaKey || event.ctrlKey) && event.key.toLowerCase() === 'k') {
				event.preventDefault();
				if (dialog.open) dialog.close();
				else open();
			}
		});
	}

	/** Loads and mounts Pagefind's UI once; later calls share the same promise. */
	load(): Promise<void> {
		if (import.meta.env.DEV) return Promise.resolve();
		this.#ui ??= import('./search-ui').then(({ mountSearchUi }) =>
			mountSearchUi('#starlight__search', JSON.parse(this.dataset.translations || '{}')),
		);
		return this.#ui;
	}
}

customElements.define('site-search', SiteSearch);
