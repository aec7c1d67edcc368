UPDATE auth_sessions SET revoke_reason = 'admin' WHERE revoke_reason = 'two_factor_required';
ALTER TABLE auth_sessions DROP CONSTRAINT auth_sessions_revoke_reason_check;
ALTER TABLE auth_sessions ADD CONSTRAINT auth_sessions_revoke_reason_check CHECK (revoke_reason IN
    ('logout', 'reuse_detected', 'password_changed', 'password_reset', 'admin', 'suspended'));
DROP TABLE login_challenges;
