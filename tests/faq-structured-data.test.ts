import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root } from '../harness/paths';
import { readYamlList } from '../src/build/yaml-list-loader';
import { rootDist } from './support/paths';
import { loadPage } from '../harness/site';

interface Question {
	'@type': string;
	name: string;
	acceptedAnswer: { '@type': string; text: string };
}

/** The FAQ as data: the page and its JSON-LD both render from it. */
const faq = readYamlList(join(root, 'content/data/faq.yaml')) as unknown as { question: string; answer: (string | object)[] }[];

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
		// One section per entry of faq.yaml, headed by its question.
		expect(headings).toEqual(faq.map(({ question }) => question));
		expect((data.mainEntity as Question[]).map((q) => q.name)).toEqual(headings);
	});

	it('gives each question the answer the page shows, as schema.org Question and Answer', () => {
		const paragraphs = sections.map((section) => [...section.querySelectorAll(':scope > p:not(.see-also)')].map((p) => p.textContent!.trim()));
		expect(data.mainEntity).toHaveLength(faq.length);
		for (const [index, question] of (data.mainEntity as Question[]).entries()) {
			expect(question['@type']).toBe('Question');
			expect(question.acceptedAnswer['@type']).toBe('Answer');
			expect(question.acceptedAnswer.text).toBe(paragraphs[index]!.join('\n\n'));
			// A paragraph per answer paragraph of the data, the prose ones word for word (lab ones are written from the run).
			const answer = faq[index]!.answer;
			expect(paragraphs[index], question.name).toHaveLength(answer.length);
			answer.forEach((paragraph, at) => {
				if (typeof paragraph === 'string') expect(paragraphs[index]![at]).toBe(paragraph);
			});
		}
	});
});
