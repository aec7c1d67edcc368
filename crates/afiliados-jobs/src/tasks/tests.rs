//! The wire format of every queue, and the tasks queued before it.

use chrono::{DateTime, Utc};
use serde_json::json;
use uuid::Uuid;

use super::*;

fn at(raw: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(raw)
        .map(|at| at.with_timezone(&Utc))
        .unwrap_or(DateTime::UNIX_EPOCH)
}

#[test]
fn every_queue_writes_the_payload_name_in_its_job_tag() -> serde_json::Result<()> {
    let id = Uuid::nil();
    assert_eq!(
        serde_json::to_value(EmailsTask::from(SendEmail { email_id: id }))?,
        json!({ "job": "SendEmail", "emailId": id })
    );
    assert_eq!(
        serde_json::to_value(CouponsTask::from(SyncCoupon { code_id: id }))?,
        json!({ "job": "SyncCoupon", "codeId": id })
    );
    assert_eq!(
        serde_json::to_value(CouponsTask::from(SyncPromotion {
            campaign_id: id,
            discount_percent: "12.50".into()
        }))?,
        json!({ "job": "SyncPromotion", "campaignId": id, "discountPercent": "12.50" })
    );
    assert_eq!(
        serde_json::to_value(ScheduledTask::from(RunDailyMaintenance {
            scheduled_at: at("2026-12-02T05:05:00Z")
        }))?,
        json!({ "job": "RunDailyMaintenance", "scheduledAt": "2026-12-02T05:05:00Z" })
    );
    assert_eq!(
        serde_json::to_value(ScheduledTask::from(RunSettlement {
            scheduled_at: at("2026-04-01T07:00:00Z")
        }))?,
        json!({ "job": "RunSettlement", "scheduledAt": "2026-04-01T07:00:00Z" })
    );
    assert_eq!(
        serde_json::to_value(ScheduledTask::from(EvaluateDueTiers {
            scheduled_at: at("2026-03-16T07:30:00Z")
        }))?,
        json!({ "job": "EvaluateDueTiers", "scheduledAt": "2026-03-16T07:30:00Z" })
    );
    Ok(())
}

#[test]
fn the_tag_is_the_payloads_job_name() {
    let id = Uuid::nil();
    let tasks: [(&str, &str); 7] = [
        (
            EmailsTask::from(SendEmail { email_id: id }).job_name(),
            SendEmail::NAME,
        ),
        (
            CouponsTask::from(SyncCoupon { code_id: id }).job_name(),
            SyncCoupon::NAME,
        ),
        (
            CouponsTask::from(SyncPromotion {
                campaign_id: id,
                discount_percent: "1.00".into(),
            })
            .job_name(),
            SyncPromotion::NAME,
        ),
        (
            ScheduledTask::from(RunDailyMaintenance {
                scheduled_at: DateTime::UNIX_EPOCH,
            })
            .job_name(),
            RunDailyMaintenance::NAME,
        ),
        (
            ScheduledTask::from(RunSettlement {
                scheduled_at: DateTime::UNIX_EPOCH,
            })
            .job_name(),
            RunSettlement::NAME,
        ),
        (
            ScheduledTask::from(EvaluateDueTiers {
                scheduled_at: DateTime::UNIX_EPOCH,
            })
            .job_name(),
            EvaluateDueTiers::NAME,
        ),
        (
            BackupsTask::from(RunBackup {
                scheduled_at: DateTime::UNIX_EPOCH,
            })
            .job_name(),
            RunBackup::NAME,
        ),
    ];
    for (tag, name) in tasks {
        assert_eq!(tag, name);
    }
    assert_eq!(SendEmail::QUEUE, EmailsTask::QUEUE);
    assert_eq!(SyncPromotion::MAX_ATTEMPTS, CouponsTask::MAX_ATTEMPTS);
}

#[test]
fn tagged_tasks_round_trip_on_every_queue() -> serde_json::Result<()> {
    let id = Uuid::now_v7();
    let email = EmailsTask::from(SendEmail { email_id: id });
    assert_eq!(
        serde_json::from_value::<EmailsTask>(serde_json::to_value(&email)?)?,
        email
    );
    for coupon in [
        CouponsTask::from(SyncCoupon { code_id: id }),
        CouponsTask::from(SyncPromotion {
            campaign_id: id,
            discount_percent: "15.00".into(),
        }),
    ] {
        assert_eq!(
            serde_json::from_value::<CouponsTask>(serde_json::to_value(&coupon)?)?,
            coupon
        );
    }
    for tick in [
        ScheduledTask::from(RunDailyMaintenance {
            scheduled_at: at("2026-12-02T05:05:00Z"),
        }),
        ScheduledTask::from(RunSettlement {
            scheduled_at: at("2026-04-01T07:00:00Z"),
        }),
        ScheduledTask::from(EvaluateDueTiers {
            scheduled_at: at("2026-03-16T07:30:00Z"),
        }),
    ] {
        assert_eq!(
            serde_json::from_str::<ScheduledTask>(&serde_json::to_string(&tick)?)?,
            tick
        );
    }
    Ok(())
}

#[test]
fn tasks_queued_before_the_tag_still_decode() -> serde_json::Result<()> {
    let id = Uuid::now_v7();
    assert_eq!(
        serde_json::from_value::<EmailsTask>(json!({ "emailId": id }))?,
        EmailsTask::SendEmail(SendEmail { email_id: id })
    );
    assert_eq!(
        serde_json::from_value::<CouponsTask>(json!({ "codeId": id }))?,
        CouponsTask::SyncCoupon(SyncCoupon { code_id: id })
    );
    assert_eq!(
        serde_json::from_value::<CouponsTask>(
            json!({ "campaignId": id, "discountPercent": "12.50" })
        )?,
        CouponsTask::SyncPromotion(SyncPromotion {
            campaign_id: id,
            discount_percent: "12.50".into()
        })
    );
    Ok(())
}

#[test]
fn unknown_tags_untagged_scheduled_tasks_and_wrong_queues_are_refused() {
    let id = Uuid::nil();
    assert!(
        serde_json::from_value::<CouponsTask>(json!({ "job": "PaintTheFence", "codeId": id }))
            .is_err()
    );
    assert!(
        serde_json::from_value::<ScheduledTask>(json!({ "scheduledAt": "2026-12-02T05:05:00Z" }))
            .is_err(),
        "the scheduled queue was always tagged"
    );
    assert!(
        serde_json::from_value::<EmailsTask>(json!({ "job": "SyncCoupon", "codeId": id })).is_err(),
        "a coupon task is not an e-mail task"
    );
    assert!(serde_json::from_value::<EmailsTask>(json!({ "emailId": 7 })).is_err());
}

#[test]
fn new_fields_from_newer_producers_are_ignored() -> serde_json::Result<()> {
    let task: EmailsTask =
        serde_json::from_value(json!({ "job": "SendEmail", "emailId": Uuid::nil(), "later": 1 }))?;
    assert_eq!(
        task,
        EmailsTask::SendEmail(SendEmail {
            email_id: Uuid::nil()
        })
    );
    Ok(())
}

#[test]
fn order_jobs_are_tagged_on_the_vtex_orders_queue() -> serde_json::Result<()> {
    let id = Uuid::nil();
    let ingest = VtexOrdersTask::from(IngestVtexOrder {
        delivery_id: id,
        force: false,
    });
    assert_eq!(
        serde_json::to_value(&ingest)?,
        json!({ "job": "IngestVtexOrder", "deliveryId": id, "force": false })
    );
    let fetch = VtexOrdersTask::from(FetchVtexOrder {
        vtex_order_id: "1432120512345-01".into(),
        source: crate::FetchSource::Refetch,
        reconciliation_run_id: None,
        discrepancy_id: None,
        force: true,
    });
    assert_eq!(
        serde_json::to_value(&fetch)?,
        json!({ "job": "FetchVtexOrder", "vtexOrderId": "1432120512345-01", "source": "refetch", "force": true })
    );
    for task in [ingest, fetch] {
        assert_eq!(
            serde_json::from_value::<VtexOrdersTask>(serde_json::to_value(&task)?)?,
            task
        );
    }
    assert_eq!(IngestVtexOrder::QUEUE, "afiliados:vtex_orders");
    assert_eq!(FetchVtexOrder::MAX_ATTEMPTS, 10);
    assert!(
        serde_json::from_value::<VtexOrdersTask>(json!({ "deliveryId": id })).is_err(),
        "the vtex_orders queue was always tagged"
    );
    Ok(())
}

#[test]
fn reconciliation_ticks_carry_their_type_and_tick() -> serde_json::Result<()> {
    let tick = at("2026-03-03T08:00:00Z");
    let task = ScheduledTask::from(StartReconciliation {
        scheduled_at: tick,
        run_type: crate::ScheduledReconciliationType::Fortnightly,
    });
    let wire = json!({ "job": "StartReconciliation", "scheduledAt": "2026-03-03T08:00:00Z", "type": "fortnightly" });
    assert_eq!(serde_json::to_value(&task)?, wire);
    assert_eq!(serde_json::from_value::<ScheduledTask>(wire)?, task);
    assert_eq!(task.job_name(), StartReconciliation::NAME);

    let task = ScheduledTask::from(EscalateDiscrepancies { scheduled_at: tick });
    let wire = json!({ "job": "EscalateDiscrepancies", "scheduledAt": "2026-03-03T08:00:00Z" });
    assert_eq!(serde_json::to_value(&task)?, wire);
    assert_eq!(serde_json::from_value::<ScheduledTask>(wire)?, task);
    assert_eq!(task.job_name(), EscalateDiscrepancies::NAME);
    Ok(())
}

#[test]
fn operational_ticks_carry_their_tick() -> serde_json::Result<()> {
    let tick = at("2026-03-03T09:00:00Z");
    let task = ScheduledTask::from(crate::EvaluateAlerts { scheduled_at: tick });
    let wire = json!({ "job": "EvaluateAlerts", "scheduledAt": "2026-03-03T09:00:00Z" });
    assert_eq!(serde_json::to_value(&task)?, wire);
    assert_eq!(serde_json::from_value::<ScheduledTask>(wire)?, task);
    assert_eq!(task.job_name(), crate::EvaluateAlerts::NAME);

    let task = ScheduledTask::from(crate::PurgeData { scheduled_at: tick });
    let wire = json!({ "job": "PurgeData", "scheduledAt": "2026-03-03T09:00:00Z" });
    assert_eq!(serde_json::to_value(&task)?, wire);
    assert_eq!(serde_json::from_value::<ScheduledTask>(wire)?, task);
    assert_eq!(task.job_name(), crate::PurgeData::NAME);

    let task = ScheduledTask::from(crate::PollVtexFeed { scheduled_at: tick });
    let wire = json!({ "job": "PollVtexFeed", "scheduledAt": "2026-03-03T09:00:00Z" });
    assert_eq!(serde_json::to_value(&task)?, wire);
    assert_eq!(serde_json::from_value::<ScheduledTask>(wire)?, task);
    assert_eq!(task.job_name(), crate::PollVtexFeed::NAME);
    Ok(())
}
