/** Types of build-construct-types.mjs, for the tests that import it. */
export declare const DEFAULT_DIR: string;
export declare function buildConstructTypes(options?: { dir?: string }): { names: string[] };
