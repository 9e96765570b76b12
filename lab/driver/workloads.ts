import type { WorkloadId } from '../../src/lib/lab-results.ts';
import type { ServerSetup } from './setups.ts';

export interface LoadPoint {
	scenario: string;
	path: string;
	concurrency: number;
	/** wrk load; wrk load with a probe of light requests beside it; concurrent SSE streams. */
	load: 'wrk' | 'wrk-with-probe' | 'streams';
	/** Checks one answer's JSON body; returns a problem, or undefined when right. */
	check?: (body: unknown) => string | undefined;
}

export interface WorkloadPlan {
	id: WorkloadId;
	/** The points one setup runs, in order. */
	points: (setup: ServerSetup, streamCount: number) => LoadPoint[];
	needsDatabase: boolean;
}

const field = (body: unknown, key: string): unknown =>
	typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[key] : undefined;

const expectJsonPayload = (body: unknown) =>
	field(body, 'model') === 'lab-classifier' && Array.isArray(field(body, 'scores')) ? undefined : `unexpected body ${JSON.stringify(body)}`;

const expectCompletion = (via: string) => (body: unknown) =>
	field(body, 'completion') === 'lab answer' && field(body, 'via') === via ? undefined : `unexpected body ${JSON.stringify(body)}`;

const expectNumberResult = (body: unknown) =>
	Number.isInteger(field(body, 'result')) ? undefined : `unexpected body ${JSON.stringify(body)}`;

const expectRows = (count: number) => (body: unknown) => {
	const rows = field(body, 'rows');
	return Array.isArray(rows) && rows.length === count ? undefined : `expected ${count} rows, got ${JSON.stringify(body).slice(0, 200)}`;
};

const hasEventLoop = (setup: ServerSetup) => setup.id === 'django-asgi' || setup.id === 'fastapi';

export const upstreamConcurrency = [10, 100, 400] as const;

export const workloadPlans: readonly WorkloadPlan[] = [
	{
		id: 'json-throughput',
		needsDatabase: false,
		points: () => [{ scenario: 'json', path: '/json', concurrency: 64, load: 'wrk', check: expectJsonPayload }],
	},
	{
		id: 'upstream-wait',
		needsDatabase: false,
		// httpx is what FastAPI's test client and OpenAI's Python SDK build on; aiohttp
		// (async servers only) shows how much of the wait cost is the client's.
		points: (setup) =>
			(hasEventLoop(setup) ? (['http', 'aiohttp', 'sleep'] as const) : (['http', 'sleep'] as const)).flatMap((via) =>
				upstreamConcurrency.map((concurrency) => ({
					scenario: `upstream/${via}`,
					path: `/upstream/${via}`,
					concurrency,
					load: 'wrk' as const,
					check: expectCompletion(via),
				})),
			),
	},
	{
		id: 'streaming',
		needsDatabase: false,
		points: (_setup, streamCount) => [{ scenario: 'stream', path: '/stream', concurrency: streamCount, load: 'streams' }],
	},
	{
		id: 'cpu-bound',
		needsDatabase: false,
		points: (setup) =>
			(hasEventLoop(setup) ? ['offloaded', 'blocking'] : ['offloaded']).map((form) => ({
				scenario: `cpu/${form}`,
				path: `/cpu/${form}`,
				concurrency: 8,
				load: 'wrk-with-probe' as const,
				check: expectNumberResult,
			})),
	},
	{
		id: 'orm-queries',
		needsDatabase: true,
		points: (setup) =>
			(setup.id === 'fastapi' ? ['orm', 'orm-sync'] : ['orm']).flatMap((prefix) =>
				(
					[
						['top-authors', 10],
						['recent-books', 100],
					] as const
				).map(([query, rows]) => ({
					scenario: `${prefix}/${query}`,
					path: `/${prefix}/${query}`,
					concurrency: 32,
					load: 'wrk' as const,
					check: expectRows(rows),
				})),
			),
	},
];
