import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';

/** Flags for Debian's Chromium in a sandboxed, offline machine. */
export const chromiumFlags = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];

/**
 * Chromium as readers run it, for the benchmark's timings and Lighthouse:
 * CHROME_PATH, else Debian's /usr/bin/chromium.
 */
export const chromiumPath = process.env.CHROME_PATH || '/usr/bin/chromium';

/**
 * Chromium for the tests: TEST_CHROME_PATH, else Debian's headless shell
 * (package chromium-headless-shell), the same version's engines without the
 * browser layer. A page load costs it about a quarter of the full browser's
 * processor time (TESTING.md), and the tests load pages by the hundred.
 */
export const testChromiumPath = process.env.TEST_CHROME_PATH || '/usr/bin/chromium-headless-shell';

/** Launches Chromium: the tests' headless shell unless told otherwise. */
export async function launchChromium(executablePath = testChromiumPath): Promise<Browser> {
	if (!existsSync(executablePath)) {
		throw new Error(
			`No Chromium at ${executablePath}. On Debian, install chromium-headless-shell (tests) or chromium (benchmark); elsewhere point TEST_CHROME_PATH or CHROME_PATH at a Chromium binary.`,
		);
	}
	return chromium.launch({ executablePath, args: chromiumFlags });
}

/** Starlight's two colour themes. */
export type Theme = 'light' | 'dark';

/** The screens the gates check: a laptop and a 375 px phone. */
export const viewports = {
	desktop: { width: 1280, height: 800 },
	phone: { width: 375, height: 812 },
} as const;
export type ViewportName = keyof typeof viewports;

/**
 * A browser context whose pages open in `theme`, chosen the way a returning
 * reader's choice is: Starlight reads `localStorage['starlight-theme']` before
 * first paint. The phone is a touch device that honours the viewport meta tag.
 */
export async function themedContext(browser: Browser, theme: Theme, viewport: ViewportName): Promise<BrowserContext> {
	const phone = viewport === 'phone';
	const context = await browser.newContext({
		viewport: viewports[viewport],
		colorScheme: theme,
		isMobile: phone,
		hasTouch: phone,
	});
	// Only as the starting choice: a theme the reader then picks on a page must survive a reload.
	await context.addInitScript((chosen) => {
		if (!localStorage.getItem('starlight-theme')) localStorage.setItem('starlight-theme', chosen);
	}, theme);
	return context;
}
