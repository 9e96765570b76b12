// Rewrites public/_headers and vercel.json from a built site, so the
// Content-Security-Policy lists the hash of every inline script the pages run.
// Usage: npm run build && npm run sync-headers [-- <dist folder>]
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
	contentSecurityPolicy,
	headersFile,
	inlineScriptHashes,
	vercelConfig,
} from '../src/build/security-headers.ts';

const root = new URL('../', import.meta.url);
const dist = process.argv[2] ?? new URL('dist/', root).pathname;

const htmlFiles = (await readdir(dist, { recursive: true })).filter((file) => file.endsWith('.html'));
if (htmlFiles.length === 0) throw new Error(`No HTML in ${dist}: build the site first.`);
const hashes = new Set<string>();
for (const file of htmlFiles) {
	for (const hash of inlineScriptHashes(await readFile(join(dist, file), 'utf8'))) hashes.add(hash);
}

const csp = contentSecurityPolicy(hashes);
await writeFile(new URL('public/_headers', root), headersFile(csp));
await writeFile(new URL('vercel.json', root), `${JSON.stringify(vercelConfig(csp), null, '\t')}\n`);
console.log(`Wrote public/_headers and vercel.json: ${hashes.size} script hashes from ${htmlFiles.length} pages.`);
