DROP INDEX login_attempts_updated_at_idx;
DROP TABLE sign_in_failure_tallies;
