// Starlight declares `Astro.locals.starlightRoute` and `t()` alongside its integration types.
/// <reference types="@astrojs/starlight" />
