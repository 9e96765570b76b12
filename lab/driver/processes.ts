import { type ChildProcess, spawn } from 'node:child_process';

/** A started command and everything it forks, stopped together by process group. */
export interface ProcessGroup {
	readonly name: string;
	readonly child: ChildProcess;
	/** The last lines it wrote, for error messages. */
	readonly outputTail: () => string;
	readonly exited: Promise<number | null>;
}

const running = new Set<ProcessGroup>();
const tailLines = 30;

export function startGroup(
	name: string,
	command: string,
	args: readonly string[],
	env: Record<string, string> = {},
): ProcessGroup {
	const child = spawn(command, args, {
		detached: true,
		stdio: ['ignore', 'pipe', 'pipe'],
		env: { ...process.env, ...env },
	});
	const lines: string[] = [];
	const keep = (chunk: Buffer) => {
		lines.push(...chunk.toString().split('\n').filter(Boolean));
		lines.splice(0, Math.max(0, lines.length - tailLines));
	};
	child.stdout!.on('data', keep);
	child.stderr!.on('data', keep);
	const exited = new Promise<number | null>((resolve) => {
		child.on('exit', (code) => resolve(code));
		child.on('error', () => resolve(-1));
	});
	const group: ProcessGroup = { name, child, outputTail: () => lines.join('\n'), exited };
	running.add(group);
	void exited.then(() => running.delete(group));
	return group;
}

function signalGroup(group: ProcessGroup, signal: NodeJS.Signals): void {
	try {
		process.kill(-group.child.pid!, signal);
	} catch {
		// Already gone.
	}
}

/** SIGTERM to the whole group, SIGKILL if anything is left after the grace period. */
export async function stopGroup(group: ProcessGroup, graceMs = 5000): Promise<void> {
	signalGroup(group, 'SIGTERM');
	const stopped = await Promise.race([
		group.exited.then(() => true),
		new Promise<false>((resolve) => setTimeout(() => resolve(false), graceMs)),
	]);
	// Forked workers can outlive the group leader: make sure none survive.
	signalGroup(group, 'SIGKILL');
	if (!stopped) await group.exited;
	running.delete(group);
}

export async function stopAll(): Promise<void> {
	await Promise.all([...running].map((group) => stopGroup(group)));
}

/** On Ctrl+C, termination or a crash, nothing the lab started stays running. */
export function stopEverythingOnExit(): void {
	const stopNow = () => {
		for (const group of running) signalGroup(group, 'SIGKILL');
	};
	process.on('exit', stopNow);
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
		process.on(signal, () => {
			console.error(`\nlab: ${signal}, stopping every process the lab started`);
			void stopAll().finally(() => process.exit(130));
		});
	}
}

/** Runs a command to completion (bounded), returning its stdout; throws with its output on failure. */
export async function runToCompletion(
	name: string,
	command: string,
	args: readonly string[],
	timeoutMs: number,
	env: Record<string, string> = {},
): Promise<string> {
	const group = startGroup(name, command, args, env);
	let stdout = '';
	group.child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
	const timer = setTimeout(() => signalGroup(group, 'SIGKILL'), timeoutMs);
	const code = await group.exited;
	clearTimeout(timer);
	if (code !== 0) {
		throw new Error(`${name} failed (exit ${code ?? 'killed after ' + timeoutMs / 1000 + ' s'}):\n${group.outputTail()}`);
	}
	return stdout;
}
