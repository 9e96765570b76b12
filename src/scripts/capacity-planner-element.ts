/**
 * <capacity-planner>: the live form of CapacityPlanner.astro. Its data comes
 * from the build: the fitted parameters and the presets as JSON in a
 * <script type="application/json" data-params>. State lives in the URL query
 * (bad values fall back to the defaults and are named); nothing from the URL
 * or the form is ever inserted as HTML.
 */
import {
	checkInput,
	defaultInput,
	inputFields,
	parseField,
	parseQuery,
	plan,
	serializeQuery,
	type InputErrors,
	type InputField,
	type PlanInput,
	type PlannerParams,
	type Preset,
} from '~/lib/capacity-plan';
import { memoryNote, planCells, planColumns, type PlanCells } from '~/lib/capacity-view';

interface WidgetData {
	params: PlannerParams;
	presets: Preset[];
	base: string;
}

function element<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, className?: string): HTMLElementTagNameMap[K] {
	const node = document.createElement(tag);
	if (text !== undefined) node.textContent = text;
	if (className) node.className = className;
	return node;
}

class CapacityPlannerElement extends HTMLElement {
	#data!: WidgetData;
	#form!: HTMLFormElement;
	#result!: HTMLElement;
	#rejected!: HTMLElement;
	#summary!: HTMLElement;

	connectedCallback(): void {
		const source = this.querySelector('[data-params]');
		if (!source?.textContent) return;
		this.#data = JSON.parse(source.textContent) as WidgetData;
		this.#form = this.querySelector<HTMLFormElement>('[data-form]')!;
		this.#result = this.querySelector<HTMLElement>('[data-result]')!;
		this.#rejected = this.querySelector<HTMLElement>('[data-rejected]')!;
		this.#summary = this.querySelector<HTMLElement>('[data-summary]')!;
		this.#form.addEventListener('submit', (event) => event.preventDefault());
		this.#form.addEventListener('input', this.#onInput);
		this.#form.addEventListener('change', this.#onInput);
		this.addEventListener('click', this.#onPresetClick);
		addEventListener('popstate', this.#restore);
		this.#restore();
		this.querySelector<HTMLElement>('[data-static]')!.hidden = true;
		this.querySelector<HTMLElement>('[data-tool]')!.hidden = false;
	}

	disconnectedCallback(): void {
		removeEventListener('popstate', this.#restore);
	}

	#input(name: InputField): HTMLInputElement {
		return this.#form.elements.namedItem(name) as HTMLInputElement;
	}

	/** Sets the form from the URL and shows its plan: on load, back/forward and presets. */
	#restore = (): void => {
		const { input, rejected } = parseQuery(location.search, defaultInput);
		for (const field of inputFields) this.#input(field).value = String(input[field]);
		(this.#form.elements.namedItem('streamed') as HTMLInputElement).checked = input.streamed;
		for (const radio of this.#form.querySelectorAll<HTMLInputElement>('input[name="traffic"]')) radio.checked = radio.value === input.traffic;
		this.#rejected.hidden = rejected.length === 0;
		this.#rejected.textContent =
			rejected.length > 0 ? `The link’s value for ${rejected.join(', ')} could not be used; the form shows the default instead.` : '';
		this.#render(input, {});
	};

	/** Reads the form: the input (unusable fields keep the default) and a message per unusable field. */
	#read(): { input: PlanInput; errors: InputErrors } {
		const input: PlanInput = { ...defaultInput };
		const errors: InputErrors = {};
		const traffic = this.#form.querySelector<HTMLInputElement>('input[name="traffic"]:checked')?.value;
		input.traffic = traffic === 'users' ? 'users' : 'rate';
		input.streamed = (this.#form.elements.namedItem('streamed') as HTMLInputElement).checked;
		for (const field of inputFields) {
			const checked = parseField(field, this.#input(field).value);
			if ('value' in checked) input[field] = checked.value;
			else errors[field] = checked.error;
		}
		const combined = checkInput(input);
		for (const field of Object.keys(combined) as InputField[]) errors[field] ??= combined[field];
		// Only the traffic form in use counts.
		if (input.traffic === 'rate') {
			delete errors.users;
			delete errors.callsPerMinute;
		} else delete errors.rps;
		if (!input.streamed) delete errors.firstTokenMs;
		return { input, errors };
	}

	#onInput = (): void => {
		const { input, errors } = this.#read();
		if (Object.keys(errors).length === 0) {
			history.replaceState(null, '', `?${serializeQuery(input)}${location.hash}`);
			this.#rejected.hidden = true;
		}
		this.#render(input, errors);
	};

	#onPresetClick = (event: MouseEvent): void => {
		const link = (event.target as Element).closest<HTMLAnchorElement>('a[data-preset]');
		if (!link || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
		event.preventDefault();
		history.pushState(null, '', link.href);
		this.#restore();
		this.querySelector<HTMLElement>('#capacity-result')?.focus();
	};

	#render(input: PlanInput, errors: InputErrors): void {
		// Fields of the traffic form not in use, and the first token of an answer that is not streamed, are hidden.
		const visible: Record<string, boolean> = {
			rps: input.traffic === 'rate',
			users: input.traffic === 'users',
			callsPerMinute: input.traffic === 'users',
			firstTokenMs: input.streamed,
		};
		for (const field of inputFields) {
			const box = this.#form.querySelector<HTMLElement>(`[data-field="${field}"]`)!;
			box.hidden = visible[field] === false;
			const message = errors[field];
			this.#input(field).setAttribute('aria-invalid', message ? 'true' : 'false');
			this.#form.querySelector<HTMLElement>(`[data-error="${field}"]`)!.textContent = message ?? '';
		}
		const messages = Object.values(errors);
		this.#result.replaceChildren();
		if (messages.length > 0) {
			this.#summary.textContent = `No plan until ${messages.length === 1 ? 'this value is' : 'these values are'} fixed: ${messages.join(' ')}`;
			return;
		}
		const { params } = this.#data;
		const cells = plan(params, input).map((result) => planCells(result, params));
		const count = (status: PlanCells['status']) => cells.filter((row) => row.status === status).length;
		this.#summary.textContent = `Of ${cells.length} setups and clients, ${count('fits')} fit the lab machine’s cores, ${count('exceeds')} need more cores and ${count('unknown')} are unknown.`;
		this.#result.append(this.#table(cells));
	}

	/** The same markup as PlanTable.astro. */
	#table(cells: PlanCells[]): HTMLElement {
		const wrapper = element('div', undefined, 'plan');
		const scroll = element('div', undefined, 'plan-scroll');
		scroll.tabIndex = 0;
		scroll.setAttribute('role', 'region');
		scroll.setAttribute('aria-label', 'Plan for your product');
		const table = element('table');
		table.append(element('caption', 'Plan for your product'));
		const head = element('thead');
		const headRow = element('tr');
		for (const title of planColumns) {
			const th = element('th', title);
			th.scope = 'col';
			headRow.append(th);
		}
		head.append(headRow);
		const body = element('tbody');
		for (const row of cells) {
			const tr = element('tr');
			tr.dataset.status = row.status;
			const th = element('th', `${row.setup} `);
			th.scope = 'row';
			th.append(element('span', `· ${row.client}`, 'client'));
			const cell = (text: string | undefined, label: string) => {
				const td = element('td', text);
				td.dataset.label = label;
				return td;
			};
			tr.append(th, cell(row.verdict, planColumns[1]));
			if (row.status === 'unknown') {
				const reasons = cell(row.unknown[0], 'Why');
				reasons.colSpan = 5;
				tr.append(reasons);
			} else tr.append(...[row.workers, row.cores, row.memory, row.latency, row.binding].map((text, index) => cell(text, planColumns[index + 2]!)));
			body.append(tr);
		}
		table.append(head, body);
		scroll.append(table);
		wrapper.append(scroll, element('p', memoryNote, 'memory'));
		for (const row of cells) {
			const details = element('details');
			details.append(element('summary', `${row.setup} · ${row.client}: ${row.status === 'unknown' ? 'why unknown' : 'the arithmetic'}`));
			if (row.unknown.length > 0) {
				const list = element('ul');
				list.append(...row.unknown.map((reason) => element('li', reason)));
				details.append(list);
			}
			if (row.arithmetic.length > 0) {
				const list = element('ol');
				list.append(...row.arithmetic.map((line) => element('li', line)));
				details.append(list);
			}
			if (row.outside.length > 0) details.append(element('p', `Outside what the lab measured: ${row.outside.join('; ')}.`));
			if (row.sources.length > 0) {
				const paragraph = element('p', 'From the measured points: ');
				row.sources.forEach((source, index) => {
					if (index > 0) paragraph.append(', ');
					const link = element('a', source.text);
					link.href = `${this.#data.base}${source.path.replace(/^\//, '')}`;
					paragraph.append(link);
				});
				paragraph.append('.');
				details.append(paragraph);
			}
			wrapper.append(details);
		}
		return wrapper;
	}
}

customElements.define('capacity-planner', CapacityPlannerElement);
