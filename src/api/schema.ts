// Generated from openapi.yaml by scripts/generate-api-types.mjs (openapi-typescript).
// Do not edit: change openapi.yaml and run `npm run generate`.

export interface paths {
    "/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Liveness probe
         * @description Answers 200 while the process is running. It does not touch the database.
         */
        get: operations["getHealth"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/ready": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Readiness probe
         * @description Answers 200 when the database answers and the service accepts traffic, 503 while it starts or shuts down.
         */
        get: operations["getReadiness"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/myself": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Who am I
         * @description Answers with the calling key itself, its organization and the scopes it effectively holds once `includes` are resolved. Any valid key may call it.
         */
        get: operations["getMyself"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List API keys
         * @description Lists the organization's keys, oldest first, a page at a time. Secrets are never listed.
         */
        get: operations["listKeys"];
        put?: never;
        /**
         * Create an API key
         * @description Creates a key and returns its secret. **The secret is shown exactly once**: only a
         *     keyed hash is stored, so a lost secret cannot be recovered (create a new key). A key
         *     may be granted only scopes the calling key holds itself. Without `expires_at` the key
         *     expires after the organization's default lifetime; `expires_at: null` asks for a key
         *     that never expires, which the organization's policy may refuse.
         */
        post: operations["createKey"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/keys/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Export the key inventory
         * @description The organization's whole key inventory as JSON or CSV, for audits and spreadsheets. Never contains a secret or a secret's hash.
         */
        get: operations["exportKeys"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/keys/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Verify a presented key
         * @description The call an API gateway or backend makes for every request its clients send. Given
         *     the key a client presented, the scopes the request needs and the client's IP
         *     address, it answers whether the key may make the request, with a machine-readable
         *     `code`. An invalid key is a `200` with `valid: false`; a `401` or `403` here is about
         *     the calling key, not the presented one.
         *
         *     Each verification counts against the **presented** key's rate limit (and answers
         *     `RATE_LIMITED` over it); the calling key's own calls to this operation are not
         *     limited. A key of another organization is `NOT_FOUND`. When the presented key has IP
         *     rules and no `ip` is given, the answer is `IP_NOT_ALLOWED`.
         *
         *     Codes are decided in this order: `MALFORMED`, `NOT_FOUND`, `REVOKED`, `EXPIRED`,
         *     `NOT_YET_VALID`, `IP_NOT_ALLOWED`, `INSUFFICIENT_SCOPE`, `RATE_LIMITED`, `VALID`.
         *
         *     A verification is a question, not a change (`x-keyplane-safe`): it writes nothing on
         *     the request path (refusals reach the audit trail through a batched, coalescing
         *     recorder) and is never replayed. An `Idempotency-Key` header is ignored here, so a
         *     retried verification always judges the key as it is now: a key revoked in between
         *     answers `REVOKED`.
         *
         *     Refusals are counted per end client (the `ip` given): past 30 a minute, that
         *     client's refusing verdicts are held about a second before they are sent (the verdict
         *     itself is unchanged, and valid keys are never held), so a flood of dead keys through
         *     a gateway waits instead of slowing everyone else. Send `ip` so that only the
         *     offending client waits.
         */
        post: operations["verifyKey"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/gateway/auth": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Forward authentication for a gateway
         * @description The same verification as `POST /v1/keys/verify`, as a gateway's forward-auth
         *     subrequest asks it: nginx `auth_request`, Caddy `forward_auth`, Traefik `ForwardAuth`,
         *     Envoy `ext_authz` (HTTP). The gateway sends its own key in `X-Keyplane-Gateway-Key`
         *     and passes on its client's `X-API-Key` or `Authorization: Bearer` header as it came;
         *     the scopes the route needs go in the auth URL's query (`?scope=read&scope=write`).
         *
         *     The end client's address, for the key's IP rules, is taken from `X-Forwarded-For`,
         *     and only from a gateway whose own address is one of the service's trusted proxies
         *     (`--trusted-proxies`). A request from any other address is refused with 503
         *     `GATEWAY_NOT_TRUSTED`, whatever it carries, so a client cannot dodge IP rules with a
         *     header of its own. A refusal of the gateway's own key is 503 `GATEWAY_KEY_REFUSED`,
         *     never a 401 or 403 its client would take for its own: the gateway fails closed.
         *
         *     - **200**: the key may make the request. The identity headers below are always all
         *       sent (empty when there is nothing to say), so a gateway that copies them onto the
         *       upstream request replaces anything a client sent under those names.
         *     - **401** with `WWW-Authenticate`: the client's key is missing, malformed, unknown,
         *       expired, revoked or not yet valid.
         *     - **403**: the key lacks a scope of the route, or its IP rules refuse the client.
         *     - **429** with `Retry-After`, `RateLimit-Policy` and `RateLimit`: the key is over its
         *       rate limit (each request counts against the client's key, not the gateway's).
         *
         *     Refusals reach the audit trail as for `POST /v1/keys/verify` (`via: gateway`), and an
         *     end client that keeps failing has its refusals held about a second.
         */
        get: operations["authorizeGatewayRequest"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/keys/{key_id}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The key's public id (not its secret).
                 * @example key_01JD3Q6Z8M4Y2W7V5T1R9P0N3K
                 */
                key_id: components["parameters"]["KeyId"];
            };
            cookie?: never;
        };
        /**
         * Get an API key
         * @description One key of the caller's organization. Its secret is never returned again.
         */
        get: operations["getKey"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Update an API key
         * @description Changes the fields given and leaves the others as they are (JSON merge patch
         *     semantics: `null` clears a nullable field). `scopes`, `ip_rules` and `metadata`
         *     are replaced whole. The change applies to the very next request made with the key.
         *     A revoked key cannot be changed (409). The calling key must hold every scope the
         *     changed key holds, after includes (403 `SCOPE_ESCALATION` otherwise), whatever
         *     field it changes.
         */
        patch: operations["updateKey"];
        trace?: never;
    };
    "/v1/keys/{key_id}/revoke": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The key's public id (not its secret).
                 * @example key_01JD3Q6Z8M4Y2W7V5T1R9P0N3K
                 */
                key_id: components["parameters"]["KeyId"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Revoke an API key
         * @description Revokes the key at once and for good: the next request made with it gets 401, and
         *     a revoked key can never be restored. Revoking a key that is already revoked changes
         *     nothing and answers 200, so that retries and `terraform destroy` are safe. The
         *     calling key must hold every scope the revoked key holds, after includes (403
         *     `SCOPE_ESCALATION` otherwise); a key may always revoke itself.
         */
        post: operations["revokeKey"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/keys/{key_id}/rotate": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The key's public id (not its secret).
                 * @example key_01JD3Q6Z8M4Y2W7V5T1R9P0N3K
                 */
                key_id: components["parameters"]["KeyId"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Rotate an API key's secret
         * @description Issues a new secret for the key and returns it, **once**. The key keeps its id, name,
         *     scopes, IP rules, expiry (unless `expires_at` gives a new one) and metadata. An expired
         *     key may be rotated, and renewed with `expires_at`; a revoked one cannot (409). The old secret stays valid for `grace_period`
         *     seconds (0, the default, ends it at once; at most 7 days) so integrations can switch
         *     without downtime. Rotating again during a grace period ends the earlier grace at once:
         *     only the current and the last secret are ever valid. Because the answer holds the
         *     secret, the calling key must hold every scope the rotated key holds (403
         *     `SCOPE_ESCALATION` otherwise).
         */
        post: operations["rotateKey"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/scopes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List the scope catalog
         * @description The organization's own scopes and the built-in ones, sorted by name.
         */
        get: operations["listScopes"];
        put?: never;
        /**
         * Add a scope to the catalog
         * @description Adds a scope. `includes` names existing scopes (own or built-in) that this one grants too; a cycle is refused, and the calling key must hold every scope it includes.
         */
        post: operations["createScope"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/scopes/{scope_name}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The scope's name.
                 * @example write
                 */
                scope_name: components["parameters"]["ScopeNameParam"];
            };
            cookie?: never;
        };
        /**
         * Get a scope
         * @description One scope of the catalog, own or built-in.
         */
        get: operations["getScope"];
        put?: never;
        post?: never;
        /**
         * Delete a scope
         * @description Removes a scope from the catalog. Refused (409) for a built-in scope, a scope another scope includes, or a scope a key that is not revoked still holds.
         */
        delete: operations["deleteScope"];
        options?: never;
        head?: never;
        /**
         * Update a scope
         * @description Changes a scope's description or includes. Built-in scopes cannot be changed (409); an include that would make a cycle is refused (422), and one the calling key does not hold itself is refused (403). Changing `includes` also requires the calling key to hold the scope as it stands, with all it includes, since the change reaches every key holding it (403 `SCOPE_ESCALATION`). Keys holding the scope see the change on their next request.
         */
        patch: operations["updateScope"];
        trace?: never;
    };
    "/v1/audit-events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List audit events
         * @description The organization's audit trail, newest first: every key created, updated, rotated and
         *     revoked, every scope change, and every refused authentication. Events never contain
         *     a secret. Operator keys may pass `organization: none` to read refused authentications
         *     that named no known key.
         */
        get: operations["listAuditEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/organizations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List organizations
         * @description Every organization of the service, oldest first. Operator keys only.
         */
        get: operations["listOrganizations"];
        put?: never;
        /**
         * Create an organization
         * @description Creates an organization and its first administrator key, whose secret is in the
         *     response and **shown only this once**. Operator keys only.
         */
        post: operations["createOrganization"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/organizations/{organization_id}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The organization's id.
                 * @example org_01JD3Q4C2B7N9M5K3H1G8F6D4S
                 */
                organization_id: components["parameters"]["OrganizationId"];
            };
            cookie?: never;
        };
        /**
         * Get an organization
         * @description An operator key may read any organization; an `admin` key only its own (any other id is 404).
         */
        get: operations["getOrganization"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Update an organization
         * @description An `admin` key may change its own organization's `name` and `key_policy`; changing
         *     `plan` or `rate_limit_per_minute` takes an operator key (403 `OPERATOR_ONLY`
         *     otherwise). A new policy applies to keys created or updated after it; existing keys
         *     keep their expiry.
         */
        patch: operations["updateOrganization"];
        trace?: never;
    };
    "/v1/sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List my sessions
         * @description The signed-in member's open sessions, newest first, the current one marked.
         */
        get: operations["listSessions"];
        put?: never;
        /**
         * Sign in
         * @description Signs a member in with their organization's slug, e-mail and password. The session is
         *     in the `Set-Cookie` of the answer; the body has the CSRF token to send as
         *     `X-CSRF-Token` with every request that is not a `GET`. A wrong password, an unknown
         *     e-mail, an invited, suspended or locked-out member all get the same 401
         *     `INVALID_CREDENTIALS`, after the same work, so the answer tells nothing about who is a
         *     member. Ten attempts a minute per e-mail, thirty per address; ten failures in a row
         *     lock the member out until an administrator unlocks them.
         */
        post: operations["signIn"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sessions/current": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The current session
         * @description The session the request was made with, its member, organization, effective scopes and CSRF token. The console calls it on load.
         */
        get: operations["getCurrentSession"];
        put?: never;
        post?: never;
        /**
         * Sign out
         * @description Ends the current session and clears its cookie.
         */
        delete: operations["signOut"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sessions/current/password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Change my password
         * @description Changes the signed-in member's password, given the current one, and ends every other session of theirs.
         */
        post: operations["changePassword"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sessions/{session_id}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The session's public id (not its token). */
                session_id: components["parameters"]["SessionIdParam"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * End one of my sessions
         * @description Ends one of the signed-in member's sessions (a browser left signed in elsewhere). Another member's session is 404.
         */
        delete: operations["revokeSession"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/invitations/accept": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Accept an invitation
         * @description Accepts an invitation (or a password reset link, or the first owner's set-up link):
         *     sets the member's password, activates them and signs them in. The token comes from the
         *     link an administrator passed on; it works once and expires. An unknown, used or expired
         *     token gets 401 `INVITATION_INVALID`: ask an administrator for a new link. The first
         *     owner's set-up link has no e-mail yet: `email` is required then, and ignored otherwise.
         */
        post: operations["acceptInvitation"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/members": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List members
         * @description The organization's members, oldest first, a page at a time. Never a password or a token.
         */
        get: operations["listMembers"];
        put?: never;
        /**
         * Invite a member
         * @description Invites a person by e-mail with the scopes they will hold, and returns a one-time
         *     invitation link. **The link is shown exactly once** (only a keyed hash of its token is
         *     stored); pass it on to the person, who sets a password with it. Keyplane sends no
         *     e-mail. The link expires after 7 days; `POST /v1/members/{member_id}/invitation`
         *     makes a new one. Only scopes the caller holds may be granted.
         */
        post: operations["inviteMember"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/members/{member_id}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The member's id.
                 * @example mem_01JD3Q6Z8M4Y2W7V5T1R9P0N3K
                 */
                member_id: components["parameters"]["MemberIdParam"];
            };
            cookie?: never;
        };
        /** Get a member */
        get: operations["getMember"];
        put?: never;
        post?: never;
        /**
         * Remove a member
         * @description Removes a member and ends their sessions. Their keys stay, and the audit trail keeps who created what. A member cannot remove themselves.
         */
        delete: operations["deleteMember"];
        options?: never;
        head?: never;
        /**
         * Update a member
         * @description Changes a member's display name, scopes or status. `status: suspended` ends their
         *     sessions at once and keeps them out until `status: active`; their keys stay (keys
         *     belong to the organization). Only a member holding no more than the caller may be
         *     changed, and only to scopes the caller holds. A member cannot suspend themselves or
         *     change their own scopes.
         */
        patch: operations["updateMember"];
        trace?: never;
    };
    "/v1/members/{member_id}/invitation": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The member's id.
                 * @example mem_01JD3Q6Z8M4Y2W7V5T1R9P0N3K
                 */
                member_id: components["parameters"]["MemberIdParam"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Make a new invitation or password reset link
         * @description Makes a new one-time link for a member, **shown exactly once**, and voids any earlier
         *     one. For an invited member it is a new invitation (the old one expired or was lost);
         *     for an active member it is a password reset link: accepting it sets a new password and
         *     ends their other sessions. A suspended member gets 409: reactivate them first.
         */
        post: operations["reissueInvitation"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/members/{member_id}/unlock": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The member's id.
                 * @example mem_01JD3Q6Z8M4Y2W7V5T1R9P0N3K
                 */
                member_id: components["parameters"]["MemberIdParam"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Lift a lock-out
         * @description Lets a member locked out after too many failed sign-ins sign in again. Unlocking a member who is not locked changes nothing.
         */
        post: operations["unlockMember"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/members/{member_id}/sessions": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The member's id.
                 * @example mem_01JD3Q6Z8M4Y2W7V5T1R9P0N3K
                 */
                member_id: components["parameters"]["MemberIdParam"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Sign a member out everywhere
         * @description Ends every session of the member at once (a lost laptop, a person leaving). They may sign in again unless suspended.
         */
        delete: operations["revokeMemberSessions"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /** @description A key's or a member's id. */
        ActorId: string;
        /** @example mem_01JD3Q6Z8M4Y2W7V5T1R9P0N3K */
        MemberId: string;
        /** @example ses_01JD3Q6Z8M4Y2W7V5T1R9P0N3K */
        SessionId: string;
        /** @description Who made a change or a request. `display` is how they were named at the time, kept when the key or member is gone. */
        Actor: {
            /**
             * @description `key` an API key, `member` a signed-in person, `system` the service itself (the first admin key, made at the first start).
             * @enum {string}
             */
            type: "key" | "member" | "system";
            /** @description The key's or member's id; `bootstrap` for the system. */
            id: string;
            /** @description A key's name and hint, a member's name and e-mail, or `bootstrap`. */
            display: string;
        };
        /**
         * Format: email
         * @description An e-mail address (`name@example.com`); the shortest there can be is five characters (`a@b.c`).
         * @example ada@example.com
         */
        Email: string;
        /** @enum {string} */
        MemberStatus: "invited" | "active" | "suspended";
        /** @description A person of the organization. Never holds a password or a token. */
        Member: {
            id: components["schemas"]["MemberId"];
            organization_id: components["schemas"]["OrganizationId"];
            /** @description Unique in the organization, ignoring case. Null only for a first owner who has not yet used their set-up link. */
            email: components["schemas"]["Email"] | null;
            display_name: string | null;
            /** @description The scopes granted directly, sorted by name. */
            scopes: components["schemas"]["ScopeName"][];
            status: components["schemas"]["MemberStatus"];
            /** @description Locked out after too many failed sign-ins, until an administrator unlocks them. */
            locked: boolean;
            locked_at: components["schemas"]["Timestamp"] | null;
            /** @description Until when the member's open invitation or reset link works; null = none is open. */
            invitation_expires_at: components["schemas"]["Timestamp"] | null;
            created_at: components["schemas"]["Timestamp"];
            created_by: components["schemas"]["Actor"];
            updated_at: components["schemas"]["Timestamp"];
            last_sign_in_at: components["schemas"]["Timestamp"] | null;
        };
        MemberPage: {
            data: components["schemas"]["Member"][];
            next_cursor: string | null;
        };
        InviteMemberRequest: {
            email: components["schemas"]["Email"];
            display_name?: string;
            scopes: components["schemas"]["GrantedScopes"];
        };
        UpdateMemberRequest: {
            display_name?: string | null;
            scopes?: components["schemas"]["GrantedScopes"];
            /**
             * @description `suspended` ends the member's sessions and keeps them out; `active` lets them back. An invited member becomes active only by accepting.
             * @enum {string}
             */
            status?: "active" | "suspended";
        };
        /** @description A one-time link, shown only in the answer that makes it. */
        Invitation: {
            /**
             * @description The link to pass on; the token is in its fragment, so it never reaches a server log.
             * @example http://127.0.0.1:8080/console/#/accept-invitation?token=kpi_…
             */
            url: string;
            /** @description The token alone, for `POST /v1/invitations/accept`. */
            token: string;
            expires_at: components["schemas"]["Timestamp"];
            /** @enum {string} */
            purpose: "invitation" | "password_reset" | "owner_setup";
        };
        InvitedMember: {
            member: components["schemas"]["Member"];
            invitation: components["schemas"]["Invitation"];
        };
        /** @description Scopes from the catalog; the caller must hold each of them. */
        GrantedScopes: components["schemas"]["ScopeName"][];
        /** @description At least 15 characters, at most 256; not one of the most common passwords. */
        Password: string;
        SignInRequest: {
            /** @description The organization's slug. */
            organization: string;
            email: string;
            password: string;
        };
        AcceptInvitationRequest: {
            token: string;
            password: components["schemas"]["Password"];
            email?: components["schemas"]["Email"];
            display_name?: string;
        };
        ChangePasswordRequest: {
            current_password: string;
            new_password: components["schemas"]["Password"];
        };
        /** @description A signed-in session. Never holds its token. */
        Session: {
            id: components["schemas"]["SessionId"];
            member_id: components["schemas"]["MemberId"];
            organization_id: components["schemas"]["OrganizationId"];
            created_at: components["schemas"]["Timestamp"];
            last_seen_at: components["schemas"]["Timestamp"];
            /** @description When the session ends unless used before; within a few seconds. */
            idle_expires_at: components["schemas"]["Timestamp"];
            /** @description When the session ends however much it is used. */
            expires_at: components["schemas"]["Timestamp"];
            /** @description The address it was signed in from. */
            ip: string | null;
            /** @description The browser it was signed in with, as it named itself (at most 200 characters). */
            user_agent: string | null;
            /** @description This is the session the request was made with. */
            current: boolean;
        };
        SessionList: {
            data: components["schemas"]["Session"][];
        };
        SignedIn: {
            session: components["schemas"]["Session"];
            member: components["schemas"]["Member"];
            organization: components["schemas"]["Organization"];
            effective_scopes: components["schemas"]["ScopeName"][];
            /** @description Send it as `X-CSRF-Token` with every request of this session that is not a `GET`. */
            csrf_token: string;
        };
        SessionsEnded: {
            /** @description How many sessions were ended. */
            ended: number;
        };
        /** @description How long the organization's members stay signed in. */
        SessionPolicy: {
            /** @description A session unused this long ends (default 1,800, half an hour). */
            idle_timeout_seconds: number;
            /** @description A session ends this long after sign-in however much it is used (default 43,200, twelve hours). */
            absolute_timeout_seconds: number;
        };
        /** @description Fields to set; others keep their value (or the default on create). */
        SessionPolicyInput: {
            idle_timeout_seconds?: number;
            absolute_timeout_seconds?: number;
        };
        /**
         * @description Public id of a key; safe to log and share.
         * @example key_01JD3Q6Z8M4Y2W7V5T1R9P0N3K
         */
        KeyId: string;
        /** @example org_01JD3Q4C2B7N9M5K3H1G8F6D4S */
        OrganizationId: string;
        /**
         * @description Letters, digits and `_ . : -`, starting with a letter, at most 64 characters.
         * @example EXPORT_READ
         * @example agentic
         * @example keys:read
         */
        ScopeName: string;
        /**
         * Format: date-time
         * @description RFC 3339 time, in UTC on output.
         * @example 2026-11-22T10:00:00.000Z
         */
        Timestamp: string;
        /**
         * @description Derived from `revoked_at`, `expires_at` and `not_before` at the time of the request.
         * @enum {string}
         */
        KeyStatus: "active" | "expired" | "revoked" | "not_yet_valid";
        /**
         * @description The subscription plan; it decides the default rate limit (Free 60, Team 500, Business 2,000 requests a minute; Enterprise as configured).
         * @enum {string}
         */
        Plan: "free" | "team" | "business" | "enterprise";
        /**
         * @description Free-form labels, at most 50 pairs; keys up to 64 characters, values up to 500.
         * @example {
         *       "team": "finance",
         *       "ticket": "FIN-1234"
         *     }
         */
        Metadata: {
            [key: string]: string;
        };
        /**
         * @description Allows or denies an address or CIDR block. A request is refused if its address matches any `deny`; when there is at least one `allow`, the address must match one of them; no rules allow every address. Order does not matter.
         * @example {
         *       "action": "allow",
         *       "cidr": "203.0.113.0/24",
         *       "note": "Office"
         *     }
         */
        IpRule: {
            /** @enum {string} */
            action: "allow" | "deny";
            /** @description An IPv4 or IPv6 address or CIDR block, such as `203.0.113.0/24` or `2001:db8::/32`. A bare address means that single address. Returned in canonical form (host bits cleared, IPv6 compressed). */
            cidr: string;
            /** @description Why the rule exists. */
            note?: string | null;
        };
        IpRules: components["schemas"]["IpRule"][];
        ScopeList: {
            data: components["schemas"]["Scope"][];
        };
        Scope: {
            name: components["schemas"]["ScopeName"];
            description: string | null;
            /** @description Scopes this one grants too, directly; includes of includes apply as well. */
            includes: components["schemas"]["ScopeName"][];
            /** @description Built-in scopes guard Keyplane's own API and cannot be changed or deleted. */
            built_in: boolean;
            /** @description Null for built-in scopes. */
            created_at: components["schemas"]["Timestamp"] | null;
            /** @description Null for built-in scopes. */
            updated_at: components["schemas"]["Timestamp"] | null;
        };
        CreateScopeRequest: {
            name: components["schemas"]["ScopeName"];
            description?: string | null;
            /** @default [] */
            includes?: components["schemas"]["ScopeName"][];
        };
        UpdateScopeRequest: {
            description?: string | null;
            includes?: components["schemas"]["ScopeName"][];
        };
        /** @description An API key as the service stores it. Never contains the secret. */
        ApiKey: {
            id: components["schemas"]["KeyId"];
            organization_id: components["schemas"]["OrganizationId"];
            name: string;
            description: string | null;
            /** @description The scopes granted directly, sorted by name. */
            scopes: components["schemas"]["ScopeName"][];
            /** @description When the key stops working; null = never. */
            expires_at: components["schemas"]["Timestamp"] | null;
            /** @description When the key starts working; null = at once. */
            not_before: components["schemas"]["Timestamp"] | null;
            /** @description The rules in canonical order (by action, then address). */
            ip_rules: components["schemas"]["IpRule"][];
            metadata: components["schemas"]["Metadata"];
            /**
             * @description The secret's prefix and last four characters, to recognise a key without revealing it.
             * @example nm_acme_…GeZq
             */
            hint: string;
            status: components["schemas"]["KeyStatus"];
            /** @description The key's own limit; null = the organization's plan. */
            rate_limit_per_minute: number | null;
            created_at: components["schemas"]["Timestamp"];
            created_by: components["schemas"]["Actor"];
            updated_at: components["schemas"]["Timestamp"];
            /** @description Last successful use, recorded within a few seconds; null = never used. */
            last_used_at: components["schemas"]["Timestamp"] | null;
            revoked_at: components["schemas"]["Timestamp"] | null;
            /** @description When the secret was last rotated. */
            rotated_at: components["schemas"]["Timestamp"] | null;
            /** @description Until when the secret replaced by the last rotation still works; null = it no longer does. */
            previous_secret_expires_at: components["schemas"]["Timestamp"] | null;
        };
        /**
         * @description A key together with its secret. **The only schema that contains a secret**, returned
         *     once by `createKey`, `rotateKey` and `createOrganization` (its first admin key).
         *     Store the secret at once: it cannot be read again.
         */
        ApiKeyWithSecret: components["schemas"]["ApiKey"] & {
            /**
             * @description The full key: `<issuer>_<tag>_<32 base62><6 base62 checksum>`. Shown only this once.
             * @example nm_acme_4Wc9ZqL2hT8vKx1bNf3RmY6pDs0aGe7J1Ah2Rz
             */
            secret: string;
        };
        ApiKeyPage: {
            data: components["schemas"]["ApiKey"][];
            /** @description Pass as `cursor` for the next page; null on the last page. */
            next_cursor: string | null;
        };
        KeyExport: {
            organization_id: components["schemas"]["OrganizationId"];
            exported_at: components["schemas"]["Timestamp"];
            keys: components["schemas"]["ApiKey"][];
        };
        CreateKeyRequest: {
            /** @description What the key is for, e.g. `CRM Sync`. */
            name: string;
            description?: string | null;
            /**
             * @description Scopes from the catalog; the calling key must hold each of them.
             * @default []
             */
            scopes?: components["schemas"]["ScopeName"][];
            /** @description Leave out for the organization's default lifetime; null = never expires (if the policy allows). Must be in the future and within the policy's maximum. */
            expires_at?: components["schemas"]["Timestamp"] | null;
            expires_in?: components["schemas"]["ExpiresIn"];
            /** @description The key does not work before this time. */
            not_before?: components["schemas"]["Timestamp"] | null;
            ip_rules?: components["schemas"]["IpRules"];
            metadata?: components["schemas"]["Metadata"];
            /** @description The key's own limit instead of the plan's. */
            rate_limit_per_minute?: number | null;
        };
        UpdateKeyRequest: {
            name?: string;
            description?: string | null;
            scopes?: components["schemas"]["ScopeName"][];
            /** @description null = never expires (if the policy allows). */
            expires_at?: components["schemas"]["Timestamp"] | null;
            expires_in?: components["schemas"]["ExpiresIn"];
            not_before?: components["schemas"]["Timestamp"] | null;
            ip_rules?: components["schemas"]["IpRules"];
            metadata?: components["schemas"]["Metadata"];
            rate_limit_per_minute?: number | null;
        };
        /**
         * @description The key expires this many seconds from now, counted by the service's clock, so a
         *     lifetime exactly at the policy's maximum is never refused because the client's clock
         *     runs ahead. The alternative to `expires_at`: give one or the other (422
         *     `INVALID_EXPIRY` when both are given). Checked against the policy's maximum like
         *     `expires_at` (422 `TTL_EXCEEDS_POLICY`).
         */
        ExpiresIn: number;
        RevokeKeyRequest: {
            /** @description Kept in the audit trail. */
            reason?: string;
        };
        RotateKeyRequest: {
            /**
             * @description Seconds the old secret keeps working (at most 7 days). A key that had already expired gets no grace period, whatever is asked; its old secret had stopped working, and a rotation does not bring it back.
             * @default 0
             */
            grace_period?: number;
            /**
             * @description A new expiry for the key, set together with the new secret (in the same change, so
             *     no one ever sees the new secret with the old expiry). Leave out to keep the key's
             *     expiry; `null` = never expires (if the policy allows). Checked like `expires_at`
             *     of an update: in the future, after `not_before`, and within the policy's maximum
             *     (422 `INVALID_EXPIRY` or `TTL_EXCEEDS_POLICY`, and nothing is rotated). This is how
             *     an expired key is rotated back into use.
             */
            expires_at?: components["schemas"]["Timestamp"] | null;
            expires_in?: components["schemas"]["ExpiresIn"];
        };
        VerifyKeyRequest: {
            /** @description The key the client presented, exactly as sent. */
            key: string;
            /** @description Scopes the request needs; each must be held, directly or through includes. */
            required_scopes?: components["schemas"]["ScopeName"][];
            /** @description The client's IP address (IPv4 or IPv6) as the gateway saw it. */
            ip?: string;
        };
        /**
         * @description Why the key is or is not valid.
         * @enum {string}
         */
        VerifyCode: "VALID" | "MALFORMED" | "NOT_FOUND" | "EXPIRED" | "REVOKED" | "NOT_YET_VALID" | "IP_NOT_ALLOWED" | "INSUFFICIENT_SCOPE" | "RATE_LIMITED";
        VerifyKeyResponse: {
            valid: boolean;
            code: components["schemas"]["VerifyCode"];
            /** @description The verdict in words. */
            detail: string;
            /** @description The key, when it was found in the caller's organization; null for `MALFORMED` and `NOT_FOUND`. */
            key: components["schemas"]["VerifiedKey"] | null;
            /** @description With `INSUFFICIENT_SCOPE`, the required scopes the key lacks. */
            missing_scopes?: components["schemas"]["ScopeName"][];
            rate_limit?: components["schemas"]["RateLimitState"];
        };
        VerifiedKey: {
            id: components["schemas"]["KeyId"];
            organization_id: components["schemas"]["OrganizationId"];
            name: string;
            scopes: components["schemas"]["ScopeName"][];
            /** @description Every scope the key holds once includes are resolved. */
            effective_scopes: components["schemas"]["ScopeName"][];
            metadata: components["schemas"]["Metadata"];
            expires_at: components["schemas"]["Timestamp"] | null;
            status: components["schemas"]["KeyStatus"];
        };
        /** @description The presented key's rate limit after this verification. */
        RateLimitState: {
            /** @description Requests allowed in the window. */
            limit: number;
            remaining: number;
            /** @description Seconds until the window resets. */
            reset_seconds: number;
        };
        Myself: {
            actor: components["schemas"]["Actor"];
            /** @description The calling key; null when a member calls with their session. */
            key: components["schemas"]["ApiKey"] | null;
            /** @description The signed-in member; null when a key calls. */
            member: components["schemas"]["Member"] | null;
            organization: components["schemas"]["Organization"];
            effective_scopes: components["schemas"]["ScopeName"][];
        };
        /** @description How the organization's keys are made. */
        KeyPolicy: {
            /** @description Lifetime of a key created without `expires_at`; null = such keys never expire. */
            default_ttl_seconds: number | null;
            /** @description Longest lifetime allowed; null = no limit, and keys may never expire. */
            max_ttl_seconds: number | null;
            /** @description First part of every secret. */
            issuer_prefix: string;
            /**
             * @description `organization` puts the slug in the secret (`nm_acme_…`), `environment` the environment tag (`nm_live_…`).
             * @enum {string}
             */
            tag_style: "organization" | "environment";
            /** @description The tag used when `tag_style` is `environment`. */
            environment_tag: string | null;
        };
        /** @description Fields to set; others keep their value (or the default on create). */
        KeyPolicyInput: {
            default_ttl_seconds?: number | null;
            max_ttl_seconds?: number | null;
            issuer_prefix?: string;
            /** @enum {string} */
            tag_style?: "organization" | "environment";
            environment_tag?: string | null;
        };
        Organization: {
            id: components["schemas"]["OrganizationId"];
            /** @description Lowercase letters and digits; the tag in the organization's secrets. */
            slug: string;
            name: string;
            plan: components["schemas"]["Plan"];
            /** @description Configured limit for each key; required for `enterprise`, overrides the plan otherwise. */
            rate_limit_per_minute: number | null;
            /** @description The limit each key gets unless it has its own. */
            effective_rate_limit_per_minute: number;
            /** @description The operator organization manages the others. */
            is_operator: boolean;
            key_policy: components["schemas"]["KeyPolicy"];
            session_policy: components["schemas"]["SessionPolicy"];
            created_at: components["schemas"]["Timestamp"];
            updated_at: components["schemas"]["Timestamp"];
        };
        OrganizationPage: {
            data: components["schemas"]["Organization"][];
            next_cursor: string | null;
        };
        CreateOrganizationRequest: {
            slug: string;
            name: string;
            plan?: components["schemas"]["Plan"];
            rate_limit_per_minute?: number | null;
            key_policy?: components["schemas"]["KeyPolicyInput"];
            session_policy?: components["schemas"]["SessionPolicyInput"];
        };
        CreatedOrganization: {
            organization: components["schemas"]["Organization"];
            admin_key: components["schemas"]["ApiKeyWithSecret"];
            /** @description The one-time link that sets up the organization's first owner (a member holding `admin`), shown only this once. */
            owner_invitation: components["schemas"]["Invitation"];
        };
        UpdateOrganizationRequest: {
            name?: string;
            plan?: components["schemas"]["Plan"];
            rate_limit_per_minute?: number | null;
            key_policy?: components["schemas"]["KeyPolicyInput"];
            session_policy?: components["schemas"]["SessionPolicyInput"];
        };
        /** @enum {string} */
        AuditAction: "organization.created" | "organization.updated" | "key.created" | "key.updated" | "key.rotated" | "key.revoked" | "scope.created" | "scope.updated" | "scope.deleted" | "auth.refused" | "audit.dropped" | "member.invited" | "member.joined" | "member.updated" | "member.deleted" | "member.locked" | "member.unlocked" | "member.invitation_reissued" | "member.password_changed" | "session.created" | "session.refused" | "session.ended" | "session.revoked";
        AuditEvent: {
            id: string;
            /** @description Null for refused authentications that named no known key. */
            organization_id: components["schemas"]["OrganizationId"] | null;
            action: components["schemas"]["AuditAction"];
            /** @description Who made the request; null when no key or member was recognised. */
            actor: components["schemas"]["Actor"] | null;
            /** @description The key that made the request (as `actor.id` when `actor.type` is `key`); null otherwise. */
            actor_key_id: components["schemas"]["KeyId"] | null;
            /** @enum {string|null} */
            target_type: "organization" | "api_key" | "scope" | "member" | "session" | null;
            target_id: string | null;
            /** @description The client address as the service determined it. */
            ip: string | null;
            request_id: string;
            occurred_at: components["schemas"]["Timestamp"];
            /**
             * @description What changed (`changes` with `from` and `to` for each field) or why authentication was refused (`code`, `hint`, and `via: verify` for a refused verification). Never a secret.
             *
             *     Refusals are written by a bounded recorder off the request path, within seconds: repeats within one window (same key, hint, address and code) become one event with `count`, `first_at` and `last_at`; past 20 refusals a minute from one source (address, or the end client's address for a verification) the rest are folded into one event per code with `folded: true`. When the recorder's bound is hit, an `audit.dropped` event (no organization, operators only, `request_id` `recorder`) counts the refusals it could not keep.
             */
            details: {
                [key: string]: unknown;
            };
        };
        AuditEventPage: {
            data: components["schemas"]["AuditEvent"][];
            next_cursor: string | null;
        };
        Health: {
            /** @enum {string} */
            status: "ok";
        };
        /**
         * @description Stable, machine-readable reason. New codes may be added; existing ones never change meaning.
         * @enum {string}
         */
        ProblemCode: "VALIDATION_FAILED" | "MALFORMED_JSON" | "MISSING_KEY" | "MALFORMED_KEY" | "UNKNOWN_KEY" | "EXPIRED_KEY" | "REVOKED_KEY" | "KEY_NOT_YET_VALID" | "INSUFFICIENT_SCOPE" | "IP_NOT_ALLOWED" | "SCOPE_ESCALATION" | "OPERATOR_ONLY" | "NOT_FOUND" | "KEY_NOT_FOUND" | "SCOPE_NOT_FOUND" | "ORGANIZATION_NOT_FOUND" | "METHOD_NOT_ALLOWED" | "IDEMPOTENCY_KEY_REUSED" | "IDEMPOTENCY_REQUEST_IN_PROGRESS" | "IDEMPOTENCY_REPLAY_STALE" | "GATEWAY_NOT_TRUSTED" | "GATEWAY_KEY_REFUSED" | "MEMBER_NOT_FOUND" | "SESSION_NOT_FOUND" | "MEMBER_EMAIL_TAKEN" | "MEMBER_NOT_ACTIVE" | "MEMBER_SELF_CHANGE" | "INVALID_CREDENTIALS" | "INVALID_SESSION" | "SESSION_REQUIRED" | "CSRF_TOKEN_INVALID" | "INVITATION_INVALID" | "WEAK_PASSWORD" | "KEY_REVOKED" | "SCOPE_EXISTS" | "SCOPE_IN_USE" | "SCOPE_BUILT_IN" | "ORGANIZATION_SLUG_TAKEN" | "PAYLOAD_TOO_LARGE" | "UNSUPPORTED_MEDIA_TYPE" | "UNKNOWN_SCOPE" | "INVALID_IP_RULE" | "INVALID_EXPIRY" | "TTL_EXCEEDS_POLICY" | "SCOPE_CYCLE" | "INVALID_SCOPE_INCLUDES" | "INVALID_POLICY" | "INVALID_RATE_LIMIT" | "INVALID_TEXT" | "RATE_LIMITED" | "SERVICE_UNAVAILABLE" | "INTERNAL_ERROR";
        FieldError: {
            /** @description Where the problem is, e.g. `body.ip_rules[1].cidr` or `query.limit`. */
            path: string;
            message: string;
        };
        /** @description An RFC 9457 problem document. */
        Problem: {
            /**
             * Format: uri
             * @description Identifies the kind of problem; one per `code`.
             */
            type: string;
            /** @description A short summary of the kind of problem. */
            title: string;
            status: number;
            /** @description What went wrong in this case, and what to do about it. */
            detail: string;
            /** @description The request path. */
            instance?: string;
            code: components["schemas"]["ProblemCode"];
            /** @description Quote it when asking for help; it is in the service's logs. */
            request_id: string;
            /** @description For validation problems, one entry per offending field. */
            errors?: components["schemas"]["FieldError"][];
        };
    };
    responses: {
        /** @description The request is not what the contract allows (bad JSON, a wrong type, a missing or unknown field); `errors` names each field. */
        BadRequest: {
            headers: {
                "X-Request-Id": components["headers"]["RequestId"];
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description The calling key is missing, malformed, unknown, expired, revoked or not yet valid; or the session has ended (its cookie is cleared), or the sign-in or invitation was refused. */
        Unauthorized: {
            headers: {
                "X-Request-Id": components["headers"]["RequestId"];
                /** @description Names the scheme to use: `Bearer realm="keyplane"`. */
                "WWW-Authenticate"?: string;
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description The calling key or member lacks the scope the operation needs, the key's IP rules refuse the address, or a request made with the session cookie lacks its `X-CSRF-Token`. */
        Forbidden: {
            headers: {
                "X-Request-Id": components["headers"]["RequestId"];
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description There is no such object in the caller's organization. */
        NotFound: {
            headers: {
                "X-Request-Id": components["headers"]["RequestId"];
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description The request conflicts with the object's state (a revoked key, a scope in use, a reused idempotency key). */
        Conflict: {
            headers: {
                "X-Request-Id": components["headers"]["RequestId"];
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description The body is larger than the service accepts (256 KiB). */
        PayloadTooLarge: {
            headers: {
                "X-Request-Id": components["headers"]["RequestId"];
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description A body was sent with a media type other than `application/json`. */
        UnsupportedMediaType: {
            headers: {
                "X-Request-Id": components["headers"]["RequestId"];
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /**
         * @description The request is well-formed but breaks a rule (an unknown scope, a bad CIDR, an expiry in
         *     the past or beyond the policy, a scope cycle), or a text field holds a character that
         *     cannot be shown safely (`INVALID_TEXT`): names, metadata values and IP rule notes may not
         *     hold control characters (U+0000–U+001F, U+007F–U+009F), line breaks, lone surrogates,
         *     bidirectional controls (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069) or
         *     invisible format characters (U+200B, U+2060–U+2064, U+206A–U+206F, U+FEFF,
         *     U+FFF9–U+FFFB, U+E0000–U+E007F); descriptions and a revoke `reason` may hold line feeds
         *     and tabs besides. Each offending field is in `errors`, its character named by code point.
         */
        UnprocessableEntity: {
            headers: {
                "X-Request-Id": components["headers"]["RequestId"];
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description Over the rate limit. Wait `Retry-After` seconds. */
        TooManyRequests: {
            headers: {
                "X-Request-Id": components["headers"]["RequestId"];
                "Retry-After": components["headers"]["RetryAfter"];
                "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                RateLimit: components["headers"]["RateLimit"];
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description The service is starting, shutting down, or its database is busy or unreachable. Retry after `Retry-After` seconds. */
        ServiceUnavailable: {
            headers: {
                "X-Request-Id": components["headers"]["RequestId"];
                "Retry-After": components["headers"]["RetryAfter"];
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
    };
    parameters: {
        /** @description The session's CSRF token (from sign-in or `GET /v1/sessions/current`). Required when the request is made with the session cookie; ignored with an API key. */
        CsrfToken: string;
        /** @description The session's public id (not its token). */
        SessionIdParam: components["schemas"]["SessionId"];
        /**
         * @description The member's id.
         * @example mem_01JD3Q6Z8M4Y2W7V5T1R9P0N3K
         */
        MemberIdParam: components["schemas"]["MemberId"];
        /**
         * @description The key's public id (not its secret).
         * @example key_01JD3Q6Z8M4Y2W7V5T1R9P0N3K
         */
        KeyId: components["schemas"]["KeyId"];
        /**
         * @description The scope's name.
         * @example write
         */
        ScopeNameParam: components["schemas"]["ScopeName"];
        /**
         * @description The organization's id.
         * @example org_01JD3Q4C2B7N9M5K3H1G8F6D4S
         */
        OrganizationId: components["schemas"]["OrganizationId"];
        /** @description Items per page. */
        Limit: number;
        /** @description `next_cursor` of the previous page; leave out for the first page. */
        Cursor: string;
        /**
         * @description A unique value (a UUID is ideal) that makes a retry safe: the same key with the same
         *     body within 24 hours returns the first response; with another body, 409
         *     `IDEMPOTENCY_KEY_REUSED`. Keyplane's client sets one on every `POST` it retries.
         * @example 6f1c7a52-3f0e-4d44-9a7b-1f5e2b8c9d30
         */
        IdempotencyKey: string;
    };
    requestBodies: never;
    headers: {
        /** @description The session cookie: `keyplane_session=<token>; Path=/; HttpOnly; SameSite=Strict; Max-Age=<seconds>` (`__Host-` prefix and `Secure` over HTTPS). The token is shown nowhere else. */
        SessionSetCookie: string;
        /** @description Clears the session cookie (`Max-Age=0`). */
        SessionClearCookie: string;
        /**
         * @description Names the request in the service's logs and audit trail; the same value as a problem's `request_id`. Sent on every response.
         * @example req_01JD3Q8Y6W4T2R0P8N6M4K2J0H
         */
        RequestId: string;
        /** @description `true` when this is the stored answer to an earlier request with the same `Idempotency-Key`. */
        IdempotentReplayed: "true";
        /**
         * @description Seconds to wait before trying again.
         * @example 17
         */
        RetryAfter: number;
        /**
         * @description The limit that applies, as `"default";q=<requests>;w=<seconds>` (IETF RateLimit header fields).
         * @example "default";q=60;w=60
         */
        RateLimitPolicy: string;
        /**
         * @description What is left of it, as `"default";r=<remaining>;t=<seconds until reset>`.
         * @example "default";r=0;t=17
         */
        RateLimit: string;
    };
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    getHealth: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The process is alive. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"];
                };
            };
            400: components["responses"]["BadRequest"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getReadiness: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Ready to serve. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"];
                };
            };
            400: components["responses"]["BadRequest"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getMyself: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The calling key. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Myself"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listKeys: {
        parameters: {
            query?: {
                /** @description Only keys with this status now. */
                status?: components["schemas"]["KeyStatus"];
                /** @description Only keys granted this scope directly. */
                scope?: components["schemas"]["ScopeName"];
                /**
                 * @description Only keys whose name contains this text, ignoring case. A control character
                 *     (U+0000–U+001F, U+007F–U+009F) is refused with 400 `VALIDATION_FAILED` rather than
                 *     matching nothing: no name may hold one, so such a filter is a mistake. Other
                 *     characters names may not hold (bidirectional controls, say) are allowed, to find
                 *     keys named before that rule.
                 */
                name?: string;
                /**
                 * @description Only the keys with these ids; repeat it for several (`?id=key_…&id=key_…`, up to
                 *     100). An id of no key of the organization (deleted, never made, or another
                 *     organization's) is left out of the page, not refused: a tool that reads many keys
                 *     at once, as the Terraform provider does to refresh a plan, learns that a key is gone
                 *     from its absence, with one request for a hundred keys instead of a hundred.
                 */
                id?: components["schemas"]["KeyId"][];
                /** @description Items per page. */
                limit?: components["parameters"]["Limit"];
                /** @description `next_cursor` of the previous page; leave out for the first page. */
                cursor?: components["parameters"]["Cursor"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of keys. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiKeyPage"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    createKey: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description A unique value (a UUID is ideal) that makes a retry safe: the same key with the same
                 *     body within 24 hours returns the first response; with another body, 409
                 *     `IDEMPOTENCY_KEY_REUSED`. Keyplane's client sets one on every `POST` it retries.
                 * @example 6f1c7a52-3f0e-4d44-9a7b-1f5e2b8c9d30
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
                /** @description The session's CSRF token (from sign-in or `GET /v1/sessions/current`). Required when the request is made with the session cookie; ignored with an API key. */
                "X-CSRF-Token"?: components["parameters"]["CsrfToken"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateKeyRequest"];
            };
        };
        responses: {
            /** @description The key, with its secret. This is the only time the secret is returned. */
            201: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    RateLimit: components["headers"]["RateLimit"];
                    /** @description URL of the new key. */
                    Location?: string;
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiKeyWithSecret"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    exportKeys: {
        parameters: {
            query?: {
                /** @description `json` (default) or `csv`. */
                format?: "json" | "csv";
                /** @description Only keys with this status now. */
                status?: components["schemas"]["KeyStatus"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The inventory. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    RateLimit: components["headers"]["RateLimit"];
                    /** @description Suggests a file name such as `keyplane-keys-acme-2026-11-22.csv`. */
                    "Content-Disposition"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["KeyExport"];
                    "text/csv": string;
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    verifyKey: {
        parameters: {
            query?: never;
            header?: {
                /** @description The session's CSRF token (from sign-in or `GET /v1/sessions/current`). Required when the request is made with the session cookie; ignored with an API key. */
                "X-CSRF-Token"?: components["parameters"]["CsrfToken"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["VerifyKeyRequest"];
            };
        };
        responses: {
            /** @description The verdict on the presented key. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    /** @description The presented key's limit, as in `RateLimit-Policy` elsewhere. Sent when the verdict reached the key's rate limit (`VALID` and `RATE_LIMITED`), so a gateway can pass it on to its client. */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of the presented key's limit, as in `RateLimit` elsewhere; sent with `RateLimit-Policy`. Its `t` (like the body's `rate_limit.reset_seconds`) says when a `RATE_LIMITED` key may go on; no `Retry-After` is sent, since the verification itself succeeded. */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["VerifyKeyResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    authorizeGatewayRequest: {
        parameters: {
            query?: {
                /** @description A scope the route needs; repeat it for several (all are needed). */
                scope?: components["schemas"]["ScopeName"][];
            };
            header?: {
                /** @description The end client's key, as the client sent it. */
                "X-API-Key"?: string;
                /** @description The end client's key as `Bearer <key>`, as the client sent it. */
                Authorization?: string;
                /** @description The end client's address, as the gateway saw it (the last entry a trusted proxy added is believed). */
                "X-Forwarded-For"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The key may make the request. No body; the identity is in the headers. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    /** @description The key's id. */
                    "X-Keyplane-Key-Id": string;
                    /** @description The key's organization. */
                    "X-Keyplane-Organization-Id": string;
                    /** @description The key's name, percent-encoded UTF-8 (RFC 3986), as header values are ASCII. */
                    "X-Keyplane-Key-Name": string;
                    /** @description The key's effective scopes (includes resolved), sorted, separated by single spaces. */
                    "X-Keyplane-Scopes": string;
                    /** @description The key's metadata as a JSON object, base64url-encoded (RFC 4648, no padding); empty when the key has none. */
                    "X-Keyplane-Metadata": string;
                    /** @description When the key expires (RFC 3339); empty when it never does. */
                    "X-Keyplane-Expires-At": string;
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getKey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The key's public id (not its secret).
                 * @example key_01JD3Q6Z8M4Y2W7V5T1R9P0N3K
                 */
                key_id: components["parameters"]["KeyId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The key. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiKey"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    updateKey: {
        parameters: {
            query?: never;
            header?: {
                /** @description The session's CSRF token (from sign-in or `GET /v1/sessions/current`). Required when the request is made with the session cookie; ignored with an API key. */
                "X-CSRF-Token"?: components["parameters"]["CsrfToken"];
            };
            path: {
                /**
                 * @description The key's public id (not its secret).
                 * @example key_01JD3Q6Z8M4Y2W7V5T1R9P0N3K
                 */
                key_id: components["parameters"]["KeyId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateKeyRequest"];
            };
        };
        responses: {
            /** @description The updated key. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiKey"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    revokeKey: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description A unique value (a UUID is ideal) that makes a retry safe: the same key with the same
                 *     body within 24 hours returns the first response; with another body, 409
                 *     `IDEMPOTENCY_KEY_REUSED`. Keyplane's client sets one on every `POST` it retries.
                 * @example 6f1c7a52-3f0e-4d44-9a7b-1f5e2b8c9d30
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
                /** @description The session's CSRF token (from sign-in or `GET /v1/sessions/current`). Required when the request is made with the session cookie; ignored with an API key. */
                "X-CSRF-Token"?: components["parameters"]["CsrfToken"];
            };
            path: {
                /**
                 * @description The key's public id (not its secret).
                 * @example key_01JD3Q6Z8M4Y2W7V5T1R9P0N3K
                 */
                key_id: components["parameters"]["KeyId"];
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["RevokeKeyRequest"];
            };
        };
        responses: {
            /** @description The revoked key. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiKey"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    rotateKey: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description A unique value (a UUID is ideal) that makes a retry safe: the same key with the same
                 *     body within 24 hours returns the first response; with another body, 409
                 *     `IDEMPOTENCY_KEY_REUSED`. Keyplane's client sets one on every `POST` it retries.
                 * @example 6f1c7a52-3f0e-4d44-9a7b-1f5e2b8c9d30
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
                /** @description The session's CSRF token (from sign-in or `GET /v1/sessions/current`). Required when the request is made with the session cookie; ignored with an API key. */
                "X-CSRF-Token"?: components["parameters"]["CsrfToken"];
            };
            path: {
                /**
                 * @description The key's public id (not its secret).
                 * @example key_01JD3Q6Z8M4Y2W7V5T1R9P0N3K
                 */
                key_id: components["parameters"]["KeyId"];
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["RotateKeyRequest"];
            };
        };
        responses: {
            /** @description The key with its new secret. This is the only time the new secret is returned. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    RateLimit: components["headers"]["RateLimit"];
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiKeyWithSecret"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listScopes: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The whole catalog. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScopeList"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    createScope: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description A unique value (a UUID is ideal) that makes a retry safe: the same key with the same
                 *     body within 24 hours returns the first response; with another body, 409
                 *     `IDEMPOTENCY_KEY_REUSED`. Keyplane's client sets one on every `POST` it retries.
                 * @example 6f1c7a52-3f0e-4d44-9a7b-1f5e2b8c9d30
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
                /** @description The session's CSRF token (from sign-in or `GET /v1/sessions/current`). Required when the request is made with the session cookie; ignored with an API key. */
                "X-CSRF-Token"?: components["parameters"]["CsrfToken"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateScopeRequest"];
            };
        };
        responses: {
            /** @description The new scope. */
            201: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    RateLimit: components["headers"]["RateLimit"];
                    /** @description URL of the new scope. */
                    Location?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Scope"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getScope: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The scope's name.
                 * @example write
                 */
                scope_name: components["parameters"]["ScopeNameParam"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The scope. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Scope"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    deleteScope: {
        parameters: {
            query?: never;
            header?: {
                /** @description The session's CSRF token (from sign-in or `GET /v1/sessions/current`). Required when the request is made with the session cookie; ignored with an API key. */
                "X-CSRF-Token"?: components["parameters"]["CsrfToken"];
            };
            path: {
                /**
                 * @description The scope's name.
                 * @example write
                 */
                scope_name: components["parameters"]["ScopeNameParam"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The scope is gone. */
            204: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    updateScope: {
        parameters: {
            query?: never;
            header?: {
                /** @description The session's CSRF token (from sign-in or `GET /v1/sessions/current`). Required when the request is made with the session cookie; ignored with an API key. */
                "X-CSRF-Token"?: components["parameters"]["CsrfToken"];
            };
            path: {
                /**
                 * @description The scope's name.
                 * @example write
                 */
                scope_name: components["parameters"]["ScopeNameParam"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateScopeRequest"];
            };
        };
        responses: {
            /** @description The updated scope. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Scope"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listAuditEvents: {
        parameters: {
            query?: {
                /** @description Only events of this kind. */
                action?: components["schemas"]["AuditAction"];
                /** @description Only events caused by this key. */
                actor_key_id?: components["schemas"]["KeyId"];
                /** @description Only events caused by this key or member. */
                actor_id?: components["schemas"]["ActorId"];
                /** @description Only events about this object (a key id, a scope name or an organization id). A control character (U+0000–U+001F, U+007F–U+009F) is refused with 400 `VALIDATION_FAILED`, as no id or scope name holds one. */
                target_id?: string;
                /** @description Only events at or after this time. */
                since?: string;
                /** @description Only events before this time. */
                until?: string;
                /** @description `none` lists events that belong to no organization (operator keys only). */
                organization?: "none";
                /** @description Items per page. */
                limit?: components["parameters"]["Limit"];
                /** @description `next_cursor` of the previous page; leave out for the first page. */
                cursor?: components["parameters"]["Cursor"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of events. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuditEventPage"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listOrganizations: {
        parameters: {
            query?: {
                /** @description Items per page. */
                limit?: components["parameters"]["Limit"];
                /** @description `next_cursor` of the previous page; leave out for the first page. */
                cursor?: components["parameters"]["Cursor"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of organizations. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OrganizationPage"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    createOrganization: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description A unique value (a UUID is ideal) that makes a retry safe: the same key with the same
                 *     body within 24 hours returns the first response; with another body, 409
                 *     `IDEMPOTENCY_KEY_REUSED`. Keyplane's client sets one on every `POST` it retries.
                 * @example 6f1c7a52-3f0e-4d44-9a7b-1f5e2b8c9d30
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
                /** @description The session's CSRF token (from sign-in or `GET /v1/sessions/current`). Required when the request is made with the session cookie; ignored with an API key. */
                "X-CSRF-Token"?: components["parameters"]["CsrfToken"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateOrganizationRequest"];
            };
        };
        responses: {
            /** @description The organization and its first admin key, with that key's secret. */
            201: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    RateLimit: components["headers"]["RateLimit"];
                    /** @description URL of the new organization. */
                    Location?: string;
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreatedOrganization"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getOrganization: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The organization's id.
                 * @example org_01JD3Q4C2B7N9M5K3H1G8F6D4S
                 */
                organization_id: components["parameters"]["OrganizationId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The organization. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Organization"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    updateOrganization: {
        parameters: {
            query?: never;
            header?: {
                /** @description The session's CSRF token (from sign-in or `GET /v1/sessions/current`). Required when the request is made with the session cookie; ignored with an API key. */
                "X-CSRF-Token"?: components["parameters"]["CsrfToken"];
            };
            path: {
                /**
                 * @description The organization's id.
                 * @example org_01JD3Q4C2B7N9M5K3H1G8F6D4S
                 */
                organization_id: components["parameters"]["OrganizationId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateOrganizationRequest"];
            };
        };
        responses: {
            /** @description The updated organization. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Organization"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listSessions: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The member's open sessions. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SessionList"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    signIn: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SignInRequest"];
            };
        };
        responses: {
            /** @description Signed in. The session cookie is set; the token itself is never in the body. */
            201: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    RateLimit: components["headers"]["RateLimit"];
                    "Set-Cookie": components["headers"]["SessionSetCookie"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SignedIn"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getCurrentSession: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The current session. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SignedIn"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    signOut: {
        parameters: {
            query?: never;
            header?: {
                /** @description The session's CSRF token (from sign-in or `GET /v1/sessions/current`). Required when the request is made with the session cookie; ignored with an API key. */
                "X-CSRF-Token"?: components["parameters"]["CsrfToken"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Signed out; the cookie is cleared. */
            204: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    RateLimit: components["headers"]["RateLimit"];
                    "Set-Cookie": components["headers"]["SessionClearCookie"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    changePassword: {
        parameters: {
            query?: never;
            header?: {
                /** @description The session's CSRF token (from sign-in or `GET /v1/sessions/current`). Required when the request is made with the session cookie; ignored with an API key. */
                "X-CSRF-Token"?: components["parameters"]["CsrfToken"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ChangePasswordRequest"];
            };
        };
        responses: {
            /** @description The password is changed; this session stays, the others are ended. */
            204: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    revokeSession: {
        parameters: {
            query?: never;
            header?: {
                /** @description The session's CSRF token (from sign-in or `GET /v1/sessions/current`). Required when the request is made with the session cookie; ignored with an API key. */
                "X-CSRF-Token"?: components["parameters"]["CsrfToken"];
            };
            path: {
                /** @description The session's public id (not its token). */
                session_id: components["parameters"]["SessionIdParam"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The session is ended. */
            204: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    acceptInvitation: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AcceptInvitationRequest"];
            };
        };
        responses: {
            /** @description The member is active and signed in; the session cookie is set. */
            201: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    RateLimit: components["headers"]["RateLimit"];
                    "Set-Cookie": components["headers"]["SessionSetCookie"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SignedIn"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listMembers: {
        parameters: {
            query?: {
                /** @description Only members with this status. */
                status?: components["schemas"]["MemberStatus"];
                /** @description Items per page. */
                limit?: components["parameters"]["Limit"];
                /** @description `next_cursor` of the previous page; leave out for the first page. */
                cursor?: components["parameters"]["Cursor"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of members. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MemberPage"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    inviteMember: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description A unique value (a UUID is ideal) that makes a retry safe: the same key with the same
                 *     body within 24 hours returns the first response; with another body, 409
                 *     `IDEMPOTENCY_KEY_REUSED`. Keyplane's client sets one on every `POST` it retries.
                 * @example 6f1c7a52-3f0e-4d44-9a7b-1f5e2b8c9d30
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
                /** @description The session's CSRF token (from sign-in or `GET /v1/sessions/current`). Required when the request is made with the session cookie; ignored with an API key. */
                "X-CSRF-Token"?: components["parameters"]["CsrfToken"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["InviteMemberRequest"];
            };
        };
        responses: {
            /** @description The invited member and their one-time invitation link. */
            201: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    RateLimit: components["headers"]["RateLimit"];
                    /** @description URL of the new member. */
                    Location?: string;
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InvitedMember"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getMember: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The member's id.
                 * @example mem_01JD3Q6Z8M4Y2W7V5T1R9P0N3K
                 */
                member_id: components["parameters"]["MemberIdParam"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The member. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Member"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    deleteMember: {
        parameters: {
            query?: never;
            header?: {
                /** @description The session's CSRF token (from sign-in or `GET /v1/sessions/current`). Required when the request is made with the session cookie; ignored with an API key. */
                "X-CSRF-Token"?: components["parameters"]["CsrfToken"];
            };
            path: {
                /**
                 * @description The member's id.
                 * @example mem_01JD3Q6Z8M4Y2W7V5T1R9P0N3K
                 */
                member_id: components["parameters"]["MemberIdParam"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The member is removed. */
            204: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    updateMember: {
        parameters: {
            query?: never;
            header?: {
                /** @description The session's CSRF token (from sign-in or `GET /v1/sessions/current`). Required when the request is made with the session cookie; ignored with an API key. */
                "X-CSRF-Token"?: components["parameters"]["CsrfToken"];
            };
            path: {
                /**
                 * @description The member's id.
                 * @example mem_01JD3Q6Z8M4Y2W7V5T1R9P0N3K
                 */
                member_id: components["parameters"]["MemberIdParam"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateMemberRequest"];
            };
        };
        responses: {
            /** @description The member as changed. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Member"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    reissueInvitation: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description A unique value (a UUID is ideal) that makes a retry safe: the same key with the same
                 *     body within 24 hours returns the first response; with another body, 409
                 *     `IDEMPOTENCY_KEY_REUSED`. Keyplane's client sets one on every `POST` it retries.
                 * @example 6f1c7a52-3f0e-4d44-9a7b-1f5e2b8c9d30
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
                /** @description The session's CSRF token (from sign-in or `GET /v1/sessions/current`). Required when the request is made with the session cookie; ignored with an API key. */
                "X-CSRF-Token"?: components["parameters"]["CsrfToken"];
            };
            path: {
                /**
                 * @description The member's id.
                 * @example mem_01JD3Q6Z8M4Y2W7V5T1R9P0N3K
                 */
                member_id: components["parameters"]["MemberIdParam"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The member and the new link. */
            201: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    RateLimit: components["headers"]["RateLimit"];
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InvitedMember"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    unlockMember: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description A unique value (a UUID is ideal) that makes a retry safe: the same key with the same
                 *     body within 24 hours returns the first response; with another body, 409
                 *     `IDEMPOTENCY_KEY_REUSED`. Keyplane's client sets one on every `POST` it retries.
                 * @example 6f1c7a52-3f0e-4d44-9a7b-1f5e2b8c9d30
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
                /** @description The session's CSRF token (from sign-in or `GET /v1/sessions/current`). Required when the request is made with the session cookie; ignored with an API key. */
                "X-CSRF-Token"?: components["parameters"]["CsrfToken"];
            };
            path: {
                /**
                 * @description The member's id.
                 * @example mem_01JD3Q6Z8M4Y2W7V5T1R9P0N3K
                 */
                member_id: components["parameters"]["MemberIdParam"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The member, unlocked. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    RateLimit: components["headers"]["RateLimit"];
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Member"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    revokeMemberSessions: {
        parameters: {
            query?: never;
            header?: {
                /** @description The session's CSRF token (from sign-in or `GET /v1/sessions/current`). Required when the request is made with the session cookie; ignored with an API key. */
                "X-CSRF-Token"?: components["parameters"]["CsrfToken"];
            };
            path: {
                /**
                 * @description The member's id.
                 * @example mem_01JD3Q6Z8M4Y2W7V5T1R9P0N3K
                 */
                member_id: components["parameters"]["MemberIdParam"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description How many sessions were ended. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SessionsEnded"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
}
