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

/** The system Chromium: CHROME_PATH, else Debian's /usr/bin/chromium. */
export const chromiumPath = process.env.CHROME_PATH || '/usr/bin/chromium';

/** Launches the system Chromium. */
export function launchChromium(): Promise<Browser> {
	return chromium.launch({ executablePath: chromiumPath, args: chromiumFlags });
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
