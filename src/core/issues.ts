/**
 * Validation issues: what is wrong with a piece of input and where. The server turns a list
 * of them into the `errors` of a problem+json body; the Terraform provider turns each into a
 * diagnostic with an attribute path; the constructs throw them at synth time. One shape for
 * all three is what lets a bad CIDR read the same everywhere.
 */

/** Where in the input an issue is: field names and array indexes, outermost first. */
export type IssuePath = (string | number)[];

/** One thing wrong with the input, worded so that a person knows what to change. */
export interface Issue {
  path: IssuePath;
  message: string;
}

/**
 * Returns `issues` with `prefix` put in front of every path, for checks written against a
 * part of a larger input (a rule checked alone, then reported as `ip_rules[3]`).
 */
export function prefixIssues(prefix: IssuePath, issues: readonly Issue[]): Issue[] {
  return issues.map((issue) => ({ path: [...prefix, ...issue.path], message: issue.message }));
}
