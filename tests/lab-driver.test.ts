import { createServer } from 'node:http';
import { describe, expect, it } from 'vitest';
import { freshConnections, labFetch } from '../lab/driver/connections';
import { expectedStreamEvents, sseData } from '../lab/driver/http-clients';
import { parseWrkReport, summariseWrk, type WrkReport } from '../lab/driver/wrk';
import { labPoint, labSample, type LabPoint } from '../lab/results';
import { parseOrExplain } from '../lab/schema-issues';
import { countTotals, percentile, ratioSpread, spread } from '../src/lib/lab-stats';

// The lab driver's own logic, without servers: reading wrk's report,
// turning it into counts, checking streams, and the statistics.

const report: WrkReport = {
	requests: 1000,
	durationUs: 4_000_000,
	connect: 0,
	read: 2,
	write: 0,
	status: 10,
	timeout: 3,
	p50Us: 1500,
	p90Us: 4000,
	p99Us: 9100,
	maxUs: 20_000,
};

describe('parseWrkReport', () => {
	it('reads the JSON line report.lua prints among wrk’s own output', () => {
		const output = `Running 4s test @ http://127.0.0.1:18900/json\n  1 threads\nLAB_JSON ${JSON.stringify(report)}\n`;
		expect(parseWrkReport(output)).toEqual(report);
	});

	it('fails naming the missing report line', () => {
		expect(() => parseWrkReport('Usage: wrk <options> <url>')).toThrow(/no report line/);
	});

	it('fails naming a field that is not a number', () => {
		const { p99Us: _dropped, ...partial } = report;
		expect(() => parseWrkReport(`LAB_JSON ${JSON.stringify(partial)}`)).toThrow(/"p99Us"/);
	});
});

describe('summariseWrk', () => {
	it('counts error statuses as failed, not completed, and rates only completed requests', () => {
		const { metrics, counts, problems } = summariseWrk(report);
		expect(counts).toEqual({ completed: 990, failed: 12, timedOut: 3 });
		expect(metrics.rps).toBe(247.5);
		expect(metrics).toMatchObject({ p50Ms: 1.5, p90Ms: 4, p99Ms: 9.1, maxMs: 20 });
		expect(problems).toEqual(['10 answers with an error status']);
	});

	it('reports no problem for a clean run', () => {
		expect(summariseWrk({ ...report, status: 0 }).problems).toEqual([]);
	});
});

describe('stream checks', () => {
	it('expects every token in order, then [DONE]', () => {
		expect(expectedStreamEvents(3)).toEqual(['tok-0', 'tok-1', 'tok-2', '[DONE]']);
	});

	it('reads only complete server-sent events', () => {
		expect(sseData('data: tok-0\n\ndata: tok-1\n\ndata: tok-')).toEqual(['tok-0', 'tok-1']);
	});
});

const point = (setup: string, values: Array<[repeat: number, rps: number]>): LabPoint => ({
	workload: 'json-throughput',
	scenario: 'json',
	setup,
	concurrency: 64,
	samples: values.map(([repeat, rps]) => ({
		repeat,
		metrics: { rps },
		counts: { completed: rps, failed: 1, timedOut: 2 },
		machine: { busyBefore: 0, loadBefore: 0, loadAfter: 0 },
		flagged: false,
	})),
});

describe('statistics', () => {
	it('interpolates percentiles between sorted values', () => {
		expect(percentile([4, 1, 3, 2], 50)).toBe(2.5);
		expect(percentile([10, 20], 99)).toBeCloseTo(19.9);
		expect(() => percentile([], 50)).toThrow(RangeError);
	});

	it('summarises a spread as median, min and max', () => {
		expect(spread([3, 1, 2])).toEqual({ median: 2, min: 1, max: 3, n: 3 });
	});

	it('pairs ratios by repeat, not by position, and skips unpaired repeats', () => {
		const fast = point('setup-a', [
			[2, 300],
			[1, 100],
			[3, 999],
		]);
		const slow = point('setup-b', [
			[1, 50],
			[2, 100],
		]);
		expect(ratioSpread(fast, slow, 'rps')).toEqual({ median: 2.5, min: 2, max: 3, n: 2 });
	});

	it('adds counts over repeats', () => {
		expect(countTotals(point('setup-a', [[1, 10], [2, 20]]))).toEqual({ completed: 30, failed: 2, timedOut: 4 });
	});
});

describe('schema failures', () => {
	it('name the file, every bad field and the allowed values', () => {
		const sample = { repeat: 0, metrics: { rps: -1 }, counts: { completed: 1, failed: 0, timedOut: 0 }, machine: { busyBefore: 0, loadBefore: 0, loadAfter: 0 }, flagged: false };
		expect(() => parseOrExplain(labSample, sample, 'run.json')).toThrow(/^run\.json does not match[\s\S]*repeat: [\s\S]*metrics\.rps: /);
		expect(() => parseOrExplain(labPoint, { workload: 'gpu-bound' }, 'run.json')).toThrow(/workload: .*\(allowed: json-throughput, upstream-wait/);
	});
});

describe('CPU accounting', () => {
	it('follows a command into children that start process groups of their own, as PostgreSQL backends do', async () => {
		const { spawn } = await import('node:child_process');
		const { groupCpu } = await import('../lab/driver/accounting');
		const leader = spawn('sh', ['-c', 'setsid sleep 30 & sleep 30'], { detached: true, stdio: 'ignore' });
		let pids: number[] = [];
		try {
			await new Promise((resolve) => setTimeout(resolve, 300));
			pids = [...groupCpu(leader.pid!).keys()];
			// The shell, its own sleep and the sleep in a new session.
			expect(pids.length).toBeGreaterThanOrEqual(3);
			expect(pids).toContain(leader.pid);
		} finally {
			for (const pid of pids.length > 0 ? pids : [leader.pid!]) {
				try {
					process.kill(pid, 'SIGKILL');
				} catch {
					// Already gone.
				}
			}
		}
	});
});

describe('driver connections', () => {
	it('reuse a kept-alive connection within a point and open new ones after a clean start', async () => {
		let opened = 0;
		const server = createServer((_, response) => response.end('ok')).on('connection', () => opened++);
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		const address = server.address();
		const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`;
		try {
			// The connection returns to the pool just after the body ends: each request gives it a moment.
			const get = async () => {
				expect(await (await labFetch(url)).text()).toBe('ok');
				await new Promise((resolve) => setTimeout(resolve, 50));
			};
			await get();
			await get();
			expect(opened).toBe(1);
			await freshConnections();
			await get();
			expect(opened).toBe(2);
		} finally {
			server.closeAllConnections();
			server.close();
		}
	});
});
