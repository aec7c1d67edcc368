-- Issue 13 item 2, the JWT half (ADR 0065): when each `JWT_KEYS` signing key began signing in
-- this deployment, so `afiliados-api keys jwt retire` can tell whether a token signed by an older
-- key may still be valid. The api writes its signing kid here at every start-up. Never a secret:
-- the kid only. One deployment's ring, so no tenant.
CREATE TABLE jwt_signing_keys (
    kid TEXT PRIMARY KEY CHECK (kid ~ '^[A-Za-z0-9_-]{1,32}$'),
    -- The first start-up of an api process that signed with this kid.
    first_signed_at TIMESTAMPTZ NOT NULL,
    -- The latest start-up of an api process that signed with this kid: during a rolling deploy
    -- the old processes keep signing with the previous kid until the last new one has started.
    last_started_at TIMESTAMPTZ NOT NULL,
    CHECK (last_started_at >= first_signed_at)
);

SELECT afiliados_grant_runtime();
