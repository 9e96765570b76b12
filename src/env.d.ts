// Starlight declares `Astro.locals.starlightRoute` and `t()` alongside its integration types.
/// <reference types="@astrojs/starlight" />

// Plain tsc cannot read .astro files; `astro check` types them. What tsc sees
// of a component that a TypeScript module re-exports (src/components/mdx.ts).
declare module '*.astro' {
	const Component: (props: Record<string, unknown>) => unknown;
	export default Component;
}
