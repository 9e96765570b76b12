import { createServer } from 'node:http';

/**
 * The mock model API the apps call, as its own process: `/complete` answers
 * after `delay_ms`, `/stream` sends `tokens` lines `tok-0`, `tok-1`, … `gap_ms`
 * apart. Node's HTTP server keeps it far from being the bottleneck. `/health`
 * answers how many calls are in flight and how many finished, so the driver
 * can start each point with nothing left running here.
 *
 *   node lab/driver/upstream.ts PORT
 */
const port = Number(process.argv[2]);
if (!Number.isInteger(port) || port <= 0) {
	console.error('usage: node lab/driver/upstream.ts PORT');
	process.exit(2);
}

const bounded = (value: string | null, fallback: number, max: number) => {
	const number = Number(value ?? fallback);
	return Number.isFinite(number) ? Math.min(Math.max(Math.round(number), 0), max) : fallback;
};

let inFlight = 0;
let finished = 0;
const track = (response: import('node:http').ServerResponse) => {
	inFlight++;
	// 'close' fires once, whether the answer ended or the caller went away.
	response.once('close', () => {
		inFlight--;
		finished++;
	});
};

const server = createServer((request, response) => {
	const url = new URL(request.url ?? '/', 'http://127.0.0.1');
	if (url.pathname === '/complete' || url.pathname === '/stream') track(response);
	if (url.pathname === '/complete') {
		const delay = bounded(url.searchParams.get('delay_ms'), 100, 10_000);
		setTimeout(() => {
			response.writeHead(200, { 'content-type': 'application/json' });
			response.end('{"completion":"lab answer"}');
		}, delay);
	} else if (url.pathname === '/stream') {
		const tokens = bounded(url.searchParams.get('tokens'), 50, 1000);
		const gap = bounded(url.searchParams.get('gap_ms'), 20, 1000);
		response.writeHead(200, { 'content-type': 'text/plain' });
		let sent = 0;
		const next = () => {
			if (response.destroyed) return;
			if (sent === tokens) return void response.end();
			response.write(`tok-${sent++}\n`);
			setTimeout(next, gap);
		};
		next();
	} else if (url.pathname === '/health') {
		response.writeHead(200, { 'content-type': 'application/json' });
		response.end(JSON.stringify({ inFlight, finished }));
	} else {
		response.writeHead(404).end();
	}
});
server.keepAliveTimeout = 60_000;
server.listen(port, '127.0.0.1', () => console.log(`upstream ready on ${port}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
