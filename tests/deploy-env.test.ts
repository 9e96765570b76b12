import { describe, expect, it } from 'vitest';
import { baseFromEnvironment, siteFromEnvironment } from '../src/build/deploy-env';

describe('site and base from the environment', () => {
	it('prefers SITE_URL over anything a host sets', () => {
		expect(siteFromEnvironment({ SITE_URL: 'https://docs.example.org', NETLIFY: 'true', URL: 'https://x.netlify.app' })).toBe(
			'https://docs.example.org',
		);
	});

	it('reads the production URL each host provides', () => {
		expect(siteFromEnvironment({ NETLIFY: 'true', URL: 'https://guide.netlify.app' })).toBe('https://guide.netlify.app');
		expect(siteFromEnvironment({ VERCEL: '1', VERCEL_PROJECT_PRODUCTION_URL: 'guide.vercel.app' })).toBe(
			'https://guide.vercel.app',
		);
		expect(siteFromEnvironment({ CF_PAGES: '1', CF_PAGES_URL: 'https://abc.guide.pages.dev' })).toBe(
			'https://abc.guide.pages.dev',
		);
	});

	it('ignores a stray URL variable outside Netlify and falls back to the local preview', () => {
		expect(siteFromEnvironment({ URL: 'https://elsewhere.example' })).toBe('http://localhost:4321');
		expect(siteFromEnvironment({})).toBe('http://localhost:4321');
	});

	it('normalises the base path to leading and trailing slashes', () => {
		expect(baseFromEnvironment({})).toBe('/');
		expect(baseFromEnvironment({ BASE_PATH: '' })).toBe('/');
		expect(baseFromEnvironment({ BASE_PATH: '/repo' })).toBe('/repo/');
		expect(baseFromEnvironment({ BASE_PATH: 'repo/' })).toBe('/repo/');
		expect(baseFromEnvironment({ BASE_PATH: '//repo//docs//' })).toBe('/repo/docs/');
	});
});
