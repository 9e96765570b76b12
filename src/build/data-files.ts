/** The data collections' files, relative to the project root: one YAML list each. */
export const dataFiles = {
	comparison: 'content/data/comparison.yaml',
	differences: 'content/data/differences.yaml',
	faq: 'content/data/faq.yaml',
	criteria: 'content/data/criteria.yaml',
	presets: 'content/data/presets.yaml',
	claims: 'content/data/claims.yaml',
	versions: 'content/data/versions.yaml',
	evidence: 'content/data/evidence.yaml',
	contextSources: 'content/data/context-sources.yaml',
} as const;

/** Where `npm run lab` writes its results files, one JSON file per run. */
export const labResultsDir = 'content/data/lab';
