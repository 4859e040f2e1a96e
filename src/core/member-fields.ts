/**
 * The checks a client can make on a member's fields before asking the service, worded like
 * src/core's issues (API field names in paths, clauses without a final period): the e-mail's
 * shape, the display name, and the form of the scope names (whether a scope exists is for the
 * service). The provider runs them at plan time and the `Member` construct at synth time.
 *
 * The e-mail check is the contract's `format: email`, by the same ajv-formats table the
 * service's request validation uses, so both refuse the same addresses; the numbers are the
 * contract's (`Email`, `InviteMemberRequest`, `GrantedScopes`), kept equal by
 * test/core/member-fields.test.ts. The rules of scope names are src/core's.
 */
import { fullFormats } from 'ajv-formats/dist/formats.js';
import { displayTextProblem, quoteInput } from './display-text.js';
import type { Issue } from './issues.js';
import { KEY_LIMITS, textLength, validateKeyFields } from './key-fields.js';

/** The contract's limits of a member's fields. */
export const MEMBER_LIMITS = {
  /** `Email`: at most 254 characters. */
  email: 254,
  /** `display_name`: 1 to 100 characters. */
  displayName: 100,
  /** `GrantedScopes`: at most 100, as for keys. */
  scopes: KEY_LIMITS.scopes,
} as const;

/** The fields {@link validateMemberFields} checks; leave out what is not known (yet). */
export interface MemberFieldsInput {
  email?: string;
  displayName?: string | null;
  /** Scope names; leave unknown ones out of the list. */
  scopes?: readonly string[];
}

const EMAIL_FORMAT = fullFormats.email;

/** Whether `text` passes the contract's `format: email` as the service checks it. */
export function isEmailAddress(text: string): boolean {
  if (EMAIL_FORMAT instanceof RegExp) return EMAIL_FORMAT.test(text);
  if (typeof EMAIL_FORMAT === 'function') return EMAIL_FORMAT(text) === true;
  throw new Error('ajv-formats no longer defines email as a pattern or a function');
}

/**
 * Issues of the fields given. Paths: `['email']`, `['display_name']`, `['scopes']` (too
 * many) and `['scopes', index]` (a malformed name; index into `scopes` as given).
 */
export function validateMemberFields(input: MemberFieldsInput): Issue[] {
  const issues: Issue[] = [];
  if (input.email !== undefined) {
    const length = textLength(input.email);
    if (length > MEMBER_LIMITS.email) {
      issues.push({ path: ['email'], message: `email is ${length} characters long; an e-mail address has at most ${MEMBER_LIMITS.email}` });
    } else if (!isEmailAddress(input.email)) {
      issues.push({ path: ['email'], message: `${quoteInput(input.email)} is not an e-mail address; write it like "ada@example.com"` });
    }
  }
  if (input.displayName !== undefined && input.displayName !== null) {
    const length = textLength(input.displayName);
    if (length === 0) issues.push({ path: ['display_name'], message: 'display name must not be empty; leave it out for none' });
    else if (length > MEMBER_LIMITS.displayName) {
      issues.push({ path: ['display_name'], message: `display name is ${length} characters long; shorten it to at most ${MEMBER_LIMITS.displayName}` });
    }
    const unsafe = displayTextProblem('display name', input.displayName, 'single_line');
    if (unsafe) issues.push({ path: ['display_name'], message: unsafe });
  }
  if (input.scopes !== undefined) {
    if (input.scopes.length > MEMBER_LIMITS.scopes) {
      issues.push({ path: ['scopes'], message: `a member may hold at most ${MEMBER_LIMITS.scopes} scopes, got ${input.scopes.length}` });
    }
    // The form of each name is src/core's rule for granted scopes (the same for keys).
    for (const issue of validateKeyFields({ scopes: input.scopes })) {
      if (issue.rule === 'scope_name') issues.push({ path: issue.path, message: issue.message });
    }
  }
  return issues;
}
