import { Agent, fetch, type RequestInit } from 'undici';
import undiciPackage from 'undici/package.json' with { type: 'json' };

/**
 * The driver's own HTTP client, with connections that never outlive a point.
 *
 * A keep-alive connection left idle by a warm-up or a check and reused by the
 * measured load can be closed by the server at that very moment (gunicorn
 * drops an idle connection after 2 s, about as long as the clean-start wait):
 * the request then fails before any answer, a failure of the driver's that
 * would be counted against the setup. `freshConnections` drops every pooled
 * connection, and the clean start calls it, so each point's load opens its own.
 *
 * Both `fetch` and `Agent` come from the undici package: a dispatcher from one
 * undici release handed to the fetch bundled with another is not supported.
 */
let agent = new Agent();

export function labFetch(url: string, init: Pick<RequestInit, 'signal'> = {}) {
	return fetch(url, { ...init, dispatcher: agent });
}

/** Drops every pooled connection (destroyed, not drained: at a clean start none carries a request). */
export async function freshConnections(): Promise<void> {
	const idle = agent;
	agent = new Agent();
	await idle.destroy();
}

/** The client's version, recorded with each run: it times every open-loop, stream and disconnect point. */
export const undiciVersion: string = undiciPackage.version;
