/** Types of commonjs-declarations.mjs, for the tests and the build scripts that import it. */
export declare function writeCommonJsDeclarations(options: { root: string; entries: readonly string[]; outdir: string }): Promise<string[]>;
