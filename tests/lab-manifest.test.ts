import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { measurementRules, pointsFor, serverSetups, setupIds, workloadIds, workloadSpecs } from '../lab/experiment';
import { root } from '../harness/paths';

// The lab's manifest is the one definition of its experiment.

/** Source files that may define or list setups: the manifest itself, and results files written from it. */
const definitionFiles = /^(lab\/experiment\.ts|content\/data\/lab\/.*)$/;
/** Code and pages: where a typed setup id would be a second definition. Data files may refer to a setup by id; their schemas check it against the manifest. */
const codeFile = /\.(ts|mjs|js|astro|py|sh|mdx|md)$/;

describe('lab/experiment.ts', () => {
	it('is the only code that names a setup', () => {
		const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8' })
			.split('\n')
			.filter((file) => codeFile.test(file) && !definitionFiles.test(file));
		// Ids that are also ordinary words (fastapi) cannot be told apart from prose; hyphenated ones can.
		const distinctive = setupIds.filter((id) => id.includes('-'));
		expect(distinctive.length).toBeGreaterThan(4);
		const pattern = new RegExp(`(?<![\\w-])(${distinctive.map((id) => id.replace(/[-]/g, '\\-')).join('|')})(?![\\w-])`);
		const offenders = files.flatMap((file) => {
			let text: string;
			try {
				text = readFileSync(`${root}${file}`, 'utf8');
			} catch {
				return [];
			}
			return text.split('\n').flatMap((line, index) => (pattern.test(line) ? [`${file}:${index + 1}: ${line.trim().slice(0, 100)}`] : []));
		});
		expect(offenders, 'take the setup from lab/experiment.ts instead of typing its id').toEqual([]);
	});

	it('gives every setup a unique id and every server setup at least one workload', () => {
		expect(new Set(setupIds).size).toBe(setupIds.length);
		for (const setup of serverSetups) expect(workloadIds.some((workload) => pointsFor(workload, setup).length > 0), setup.id).toBe(true);
	});

	it('keeps every request timeout shorter than its window, so a timeout can happen', () => {
		for (const setup of serverSetups) {
			for (const workload of workloadIds) {
				for (const point of pointsFor(workload, setup)) expect(point.timeoutSeconds, `${setup.id} ${point.scenario}`).toBeLessThan(point.windowSeconds);
			}
		}
	});

	it('draws ratios only between setups that run the compared scenario', () => {
		for (const workload of workloadIds) {
			for (const ratio of workloadSpecs[workload].ratios) {
				for (const [setup, scenario] of [
					[ratio.numerator, ratio.scenario],
					[ratio.denominator, ratio.denominatorScenario ?? ratio.scenario],
				] as const) {
					const server = serverSetups.find((candidate) => candidate.id === setup);
					// In-process setups are timed by the driver itself, outside pointsFor.
					if (server) expect(pointsFor(workload, server).some((point) => point.scenario === scenario), `${workload}: ${setup} ${scenario}`).toBe(true);
					else expect(setupIds).toContain(setup);
				}
			}
		}
	});

	it('states a rerun tolerance and share that a reader can check', () => {
		expect(measurementRules.rerunTolerance).toBeGreaterThan(0);
		expect(measurementRules.rerunShare).toBeGreaterThanOrEqual(0.9);
	});
});
