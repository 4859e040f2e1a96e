/**
 * Failures of calls to the service as diagnostics: a problem document becomes an error naming
 * what could not be done, with the service's own explanation and one diagnostic per offending
 * field (pointing at the attribute); a network failure, a timeout or a stop says why the
 * service could not be asked. The failures come as values (service-result.ts).
 */
import { errorDiagnostic, type Diagnostic, type PathStep } from '../framework/index.js';
import { API_KEY_ENV } from '../provider-config.js';
import { problemReference, type ServiceError } from '../service-result.js';

/** API field names that differ from the attribute names (`ip_rules` is the `ip_rule` block). */
const ATTRIBUTE_OF_FIELD: Record<string, string> = { ip_rules: 'ip_rule', grace_period: 'rotation_grace_period' };

/** API fields that stand for another attribute in this call, e.g. `expires_at` sent for `expires_after`. */
export type FieldAttributes = Readonly<Record<string, PathStep[]>>;

/** `body.ip_rules[1].cidr` → the attribute `ip_rule`; other places → no path. */
function attributeOf(fieldPath: string, fields: FieldAttributes): PathStep[] | undefined {
  const match = /^body\.([a-z_]+)/.exec(fieldPath);
  if (!match) return undefined;
  return fields[match[1]!] ?? [{ attribute: ATTRIBUTE_OF_FIELD[match[1]!] ?? match[1]! }];
}

/**
 * Diagnostics for a failed call; `action` completes "Could not ...", e.g. "create the API key".
 * `fields` points API fields at the attributes that gave their values in this call.
 */
export function apiErrorDiagnostics(error: ServiceError, action: string, fields: FieldAttributes = {}): Diagnostic[] {
  const summary = `Could not ${action}`;
  if (error.unreachable !== undefined) return [errorDiagnostic(summary, error.unreachable)];
  const { problem, status } = error;
  const reference = problemReference(error);
  const errors = problem.errors ?? [];
  // A 401 is always about the key the request was made with: here, the provider's own.
  // Said in those words, a reader does not look for the fault in the key being managed.
  if (status === 401) {
    return [errorDiagnostic(summary, `The provider's api_key (${API_KEY_ENV}, or api_key in the provider "keyplane" block) was refused: ${problem.detail} ${reference}`)];
  }
  if (errors.length === 0) return [errorDiagnostic(summary, `${problem.detail} ${reference}`)];
  return errors.map((f) => errorDiagnostic(summary, `${f.message} ${reference}`, attributeOf(f.path, fields)));
}
