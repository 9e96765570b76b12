/**
 * The components MDX pages may use, in one module: a page imports them from
 * '~/components/mdx' (a unit test holds every page to that). Everything else
 * under src/components/ is internal: the parts these compose, and Starlight's
 * overrides in overrides/.
 */
export { default as CapacityPlanner } from './CapacityPlanner.astro';
export { default as ClaimAndVerdict } from './evidence/ClaimAndVerdict.astro';
export { default as ClaimVerdict } from './ClaimVerdict.astro';
export { default as ClaimsLedger } from './ClaimsLedger.astro';
export { default as ComparisonTable } from './ComparisonTable.astro';
export { default as ContextNote } from './ContextNote.astro';
export { default as Count } from './Count.astro';
export { default as DecisionScore } from './DecisionScore.astro';
export { default as DifferenceCards } from './DifferenceCards.astro';
export { default as EvidenceOverview } from './evidence/EvidenceOverview.astro';
export { default as FaqJsonLd } from './FaqJsonLd.astro';
export { default as FaqList } from './FaqList.astro';
export { default as HomeAnswer } from './HomeAnswer.astro';
export { default as ModelCheck } from './capacity/ModelCheck.astro';
export { default as RequestPathsDiagram } from './RequestPathsDiagram.astro';
export { default as RerunCheck } from './evidence/RerunCheck.astro';
export { default as Rule } from './evidence/Rule.astro';
export { default as RunCount } from './evidence/RunCount.astro';
export { default as RunMethod } from './evidence/RunMethod.astro';
export { default as RunNotice } from './evidence/RunNotice.astro';
export { default as Sample } from './Sample.astro';
export { default as SearchTerms } from './SearchTerms.astro';
export { default as VersionsTable } from './VersionsTable.astro';
export { default as WorkloadResults } from './evidence/WorkloadResults.astro';
export { default as WorkloadSetup } from './evidence/WorkloadSetup.astro';
