import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HtmlValidate, type ConfigData, type Message } from 'html-validate';
import { parseHTML } from 'linkedom';
import { root } from '../harness/paths';
import { readDocsPages } from '../src/build/docs-pages';
import { rootDist } from './support/paths';
import { builtHtmlPaths, htmlFileFor } from '../harness/site';

/** html-validate's recommended rules, less three that only judge a style valid HTML may choose. */
const config: ConfigData = {
	extends: ['html-validate:recommended'],
	rules: {
		// Astro writes some void elements as `<meta>` and others as `<meta/>`; HTML allows both.
		'void-style': 'off',
		// Starlight gives each page title id="_top" (the target of "Overview" in the table of
		// contents). HTML allows any id without whitespace; the default wants a leading letter.
		'valid-id': ['error', { relaxed: true }],
		// Starlight's tabs mark their list items role="presentation"; ARIA 1.2 makes
		// role="none" an exact synonym, so preferring one is a matter of style.
		'presentation-role-style': 'off',
	},
};

/**
 * Markup that Starlight or Expressive Code writes and this project cannot
 * change without forking them, or that a rule misjudges: a rule, the elements
 * it may flag (a CSS selector), and why that is acceptable. Anything else the
 * rules flag fails.
 */
const exceptions: { rule: string; elements: string; why: string }[] = [
	{
		rule: 'unique-landmark',
		elements: 'aside.right-sidebar-container, starlight-toc > nav, mobile-starlight-toc > nav',
		why:
			'Starlight wraps its right sidebar in an unnamed <aside> and renders the table of contents twice ' +
			'(phone and desktop), both labelled "On this page"; only one is ever displayed, and axe, which ' +
			'checks the rendered page, finds every landmark unique.',
	},
	{
		rule: 'no-implicit-button-type',
		elements: 'button.sl-menu-button[popovertarget], .expressive-code .copy > button',
		why:
			"Starlight's mobile menu button (it opens a popover) and Expressive Code's copy button sit in no " +
			'form, so their default type changes nothing.',
	},
	{
		rule: 'element-permitted-content',
		elements: '.expressive-code pre > code > div.ec-line, .expressive-code .copy > button > div',
		why:
			'Expressive Code renders each line of a code block as a <div> inside <code>, and draws its copy ' +
			'icon with an empty <div> inside the button; browsers and screen readers read the code text and ' +
			'the button name as they are.',
	},
	{
		rule: 'text-content',
		elements: '.expressive-code .copy > button[title]',
		why:
			"Expressive Code's copy button is named by its title attribute, which the accessible-name " +
			'computation accepts (axe finds it named); html-validate wants text or aria-label.',
	},
];

const pages = await builtHtmlPaths(rootDist);
const validator = new HtmlValidate(config);

interface Finding {
	page: string;
	message: Message;
	/** The exception that covers it, if any. */
	exception: (typeof exceptions)[number] | undefined;
}

async function findings(page: string): Promise<Finding[]> {
	const file = htmlFileFor(rootDist, page);
	const report = await validator.validateFile(file);
	const { document } = parseHTML(await readFile(file, 'utf8'));
	return report.results.flatMap(({ messages }) =>
		messages.map((message) => {
			const element = message.selector ? document.querySelector(message.selector) : null;
			const exception = exceptions.find(
				({ rule, elements }) => rule === message.ruleId && element !== null && element.matches(elements),
			);
			return { page, message, exception };
		}),
	);
}

const all = new Map<string, Finding[]>();
for (const page of pages) all.set(page, await findings(page));

describe('html-validate on every built page', () => {
	it('covers every page of the site', () => {
		// One built page per page source, the 404 page included.
		const sources = readDocsPages(join(root, 'content/docs')).map(({ id }) => (id === 'index' ? '/' : id === '404' ? '/404.html' : `/${id}/`));
		expect(pages).toEqual(sources.sort());
	});

	it.each(pages)('%s has no error', (page) => {
		const errors = all
			.get(page)!
			.filter(({ exception }) => !exception)
			.map(({ message: m }) => `  ${m.line}:${m.column} ${m.ruleId}: ${m.message}\n    at ${m.selector}`);
		expect(errors.length, `${page}:\n${errors.join('\n')}`).toBe(0);
	});

	it.each(exceptions.map((exception) => [exception.rule, exception] as const))(
		'the exception for %s is still needed',
		(_rule, exception) => {
			const used = [...all.values()].flat().some((finding) => finding.exception === exception);
			expect(used, `no page needs the exception for ${exception.rule} on ${exception.elements}; remove it`).toBe(true);
		},
	);
});
