import { workDir } from '../../harness/paths';

/** The site built at the root path, as most tests see it. */
export const rootDist = `${workDir}root/`;

/** The site built under a sub-path, as GitHub Pages project sites are served. */
export const subPathDist = `${workDir}sub/`;
export const subPathBase = '/field-guide/';
