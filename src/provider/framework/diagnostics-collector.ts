/**
 * Diagnostics with attribute paths, as resources report them, plus the path rules for set
 * elements and the wording of the framework's own "this is a bug" errors.
 */
import {
  attributePath,
  errorDiagnostic,
  hasErrors,
  warningDiagnostic,
  type AttributePath,
  type Diagnostic,
  type PathStep,
} from '../protocol/index.js';

export { attributePath, errorDiagnostic, hasErrors, warningDiagnostic, type AttributePath, type Diagnostic, type PathStep };

/**
 * The path of element `index` of a set (of blocks or values) at `setPath`, for a diagnostic.
 *
 * The protocol cannot name a set element: an AttributePath step is an attribute name, a map key
 * or a list index, and terraform-plugin-go drops a set-element step and everything after it.
 * Terraform resolves a numeric index step after a block name to the index-th block *in the
 * order of the configuration file*, but a set arrives in cty's own order (by hash for
 * objects), which says nothing about the order in the file. So an index is exact only when
 * the set has a single element; otherwise the path stops at the set and Terraform points at
 * the resource (the message must then quote the offending element).
 */
export function setElementPath(setPath: readonly PathStep[], setLength: number, index: number, ...rest: PathStep[]): PathStep[] {
  return setLength === 1 && index === 0 ? [...setPath, { index: 0 }, ...rest] : [...setPath];
}

/** An error that is the provider's fault, worded so that the user knows to report it. */
export function providerBugDiagnostic(summary: string, detail: string, path?: AttributePath): Diagnostic {
  return errorDiagnostic(
    summary,
    `${detail}\n\nThis is a bug in the provider, which should be reported in the provider's own issue tracker.`,
    path,
  );
}

/** Diagnostics collected while working, with shorthands for the two severities. */
export class Diagnostics {
  readonly list: Diagnostic[] = [];

  error(summary: string, detail?: string, path?: AttributePath): this {
    this.list.push(errorDiagnostic(summary, detail, path));
    return this;
  }

  warning(summary: string, detail?: string, path?: AttributePath): this {
    this.list.push(warningDiagnostic(summary, detail, path));
    return this;
  }

  add(...diagnostics: (Diagnostic | readonly Diagnostic[] | undefined)[]): this {
    for (const d of diagnostics) {
      if (d === undefined) continue;
      if (Array.isArray(d)) this.list.push(...(d as Diagnostic[]));
      else this.list.push(d as Diagnostic);
    }
    return this;
  }

  hasErrors(): boolean {
    return hasErrors(this.list);
  }
}
