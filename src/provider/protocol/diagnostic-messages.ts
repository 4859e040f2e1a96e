/**
 * Diagnostics (errors and warnings) as the provider reports them, and attribute paths that let
 * Terraform point at the exact place in the user's configuration.
 */
import type { Init } from './proto-wire.js';
import * as pb from './generated/messages.js';

/**
 * One step of an attribute path: an attribute of an object or block, the string key of a map
 * element, or the index of a list or tuple element.
 */
export type PathStep = { readonly attribute: string } | { readonly key: string } | { readonly index: number };

/** A path from the root of a resource's value, e.g. `ip_rule[1].cidr`. */
export type AttributePath = readonly PathStep[];

/** Error or warning. */
export type Severity = 'error' | 'warning';

/** A problem to report to the user. */
export interface Diagnostic {
  severity: Severity;
  /** One line, shown after "Error:". */
  summary: string;
  /** Longer explanation; may be several sentences. */
  detail?: string;
  /** Where in the configuration the problem is; Terraform then quotes that line. */
  path?: AttributePath;
}

/**
 * Builds a path from short steps: a string is an attribute name, a number an element index,
 * `{ key }` a map key. `attributePath('ip_rule', 1, 'cidr')` is `ip_rule[1].cidr`.
 */
export function attributePath(...steps: (string | number | { key: string })[]): PathStep[] {
  return steps.map((s) => (typeof s === 'string' ? { attribute: s } : typeof s === 'number' ? { index: s } : { key: s.key }));
}

/** An error diagnostic. */
export function errorDiagnostic(summary: string, detail?: string, path?: AttributePath): Diagnostic {
  return withOptional({ severity: 'error', summary }, detail, path);
}

/** A warning diagnostic. */
export function warningDiagnostic(summary: string, detail?: string, path?: AttributePath): Diagnostic {
  return withOptional({ severity: 'warning', summary }, detail, path);
}

function withOptional(d: Diagnostic, detail: string | undefined, path: AttributePath | undefined): Diagnostic {
  if (detail !== undefined) d.detail = detail;
  if (path !== undefined) d.path = path;
  return d;
}

/** Whether any diagnostic is an error. */
export function hasErrors(diagnostics: readonly Diagnostic[] | undefined): boolean {
  return diagnostics?.some((d) => d.severity === 'error') ?? false;
}

/** Renders a path the way Terraform does: `ip_rule[1].cidr`, `tags["env"]`. */
export function formatAttributePath(path: AttributePath): string {
  let out = '';
  for (const step of path) {
    if ('attribute' in step) out += out ? `.${step.attribute}` : step.attribute;
    else if ('key' in step) out += `[${JSON.stringify(step.key)}]`;
    else out += `[${step.index}]`;
  }
  return out;
}

/** Converts a path to the protocol's AttributePath message. */
export function attributePathToProto(path: AttributePath): Init<pb.AttributePath> {
  return {
    steps: path.map((step) =>
      'attribute' in step
        ? { attributeName: step.attribute }
        : 'key' in step
          ? { elementKeyString: step.key }
          : { elementKeyInt: step.index },
    ),
  };
}

/** Converts a protocol AttributePath back (for tests and tools that read responses). */
export function attributePathFromProto(path: pb.AttributePath): PathStep[] {
  return path.steps.map((s) =>
    s.attributeName !== undefined
      ? { attribute: s.attributeName }
      : s.elementKeyString !== undefined
        ? { key: s.elementKeyString }
        : { index: s.elementKeyInt ?? 0 },
  );
}

/** Converts a diagnostic to the protocol's Diagnostic message. */
export function diagnosticToProto(d: Diagnostic): Init<pb.Diagnostic> {
  const out: Init<pb.Diagnostic> = {
    severity: d.severity === 'error' ? pb.Diagnostic_Severity.ERROR : pb.Diagnostic_Severity.WARNING,
    summary: d.summary,
    detail: d.detail ?? '',
  };
  if (d.path && d.path.length > 0) out.attribute = attributePathToProto(d.path);
  return out;
}

/** Converts a protocol Diagnostic back (used by tests and tools that read responses). */
export function diagnosticFromProto(d: pb.Diagnostic): Diagnostic {
  const severity: Severity = d.severity === pb.Diagnostic_Severity.WARNING ? 'warning' : 'error';
  return withOptional(
    { severity, summary: d.summary },
    d.detail || undefined,
    d.attribute ? attributePathFromProto(d.attribute) : undefined,
  );
}
