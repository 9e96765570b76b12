// `npm ci` refuses a lockfile that lacks any optional dependency, even one for
// another platform. The npm registry this project is built against does not
// carry every platform's binary for every release (for example the Astro
// compiler's macOS and Windows builds of 0.5.1), so `npm install` leaves those
// out of package-lock.json. This adds them back as optional, platform-tagged
// entries, which `npm ci` accepts and skips on a machine of another platform.
// Run after any `npm install` that changes the lockfile: npm run lock:complete
import { readFileSync, writeFileSync } from 'node:fs';

type LockEntry = {
	version?: string;
	optional?: boolean;
	os?: string[];
	cpu?: string[];
	libc?: string[];
	optionalDependencies?: Record<string, string>;
};

/** Platform suffixes used by the packages' binary names: [os, cpu, libc]. */
const platforms: Record<string, [string[] | null, string[], string[]?]> = {
	'android-arm64': [['android'], ['arm64']],
	'darwin-arm64': [['darwin'], ['arm64']],
	'darwin-x64': [['darwin'], ['x64']],
	'freebsd-x64': [['freebsd'], ['x64']],
	'linux-arm64': [['linux'], ['arm64']],
	'linux-arm64-gnu': [['linux'], ['arm64'], ['glibc']],
	'linux-arm64-musl': [['linux'], ['arm64'], ['musl']],
	'linux-x64-musl': [['linux'], ['x64'], ['musl']],
	'wasm32-wasi': [null, ['wasm32']],
	'win32-arm64-msvc': [['win32'], ['arm64']],
	'win32-x64-msvc': [['win32'], ['x64']],
	'windows-arm64': [['win32'], ['arm64']],
	'windows-x64': [['win32'], ['x64']],
};

const file = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(file, 'utf8')) as { packages: Record<string, LockEntry> };
const added: string[] = [];
for (const entry of Object.values(lock.packages)) {
	for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
		const key = `node_modules/${name}`;
		if (lock.packages[key]) continue;
		const suffix = Object.keys(platforms)
			.sort((a, b) => b.length - a.length)
			.find((platform) => name.endsWith(`-${platform}`) || name.endsWith(`/${platform}`));
		if (!suffix) throw new Error(`${name}@${version} is missing from the lockfile and is not a platform binary`);
		const [os, cpu, libc] = platforms[suffix]!;
		lock.packages[key] = { version, optional: true, ...(os && { os }), cpu, ...(libc && { libc }) };
		added.push(`${name}@${version}`);
	}
}
const [rootEntry, ...rest] = Object.entries(lock.packages);
lock.packages = Object.fromEntries([rootEntry!, ...rest.sort(([a], [b]) => a.localeCompare(b))]);
writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
console.log(added.length ? `Added ${added.length} entries: ${added.join(', ')}` : 'Lockfile already complete.');
