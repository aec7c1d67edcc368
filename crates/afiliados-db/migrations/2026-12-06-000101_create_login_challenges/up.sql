-- The second sign-in step waits on a short-lived server-side challenge (ADR 0028): the web keeps
-- only its opaque id, never the password. Stored as SHA-256 like every other bearer token.
CREATE TABLE login_challenges (
    id UUID PRIMARY KEY,
    user_id UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash BYTEA NOT NULL UNIQUE,
    expires_at TIMESTAMPTZ NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX login_challenges_user_idx ON login_challenges (user_id);

-- Refresh re-checks the staff 2FA rule and revokes the session of a staff user whose mandatory
-- 2FA is no longer enabled (ADR 0027).
ALTER TABLE auth_sessions DROP CONSTRAINT auth_sessions_revoke_reason_check;
ALTER TABLE auth_sessions ADD CONSTRAINT auth_sessions_revoke_reason_check CHECK (revoke_reason IN
    ('logout', 'reuse_detected', 'password_changed', 'password_reset', 'admin', 'suspended',
     'two_factor_required'));
