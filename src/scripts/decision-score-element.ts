/**
 * <decision-score>: the live form for DecisionScore.astro. It builds the form
 * from the server-rendered criteria list (id, side and strength in data
 * attributes, the label and its link in the <dt>, the question in the <dd>)
 * and takes the verdict wording from the guidance list, so all of it stays in
 * its single source. State lives in the URL query; nothing from the URL is
 * ever inserted as HTML, and the form is built with DOM calls, not markup.
 */
import { parseImportances, serializeImportances } from '~/lib/decision-query';
import { roundedFits, scoreDecision, type Criterion, type Framework, type Importance } from '~/lib/decision-score';

interface FormCriterion extends Criterion {
	label: string;
	/** The explaining page, with the site's base already applied by the build. */
	href: string;
}

const frameworkName: Record<Framework, string> = { fastapi: 'FastAPI', django: 'Django' };

/** The four radios of a criterion, importance 0 to 3. */
const levelLabels = ['Doesn’t matter', 'Nice to have', 'Important', 'Critical'];

/** How many of the largest contributions the result names as reasons. */
const reasonCount = 3;

class DecisionScoreElement extends HTMLElement {
	#criteria: FormCriterion[] = [];
	#ids: string[] = [];
	#form!: HTMLFormElement;
	#result!: HTMLElement;
	/** The criterion changed last: further changes to it replace its history entry instead of adding one. */
	#lastEdited: string | undefined;

	#find<T extends Element = HTMLElement>(selector: string): T {
		return this.querySelector<T>(selector)!;
	}

	connectedCallback(): void {
		this.#result = this.#find('[data-result]');
		this.#form = this.#buildForm();
		this.#ids = this.#criteria.map(({ id }) => id);

		this.#form.addEventListener('submit', (event) => event.preventDefault());
		this.#form.addEventListener('change', this.#onChange);
		this.addEventListener('click', this.#onPresetClick);
		this.#find('[data-copy]').addEventListener('click', this.#copyLink);
		addEventListener('popstate', this.#restore);

		this.#restore();
		this.#find('[data-static-criteria]').hidden = true;
		this.#find('[data-tool]').hidden = false;
		if (location.hash === `#${this.#result.id}`) this.#result.scrollIntoView();
	}

	disconnectedCallback(): void {
		removeEventListener('popstate', this.#restore);
	}

	/**
	 * The native form, one fieldset per entry of the criteria list: the label as
	 * its legend, the question (and the side it favours) as its description, and
	 * four labelled radios named after the criterion id.
	 */
	#buildForm(): HTMLFormElement {
		const make = <K extends keyof HTMLElementTagNameMap>(tag: K, className = ''): HTMLElementTagNameMap[K] => {
			const element = document.createElement(tag);
			if (className) element.className = className;
			return element;
		};
		const form = make('form', 'criteria-form');
		form.dataset.form = '';
		form.setAttribute('aria-labelledby', 'decision-form-title');
		const title = make('h3');
		title.id = 'decision-form-title';
		title.textContent = 'Rate your project';
		form.append(title);

		for (const entry of this.querySelectorAll<HTMLElement>('[data-static-criteria] [data-criterion]')) {
			const { criterion: id, favours, strength } = entry.dataset;
			const link = entry.querySelector('a')!;
			const criterion: FormCriterion = {
				id: id!,
				favours: favours as Framework,
				strength: Number(strength),
				label: link.textContent!.trim(),
				href: link.getAttribute('href')!,
			};
			this.#criteria.push(criterion);

			const fieldset = make('fieldset');
			fieldset.dataset.criterion = criterion.id;
			const legend = make('legend');
			legend.textContent = criterion.label;
			const question = make('p', 'question');
			question.id = `decision-question-${criterion.id}`;
			question.append(...entry.querySelector('dd')!.cloneNode(true).childNodes);
			fieldset.setAttribute('aria-describedby', question.id);
			const levels = make('div', 'levels');
			levels.append(
				...levelLabels.map((text, level) => {
					const label = make('label');
					const radio = make('input');
					radio.type = 'radio';
					radio.name = criterion.id;
					radio.value = String(level);
					radio.defaultChecked = level === 0;
					label.append(radio, text);
					return label;
				}),
			);
			fieldset.append(legend, question, levels);
			form.append(fieldset);
		}
		this.#find('[data-tool]').append(form);
		return form;
	}

	/** Sets the form from the URL and shows its result: on load, back/forward, and presets. */
	#restore = (): void => {
		this.#lastEdited = undefined;
		const importances = parseImportances(location.search, this.#ids);
		for (const id of this.#ids) this.#radios(id).value = String(importances[id]);
		this.#render(importances);
	};

	#onChange = (event: Event): void => {
		const { name } = event.target as HTMLInputElement;
		const importances: Record<string, Importance> = {};
		for (const id of this.#ids) importances[id] = Number(this.#radios(id).value) as Importance;
		const url = serializeImportances(importances, this.#ids) || location.pathname;
		if (name === this.#lastEdited) history.replaceState(null, '', url);
		else history.pushState(null, '', url);
		this.#lastEdited = name;
		this.#render(importances);
	};

	#onPresetClick = (event: MouseEvent): void => {
		const link = (event.target as Element).closest<HTMLAnchorElement>('a[data-preset]');
		if (!link || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
		event.preventDefault();
		history.pushState(null, '', link.href);
		this.#restore();
		this.#result.focus();
	};

	#copyLink = async (): Promise<void> => {
		const field = this.#find<HTMLInputElement>('[data-link]');
		const status = this.#find('[data-copy-status]');
		try {
			await navigator.clipboard.writeText(field.value);
			status.textContent = 'Link copied.';
		} catch {
			// No clipboard access (permission refused, or an insecure page): leave the link ready to copy by hand.
			field.select();
			status.textContent = 'Copy the selected link with Ctrl+C or ⌘C.';
		}
	};

	#radios(id: string): RadioNodeList {
		return this.#form.elements.namedItem(id) as RadioNodeList;
	}

	#render(importances: Record<string, Importance>): void {
		const { verdict, fits, contributions } = scoreDecision(this.#criteria, importances);
		const guidance = this.#find(`[data-guidance="${verdict}"]`);
		this.#result.dataset.verdict = verdict;
		this.#find('[data-verdict-title]').textContent = guidance.querySelector('dt')!.textContent;
		this.#find('[data-verdict-text]').replaceChildren(...guidance.querySelector('dd')!.cloneNode(true).childNodes);

		const rounded = roundedFits(fits);
		for (const framework of ['fastapi', 'django'] as const) {
			this.#find<HTMLMeterElement>(`[data-fit="${framework}"]`).value = rounded[framework];
			this.#find(`[data-fit-text="${framework}"]`).textContent = `${rounded[framework]}%`;
		}

		const reasons = contributions.filter(({ points }) => points > 0).slice(0, reasonCount);
		this.#find('[data-reasons]').replaceChildren(
			...reasons.map(({ id, favours, importance, points }) => {
				const criterion = this.#criteria.find((c) => c.id === id)!;
				const item = document.createElement('li');
				const link = document.createElement('a');
				link.href = criterion.href;
				link.textContent = criterion.label;
				item.append(
					link,
					`: ${levelLabels[importance]!.toLowerCase()}, favours ${frameworkName[favours]} (+${Math.round(points)} points)`,
				);
				return item;
			}),
		);
		this.#find('[data-no-reasons]').hidden = reasons.length > 0;

		this.#find('[data-copy-status]').textContent = '';
		const query = serializeImportances(importances, this.#ids);
		this.#find<HTMLInputElement>('[data-link]').value = `${location.origin}${location.pathname}${query}#${this.#result.id}`;
	}
}

customElements.define('decision-score', DecisionScoreElement);
