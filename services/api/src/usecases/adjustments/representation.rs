//! A stored adjustment as the api shows it (**Adjustment**, `api.md` §1), with the influencer's
//! and brand's names looked up once per page.

use std::collections::HashMap;

use afiliados_api_types::payments::AdjustmentResponse;
use afiliados_db::AsyncPgConnection;
use afiliados_db::adjustments::AdjustmentRow;
use afiliados_domain::commission::{AdjustmentKind, Recovery};
use afiliados_domain::{AdjustmentResolution, AdjustmentStatus};
use uuid::Uuid;

use crate::usecases::UseCaseError;
use crate::usecases::fields::money;
use crate::usecases::list_query::stored;

/// Names of the influencers and brands of some rows.
#[derive(Debug, Default)]
pub struct Names {
    influencers: HashMap<Uuid, String>,
    brands: HashMap<Uuid, String>,
}

impl Names {
    /// One query per kind for `rows`.
    pub async fn of(
        tx: &mut AsyncPgConnection,
        rows: &[AdjustmentRow],
    ) -> Result<Names, UseCaseError> {
        let mut influencer_ids: Vec<Uuid> = rows.iter().map(|row| row.influencer_id).collect();
        influencer_ids.sort_unstable();
        influencer_ids.dedup();
        let mut brand_ids: Vec<Uuid> = rows.iter().map(|row| row.brand_id).collect();
        brand_ids.sort_unstable();
        brand_ids.dedup();
        Ok(Names {
            influencers: afiliados_db::export_names::influencers(tx, &influencer_ids).await?,
            brands: afiliados_db::export_names::brands(tx, &brand_ids).await?,
        })
    }

    /// "first last" of an influencer (empty when anonymised away).
    pub fn influencer(&self, id: Uuid) -> String {
        self.influencers.get(&id).cloned().unwrap_or_default()
    }

    /// A brand's name.
    pub fn brand(&self, id: Uuid) -> String {
        self.brands.get(&id).cloned().unwrap_or_default()
    }
}

/// The response of one row.
pub fn adjustment(row: AdjustmentRow, names: &Names) -> Result<AdjustmentResponse, UseCaseError> {
    Ok(AdjustmentResponse {
        id: row.id.into(),
        influencer_name: names.influencer(row.influencer_id),
        influencer_id: row.influencer_id.into(),
        brand_name: names.brand(row.brand_id),
        brand_id: row.brand_id.into(),
        kind: stored(&row.kind, AdjustmentKind::parse)?,
        amount: money(row.amount),
        currency: row.currency.trim().to_owned(),
        status: stored(&row.status, AdjustmentStatus::parse)?,
        resolution_type: row
            .resolution_type
            .as_deref()
            .map(|value| stored(value, AdjustmentResolution::parse))
            .transpose()?,
        recovery_method: row
            .recovery_method
            .as_deref()
            .map(|value| stored(value, Recovery::parse))
            .transpose()?,
        recovery_reference: row.recovery_reference,
        reason: row.reason,
        commission_id: row.commission_id,
        order_id: row.order_id,
        reconciliation_id: row.reconciliation_id,
        created_by: row.created_by,
        created_at: row.created_at,
        resolved_by: row.resolved_by,
        resolved_at: row.resolved_at,
        resolution_notes: row.resolution_notes,
    })
}

/// One adjustment re-read after a write, as the answer.
pub async fn reloaded(
    tx: &mut AsyncPgConnection,
    tenant_id: Uuid,
    id: Uuid,
) -> Result<AdjustmentResponse, UseCaseError> {
    let row = afiliados_db::adjustments::find(tx, tenant_id, id)
        .await?
        .ok_or_else(|| UseCaseError::internal("adjustment vanished after its write"))?;
    let names = Names::of(tx, std::slice::from_ref(&row)).await?;
    adjustment(row, &names)
}
