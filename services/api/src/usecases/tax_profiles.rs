//! Tax profiles (`api.md` §5): finance and admin_dentsu create and edit them; registration
//! shows the active ones without rates.

use afiliados_api_types::ApiErrorCode;
use afiliados_api_types::brands::{
    CreateTaxProfileRequest, TaxProfileResponse, UpdateTaxProfileRequest,
};
use afiliados_db::AsyncPgConnection;
use afiliados_db::tax_profiles::{TaxProfile, TaxProfileChanges};
use afiliados_domain::FieldCode;
use afiliados_domain::bounded_text;
use afiliados_domain::brand::check_tax_profile_code;
use uuid::Uuid;

use crate::audit::{self, AuditActor, AuditEvent};
use crate::error::ApiError;
use crate::extract::CurrentUser;
use crate::state::AppState;
use crate::usecases::Problems;
use crate::usecases::fields::{money, percent};

/// The representation.
pub fn response(row: TaxProfile) -> TaxProfileResponse {
    TaxProfileResponse {
        id: row.id,
        code: row.code,
        name: row.name,
        withholding_rate: percent(row.withholding_rate),
        threshold_amount: money(row.threshold_amount),
        active: row.active,
    }
}

/// `POST /tax-profiles` inside the caller's transaction.
pub async fn create(
    tx: &mut AsyncPgConnection,
    state: &AppState,
    user: &CurrentUser,
    request: &CreateTaxProfileRequest,
) -> Result<TaxProfileResponse, ApiError> {
    let mut problems = Problems::default();
    let code = problems.check("code", check_tax_profile_code(&request.code));
    let name = problems.check("name", bounded_text(&request.name, 2, 120));
    if request.threshold_amount.is_negative() {
        problems.push("thresholdAmount", FieldCode::OutOfRange);
    }
    problems.finish()?;
    let (Some(code), Some(name)) = (code, name) else {
        return Err(ApiError::field("code", "required"));
    };
    if afiliados_db::tax_profiles::find_by_code(tx, state.tenant_id, &code)
        .await?
        .is_some()
    {
        return Err(ApiError::conflict(ApiErrorCode::CodeTaken));
    }
    let row = afiliados_db::tax_profiles::insert(
        tx,
        state.tenant_id,
        &code,
        &name,
        request.withholding_rate.value(),
        request.threshold_amount.amount(),
        request.active,
    )
    .await?;
    let created = response(row);
    let event = AuditEvent::new("tax_profile.created", "tax_profile", created.id)
        .changes(None, serde_json::to_value(&created).ok());
    audit::record(tx, state.tenant_id, &AuditActor::User(user), event).await?;
    Ok(created)
}

/// `PATCH /tax-profiles/{id}` inside the caller's transaction.
pub async fn update(
    tx: &mut AsyncPgConnection,
    state: &AppState,
    user: &CurrentUser,
    id: Uuid,
    request: &UpdateTaxProfileRequest,
) -> Result<TaxProfileResponse, ApiError> {
    let mut problems = Problems::default();
    let mut changes = TaxProfileChanges {
        withholding_rate: request.withholding_rate.map(|rate| rate.value()),
        threshold_amount: request.threshold_amount.map(|amount| amount.amount()),
        active: request.active,
        ..Default::default()
    };
    if let Some(name) = &request.name {
        changes.name = problems.check("name", bounded_text(name, 2, 120));
    }
    if request.threshold_amount.is_some_and(|a| a.is_negative()) {
        problems.push("thresholdAmount", FieldCode::OutOfRange);
    }
    problems.finish()?;
    let existing = afiliados_db::tax_profiles::find(tx, state.tenant_id, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let before = response(existing);
    let row = afiliados_db::tax_profiles::update(tx, id, &changes).await?;
    let after = response(row);
    let event = AuditEvent::new("tax_profile.updated", "tax_profile", id).changes(
        serde_json::to_value(&before).ok(),
        serde_json::to_value(&after).ok(),
    );
    audit::record(tx, state.tenant_id, &AuditActor::User(user), event).await?;
    Ok(after)
}
