import { chromium, type Browser } from 'playwright-core';

/** Flags for Debian's Chromium in a sandboxed, offline machine. */
const flags = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];

/** Launches the system Chromium (CHROME_PATH, else /usr/bin/chromium). */
export function launchChromium(): Promise<Browser> {
	return chromium.launch({
		executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
		args: flags,
	});
}
