import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * What the driver reads off the machine around a point: the apps' per-worker
 * request counters (lab/apps/labaccounting.py), CPU time per process group
 * from /proc, the hypervisor's steal time, and a listening socket's accept
 * queue. These readings need Linux's /proc; elsewhere (a reader's Mac, with
 * --python) CPU and the accept queue read as zero and every live worker's
 * counters are taken.
 */

const hasProc = existsSync('/proc/stat');

/** Clock ticks per second in /proc/<pid>/stat (USER_HZ, 100 on every Linux build the lab targets). */
const ticksPerSecond = 100;

export interface WorkerCounters {
	pid: number;
	inFlight: number;
	finished: number;
}

/** One line of /proc/<pid>/stat, split after the command name (which may hold spaces). */
function statFields(pid: number | 'self'): string[] | undefined {
	try {
		const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
		return text.slice(text.lastIndexOf(')') + 2).split(' ');
	} catch {
		return undefined;
	}
}

/**
 * A started command and every live process under it (its process group, and
 * every descendant: PostgreSQL's backends start process groups of their own),
 * with their CPU seconds so far (user + system).
 */
export function groupCpu(leader: number): Map<number, number> {
	const cpu = new Map<number, number>();
	if (!hasProc) return cpu;
	const processes = new Map<number, { ppid: number; pgrp: number; seconds: number }>();
	for (const name of readdirSync('/proc')) {
		if (!/^\d+$/.test(name)) continue;
		const fields = statFields(Number(name));
		// After the name: state, ppid, pgrp, … utime is the 12th, stime the 13th.
		if (!fields) continue;
		processes.set(Number(name), { ppid: Number(fields[1]), pgrp: Number(fields[2]), seconds: (Number(fields[11]) + Number(fields[12])) / ticksPerSecond });
	}
	const under = (pid: number): boolean => {
		for (let at: number | undefined = pid, hops = 0; at && hops < 64; at = processes.get(at)?.ppid, hops++) {
			if (at === leader || processes.get(at)?.pgrp === leader) return true;
		}
		return false;
	};
	for (const [pid, { seconds }] of processes) if (under(pid)) cpu.set(pid, seconds);
	return cpu;
}

export const totalCpu = (cpu: Map<number, number>) => [...cpu.values()].reduce((sum, value) => sum + value, 0);

/** CPU seconds each process of a group used between two readings (processes that appeared count from zero). */
export function cpuBetween(before: Map<number, number>, after: Map<number, number>): Map<number, number> {
	return new Map([...after].map(([pid, seconds]) => [pid, Math.max(0, seconds - (before.get(pid) ?? 0))]));
}

/** The counters every worker of a server wrote into `folder`, for the processes in `pids` (others are gone or not ours). */
export function readWorkerCounters(folder: string, pids: ReadonlySet<number>): WorkerCounters[] {
	const alive = (pid: number) => {
		try {
			process.kill(pid, 0);
			return true;
		} catch {
			return false;
		}
	};
	const ours = hasProc ? (pid: number) => pids.has(pid) : alive;
	let names: string[];
	try {
		names = readdirSync(folder);
	} catch {
		return [];
	}
	return names.flatMap((name) => {
		const pid = Number(name);
		if (!ours(pid)) return [];
		try {
			const bytes = readFileSync(join(folder, name));
			if (bytes.length < 16) return [];
			return [{ pid, inFlight: Number(bytes.readBigInt64LE(0)), finished: Number(bytes.readBigInt64LE(8)) }];
		} catch {
			return [];
		}
	});
}

/**
 * All cores' ticks so far, from /proc/stat's first line: the total, the ticks
 * stolen by the hypervisor, and the busy ones. Busy leaves out idle, I/O wait
 * and niced time: work started with `nice -n 19` yields the cores to the lab's
 * processes (about 1.5 % of a core against one normal process under the
 * kernel's weights), so it may go on while the lab measures. Without /proc
 * the machine reads as quiet.
 */
export function cpuTicks(): { total: number; busy: number; steal: number } {
	if (!hasProc) return { total: 0, busy: 0, steal: 0 };
	const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
	const total = fields.reduce((sum, value) => sum + value, 0);
	const idle = fields[3]! + (fields[4] ?? 0) + fields[1]!;
	return { total, busy: total - idle, steal: fields[7] ?? 0 };
}

/** Connections waiting in the accept queue of the socket listening on 127.0.0.1:port (0 when none listens). */
export function acceptQueue(port: number): number {
	if (!hasProc) return 0;
	const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
	for (const line of readFileSync('/proc/net/tcp', 'utf8').split('\n').slice(1)) {
		const columns = line.trim().split(/\s+/);
		// local_address, rem_address, st (0A: listening), tx_queue:rx_queue
		if (columns[1]?.endsWith(`:${hexPort}`) && columns[3] === '0A') return parseInt(columns[4]!.split(':')[1]!, 16);
	}
	return 0;
}

/** CPU seconds of waited-for children in a /proc/<pid>/stat line (cutime + cstime): how the load generator's CPU is read. */
export function childCpuFromStat(line: string): number {
	if (!line.includes(')')) return 0;
	const fields = line.slice(line.lastIndexOf(')') + 2).trim().split(' ');
	return (Number(fields[13]) + Number(fields[14])) / ticksPerSecond;
}

/**
 * Resident and proportional memory (kB) summed over the Python processes
 * among `pids` (the servers' shells and wrappers left out), from
 * /proc/<pid>/smaps_rollup. PSS splits each shared page among the processes
 * mapping it, so the sum over workers is what they cost together. Without
 * /proc, undefined.
 */
export function pythonMemory(pids: Iterable<number>): { rssKb: number; pssKb: number; processes: number } | undefined {
	if (!hasProc) return undefined;
	let rssKb = 0;
	let pssKb = 0;
	let processes = 0;
	for (const pid of pids) {
		try {
			if (!/^(python|gunicorn|uvicorn)/.test(readFileSync(`/proc/${pid}/comm`, 'utf8'))) continue;
			const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
			rssKb += Number(rollup.match(/^Rss:\s+(\d+) kB/m)?.[1] ?? 0);
			pssKb += Number(rollup.match(/^Pss:\s+(\d+) kB/m)?.[1] ?? 0);
			processes++;
		} catch {
			// The process ended between listing and reading.
		}
	}
	return { rssKb, pssKb, processes };
}
