import { childCpuFromStat } from './accounting.ts';
import { runToCompletion } from './processes.ts';
import type { LabRuntime } from './root.ts';

export interface WrkOptions {
	url: string;
	connections: number;
	durationSeconds: number;
	timeoutSeconds: number;
}

/** What wrk's done() callback prints (lab/wrk/report.lua), in wrk's own units. */
export interface WrkReport {
	requests: number;
	durationUs: number;
	connect: number;
	read: number;
	write: number;
	status: number;
	timeout: number;
	p50Us: number;
	p90Us: number;
	p99Us: number;
	maxUs: number;
}

const reportKeys = ['requests', 'durationUs', 'connect', 'read', 'write', 'status', 'timeout', 'p50Us', 'p90Us', 'p99Us', 'maxUs'] as const;

/** Finds the report line in wrk's output; throws naming what is missing. */
export function parseWrkReport(output: string): WrkReport {
	const line = output.split('\n').find((candidate) => candidate.startsWith('LAB_JSON '));
	if (!line) throw new Error(`wrk printed no report line (LAB_JSON …):\n${output.slice(-2000)}`);
	const parsed: unknown = JSON.parse(line.slice('LAB_JSON '.length));
	if (typeof parsed !== 'object' || parsed === null) throw new Error(`wrk report is not an object: ${line}`);
	const record = parsed as Record<string, unknown>;
	for (const key of reportKeys) {
		if (typeof record[key] !== 'number' || !Number.isFinite(record[key])) {
			throw new Error(`wrk report lacks a number for "${key}": ${line}`);
		}
	}
	return record as unknown as WrkReport;
}

/**
 * The lab's metrics and counts from a wrk report. Completed requests are
 * those with a 2xx/3xx answer; non-2xx answers and socket errors are failed;
 * wrk's latency percentiles cover completed requests only.
 */
export function summariseWrk(report: WrkReport): { metrics: Record<string, number>; counts: { completed: number; failed: number; timedOut: number }; problems: string[] } {
	const seconds = report.durationUs / 1e6;
	const completed = Math.max(0, report.requests - report.status);
	const ms = (us: number) => Math.round(us) / 1000;
	return {
		metrics: {
			rps: seconds > 0 ? Math.round((completed / seconds) * 10) / 10 : 0,
			p50Ms: ms(report.p50Us),
			p90Ms: ms(report.p90Us),
			p99Ms: ms(report.p99Us),
			maxMs: ms(report.maxUs),
		},
		counts: {
			completed,
			failed: report.status + report.connect + report.read + report.write,
			timedOut: report.timeout,
		},
		problems: report.status > 0 ? [`${report.status} answers with an error status`] : [],
	};
}

/**
 * One wrk run, one thread (it shares the cores with the server), bounded in
 * time. The shell around it prints its own /proc stat line once wrk has
 * exited, whose waited-for-children fields are wrk's CPU time.
 */
export async function runWrk(runtime: LabRuntime, options: WrkOptions): Promise<{ report: WrkReport; cpuSeconds: number }> {
	const argv = [
		'wrk', '-t1', `-c${options.connections}`, `-d${options.durationSeconds}s`,
		`--timeout`, `${options.timeoutSeconds}s`, '-s', `${runtime.labPath}/wrk/report.lua`, options.url,
	];
	const withCpu = ['sh', '-c', 'wrk "$@"; status=$?; echo "LAB_STAT $(cat /proc/$$/stat)"; exit $status', 'wrk-cpu', ...argv.slice(1)];
	const limitMs = (options.durationSeconds + options.timeoutSeconds + 30) * 1000;
	const output = await runToCompletion('wrk', ...runtime.command(withCpu), limitMs);
	const stat = output.split('\n').find((line) => line.startsWith('LAB_STAT '));
	return { report: parseWrkReport(output), cpuSeconds: stat ? childCpuFromStat(stat.slice('LAB_STAT '.length)) : 0 };
}
