export interface FaqEntry {
	question: string;
	/** Paragraphs of plain text. */
	answer: string[];
}

/** schema.org FAQPage structured data for a list of questions and answers. */
export function faqPageSchema(entries: FaqEntry[]) {
	return {
		'@context': 'https://schema.org',
		'@type': 'FAQPage',
		mainEntity: entries.map(({ question, answer }) => ({
			'@type': 'Question',
			name: question,
			acceptedAnswer: { '@type': 'Answer', text: answer.join('\n\n') },
		})),
	};
}

/** JSON for a `<script type="application/ld+json">`, safe to inline in HTML. */
export function toJsonLd(data: unknown): string {
	return JSON.stringify(data).replace(/</g, '\\u003c');
}
