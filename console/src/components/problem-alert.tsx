/**
 * A refusal of the service as it came: its `detail`, and any field errors that no field on
 * screen shows (those that one does are shown next to it). Announced to screen readers.
 */

import { unshownErrors, type KeyplaneProblem } from '../api.js';

export interface ProblemAlertProps {
  problem: KeyplaneProblem | null | undefined;
  /** Fields the form shows errors for itself, by path under `body` (`name`, `ip_rules`...). */
  shown?: readonly string[];
}

export function ProblemAlert({ problem, shown = [] }: ProblemAlertProps) {
  // The live region stays in the page, so a message that appears in it is announced.
  if (!problem) return <div role="alert" class="problem-slot" />;
  const others = unshownErrors(problem, shown);
  return (
    <div role="alert" class="problem">
      <p>
        <strong>{problem.title}.</strong> {problem.detail}
      </p>
      {others.length > 0 && (
        <ul>
          {others.map((error) => (
            <li key={error.path}>
              <code>{error.path}</code>: {error.message}
            </li>
          ))}
        </ul>
      )}
      {problem.request_id && <p class="muted small">Request {problem.request_id}</p>}
    </div>
  );
}
