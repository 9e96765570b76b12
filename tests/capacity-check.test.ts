import { readFile, readdir } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { root } from '../harness/paths';
import { loadPage } from '../harness/site';
import { fitMemory, plannerParams } from '../src/lib/capacity-params';
import { formatNumber, plan, presets, type PlannerParams } from '../src/lib/capacity-plan';
import { chooseRun, type RunEntry } from '../src/lib/evidence-run';
import { rootDist } from './support/paths';

/**
 * The built planner page against the published run: its parameters are the
 * ones fitted from that run, and the held-out check it shows is the one the
 * model gives on that run, target met or not; rows the model missed are
 * unknown. Nothing here types a measured number: all come from the run.
 */

const labDir = `${root}content/data/lab/`;
const entries: RunEntry[] = await Promise.all(
	(await readdir(labDir))
		.filter((name) => name.endsWith('.json'))
		.map(async (name) => ({ id: name.replace(/\.json$/, ''), data: JSON.parse(await readFile(labDir + name, 'utf8')) as RunEntry['data'] })),
);
const published = chooseRun(entries)!;
const fitted = plannerParams(published.id, published.run);
const { validation } = fitted;
// Memory comes from the full run that measured the model API, when there is one.
const memoryRun = chooseRun(entries, 'model-api');
const params = { ...fitted.params, memory: memoryRun && !memoryRun.smoke ? fitMemory(memoryRun.run) : {} };
const doc = await loadPage(rootDist, '/plan-capacity/');
const words = (element: Element | null | undefined) => (element?.textContent ?? '').replace(/\s+/g, ' ').trim();
/** The rows of the table a `<section aria-label>` wraps. */
const tableRows = (label: string) => [...doc.querySelectorAll(`section[aria-label="${label}"] tbody tr`)];

describe('/plan-capacity/ page', () => {
	it('carries the parameters fitted from the published runs', () => {
		const island = JSON.parse(doc.querySelector('[data-params]')!.textContent!) as { params: unknown };
		expect(island.params).toEqual(JSON.parse(JSON.stringify(params)));
	});

	it('shows the held-out check the model gives on the published run, or says why there is none', () => {
		// The check's summary is the one <strong> that opens its paragraph.
		const summaries = [...doc.querySelectorAll('main p > strong:first-child')].map(words);
		if (validation.missing) {
			const paragraph = [...doc.querySelectorAll('main p')].find((p) => words(p.querySelector(':scope > strong')) === 'Not checked yet.');
			expect(words(paragraph)).toContain(validation.missing);
			expect(doc.querySelectorAll('tr[data-within]').length).toBe(0);
			return;
		}
		const summary = summaries.filter((text) => text.includes('held-out throughput predictions'));
		expect(summary).toHaveLength(1);
		expect(summary[0]).toMatch(new RegExp(`^${validation.within} of ${validation.heldOut.length} held-out throughput predictions `));
		expect(summary[0]!.endsWith(validation.good ? ' The model meets its target on this run.' : ' The model does not meet its target on this run.')).toBe(true);
		// A row per held-out point, then a row per saturation point in a table of its own.
		const rows = tableRows('Held-out predictions');
		expect(rows.length).toBe(validation.heldOut.length);
		expect(validation.heldOut.length).toBeGreaterThan(0);
		expect(tableRows('Saturation points').map((row) => row.getAttribute('data-within'))).toEqual(validation.knees.map((entry) => String(entry.within)));
		const missed = new Set([...validation.heldOut.filter((entry) => !entry.within).map((entry) => entry.point.setup), ...validation.knees.filter((entry) => !entry.within).map((entry) => entry.setup)]);
		expect(doc.querySelectorAll('[data-misses] li').length).toBe(missed.size);
		validation.heldOut.forEach((entry, index) => {
			const cells = [...rows[index]!.querySelectorAll('td')].map((cell) => cell.textContent!.trim());
			expect(cells[1]).toBe(formatNumber(entry.predicted));
			expect(cells[2]).toBe(formatNumber(entry.measured));
			expect(rows[index]!.getAttribute('data-within')).toBe(String(entry.within));
		});
	});

	it('shows every setup the model missed, and every case of a run without CPU per worker, as unknown', () => {
		const tables = [...doc.querySelectorAll('[data-static] table')];
		expect(tables.length).toBe(presets.length);
		expect(params.rows.length).toBeGreaterThan(0);
		tables.forEach((table, at) => {
			const rows = [...table.querySelectorAll('tbody tr')];
			expect(rows.length).toBe(params.rows.length);
			// Each row's status is the model's plan for the preset; a missed setup or a run without CPU per worker is unknown.
			const plans = plan(params as PlannerParams, presets[at]!.input);
			params.rows.forEach((row, index) => {
				const status = rows[index]!.getAttribute('data-status');
				expect(status, `${presets[at]!.id}, ${row.key}`).toBe(plans[index]!.status);
				if (params.missing || row.unknown) expect(status, row.key).toBe('unknown');
			});
		});
	});
});
