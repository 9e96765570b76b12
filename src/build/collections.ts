import { defineCollection } from 'astro:content';
import { docsLoader } from '@astrojs/starlight/loaders';
import { docsSchema } from '@astrojs/starlight/schema';
import { glob } from 'astro/loaders';
import {
	claim,
	comparisonRow,
	contextSource,
	criterion,
	difference,
	evidenceVerdict,
	faqEntry,
	pageFields,
	preset,
	versionFact,
} from './content-schemas';
import { readYamlList, yamlList } from './yaml-list-loader';
import { labRun } from '../../lab/results';
import { dataFiles, labResultsDir } from './data-files';

/**
 * The site's content collections for the project at `root`: pages through
 * Starlight's loader, each data file through `yamlList()` and its schema in
 * content-schemas.ts. content.config.ts hands over its own folder; the tests'
 * fixture sites hand over theirs, so they check the same wiring on one file.
 */
export function siteCollections(root: URL) {
	const file = (path: string) => new URL(path, root);
	// Recommendations name their basis; a measured one must name an evidence entry
	// and not lean against its verdict, so these schemas read evidence.yaml as it is now.
	const verdicts = () => new Map(readYamlList(file(dataFiles.evidence)).map(({ id, verdict }) => [id, String(verdict)]));
	return {
		docs: defineCollection({ loader: docsLoader(), schema: docsSchema({ extend: pageFields }) }),
		comparison: defineCollection({ loader: yamlList(dataFiles.comparison), schema: () => comparisonRow(verdicts()) }),
		differences: defineCollection({ loader: yamlList(dataFiles.differences), schema: () => difference(verdicts()) }),
		faq: defineCollection({ loader: yamlList(dataFiles.faq), schema: () => faqEntry(verdicts()) }),
		criteria: defineCollection({ loader: yamlList(dataFiles.criteria), schema: () => criterion(verdicts()) }),
		// A schema function runs for each entry, so every preset is checked against
		// the criteria file as it is now: a preset must rate exactly the criteria.
		presets: defineCollection({
			loader: yamlList(dataFiles.presets),
			schema: () => preset(readYamlList(file(dataFiles.criteria)).map(({ id }) => id)),
		}),
		claims: defineCollection({ loader: yamlList(dataFiles.claims), schema: claim }),
		versions: defineCollection({ loader: yamlList(dataFiles.versions), schema: versionFact }),
		evidence: defineCollection({ loader: yamlList(dataFiles.evidence), schema: evidenceVerdict }),
		contextSources: defineCollection({ loader: yamlList(dataFiles.contextSources), schema: contextSource }),
		// The entry id is the file name; the evidence pages pick the run to publish (src/lib/evidence-run.ts).
		lab: defineCollection({ loader: glob({ pattern: '*.json', base: `./${labResultsDir}` }), schema: labRun }),
	};
}
