import { readFileSync, readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { parse } from 'yaml';

export interface DocsPage {
	/** The entry id, as Starlight derives it: `faq`, `differences/orm`, `index`. */
	id: string;
	title: string;
	description: string;
}

/**
 * The pages under `content/docs`, read from their frontmatter, for config that
 * is needed before Astro loads the content collection (llms.txt sets).
 */
export function readDocsPages(docsDir: string): DocsPage[] {
	return readdirSync(docsDir, { recursive: true, encoding: 'utf8' })
		.filter((file) => /\.mdx?$/.test(file))
		.map((file) => {
			const text = readFileSync(join(docsDir, file), 'utf8');
			const frontmatter = /^---\n([\s\S]*?)\n---/.exec(text)?.[1];
			const data = (frontmatter ? parse(frontmatter) : {}) as Partial<DocsPage>;
			const id = relative(docsDir, join(docsDir, file))
				.split(sep)
				.join('/')
				.replace(/\.mdx?$/, '')
				.replace(/\/index$/, '');
			return { id, title: String(data.title ?? id), description: String(data.description ?? '') };
		})
		.sort((a, b) => a.id.localeCompare(b.id));
}
