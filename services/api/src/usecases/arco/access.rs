//! Completing an `access` request: a JSON export of every personal datum held about the
//! influencer, stored encrypted as a document of the request (`domain.md` §5.3.5).

use afiliados_db::AsyncPgConnection;
use afiliados_db::arco_requests::ArcoRequest;
use afiliados_db::influencers::Influencer;
use afiliados_db::stored_documents::NewDocument;
use afiliados_domain::Actor;
use chrono::SubsecRound;
use rust_decimal::Decimal;
use serde_json::{Value, json};
use uuid::Uuid;

use super::export::export_aad;
use crate::usecases::consents::representation::consent_responses;
use crate::usecases::{UseCaseContext, UseCaseError};

/// Sections of the export whose modules hold no data on this platform yet.
const NOT_YET_AVAILABLE: [&str; 5] = ["orders", "commissions", "ledger", "withdrawals", "payments"];

fn money(amount: Decimal) -> String {
    format!("{:.2}", amount.round_dp(2))
}

/// Everything held about `influencer`, as a JSON document.
pub async fn build_export(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    request: &ArcoRequest,
    influencer: &Influencer,
) -> Result<Value, UseCaseError> {
    let i = influencer;
    let tax_profile = match i.tax_profile_id {
        Some(id) => afiliados_db::tax_profiles::code_of(tx, id).await?,
        None => None,
    };
    let bank_account = i.bank_account_last4.as_ref().map(|last4| {
        json!({ "bankName": i.bank_name, "accountType": i.bank_account_type, "last4": last4 })
    });
    let account = match i.user_id {
        Some(id) => afiliados_db::users::find(tx, ctx.tenant_id, id).await?,
        None => None,
    }
    .map(|u| {
        json!({ "userId": u.id, "email": u.email, "firstName": u.first_name, "lastName": u.last_name,
                "locale": u.locale, "status": u.status, "createdAt": u.created_at, "lastLoginAt": u.last_login_at })
    });
    let history: Vec<Value> =
        afiliados_db::status_history::of_entity(tx, "influencer", i.id)
            .await?
            .into_iter()
            .map(|h| json!({ "fromStatus": h.from_status, "toStatus": h.to_status, "reason": h.reason, "occurredAt": h.occurred_at }))
            .collect();
    let consents = afiliados_db::consents::for_influencer(tx, i.id).await?;
    let consents = consent_responses(tx, consents).await?;
    let memberships: Vec<Value> = afiliados_db::campaign_influencers::memberships_of(tx, i.id)
        .await?
        .into_iter()
        .map(|m| json!({ "campaignId": m.campaign_id, "campaignName": m.campaign_name, "brandId": m.brand_id,
                         "brandName": m.brand_name, "status": m.status, "assignedAt": m.assigned_at }))
        .collect();
    let codes: Vec<Value> = afiliados_db::discount_codes::of_influencer(tx, i.id)
        .await?
        .into_iter()
        .map(|c| json!({ "id": c.id, "code": c.code, "campaignId": c.campaign_id, "brandId": c.brand_id,
                         "discountPercent": money(c.discount_percent), "startsOn": c.starts_on, "endsOn": c.ends_on,
                         "status": c.status, "enabled": c.enabled, "usageCount": c.usage_count, "createdAt": c.created_at }))
        .collect();
    let balances: Vec<Value> = afiliados_db::influencer_balance::of_influencer(tx, i.id)
        .await?
        .into_iter()
        .map(|b| {
            json!({ "brandId": b.brand_id, "brandName": b.brand_name, "currency": b.currency,
                         "estimated": money(b.estimated), "confirmed": money(b.confirmed),
                         "withdrawn": money(b.withdrawn), "available": money(b.available) })
        })
        .collect();
    let documents: Vec<Value> =
        afiliados_db::stored_documents::unpurged_of_owners(tx, "influencer", &[i.id])
            .await?
            .into_iter()
            .map(|d| json!({ "id": d.id, "kind": d.kind, "filename": d.filename, "contentType": d.content_type,
                             "sizeBytes": d.size_bytes, "sha256": d.sha256, "uploadedAt": d.created_at,
                             "deletedAt": d.deleted_at }))
            .collect();
    let arco: Vec<Value> = afiliados_db::arco_requests::for_influencer(tx, i.id)
        .await?
        .into_iter()
        .map(|r| json!({ "id": r.id, "type": r.kind, "status": r.status, "channel": r.channel, "details": r.details,
                         "createdAt": r.created_at, "dueAt": r.due_at, "resolvedAt": r.resolved_at,
                         "resolutionNotes": r.resolution_notes }))
        .collect();
    let mut export = json!({
        "format": "marketing-afiliados/arco-access/1",
        "generatedAt": ctx.now().trunc_subsecs(6),
        "arcoRequestId": request.id,
        "profile": {
            "id": i.id, "firstName": i.first_name, "lastName": i.last_name, "documentType": i.document_type,
            "documentNumber": i.document_number, "email": i.email, "phone": i.phone, "address": i.address,
            "city": i.city, "department": i.department, "country": i.country, "socialLinks": i.social_links,
            "taxProfileCode": tax_profile, "bankAccount": bank_account, "status": i.status,
            "statusReason": i.status_reason, "approvedAt": i.approved_at, "marketingOptIn": i.marketing_opt_in,
            "anonymizedAt": i.anonymized_at, "createdAt": i.created_at, "updatedAt": i.updated_at,
        },
        "account": account,
        "statusHistory": history,
        "consents": consents,
        "memberships": memberships,
        "codes": codes,
        "balances": balances,
        "documents": documents,
        "arcoRequests": arco,
    });
    if let Value::Object(sections) = &mut export {
        for section in NOT_YET_AVAILABLE {
            sections.insert(
                section.into(),
                json!({ "items": [], "note": "Este módulo aún no registra datos en la plataforma (module not available yet)." }),
            );
        }
    }
    Ok(export)
}

/// Builds the export, stores it sealed under `arco_request/<request id>/<document id>` and
/// records the document; answers its id.
pub async fn store_export(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    staff: &Actor,
    request: &ArcoRequest,
    influencer: &Influencer,
) -> Result<Uuid, UseCaseError> {
    let export = build_export(tx, ctx, request, influencer).await?;
    let bytes = serde_json::to_vec_pretty(&export).map_err(anyhow::Error::from)?;
    let document_id = afiliados_db::new_id();
    let key = format!(
        "arco_request/{}/{}",
        request.id.hyphenated(),
        document_id.hyphenated()
    );
    let key_id = ctx
        .storage
        .put_sealed(&key, &bytes, ctx.data_keys, &export_aad(document_id))
        .await
        .map_err(|error| UseCaseError::internal(format!("storing export: {error}")))?;
    let filename = format!("arco-acceso-{}.json", request.id.hyphenated());
    let sha256 = afiliados_crypto::sha256_hex(&bytes);
    let uploaded_by = staff.user_id.to_string();
    afiliados_db::stored_documents::insert(
        tx,
        &NewDocument {
            id: document_id,
            tenant_id: ctx.tenant_id,
            owner_type: "arco_request",
            owner_id: request.id,
            kind: "export",
            filename: &filename,
            content_type: "application/json",
            size_bytes: i64::try_from(bytes.len()).unwrap_or(i64::MAX),
            sha256: &sha256,
            storage_key: &key,
            encryption_key_id: Some(&key_id),
            uploaded_by: &uploaded_by,
            notes: None,
        },
    )
    .await?;
    Ok(document_id)
}
