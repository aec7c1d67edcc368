//! The database's CHECK lists and the domain's text enums are one vocabulary (ADR 0002, 0029):
//! for every `CHECK (col IN (…))` constraint of a freshly migrated database, the enum that types
//! the column has exactly that list in `ALL` (same values, same order). A migration that adds,
//! drops or renames a value, or a new TEXT+CHECK column without an enum here, fails this test.

use afiliados_db_test::TestDb;
use afiliados_domain as domain;
use diesel::QueryableByName;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};

#[derive(QueryableByName, Debug)]
struct Check {
    #[diesel(sql_type = diesel::sql_types::Text)]
    table_name: String,
    #[diesel(sql_type = diesel::sql_types::Text)]
    definition: String,
}

fn strings<T: Copy, const N: usize>(all: [T; N], as_str: fn(T) -> &'static str) -> Vec<String> {
    all.into_iter()
        .map(|value| as_str(value).to_owned())
        .collect()
}

/// `(table, column)` → the enum's spellings.
fn vocabulary() -> Vec<((&'static str, &'static str), Vec<String>)> {
    use domain::*;
    vec![
        (
            ("orders", "status"),
            strings(OrderStatus::ALL, OrderStatus::as_str),
        ),
        (
            ("orders", "non_attribution_reason"),
            strings(NonAttributionReason::ALL, NonAttributionReason::as_str),
        ),
        (
            ("orders", "last_source"),
            strings(OrderSource::ALL, OrderSource::as_str),
        ),
        (
            ("order_lines", "ineligibility_reason"),
            strings(IneligibilityReason::ALL, IneligibilityReason::as_str),
        ),
        (
            ("order_status_history", "from_status"),
            strings(OrderStatus::ALL, OrderStatus::as_str),
        ),
        (
            ("order_status_history", "to_status"),
            strings(OrderStatus::ALL, OrderStatus::as_str),
        ),
        (
            ("order_status_history", "source"),
            strings(OrderSource::ALL, OrderSource::as_str),
        ),
        (
            ("commissions", "state"),
            strings(CommissionState::ALL, CommissionState::as_str),
        ),
        (
            ("commissions", "hold_reason"),
            strings(HoldReason::ALL, HoldReason::as_str),
        ),
        (
            ("commissions", "reversal_reason"),
            strings(ReversalReason::ALL, ReversalReason::as_str),
        ),
        (
            ("settlement_runs", "source"),
            strings(SettlementSource::ALL, SettlementSource::as_str),
        ),
        (
            ("settlement_runs", "status"),
            strings(SettlementStatus::ALL, SettlementStatus::as_str),
        ),
        (
            ("settlement_run_items", "list"),
            strings(SettlementList::ALL, SettlementList::as_str),
        ),
        (
            ("settlement_run_items", "previous_state"),
            strings(CommissionState::ALL, CommissionState::as_str),
        ),
        (
            ("settlement_run_items", "next_state"),
            strings(CommissionState::ALL, CommissionState::as_str),
        ),
        (
            ("commission_transitions", "from_state"),
            strings(CommissionState::ALL, CommissionState::as_str),
        ),
        (
            ("commission_transitions", "to_state"),
            strings(CommissionState::ALL, CommissionState::as_str),
        ),
        (
            ("commission_transitions", "kind"),
            strings(TransitionKind::ALL, TransitionKind::as_str),
        ),
        (
            ("adjustments", "kind"),
            strings(AdjustmentKind::ALL, AdjustmentKind::as_str),
        ),
        (
            ("adjustments", "status"),
            strings(AdjustmentStatus::ALL, AdjustmentStatus::as_str),
        ),
        (
            ("adjustments", "resolution_type"),
            strings(AdjustmentResolution::ALL, AdjustmentResolution::as_str),
        ),
        (
            ("adjustments", "recovery_method"),
            strings(Recovery::ALL, Recovery::as_str),
        ),
        (
            ("ledger_entries", "entry_type"),
            strings(LedgerEntryType::ALL, LedgerEntryType::as_str),
        ),
        (
            ("withdrawal_requests", "status"),
            strings(WithdrawalStatus::ALL, WithdrawalStatus::as_str),
        ),
        (
            ("withdrawal_events", "action"),
            strings(WithdrawalEventAction::ALL, WithdrawalEventAction::as_str),
        ),
        (
            ("payments", "method"),
            strings(PaymentMethod::ALL, PaymentMethod::as_str),
        ),
        (
            ("payout_batches", "status"),
            strings(PayoutBatchStatus::ALL, PayoutBatchStatus::as_str),
        ),
        (
            ("users", "status"),
            strings(UserStatus::ALL, UserStatus::as_str),
        ),
        (("users", "locale"), strings(Locale::ALL, Locale::as_str)),
        (("user_roles", "role"), strings(Role::ALL, Role::as_str)),
        (
            ("brands", "status"),
            strings(BrandStatus::ALL, BrandStatus::as_str),
        ),
        (
            ("auth_sessions", "revoke_reason"),
            strings(RevokeReason::ALL, RevokeReason::as_str),
        ),
        (
            ("bank_account_changes", "status"),
            strings(
                BankAccountChangeStatus::ALL,
                BankAccountChangeStatus::as_str,
            ),
        ),
        (
            ("webhook_delivery_log", "kind"),
            strings(DeliveryKind::ALL, DeliveryKind::as_str),
        ),
        (
            ("webhook_delivery_log", "verification"),
            strings(DeliveryVerification::ALL, DeliveryVerification::as_str),
        ),
        (
            ("webhook_delivery_log", "status"),
            strings(DeliveryStatus::ALL, DeliveryStatus::as_str),
        ),
        (
            ("user_totp", "status"),
            strings(TotpStatus::ALL, TotpStatus::as_str),
        ),
        (
            ("password_tokens", "purpose"),
            strings(PasswordTokenPurpose::ALL, PasswordTokenPurpose::as_str),
        ),
        (
            ("audit_log", "actor_type"),
            strings(AuditActorType::ALL, AuditActorType::as_str),
        ),
        (
            ("notifications", "severity"),
            strings(NotificationSeverity::ALL, NotificationSeverity::as_str),
        ),
        (
            ("email_outbox", "alert_group"),
            strings(AlertGroup::ALL, AlertGroup::as_str),
        ),
        (
            ("email_outbox", "locale"),
            strings(Locale::ALL, Locale::as_str),
        ),
        (
            ("email_outbox", "status"),
            strings(EmailStatus::ALL, EmailStatus::as_str),
        ),
        (
            ("policy_versions", "policy_type"),
            strings(PolicyType::ALL, PolicyType::as_str),
        ),
        (
            ("documents", "kind"),
            strings(DocumentKind::ALL, DocumentKind::as_str),
        ),
        (
            ("documents", "owner_type"),
            strings(DocumentOwnerType::ALL, DocumentOwnerType::as_str),
        ),
        (
            ("influencers", "bank_account_type"),
            strings(BankAccountType::ALL, BankAccountType::as_str),
        ),
        (
            ("influencers", "document_type"),
            strings(DocumentType::ALL, DocumentType::as_str),
        ),
        (
            ("influencers", "status"),
            strings(InfluencerStatus::ALL, InfluencerStatus::as_str),
        ),
        (
            ("consents", "channel"),
            strings(ConsentChannel::ALL, ConsentChannel::as_str),
        ),
        (
            ("arco_requests", "channel"),
            strings(ArcoChannel::ALL, ArcoChannel::as_str),
        ),
        (
            ("arco_requests", "status"),
            strings(ArcoStatus::ALL, ArcoStatus::as_str),
        ),
        (
            ("arco_requests", "type"),
            strings(ArcoType::ALL, ArcoType::as_str),
        ),
        (
            ("campaigns", "commission_basis"),
            strings(CommissionBasis::ALL, CommissionBasis::as_str),
        ),
        (
            ("campaigns", "eligible_scope_type"),
            strings(EligibleScopeType::ALL, EligibleScopeType::as_str),
        ),
        (
            ("campaigns", "status"),
            strings(CampaignStatus::ALL, CampaignStatus::as_str),
        ),
        (
            ("campaign_influencers", "status"),
            strings(MembershipStatus::ALL, MembershipStatus::as_str),
        ),
        (
            ("discount_codes", "status"),
            strings(CodeStatus::ALL, CodeStatus::as_str),
        ),
        (
            ("discount_codes", "sync_state"),
            strings(SyncState::ALL, SyncState::as_str),
        ),
        (
            ("tier_history", "reason"),
            strings(TierHistoryReason::ALL, TierHistoryReason::as_str),
        ),
        (
            ("scheduled_jobs", "status"),
            strings(ScheduledJobStatus::ALL, ScheduledJobStatus::as_str),
        ),
        (
            ("job_runs", "status"),
            strings(JobRunStatus::ALL, JobRunStatus::as_str),
        ),
        (
            ("reconciliation_runs", "type"),
            strings(ReconciliationType::ALL, ReconciliationType::as_str),
        ),
        (
            ("reconciliation_runs", "source"),
            strings(ReconciliationSource::ALL, ReconciliationSource::as_str),
        ),
        (
            ("reconciliation_runs", "status"),
            strings(ReconciliationStatus::ALL, ReconciliationStatus::as_str),
        ),
        (
            ("reconciliation_discrepancies", "class"),
            strings(DiscrepancyClass::ALL, DiscrepancyClass::as_str),
        ),
        (
            ("reconciliation_discrepancies", "status"),
            strings(DiscrepancyStatus::ALL, DiscrepancyStatus::as_str),
        ),
        (
            ("reconciliation_discrepancies", "resolution"),
            strings(DiscrepancyResolution::ALL, DiscrepancyResolution::as_str),
        ),
        (
            ("alerts", "alert_type"),
            strings(AlertType::ALL, AlertType::as_str),
        ),
        (
            ("alerts", "severity"),
            strings(AlertSeverity::ALL, AlertSeverity::as_str),
        ),
        (
            ("surveys", "status"),
            strings(SurveyStatus::ALL, SurveyStatus::as_str),
        ),
        (
            ("backup_snapshots", "retention_tier"),
            strings(BackupRetentionTier::ALL, BackupRetentionTier::as_str),
        ),
    ]
}

/// `CHECK ((status = ANY (ARRAY['a'::text, 'b'::text])))` → `("status", ["a", "b"])` (also
/// `::bpchar` lists of `CHAR` columns); `None`
/// for any other kind of check (ranges, lengths, conditionals).
fn parse_in_list(definition: &str) -> Option<(String, Vec<String>)> {
    let inner = definition.strip_prefix("CHECK ((")?.strip_suffix("))")?;
    let (column, rest) = inner.split_once(" = ANY (ARRAY[")?;
    let list = rest.strip_suffix("])")?;
    let column = column.trim_matches('"').to_owned();
    let values = list
        .split(", ")
        .map(|item| {
            let quoted = item
                .strip_suffix("::text")
                .or_else(|| item.strip_suffix("::bpchar"))?;
            Some(quoted.strip_prefix('\'')?.strip_suffix('\'')?.to_owned())
        })
        .collect::<Option<Vec<_>>>()?;
    Some((column, values))
}

#[tokio::test]
async fn every_check_list_is_the_domain_enum() {
    let db = TestDb::new().await.expect("test database");
    let mut conn = AsyncPgConnection::establish(db.url())
        .await
        .expect("connect");
    let checks: Vec<Check> = diesel::sql_query(
        "SELECT c.conrelid::regclass::text AS table_name, pg_get_constraintdef(c.oid) AS definition \
         FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace \
         WHERE c.contype = 'c' AND c.conrelid <> 0 AND n.nspname = 'public' \
         ORDER BY 1, 2",
    )
    .load(&mut conn)
    .await
    .expect("read pg_constraint");

    let expected = vocabulary();
    let mut seen = Vec::new();
    for check in &checks {
        // Only `col IN (…)` lists are vocabularies (PostgreSQL prints them as `col = ANY
        // (ARRAY[…])`, nullable columns included); ranges and lengths are other rules.
        let Some((column, values)) = parse_in_list(&check.definition) else {
            continue;
        };
        let key = (check.table_name.as_str(), column.as_str());
        let Some((_, domain)) = expected.iter().find(|(k, _)| *k == key) else {
            panic!(
                "{}.{column} has a CHECK list {values:?} but no domain enum in this test: add one \
                 with text_enum! and list it here",
                check.table_name
            );
        };
        assert_eq!(
            &values, domain,
            "{}.{column}: the CHECK list and the domain enum's ALL differ",
            check.table_name
        );
        seen.push((check.table_name.clone(), column.clone()));
    }
    for (key, _) in &expected {
        assert!(
            seen.iter()
                .any(|(table, column)| (table.as_str(), column.as_str()) == *key),
            "{}.{} is listed here but the database has no CHECK list for it",
            key.0,
            key.1
        );
    }
    assert_eq!(seen.len(), expected.len());
}

#[test]
fn the_check_parser_reads_what_postgres_prints() {
    assert_eq!(
        parse_in_list("CHECK ((status = ANY (ARRAY['in_progress'::text, 'done'::text])))"),
        Some((
            "status".to_owned(),
            vec!["in_progress".to_owned(), "done".to_owned()]
        ))
    );
    assert_eq!(
        parse_in_list("CHECK ((\"type\" = ANY (ARRAY['access'::text])))"),
        Some(("type".to_owned(), vec!["access".to_owned()]))
    );
    assert_eq!(parse_in_list("CHECK ((level >= 1))"), None);
}
