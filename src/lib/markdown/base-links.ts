import type { HastPluginDefinition } from 'satteri';
import { withBase } from '../paths';

/**
 * Sätteri hast plugin: prefixes the base path to root-relative Markdown links
 * (`[ORM](/differences/orm/)`), so content is written once and works both at
 * `/` and under a sub-path such as `/repo-name/`.
 */
export function baseLinks(base: string): HastPluginDefinition {
	return {
		name: 'base-links',
		element: {
			filter: ['a'],
			visit(node, ctx) {
				const href = node.properties?.['href'];
				if (typeof href !== 'string') return;
				const prefixed = withBase(href, base);
				if (prefixed !== href) ctx.setProperty(node, 'href', prefixed);
			},
		},
	};
}
