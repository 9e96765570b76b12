/**
 * <decision-score>: the live form for DecisionScore.astro. Its data comes
 * explicitly from the build: the criteria as JSON in a
 * <script type="application/json" data-criteria>, the form's contents, a
 * fieldset and a reason's list item as <template>s, one result paragraph per
 * verdict, each criterion's "why" and deployment note as hidden elements it
 * shows for the rated criteria. State lives in the URL query; nothing from the
 * URL is ever inserted as HTML.
 */
import { parseImportances, serializeImportances } from '~/lib/decision-query';
import { roundedFits, scoreDecision } from '~/lib/decision-score';
import type { ScriptCriterion } from '~/lib/decision-view';
import { frameworkNames, frameworks, importanceLabels, type Framework, type Importance } from '~/lib/vocabulary';

/** How many of the largest contributions the result names as reasons. */
const reasonCount = 3;

/** A criterion as the script uses it: its data, and the words it takes from the page's criteria list. */
interface Criterion extends ScriptCriterion {
	label: string;
	question: string;
	lean: string;
}

class DecisionScoreElement extends HTMLElement {
	#criteria: Criterion[] = [];
	#ids: string[] = [];
	#form!: HTMLFormElement;
	#result!: HTMLElement;
	/** The criterion changed last: further changes to it replace its history entry instead of adding one. */
	#lastEdited: string | undefined;

	#find<T extends Element = HTMLElement>(selector: string): T {
		return this.querySelector<T>(selector)!;
	}

	connectedCallback(): void {
		// Label, question and lean come from the criteria list that readers without JavaScript see.
		this.#criteria = (JSON.parse(this.#find('[data-criteria]').textContent!) as ScriptCriterion[]).map((criterion) => {
			const item = this.#find(`[data-static-criteria] [data-criterion="${criterion.id}"]`);
			const text = (selector: string) => item.querySelector(selector)!.textContent!.trim();
			return { ...criterion, label: text('dt'), question: text('[data-question]'), lean: text('.favours') };
		});
		this.#ids = this.#criteria.map(({ id }) => id);
		this.#result = this.#find('[data-result]');
		const formTemplate = this.#find<HTMLTemplateElement>('[data-form-template]');
		const contents = formTemplate.content.firstElementChild!.cloneNode(true) as HTMLElement;
		contents.append(...this.#criteria.map(this.#fieldset));
		this.#form = document.createElement('form');
		this.#form.dataset.form = '';
		this.#form.setAttribute('aria-labelledby', contents.querySelector('h3')!.id);
		this.#form.append(contents);
		formTemplate.replaceWith(this.#form);

		this.#form.addEventListener('submit', (event) => event.preventDefault());
		this.#form.addEventListener('change', this.#onChange);
		this.addEventListener('click', this.#onPresetClick);
		this.#find('[data-copy]').addEventListener('click', this.#copyLink);
		addEventListener('popstate', this.#restore);

		// Each criterion's "why" and deployment note move from the static list into the result, shown there once it is rated.
		this.#find('[data-whys]').append(...this.querySelectorAll('[data-static-criteria] [data-why]'));
		this.#find('[data-notes]').append(...this.querySelectorAll('[data-static-criteria] [data-note]'));
		this.#restore();
		this.#find('[data-static-criteria]').hidden = true;
		this.#find('[data-tool]').hidden = false;
		if (location.hash === `#${this.#result.id}`) this.#result.scrollIntoView();
	}

	disconnectedCallback(): void {
		removeEventListener('popstate', this.#restore);
	}

	/** A criterion's fieldset: its label as the legend, its question as the description, radios named after its id. */
	#fieldset = ({ id, label, question, lean }: Criterion): DocumentFragment => {
		const fragment = this.#find<HTMLTemplateElement>('[data-criterion-template]').content.cloneNode(true) as DocumentFragment;
		const fieldset = fragment.querySelector('fieldset')!;
		const description = fieldset.querySelector('p')!;
		const [questionText, favoursNote] = description.querySelectorAll('span');
		fieldset.dataset.criterion = id;
		fieldset.querySelector('legend')!.textContent = label;
		description.id = `decision-question-${id}`;
		fieldset.setAttribute('aria-describedby', description.id);
		questionText!.textContent = question;
		favoursNote!.textContent = lean;
		for (const radio of fieldset.querySelectorAll('input')) radio.name = id;
		return fragment;
	};

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
		this.#result.dataset.verdict = verdict;
		for (const text of this.querySelectorAll<HTMLElement>('[data-verdict-text]')) {
			text.hidden = text.dataset.verdictText !== verdict;
		}

		const rounded = roundedFits(fits);
		for (const framework of frameworks) {
			this.#find<HTMLMeterElement>(`[data-fit="${framework}"]`).value = rounded[framework];
			this.#find(`[data-fit-text="${framework}"]`).textContent = `${rounded[framework]}%`;
		}

		// The same scoring over the criteria whose basis is measured or documented.
		const measured = scoreDecision(this.#criteria.filter(({ evidence }) => evidence), importances);
		for (const text of this.querySelectorAll<HTMLElement>('[data-evidence-text]')) {
			text.hidden = text.dataset.evidenceText !== measured.verdict;
		}

		// Why each rated criterion leans its way, and the deployment notes of those rated.
		const showRated = (selector: string, key: 'why' | 'note'): boolean => {
			let any = false;
			for (const element of this.querySelectorAll<HTMLElement>(selector)) {
				element.hidden = !importances[element.dataset[key]!];
				any ||= !element.hidden;
			}
			return any;
		};
		this.#find('[data-whys-block]').hidden = !showRated('[data-whys] [data-why]', 'why');
		this.#find('[data-notes-block]').hidden = !showRated('[data-notes] [data-note]', 'note');

		const reasonTemplate = this.#find<HTMLTemplateElement>('[data-reason-template]').content;
		const reasons = contributions.filter(({ points }) => points > 0).slice(0, reasonCount);
		this.#find('[data-reasons]').replaceChildren(
			...reasons.map(({ id, favours, importance, points }) => {
				const criterion = this.#criteria.find((c) => c.id === id)!;
				const item = reasonTemplate.cloneNode(true) as DocumentFragment;
				const link = item.querySelector('a')!;
				link.href = criterion.href;
				link.textContent = criterion.label;
				item.querySelector('span')!.textContent =
					`: ${importanceLabels[importance].toLowerCase()}, favours ${frameworkNames[favours as Framework]} (+${Math.round(points)} points)`;
				return item;
			}),
		);
		this.#find('[data-no-reasons]').hidden = reasons.length > 0;

		this.#find('[data-copy-status]').textContent = '';
		const query = serializeImportances(importances, this.#ids);
		this.#find<HTMLInputElement>('[data-link]').value = `${location.origin}${location.pathname}${query}#${this.#result.id}`;
		// The planner reads the same answers (see plannerSearch): the link carries the query as it is.
		const plan = this.#find<HTMLAnchorElement>('[data-plan-link]');
		plan.search = plan.search.split('&')[0]! + (query && `&${query.slice(1)}`);
	}
}

customElements.define('decision-score', DecisionScoreElement);
