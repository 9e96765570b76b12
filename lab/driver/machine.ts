import { existsSync, readFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem } from 'node:os';

/**
 * Busy ticks leave out idle, I/O wait and niced time: work started with
 * `nice -n 19` yields the cores to the lab's processes (about 1.5 % of a core
 * against one normal process under the kernel's weights), so it may go on
 * while the lab measures.
 */
function cpuTicks(): { busy: number; total: number } {
	// Without /proc (macOS, with --python) the machine reads as quiet.
	if (!existsSync('/proc/stat')) return { busy: 0, total: 0 };
	const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
	const idle = fields[3]! + (fields[4] ?? 0) + fields[1]!;
	const total = fields.reduce((sum, value) => sum + value, 0);
	return { busy: total - idle, total };
}

/** Share of all cores busy (at normal priority) over the next `ms` milliseconds (0–1). */
export async function busyFraction(ms = 1000): Promise<number> {
	const before = cpuTicks();
	await new Promise((resolve) => setTimeout(resolve, ms));
	const after = cpuTicks();
	const total = after.total - before.total;
	return total > 0 ? Math.min(1, Math.max(0, (after.busy - before.busy) / total)) : 0;
}

export function loadAverage(): number {
	return Math.round(loadavg()[0]! * 100) / 100;
}

export function describeMachine() {
	return {
		cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
		cores: cpus().length,
		memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
		kernel: release(),
	};
}
