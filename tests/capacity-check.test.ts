import { readFile, readdir } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { root } from '../harness/paths';
import { loadPage } from '../harness/site';
import { fitMemory, plannerParams } from '../src/lib/capacity-params';
import { formatNumber, presets } from '../src/lib/capacity-plan';
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
const text = (doc.querySelector('main')?.textContent ?? '').replace(/\s+/g, ' ');

describe('/plan-capacity/ page', () => {
	it('carries the parameters fitted from the published runs', () => {
		const island = JSON.parse(doc.querySelector('[data-params]')!.textContent!) as { params: unknown };
		expect(island.params).toEqual(JSON.parse(JSON.stringify(params)));
	});

	it('shows the held-out check the model gives on the published run, or says why there is none', () => {
		if (validation.missing) {
			expect(text).toContain('Not checked yet.');
			expect(text).toContain(validation.missing);
			expect(doc.querySelectorAll('tr[data-within]').length).toBe(0);
			return;
		}
		expect(text).toContain(`${validation.within} of ${validation.heldOut.length} held-out throughput predictions`);
		expect(text).toContain(validation.good ? 'The model meets its target on this run.' : 'The model does not meet its target on this run.');
		const rows = [...doc.querySelectorAll('tr[data-within]')].slice(0, validation.heldOut.length);
		expect(rows.length).toBe(validation.heldOut.length);
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
		for (const table of tables) {
			const rows = [...table.querySelectorAll('tbody tr')];
			expect(rows.length).toBe(params.rows.length);
			params.rows.forEach((row, index) => {
				if (params.missing || row.unknown) expect(rows[index]!.getAttribute('data-status'), row.key).toBe('unknown');
			});
		}
	});
});
