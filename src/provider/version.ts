/**
 * The provider's version: package.json's, written in by scripts/build-provider.mjs (esbuild
 * `define`); "0.0.0-dev" when run from source.
 */
export const PROVIDER_VERSION: string = process.env.KEYPLANE_PROVIDER_BUILD_VERSION ?? '0.0.0-dev';
