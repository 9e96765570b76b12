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
} from './src/build/content-schemas';
import { readYamlList, yamlList } from './src/build/yaml-list-loader';
import { labRun } from './lab/results';

// Pages: Starlight's loader and schema, with the fields the site adds.
const docs = defineCollection({
	loader: docsLoader(),
	schema: docsSchema({ extend: pageFields }),
});

// The data collections: one YAML list each, schemas in src/build/content-schemas.ts.
// Recommendations name their basis; a measured one must name an evidence entry
// and not lean against its verdict, so these schemas read evidence.yaml as it is now.
const evidenceFile = new URL('./content/data/evidence.yaml', import.meta.url);
const verdicts = () => new Map(readYamlList(evidenceFile).map(({ id, verdict }) => [id, String(verdict)]));
const comparison = defineCollection({ loader: yamlList('content/data/comparison.yaml'), schema: () => comparisonRow(verdicts()) });
const differences = defineCollection({ loader: yamlList('content/data/differences.yaml'), schema: () => difference(verdicts()) });
const faq = defineCollection({ loader: yamlList('content/data/faq.yaml'), schema: () => faqEntry(verdicts()) });
const criteria = defineCollection({ loader: yamlList('content/data/criteria.yaml'), schema: () => criterion(verdicts()) });
const claims = defineCollection({ loader: yamlList('content/data/claims.yaml'), schema: claim });
const versions = defineCollection({ loader: yamlList('content/data/versions.yaml'), schema: versionFact });
const evidence = defineCollection({ loader: yamlList('content/data/evidence.yaml'), schema: evidenceVerdict });
const contextSources = defineCollection({ loader: yamlList('content/data/context-sources.yaml'), schema: contextSource });

// A schema function runs for each entry, so every preset is checked against
// the criteria file as it is now: a preset must rate exactly the criteria.
const criteriaFile = new URL('./content/data/criteria.yaml', import.meta.url);
const presets = defineCollection({
	loader: yamlList('content/data/presets.yaml'),
	schema: () => preset(readYamlList(criteriaFile).map(({ id }) => id)),
});

/**
 * Benchmark lab runs: one JSON file per run in content/data/lab/, written by
 * `npm run lab`. The entry id is the file name; the evidence pages pick the
 * newest full run (see src/lib/evidence-run.ts).
 */
const lab = defineCollection({
	loader: glob({ pattern: '*.json', base: './content/data/lab' }),
	schema: labRun,
});

export const collections = { docs, comparison, differences, faq, criteria, presets, claims, versions, lab, evidence, contextSources };
