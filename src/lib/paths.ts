/**
 * Prefixes a root-relative site path with the configured base, so links keep
 * working when the site is hosted under a sub-path such as /repo-name/.
 */
export function withBase(path: string, base: string = import.meta.env.BASE_URL): string {
	if (!path.startsWith('/') || path.startsWith('//')) return path;
	const trimmed = base.endsWith('/') ? base.slice(0, -1) : base;
	return trimmed + path;
}
