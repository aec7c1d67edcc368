//! `withholdingPreview` of `GET /payments/withdrawals/{id}` (ADR 0051, ADR 0052): the split an
//! approved, unpaid withdrawal will carry when paid — gross, rate, withheld and net under the
//! influencer's tax profile or the tenant's default. It comes from the same [`ProfileBook`] the
//! payment uses, so what Finance reads before paying is what the payment stores. Only the payers
//! (FI, AD) get it, and only while the request is approved; everyone else reads `null`.

use afiliados_api_types::payments::WithholdingPreview;
use afiliados_db::AsyncPgConnection;
use afiliados_db::withdrawal_requests::WithdrawalRow;
use afiliados_domain::{Actor, Role, WithdrawalStatus};

use crate::usecases::payments::profiles::ProfileBook;
use crate::usecases::payments::record::approved_amount;
use crate::usecases::{UseCaseContext, UseCaseError};

/// The preview for `actor` of `row`, when it is one to pay.
pub async fn withholding_preview(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    row: &WithdrawalRow,
) -> Result<Option<WithholdingPreview>, UseCaseError> {
    let approved = WithdrawalStatus::parse(&row.status) == Some(WithdrawalStatus::Approved);
    if !approved || !actor.has_any(&[Role::Finance, Role::AdminDentsu]) {
        return Ok(None);
    }
    let influencer = afiliados_db::payout_batch_queries::influencers_by_id(
        tx,
        ctx.tenant_id,
        &[row.influencer_id],
    )
    .await?
    .pop()
    .ok_or_else(|| UseCaseError::internal("withdrawal without its influencer"))?;
    let book = ProfileBook::load(tx, ctx).await?;
    let own = influencer.tax_profile_id;
    let split = book.withholding(approved_amount(row)?, own);
    Ok(Some(WithholdingPreview {
        gross: split.gross,
        rate: split.rate,
        withheld: split.withheld,
        net: split.net,
        // `null` means the tenant's default applies, as the field documents.
        tax_profile_code: own
            .and_then(|_| book.profile_of(own))
            .map(|profile| profile.code.clone()),
    }))
}
