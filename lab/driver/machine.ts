import { cpuTicks } from './accounting.ts';
import { cpus, loadavg, release, totalmem } from 'node:os';

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
