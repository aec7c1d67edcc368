ALTER TABLE arco_requests DROP COLUMN due_soon_notified_at;
DROP TABLE job_runs;
DROP TABLE scheduled_jobs;
