//! Tax profiles (`api.md` §5): finance and admin_dentsu create and edit them; registration
//! shows the active ones without rates.

use afiliados_api_types::ErrorCode;
use afiliados_api_types::brands::{
    CreateTaxProfileRequest, PublicTaxProfile, TaxProfileResponse, UpdateTaxProfileRequest,
};
use afiliados_db::AsyncPgConnection;
use afiliados_db::tax_profiles::{TaxProfile, TaxProfileChanges};
use afiliados_domain::bounded_text;
use afiliados_domain::brand::check_tax_profile_code;
use afiliados_domain::{Actor, FieldCode, Role};
use uuid::Uuid;

use crate::audit::{self, AuditActor, AuditEvent};
use crate::usecases::fields::{money, percent};
use crate::usecases::{Problems, UseCaseContext, UseCaseError};

/// Roles that read and write every profile.
pub const STAFF: [Role; 2] = [Role::AdminDentsu, Role::Finance];

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

/// `GET /public/tax-profiles`: the active profiles for the registration form, by code, without
/// rates (nobody is signed in).
#[tracing::instrument(skip_all)]
pub async fn list_public(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
) -> Result<Vec<PublicTaxProfile>, UseCaseError> {
    let rows = afiliados_db::tax_profiles::list(tx, ctx.tenant_id, true).await?;
    Ok(rows
        .into_iter()
        .map(|row| PublicTaxProfile {
            code: row.code,
            name: row.name,
        })
        .collect())
}

/// `GET /tax-profiles`: every profile, by code (finance, admin_dentsu).
#[tracing::instrument(skip_all, fields(actor.id = %actor.user_id))]
pub async fn list(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
) -> Result<Vec<TaxProfileResponse>, UseCaseError> {
    actor.require_any(&STAFF)?;
    let rows = afiliados_db::tax_profiles::list(tx, ctx.tenant_id, false).await?;
    Ok(rows.into_iter().map(response).collect())
}

/// `POST /tax-profiles` inside the caller's transaction (finance, admin_dentsu).
#[tracing::instrument(skip_all, fields(actor.id = %actor.user_id, tax_profile.id = tracing::field::Empty))]
pub async fn create(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    request: &CreateTaxProfileRequest,
) -> Result<TaxProfileResponse, UseCaseError> {
    actor.require_any(&STAFF)?;
    let mut problems = Problems::default();
    let code = problems.check("code", check_tax_profile_code(&request.code));
    let name = problems.check("name", bounded_text(&request.name, 2, 120));
    if request.threshold_amount.is_negative() {
        problems.push("thresholdAmount", FieldCode::OutOfRange);
    }
    problems.finish()?;
    let (Some(code), Some(name)) = (code, name) else {
        return Err(UseCaseError::invalid("code", FieldCode::Required));
    };
    if afiliados_db::tax_profiles::find_by_code(tx, ctx.tenant_id, &code)
        .await?
        .is_some()
    {
        return Err(UseCaseError::conflict(ErrorCode::CodeTaken));
    }
    let row = afiliados_db::tax_profiles::insert(
        tx,
        ctx.tenant_id,
        &code,
        &name,
        request.withholding_rate.value(),
        request.threshold_amount.amount(),
        request.active,
    )
    .await?;
    let created = response(row);
    tracing::Span::current().record("tax_profile.id", tracing::field::display(created.id));
    let event = AuditEvent::new("tax_profile.created", "tax_profile", created.id)
        .changes(None, serde_json::to_value(&created).ok());
    audit::record(tx, ctx.tenant_id, &AuditActor::User(actor), event).await?;
    Ok(created)
}

/// `PATCH /tax-profiles/{id}` inside the caller's transaction (finance, admin_dentsu; the code
/// never changes).
#[tracing::instrument(skip_all, fields(actor.id = %actor.user_id, tax_profile.id = %id))]
pub async fn update(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    id: Uuid,
    request: &UpdateTaxProfileRequest,
) -> Result<TaxProfileResponse, UseCaseError> {
    actor.require_any(&STAFF)?;
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
    let existing = afiliados_db::tax_profiles::find(tx, ctx.tenant_id, id)
        .await?
        .ok_or(UseCaseError::NotFound)?;
    let before = response(existing);
    let row = afiliados_db::tax_profiles::update(tx, id, &changes).await?;
    let after = response(row);
    let event = AuditEvent::new("tax_profile.updated", "tax_profile", id).changes(
        serde_json::to_value(&before).ok(),
        serde_json::to_value(&after).ok(),
    );
    audit::record(tx, ctx.tenant_id, &AuditActor::User(actor), event).await?;
    Ok(after)
}
