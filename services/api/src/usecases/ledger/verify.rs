//! `POST /commissions/balances/verify` (FI, AD; `domain.md` §5.13.4): folds each balance's ledger
//! entries and compares every bucket (and `available`) with the stored row; with `rebuild` the
//! mismatching rows are overwritten with the fold, under their row lock. The ledger itself is
//! never touched. Cross-checks against source records are warnings: today the estimated bucket
//! against Σ net of the `estimated` commissions (withdrawals and payments join when they exist).

use afiliados_api_types::ledger::{
    BalanceMismatch, BalanceWarning, VerifyBalancesRequest, VerifyBalancesResponse,
};
use afiliados_db::AsyncPgConnection;
use afiliados_db::influencer_balance::{BalanceBuckets, BalanceFilter, NamedBalance};
use afiliados_domain::{Actor, Role};
use rust_decimal::Decimal;
use serde_json::json;

use crate::audit::{self, AuditActor, AuditEvent};
use crate::usecases::fields::money;
use crate::usecases::{UseCaseContext, UseCaseError};

fn available(buckets: &BalanceBuckets) -> Decimal {
    buckets.confirmed - buckets.withdrawn - buckets.pending_withdrawal - buckets.pending_adjustments
}

fn mismatches(row: &NamedBalance, folded: &BalanceBuckets) -> Vec<BalanceMismatch> {
    let stored = &row.buckets;
    [
        ("estimated", stored.estimated, folded.estimated),
        ("confirmed", stored.confirmed, folded.confirmed),
        ("reverted", stored.reverted, folded.reverted),
        (
            "pendingWithdrawal",
            stored.pending_withdrawal,
            folded.pending_withdrawal,
        ),
        ("withdrawn", stored.withdrawn, folded.withdrawn),
        (
            "pendingAdjustments",
            stored.pending_adjustments,
            folded.pending_adjustments,
        ),
        ("available", row.available, available(folded)),
    ]
    .into_iter()
    .filter(|(_, stored, recomputed)| stored != recomputed)
    .map(|(field, stored, recomputed)| BalanceMismatch {
        influencer_id: row.influencer_id.into(),
        brand_id: row.brand_id.into(),
        field: field.to_owned(),
        stored: money(stored),
        recomputed: money(recomputed),
        difference: money(stored - recomputed),
    })
    .collect()
}

/// Verifies (and with `rebuild` repairs) the balances matching the request.
#[tracing::instrument(skip_all, fields(actor.id = %actor.user_id))]
pub async fn verify(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    request: &VerifyBalancesRequest,
) -> Result<VerifyBalancesResponse, UseCaseError> {
    actor.require_any(&[Role::AdminDentsu, Role::Finance])?;
    let filter = BalanceFilter {
        influencer_id: request.influencer_id.map(Into::into),
        brand_id: request.brand_id.map(Into::into),
        ..Default::default()
    };
    let rows = afiliados_db::influencer_balance::list_named(tx, ctx.tenant_id, &filter).await?;
    let now = ctx.now();
    let mut found = Vec::new();
    let mut warnings = Vec::new();
    for listed in &rows {
        // With rebuild the row is locked (in influencer, brand order) and re-read, so the
        // comparison and the rewrite see the same ledger.
        let mut row = listed.clone();
        if request.rebuild {
            afiliados_db::influencer_balance::lock(
                tx,
                ctx.tenant_id,
                row.influencer_id,
                row.brand_id,
                &row.currency,
            )
            .await?;
            if let Some((buckets, available)) =
                afiliados_db::influencer_balance::read(tx, row.influencer_id, row.brand_id).await?
            {
                row.buckets = buckets;
                row.available = available;
            }
        }
        let sums = afiliados_db::ledger::sums(tx, row.influencer_id, row.brand_id).await?;
        let folded = BalanceBuckets {
            estimated: sums[0],
            confirmed: sums[1],
            reverted: sums[2],
            pending_withdrawal: sums[3],
            withdrawn: sums[4],
            pending_adjustments: sums[5],
        };
        let differences = mismatches(&row, &folded);
        if request.rebuild && !differences.is_empty() {
            afiliados_db::influencer_balance::rewrite(
                tx,
                row.influencer_id,
                row.brand_id,
                &folded,
                available(&folded),
                now,
            )
            .await?;
        }
        found.extend(differences);
        let expected =
            afiliados_db::commissions::estimated_net(tx, row.influencer_id, row.brand_id).await?;
        if expected != folded.estimated {
            warnings.push(BalanceWarning {
                influencer_id: row.influencer_id.into(),
                brand_id: row.brand_id.into(),
                check: "estimated_commissions".to_owned(),
                expected: money(expected),
                actual: money(folded.estimated),
            });
        }
    }
    let action = if request.rebuild {
        "balances.rebuilt"
    } else {
        "balances.verified"
    };
    let event = AuditEvent {
        action,
        entity_type: "influencer_balance",
        entity_id: None,
        before: None,
        after: Some(json!({
            "influencerId": request.influencer_id,
            "brandId": request.brand_id,
            "checkedBalances": rows.len(),
            "mismatches": found.len(),
            "warnings": warnings.len(),
            "rebuilt": request.rebuild && !found.is_empty(),
        })),
    };
    audit::record(tx, ctx.tenant_id, &AuditActor::User(actor), event).await?;
    Ok(VerifyBalancesResponse {
        checked_balances: u64::try_from(rows.len()).unwrap_or(u64::MAX),
        rebuilt: request.rebuild && !found.is_empty(),
        mismatches: found,
        warnings,
    })
}
