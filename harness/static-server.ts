import { createServer, type Server } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { AddressInfo } from 'node:net';

const types: Record<string, string> = {
	'.html': 'text/html; charset=utf-8',
	'.css': 'text/css; charset=utf-8',
	'.js': 'text/javascript; charset=utf-8',
	'.mjs': 'text/javascript; charset=utf-8',
	'.json': 'application/json',
	'.xml': 'application/xml',
	'.txt': 'text/plain; charset=utf-8',
	'.md': 'text/markdown; charset=utf-8',
	'.svg': 'image/svg+xml',
	'.png': 'image/png',
	'.ico': 'image/x-icon',
	'.webmanifest': 'application/manifest+json',
	'.wasm': 'application/wasm',
	'.woff2': 'font/woff2',
};

/** Types a static host compresses; Pagefind's index chunks are already gzip files. */
const compressible = /^(text\/|application\/(json|xml|manifest\+json)|image\/svg)/;

/** The bytes a response for `file` carries from this server to a browser that accepts gzip. */
export function servedSize(file: string, body: Buffer): number {
	const type = types[extname(file)] ?? 'application/octet-stream';
	return compressible.test(type) ? gzipSync(body, { level: 9 }).length : body.length;
}

export interface StaticServer {
	/** Origin plus base path, e.g. `http://127.0.0.1:4000/sub/`. */
	url: string;
	origin: string;
	close(): Promise<void>;
}

export interface ServeOptions {
	base?: string;
	/** Extra response headers, for example a Content-Security-Policy under test. */
	headers?: (path: string) => Record<string, string>;
}

/**
 * Serves a built site the way a plain static host does: directory indexes,
 * gzip when the client accepts it, and `404.html` with status 404 for
 * anything missing. Not Astro's dev or preview server.
 */
export async function serveStatic(dir: string, { base = '/', headers }: ServeOptions = {}): Promise<StaticServer> {
	const server: Server = createServer(async (req, res) => {
		const url = new URL(req.url ?? '/', 'http://localhost');
		let path = decodeURIComponent(url.pathname);
		const extra = headers?.(path) ?? {};
		const send = (status: number, body: Buffer, type: string) => {
			const gzip = compressible.test(type) && /\bgzip\b/.test(String(req.headers['accept-encoding']));
			const payload = gzip ? gzipSync(body, { level: 9 }) : body;
			res.writeHead(status, {
				'content-type': type,
				'content-length': payload.length,
				...(gzip ? { 'content-encoding': 'gzip', vary: 'accept-encoding' } : {}),
				...extra,
			});
			res.end(req.method === 'HEAD' ? undefined : payload);
		};
		const notFound = async () => {
			const page = await readFile(join(dir, '404.html')).catch(() => Buffer.from('Not found'));
			send(404, page, types['.html']!);
		};
		if (!path.startsWith(base)) return notFound();
		path = normalize(`/${path.slice(base.length)}`);
		let file = join(dir, path);
		const info = await stat(file).catch(() => undefined);
		if (info?.isDirectory()) {
			if (!url.pathname.endsWith('/')) {
				res.writeHead(301, { location: `${url.pathname}/${url.search}` });
				return res.end();
			}
			file = join(file, 'index.html');
		}
		const body = await readFile(file).catch(() => undefined);
		if (!body) return notFound();
		send(200, body, types[extname(file)] ?? 'application/octet-stream');
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	const origin = `http://127.0.0.1:${port}`;
	return {
		origin,
		url: `${origin}${base}`,
		close: () => new Promise((resolve) => server.close(() => resolve())),
	};
}
