import { describe, expect, it } from 'vitest';
import { rootDist } from './support/paths';
import { loadPage } from '../harness/site';

interface Question {
	'@type': string;
	name: string;
	acceptedAnswer: { '@type': string; text: string };
}

describe('the FAQ page’s FAQPage structured data', async () => {
	const doc = await loadPage(rootDist, '/faq/');
	const blocks = [...doc.querySelectorAll('script[type="application/ld+json"]')];
	const data = JSON.parse(blocks[0]?.textContent ?? 'null');
	const sections = [...doc.querySelectorAll('.sl-markdown-content section[aria-labelledby]')];

	it('is one JSON-LD block of schema.org type FAQPage', () => {
		expect(blocks).toHaveLength(1);
		expect(data['@context']).toBe('https://schema.org');
		expect(data['@type']).toBe('FAQPage');
	});

	it('lists every question on the page, in order, with the visible wording', () => {
		const headings = sections.map((section) => section.querySelector('h2')!.textContent!.trim());
		expect(headings).toHaveLength(6);
		expect((data.mainEntity as Question[]).map((q) => q.name)).toEqual(headings);
	});

	it('gives each question the answer the page shows, as schema.org Question and Answer', () => {
		const answers = sections.map((section) =>
			[...section.querySelectorAll(':scope > p:not(.see-also)')].map((p) => p.textContent!.trim()).join('\n\n'),
		);
		for (const [index, question] of (data.mainEntity as Question[]).entries()) {
			expect(question['@type']).toBe('Question');
			expect(question.acceptedAnswer['@type']).toBe('Answer');
			expect(question.acceptedAnswer.text.length).toBeGreaterThan(40);
			expect(question.acceptedAnswer.text).toBe(answers[index]);
		}
	});
});
