// The settings starlight-llms-txt builds from its options; its own declaration
// ships with the package but points at the plugin's docs project, so TypeScript
// cannot use it. Only the fields the EditLink override reads.
declare module 'virtual:starlight-llms-txt/context' {
	export const starlightLllmsTxtContext: {
		customSets: { label: string; slug: string; paths: string[] }[];
	};
}
