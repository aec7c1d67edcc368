DROP TABLE backup_snapshots;
DROP TABLE survey_responses;
DROP TABLE surveys;
DROP INDEX notifications_alert_idx;
ALTER TABLE notifications DROP COLUMN alert_id;
DROP TABLE alerts;
DROP TABLE reconciliation_discrepancies;
DROP TABLE reconciliation_vtex_orders;
DROP TABLE reconciliation_runs;
