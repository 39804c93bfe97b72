/// <reference types="next" />
/// <reference types="next/image-types/global" />

// Next.js ambient types (CSS imports, images) for type-checking before the first build;
// `next build` also writes next-env.d.ts, which is not committed.
