/**
 * Failures of calls to the service as diagnostics: a problem document becomes an error naming
 * what could not be done, with the service's own explanation and one diagnostic per offending
 * field (pointing at the attribute); a network failure or timeout says the service could not
 * be reached. Anything else is a bug and is thrown on.
 */
import { KeyplaneProblemError, KeyplaneRequestError } from '../../client/index.js';
import { errorDiagnostic, isProviderStopped, ProviderStoppedError, type Diagnostic, type PathStep } from '../framework/index.js';
import { API_KEY_ENV } from '../provider-config.js';

/** API field names that differ from the attribute names (`ip_rules` is the `ip_rule` block). */
const ATTRIBUTE_OF_FIELD: Record<string, string> = { ip_rules: 'ip_rule', grace_period: 'rotation_grace_period' };

/** `body.ip_rules[1].cidr` → the attribute `ip_rule`; other places → no path. */
function attributeOf(fieldPath: string): PathStep[] | undefined {
  const match = /^body\.([a-z_]+)/.exec(fieldPath);
  if (!match) return undefined;
  return [{ attribute: ATTRIBUTE_OF_FIELD[match[1]!] ?? match[1]! }];
}

/** Diagnostics for a failed call; `action` completes "Could not ...", e.g. "create the API key". */
export function apiErrorDiagnostics(error: unknown, action: string): Diagnostic[] {
  const summary = `Could not ${action}`;
  if (error instanceof KeyplaneProblemError) {
    const { problem } = error;
    const reference = `(${problem.code}, HTTP ${error.status}${error.requestId ? `, request ${error.requestId}` : ''})`;
    const fields = problem.errors ?? [];
    // A 401 is always about the key the request was made with: here, the provider's own.
    // Said in those words, a reader does not look for the fault in the key being managed.
    if (error.status === 401) {
      return [errorDiagnostic(summary, `The provider's api_key (${API_KEY_ENV}, or api_key in the provider "keyplane" block) was refused: ${problem.detail} ${reference}`)];
    }
    if (fields.length === 0) return [errorDiagnostic(summary, `${problem.detail} ${reference}`)];
    return fields.map((f) => errorDiagnostic(summary, `${f.message} ${reference}`, attributeOf(f.path)));
  }
  if (isProviderStopped(error)) return [errorDiagnostic(summary, new ProviderStoppedError().message)];
  if (error instanceof KeyplaneRequestError) return [errorDiagnostic(summary, error.message)];
  throw error;
}
