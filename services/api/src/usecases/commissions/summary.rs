//! `GET /commissions/summary` (AD, FI; AM its brands; IN its own): counts and sums per state
//! over the commissions in scope, filtered on the order's `placedAt`. Amounts are Σ net, except
//! `reverted` (Σ reverted amounts of every commission with a reversal, partial ones included);
//! `eligibleAmount` is the eligible of non-reverted commissions.

use afiliados_api_types::commissions::{CommissionSummary, CommissionSummaryQuery, CountAmount};
use afiliados_db::AsyncPgConnection;
use afiliados_db::commissions::CommissionFilter;
use afiliados_domain::commission::CommissionState;
use afiliados_domain::{Actor, Money};
use rust_decimal::Decimal;

use super::COMMISSION_READERS;
use super::read::scoped;
use crate::usecases::brand_scope::resolve;
use crate::usecases::fields::money;
use crate::usecases::list_query::{instant, stored};
use crate::usecases::{Problems, UseCaseContext, UseCaseError};

#[derive(Default)]
struct Tally {
    count: i64,
    amount: Decimal,
}

impl Tally {
    fn add(&mut self, amount: Decimal) {
        self.count += 1;
        self.amount += amount;
    }

    fn done(self) -> CountAmount {
        CountAmount {
            count: self.count,
            amount: money(self.amount),
        }
    }
}

/// The summary of the commissions in scope.
#[tracing::instrument(skip_all, fields(actor.id = %actor.user_id))]
pub async fn summary(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    query: &CommissionSummaryQuery,
) -> Result<CommissionSummary, UseCaseError> {
    let mut problems = Problems::new();
    let mut filter = CommissionFilter {
        influencer_id: query.influencer_id.map(Into::into),
        brand_id: query.brand_id.map(Into::into),
        campaign_id: query.campaign_id.map(Into::into),
        placed_from: instant("from", query.from.as_deref(), &mut problems),
        placed_to: instant("to", query.to.as_deref(), &mut problems),
        ..Default::default()
    };
    problems.finish()?;
    let scope = resolve(tx, actor, &COMMISSION_READERS, true, true).await?;
    scoped(&mut filter, scope);
    let (mut estimated, mut confirmed, mut reverted, mut on_hold) = (
        Tally::default(),
        Tally::default(),
        Tally::default(),
        Tally::default(),
    );
    let mut eligible = Decimal::ZERO;
    for (state, held, commission, reverted_amount, eligible_amount) in
        afiliados_db::commissions::amounts(tx, ctx.tenant_id, &filter).await?
    {
        let net = commission - reverted_amount;
        match stored(&state, CommissionState::parse)? {
            CommissionState::Estimated => estimated.add(net),
            CommissionState::Confirmed => confirmed.add(net),
            CommissionState::Reverted => {}
        }
        if state != CommissionState::Reverted.as_str() {
            eligible += eligible_amount;
        }
        if reverted_amount > Decimal::ZERO {
            reverted.add(reverted_amount);
        }
        if held {
            on_hold.add(net);
        }
    }
    Ok(CommissionSummary {
        estimated: estimated.done(),
        confirmed: confirmed.done(),
        reverted: reverted.done(),
        on_hold: on_hold.done(),
        eligible_amount: Money::rounded(eligible),
    })
}
