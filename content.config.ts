import { siteCollections } from './src/build/collections';

// Every collection's loader and schema: src/build/collections.ts.
export const collections = siteCollections(new URL('./', import.meta.url));
