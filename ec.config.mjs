// @ts-check
import { defineEcConfig } from '@astrojs/starlight/expressive-code';

/**
 * Expressive Code options, read by Starlight. Long lines wrap (keeping their
 * indentation) instead of scrolling sideways: on a 375 px phone a code block
 * reads without horizontal panning, and a block that never scrolls needs no
 * keyboard-focusable scroll region (axe: scrollable-region-focusable,
 * landmark-unique on several unnamed regions).
 */
export default defineEcConfig({
	defaultProps: { wrap: true, hangingIndent: 2 },
});
