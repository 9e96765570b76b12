/**
 * The public origin of the site, from the environment of whichever host is
 * building it, so a deploy needs no code change. SITE_URL always wins.
 */
export function siteFromEnvironment(env: Record<string, string | undefined>): string {
	if (env.SITE_URL) return env.SITE_URL;
	if (env.NETLIFY === 'true' && env.URL) return env.URL;
	if (env.VERCEL && env.VERCEL_PROJECT_PRODUCTION_URL) return `https://${env.VERCEL_PROJECT_PRODUCTION_URL}`;
	if (env.CF_PAGES === '1' && env.CF_PAGES_URL) return env.CF_PAGES_URL;
	return 'http://localhost:4321';
}

/** The path the site is served under, always with a leading and trailing slash. */
export function baseFromEnvironment(env: Record<string, string | undefined>): string {
	const path = (env.BASE_PATH ?? '').trim().replace(/^\/*/, '/').replace(/\/*$/, '/');
	return path.replace(/\/{2,}/g, '/');
}
