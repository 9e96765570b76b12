import { existsSync } from 'node:fs';
import { readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { labRun, workloadIds, type LabRun, type WorkloadId } from '../lab/results';
import { countTotals, metricSpread } from '../src/lib/lab-stats';
import { chooseRun, earlierRunOf, type ChosenRun } from '../src/lib/evidence-run';
import { rerunChecks } from '../src/lib/evidence-rerun';
import { kneeSentence, workloadKnees } from '../src/lib/load-knee';
import { formatCount, formatNumber, formatRange, metricInfo } from '../src/lib/evidence-format';
import { evidenceVerdictBadges, type EvidenceVerdict } from '../src/lib/vocabulary';
import { unshownPoints, withdrawnFigures, workloadView } from '../src/lib/evidence-views';
import { measurementRules, workloadSpecs } from '../lab/experiment';
import { makeLabRun } from './support/lab-fixture';
import { root } from '../harness/paths';
import { countInWords } from '../src/lib/count-words';
import { rootDist } from './support/paths';
import { fixtureSite, type FixtureSite } from './support/fixture-site';
import { dataFiles, labResultsDir } from '../src/build/data-files';
import { loadPage } from '../harness/site';

// The evidence pages render the lab's results file at build time. These tests
// read the same JSON, compute what each page must show with lab-stats, and
// look for it in the built HTML: the committed run in the site the test run
// built, and generated runs in a fixture site of the evidence pages (which also
// checks that a full run wins over a newer smoke run, and that a bad file stops
// the build).

const text = (element: Element | null | undefined) => (element?.textContent ?? '').replace(/\s+/g, ' ').trim();

/**
 * The run notice at the top of an evidence page (src/components/evidence/RunNotice.astro):
 * a caution Aside while there is no run or only a smoke run, else the paragraph naming the full run.
 */
const runNotice = (doc: Document) => doc.querySelector('main aside.starlight-aside--caution, main p.run-source');
/** The notice's Aside title; empty for the full run's paragraph. */
const noticeTitle = (doc: Document) => text(runNotice(doc)?.querySelector('.starlight-aside__title'));
/** The results file the notice names: its first code element. */
const noticeFile = (doc: Document) => text(runNotice(doc)?.querySelector('code'));

/** Checks every workload page of a built site against the run it should publish. */
/**
 * Every evidence page shows the numbers of the run published for its workload
 * (`chosenFor`; a workload no run measured says so), and the method page shows
 * the main run's.
 */
async function expectPagesShow(dist: string, main: ChosenRun, chosenFor: (workload: WorkloadId) => ChosenRun | undefined = () => main): Promise<void> {
	for (const workload of workloadIds) {
		const doc = await loadPage(dist, `/evidence/${workload}/`);
		const chosen = chosenFor(workload);
		if (!chosen) {
			expect(noticeTitle(doc), workload).toBe('No results yet');
			continue;
		}
		const { run } = chosen;
		const tables = [...doc.querySelectorAll('.evidence-table')].map(text).join('\n');
		const charts = [...doc.querySelectorAll('.evidence-chart svg')];
		const view = workloadView(run, workload);

		for (const table of view.tables) {
			// Columns: every metric the view keeps, and none that it dropped because the run never recorded it.
			const element = [...doc.querySelectorAll('section.evidence-table')].find((section) => section.getAttribute('aria-label') === table.caption);
			const headers = [...(element?.querySelectorAll('thead th') ?? [])].map(text);
			const specMetrics = workloadSpecs[workload].tables.find((spec) => spec.caption === table.caption)!.metrics;
			for (const metric of specMetrics) {
				const shown = headers.some((header) => header.startsWith(`${metricInfo(metric).label} (`));
				expect(shown, `${workload}: column ${metric}`).toBe(table.metrics.includes(metric));
			}
			if (table.metrics.includes('lateSendPct')) expect(text(doc.querySelector('main'))).toContain(`The column “${metricInfo('lateSendPct').label}”`);
			for (const row of table.rows) {
				row.cells.forEach((cell, index) => {
					if (!cell) return;
					const metric = table.metrics[index]!;
					// A latency the window cut short shows as a lower bound, without a range.
					const latency = (table.wrkLatency || table.openLoop) && /^(p\d+|max)Ms$/.test(metric);
					if (row.windowLimited > 0 && latency) {
						expect(tables, `${workload}: ${row.setup} ${metric} lower bound`).toContain(`at least ${formatNumber(cell.median)}`);
						return;
					}
					expect(tables, `${workload}: ${row.setup} median`).toContain(formatNumber(cell.median));
					if (cell.n > 1) expect(tables, `${workload}: ${row.setup} range`).toContain(formatRange(cell));
				});
			}
		}
		// Independently of the page's own selection: every point's medians and counts are in a table,
		// except figures the lab withdrew after review, whose reason the page gives instead.
		const withdrawn = withdrawnFigures(run, workload);
		for (const figure of withdrawn) expect(text(doc.querySelector('main'))).toContain(figure.reason);
		const isWithdrawn = (point: (typeof run.points)[number]) =>
			withdrawn.some((figure) => figure.scenario === point.scenario && figure.concurrency === point.concurrency);
		for (const point of run.points.filter((candidate) => candidate.workload === workload && !isWithdrawn(candidate))) {
			const shown = workloadSpecs[workload].tables.filter((table) => table.scenarios.includes(point.scenario)).flatMap((table) => table.metrics);
			for (const metric of shown) {
				if (!point.samples.every((sample) => metric in sample.metrics)) continue;
				expect(tables, `${workload} ${point.scenario} ${point.setup} ${metric}`).toContain(formatNumber(metricSpread(point, metric).median));
			}
			if (shown.length === 0) continue;
			const totals = countTotals(point);
			expect(tables).toContain(formatCount(totals.completed));
			expect(tables).toContain(formatCount(totals.timedOut));
		}
		expect(charts.length, `${workload} has charts`).toBe(view.charts.length);
		// Line charts: one per curve, every series named in its text alternative and its legend.
		const curves = [...doc.querySelectorAll('.load-curve')];
		expect(curves.length, `${workload} has line charts`).toBe(view.curves.length);
		view.curves.forEach((curve, index) => {
			for (const series of curve.series) {
				expect(curves[index]!.querySelector('svg[role="img"]')!.getAttribute('aria-label')).toContain(series.label);
				expect(text(curves[index]!.querySelector('.legend'))).toContain(series.label);
			}
		});
		for (const ratio of view.ratios) expect(text(doc.querySelector('.evidence-ratios'))).toContain(ratio.text);
		for (const ratio of view.ratios.filter((candidate) => candidate.headline)) expect(text(doc.querySelector('.evidence-findings'))).toContain(ratio.words.text);
		// Under offered load, the page opens with where each setup saturated: one sentence and one table row per setup.
		if (workloadSpecs[workload].findings === 'knees') {
			const knees = workloadKnees(run, workload);
			expect(knees.length, `${workload} has knees`).toBeGreaterThan(0);
			const findings = [...doc.querySelectorAll('.evidence-findings > li')].map(text);
			for (const row of knees) expect(findings).toContain(`${kneeSentence(row)}.`);
			expect([...doc.querySelectorAll('[aria-label="Where each setup saturated"] tbody th')].map(text)).toEqual(knees.map((row) => row.label));
		}
		// A smoke run is flagged in the notice's own title; a full run has the plain paragraph, and no smoke warning anywhere.
		if (chosen.smoke) expect(noticeTitle(doc), workload).toBe('Smoke run, not for conclusions');
		else {
			expect(runNotice(doc)?.classList.contains('run-source'), workload).toBe(true);
			expect(text(doc.querySelector('main'))).not.toContain('Smoke run');
			// A run made with --only says how many workloads it measured besides this one.
			const others = (chosen.run.only?.length ?? 1) - 1;
			const kind = !chosen.run.only ? 'full run' : others === 0 ? 'run of this workload alone' : `run of this workload and ${countInWords(others)} other`;
			expect(text(runNotice(doc)!), workload).toContain(`Numbers from the ${kind}`);
		}
		expect(noticeFile(doc), workload).toBe(`${chosen.id}.json`);
	}

	const { run } = main;
	const methodDoc = await loadPage(dist, '/evidence/method/');
	const method = text(methodDoc.querySelector('main'));
	const tableRows = [...methodDoc.querySelectorAll('main tr')].map((row) => [...row.children].map(text).join(' | '));
	for (const [name, version] of Object.entries(run.versions)) expect(tableRows).toContain(`${name} | ${version}`);
	for (const setup of run.setups) expect(method).toContain(setup.command);
	expect(method).toContain(run.machine.cpuModel);
	expect(method).toContain(run.machine.coreSharing);
	// The late-send threshold, as the manifest sets it and the generator applies it.
	expect(method).toContain(`sent more than ${measurementRules.lateSendMs} ms after they were due`);
}

describe('the evidence pages', async () => {
	const verdicts = parse(await readFile(join(root, 'content/data/evidence.yaml'), 'utf8')) as { id: string; title: string; verdict: EvidenceVerdict }[];

	it('give every workload a verdict entry, and the overview shows each verdict with a link', async () => {
		expect(verdicts.map((entry) => entry.id).sort()).toEqual([...workloadIds].sort());
		const doc = await loadPage(rootDist, '/evidence/');
		const rows = [...doc.querySelectorAll('.evidence-overview > li')];
		expect(rows).toHaveLength(verdicts.length);
		verdicts.forEach((entry, index) => {
			expect(rows[index]!.querySelector('a')?.getAttribute('href')).toBe(`/evidence/${entry.id}/`);
			expect(text(rows[index])).toContain(evidenceVerdictBadges[entry.verdict].text);
		});
	});

	it.each(workloadIds)('/evidence/%s/ shows the claim and its verdict from evidence.yaml', async (workload) => {
		const doc = await loadPage(rootDist, `/evidence/${workload}/`);
		const entry = verdicts.find((candidate) => candidate.id === workload)!;
		expect(text(doc.querySelector('h1'))).toBe(entry.title);
		expect(text(doc.querySelector('#verdict')?.closest('div')?.nextElementSibling)).toContain(evidenceVerdictBadges[entry.verdict].text);
	});

	it('ship no script of their own (the charts are drawn at build time)', async () => {
		const scripts = async (url: string) =>
			[...(await loadPage(rootDist, url)).querySelectorAll('script')].map((script) => script.getAttribute('src') ?? script.textContent).sort();
		const reference = await scripts('/about/');
		for (const workload of workloadIds) expect(await scripts(`/evidence/${workload}/`)).toEqual(reference);
	});

	// The committed results, when there are any, as the site the test run built shows them.
	const labDir = join(root, 'content/data/lab');
	const files = existsSync(labDir) ? (await readdir(labDir)).filter((name) => name.endsWith('.json')) : [];
	const committed = await Promise.all(
		files.map(async (name) => ({ id: name.replace(/\.json$/, ''), data: labRun.parse(JSON.parse(await readFile(join(labDir, name), 'utf8'))) as LabRun })),
	);
	const published = chooseRun(committed);

	it('publish a committed results file', () => {
		expect(published, 'content/data/lab/ holds no results file: run npm run lab').toBeDefined();
	});

	it('know every scenario of the published results file', () => {
		const unknown = unshownPoints(published!.run).map((point) => `${point.workload} ${point.scenario} ${point.setup}`);
		expect(unknown, 'add these scenarios to src/lib/evidence-views.ts').toEqual([]);
	});

	it('render the numbers of the published results file', async () => {
		await expectPagesShow(rootDist, published!, (workload) => chooseRun(committed, workload));
	});

	it('show each workload\'s rerun check, and every checked ratio on the rerun page', async () => {
		const { workloads, all } = rerunChecks(committed);
		const ratiosOf = (workload: WorkloadId) => {
			const chosen = chooseRun(committed, workload);
			return chosen ? workloadView(chosen.run, workload).ratios : [];
		};
		expect(all.rows.length, 'the committed runs hold two full runs of some workload').toBeGreaterThan(0);
		expect(all.rows.some((row) => !row.withinTolerance), 'some ratio moved, so the marks are tested').toBe(true);
		const rerunPage = await loadPage(rootDist, '/evidence/rerun/');
		expect(rerunPage.querySelectorAll('.rerun-pairs > li')).toHaveLength(workloads.length);
		const rows = [...rerunPage.querySelectorAll('.rerun tbody tr')];
		expect(rows.map((row) => text(row.querySelector('th')))).toEqual(all.rows.map((row) => row.subject));
		// Knees and departure outcomes: a table of their own, each row saying whether the runs agree.
		const findings = [...rerunPage.querySelectorAll('.rerun-findings tbody tr')];
		expect(findings.map((row) => text(row.querySelector('th')))).toEqual(all.findings.map((row) => row.subject));
		expect(findings.map((row) => text(row.querySelector('td:last-child')))).toEqual(all.findings.map((row) => (row.agrees ? 'yes' : 'no')));
		expect(all.findings.length).toBeGreaterThan(0);
		all.rows.forEach((row, index) => expect(text(rows[index]!.children[3])).toBe(row.withinTolerance ? 'yes' : 'no'));
		all.rows.forEach((row, index) => expect(text(rows[index]!.children[5])).toBe(row.stable ? 'yes' : 'no'));
		for (const workload of workloadIds) {
			const doc = await loadPage(rootDist, `/evidence/${workload}/`);
			const notice = text(doc.querySelector('.run-source'));
			const check = workloads.find((candidate) => candidate.workload === workload);
			// Each ratio that moved beyond the tolerance says so beside its statement, and no other does.
			const marks = [...doc.querySelectorAll('.evidence-ratios li')].filter((item) => item.querySelector('.unreproduced'));
			const moved = check?.rows.filter((row) => !row.withinTolerance) ?? [];
			expect(marks.map((item) => text(item.querySelector('.unreproduced'))), workload).toEqual(
				ratiosOf(workload).filter((ratio) => moved.some((row) => row.subject === ratio.subject))
					.map((ratio) => expect.stringContaining(`Not reproduced: ${formatNumber(moved.find((row) => row.subject === ratio.subject)!.earlier.median)}× in the earlier run`)),
			);
			// Knees are steps the rerun check cannot hold to a tolerance: the earlier full run's stand beside them, row for row.
			const chosen = chooseRun(committed, workload);
			const earlier = chosen && !chosen.smoke && workloadSpecs[workload].findings === 'knees' ? earlierRunOf(committed, chosen, workload) : undefined;
			const earlierKnees = earlier ? workloadKnees(earlier.data, workload) : [];
			const earlierRows = [...doc.querySelectorAll('[aria-label="Where each setup saturated in the earlier run"] tbody tr')];
			expect(earlierRows.map((row) => text(row.querySelector('th'))), workload).toEqual(earlierKnees.map((row) => row.label));
			earlierRows.forEach((row, index) =>
				expect(text(row.children[1]), workload).toBe(earlierKnees[index]!.carried === undefined ? 'none' : formatCount(earlierKnees[index]!.carried!)),
			);
			// Each ratio whose repeats spread beyond measurementRules.stableSpan is marked unstable, and no other is.
			const unstable = [...doc.querySelectorAll('.evidence-ratios li')].map((item) => item.querySelector('.unstable') !== null);
			expect(unstable, workload).toEqual(ratiosOf(workload).map((ratio) => ratio.spread.max / ratio.spread.min > measurementRules.stableSpan));
			if (check && check.findings.length > 0) {
				expect(notice, workload).toContain(`(${check.earlier}.json), ${check.findings.filter((row) => row.agrees).length} of ${check.findings.length} `);
				expect(notice, workload).toContain(check.reproduces ? 'runs reproduce each other' : 'runs do not reproduce each other');
			}
			if (!check || check.rows.length === 0) {
				if (!check || check.findings.length === 0) expect(notice, workload).not.toContain('rerun check');
				continue;
			}
			const held = check.rows.filter((row) => row.withinTolerance).length;
			const stable = check.rows.filter((row) => row.stable);
			expect(notice, workload).toContain(`(${check.earlier}.json), ${held} of ${check.rows.length} ratios`);
			if (stable.length === 0) {
				expect(notice, workload).toContain('no ratio had repeats stable in both runs');
				continue;
			}
			expect(notice, workload).toContain(`and ${stable.filter((row) => row.withinTolerance).length} of the ${stable.length} whose repeats were stable in both runs`);
			expect(notice, workload).toContain(check.reproduces ? 'runs reproduce each other' : 'runs do not reproduce each other');
		}
	});

	it('give every chart a text alternative naming each bar and its value', async () => {
		let drawn = 0;
		let titled = 0;
		for (const workload of workloadIds) {
			const doc = await loadPage(rootDist, `/evidence/${workload}/`);
			const svgs = [...doc.querySelectorAll('.evidence-chart svg')];
			// Each chart's title is its own, as EvidenceChart.astro takes it from the workload's view of the published run.
			const chosen = chooseRun(committed, workload);
			const titles = (chosen ? workloadView(chosen.run, workload).charts : []).map((chart) => chart.title);
			expect(svgs.map((svg) => svg.querySelector('title')?.textContent), workload).toEqual(titles);
			drawn += svgs.length;
			titled += titles.filter((title) => title.trim() !== '').length;
			for (const svg of svgs) {
				expect(svg.getAttribute('role')).toBe('img');
				const label = svg.getAttribute('aria-label') ?? '';
				expect(svg.getAttribute('viewBox')).toMatch(/^0 0 \d+ \d+(\.\d+)?$/);
				for (const bar of svg.querySelectorAll('text.label')) expect(label).toContain(bar.textContent!);
				for (const value of svg.querySelectorAll('text.value')) expect(label).toContain(value.textContent!);
			}
		}
		// The published run draws charts, and every one has a title that says something.
		expect(drawn).toBeGreaterThan(0);
		expect(titled).toBe(drawn);
	});
});

describe('the evidence pages with generated runs', () => {
	// A fixture site of the evidence pages and the project's data files, with generated lab runs.
	let site: FixtureSite;
	const dist = () => `${site.dir}/dist/`;
	const labDir = () => join(site.dir, labResultsDir);
	const full = makeLabRun({ kind: 'full', startedAt: '2026-01-01T10:00:00.000Z', seed: 7 });
	const smoke = makeLabRun({ kind: 'smoke', repeats: 1, startedAt: '2026-02-01T10:00:00.000Z', seed: 8 });

	beforeAll(async () => {
		site = await fixtureSite('evidence', { copied: ['content/docs/evidence', ...Object.values(dataFiles)] });
	});
	afterAll(() => site.remove());

	it('say there are no results yet before the first run', async () => {
		const result = await site.build();
		expect(result.ok, result.output).toBe(true);
		const doc = await loadPage(dist(), '/evidence/json-throughput/');
		expect(noticeTitle(doc)).toBe('No results yet');
		expect(doc.querySelector('.evidence-chart')).toBeNull();
	});

	it('render a lone smoke run with its warning', async () => {
		await writeFile(join(labDir(), 'fixture-smoke.json'), JSON.stringify(smoke));
		const result = await site.build();
		expect(result.ok, result.output).toBe(true);
		await expectPagesShow(dist(), { id: 'fixture-smoke', run: smoke, smoke: true });
	});

	it('prefer a full run to a newer smoke run, and render its numbers', async () => {
		await writeFile(join(labDir(), 'fixture-full.json'), JSON.stringify(full));
		const result = await site.build();
		expect(result.ok, result.output).toBe(true);
		await expectPagesShow(dist(), { id: 'fixture-full', run: full, smoke: false });
	});

	it('stop the build on a malformed results file, naming the file and the field', async () => {
		const broken = structuredClone(full) as unknown as { settings: Record<string, unknown>; points: { samples: { counts: { failed: number } }[] }[] };
		delete broken.settings.repeats;
		broken.points[2]!.samples[1]!.counts.failed = -1;
		await writeFile(join(labDir(), 'broken.json'), JSON.stringify(broken));
		try {
			const { ok, output } = await site.build();
			expect(ok).toBe(false);
			expect(output).toContain('content/data/lab/broken.json');
			expect(output).toMatch(/settings\.repeats\W+Required/);
			expect(output).toMatch(/points\.2\.samples\.1\.counts\.failed\W+Too small/);
		} finally {
			await rm(join(labDir(), 'broken.json'));
		}
	});
});
