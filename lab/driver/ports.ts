import { createServer } from 'node:net';

/** Resolves when nothing listens on 127.0.0.1:port; rejects naming the port otherwise. */
export function assertPortFree(port: number, use: string): Promise<void> {
	return new Promise((resolve, reject) => {
		const probe = createServer();
		probe.once('error', (error: NodeJS.ErrnoException) => {
			reject(
				new Error(
					`port ${port} on 127.0.0.1 (for ${use}) is taken (${error.code}); stop whatever listens there ` +
						`(ss -ltnp 'sport = :${port}') or choose other ports with --port-base`,
				),
			);
		});
		probe.listen({ port, host: '127.0.0.1', exclusive: true }, () => probe.close(() => resolve()));
	});
}

/** Polls `check` until it returns true, or fails after `timeoutMs` (or at once if `gaveUp` says so). */
export async function waitUntil(
	what: string,
	check: () => Promise<boolean>,
	timeoutMs: number,
	gaveUp: () => string | undefined = () => undefined,
): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		const reason = gaveUp();
		if (reason) throw new Error(`${what}: ${reason}`);
		if (await check().catch(() => false)) return;
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
	throw new Error(`${what}: not ready after ${timeoutMs / 1000} s`);
}

/**
 * Waits up to `timeoutMs` for 127.0.0.1:port to be free: a server the lab just
 * killed can hold its socket for a moment while the kernel closes hundreds of
 * connections. Rejects as assertPortFree does when it stays taken.
 */
export async function waitForPortFree(port: number, use: string, timeoutMs = 15_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		try {
			return await assertPortFree(port, use);
		} catch (error) {
			if (Date.now() > deadline) throw error;
			await new Promise((resolve) => setTimeout(resolve, 200));
		}
	}
}
