//! The Influencer, InfluencerSummary and StatusChange representations (`api.md` §1), cut to the
//! caller's view (`domain.md` §2.5), and the masked snapshot audit rows keep.

use afiliados_api_types::influencers::{
    InfluencerMembership, InfluencerResponse, InfluencerStatusChange, InfluencerSummary,
    TaxProfileRef, TierRef,
};
use afiliados_db::AsyncPgConnection;
use afiliados_db::influencer_memberships::MembershipView;
use afiliados_db::influencers::Influencer;
use afiliados_db::influencers::write::StatusHistoryRow;
use afiliados_domain::document::mask_keep_last;
use afiliados_domain::{InfluencerStatus, Percent};
use serde_json::{Value, json};

use super::access::View;
use super::bank;
use crate::usecases::{UseCaseContext, UseCaseError};

/// Digits of the document number admin_marca sees.
const BRAND_VISIBLE_DIGITS: usize = 3;

fn percent(value: rust_decimal::Decimal) -> Percent {
    // Stored as NUMERIC(5,2) with a 0–100 CHECK, so it always parses.
    Percent::from_decimal(value).unwrap_or_default()
}

fn membership(view: MembershipView) -> InfluencerMembership {
    let tier = view.tier_level.map(|level| TierRef {
        level,
        name: view.tier_name.clone().unwrap_or_else(|| "Base".into()),
        commission_percent: percent(view.tier_percent.unwrap_or(view.base_commission_percent)),
        since: view.tier_since,
    });
    InfluencerMembership {
        campaign_id: view.campaign_id.into(),
        campaign_name: view.campaign_name,
        brand_id: view.brand_id.into(),
        brand_name: view.brand_name,
        status: view.status,
        assigned_at: view.assigned_at,
        tier,
    }
}

/// The full record, reduced for the caller's view.
pub async fn detail(
    conn: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    influencer: Influencer,
    view: &View,
) -> Result<InfluencerResponse, UseCaseError> {
    let full = matches!(view, View::Staff | View::Own);
    let finance = *view == View::Finance;
    let memberships = match view {
        View::Staff | View::Own => {
            afiliados_db::influencer_memberships::for_influencer(conn, influencer.id).await?
        }
        View::Brand(brands) => {
            afiliados_db::influencer_memberships::for_influencer(conn, influencer.id)
                .await?
                .into_iter()
                .filter(|m| brands.contains(&m.brand_id))
                .collect()
        }
        View::Finance => Vec::new(),
    };
    let tax_profile = match influencer.tax_profile_id {
        Some(id) if full || finance => afiliados_db::influencers::write::tax_profile(conn, id)
            .await?
            .map(|t| TaxProfileRef {
                code: t.code,
                name: t.name,
                withholding_rate: percent(t.withholding_rate),
            }),
        _ => None,
    };
    let bank_account = if full || finance {
        bank::open(ctx.data_keys, &influencer)?.map(|a| bank::response(&a))
    } else {
        None
    };
    let documents_count = if full || finance {
        afiliados_db::stored_documents::count_for_owner(
            conn,
            ctx.tenant_id,
            "influencer",
            influencer.id,
        )
        .await?
    } else {
        0
    };
    let pending_consents = if full {
        crate::usecases::consents::pending_consents(conn, ctx.tenant_id, influencer.id).await?
    } else {
        Vec::new()
    };
    let pending_bank_account_change = if matches!(view, View::Staff | View::Finance) {
        super::bank_change::pending_response(conn, ctx, influencer.id).await?
    } else {
        None
    };
    let brand = matches!(view, View::Brand(_));
    let document_number = if brand {
        mask_keep_last(&influencer.document_number, BRAND_VISIBLE_DIGITS)
    } else {
        influencer.document_number.clone()
    };
    let shown = |value: Option<String>, visible: bool| if visible { value } else { None };
    Ok(InfluencerResponse {
        id: influencer.id.into(),
        user_id: influencer.user_id.map(Into::into),
        first_name: influencer.first_name,
        last_name: influencer.last_name,
        document_type: influencer.document_type,
        document_number,
        email: influencer.email,
        phone: influencer.phone,
        address: shown(influencer.address, full),
        city: shown(influencer.city, !finance),
        department: shown(influencer.department, full),
        country: influencer.country.trim().to_owned(),
        social_links: if finance {
            Vec::new()
        } else {
            influencer.social_links
        },
        tax_profile,
        bank_account,
        status: influencer.status,
        status_reason: influencer.status_reason,
        approved_at: influencer.approved_at,
        marketing_opt_in: influencer.marketing_opt_in,
        memberships: memberships.into_iter().map(membership).collect(),
        documents_count,
        pending_consents,
        anonymized: influencer.anonymized_at.is_some(),
        pending_bank_account_change,
        created_at: influencer.created_at,
        updated_at: influencer.updated_at,
    })
}

/// A list row.
pub fn summary(
    influencer: Influencer,
    memberships: i64,
    pending_consents: i64,
) -> InfluencerSummary {
    InfluencerSummary {
        id: influencer.id.into(),
        document_number_masked: mask_keep_last(&influencer.document_number, BRAND_VISIBLE_DIGITS),
        first_name: influencer.first_name,
        last_name: influencer.last_name,
        email: influencer.email,
        status: influencer.status,
        city: influencer.city,
        document_type: influencer.document_type,
        memberships,
        pending_consents,
        created_at: influencer.created_at,
    }
}

/// A status trail row. `status_history` is shared by every entity and has no CHECK list, so the
/// spellings are parsed here: one that is not an influencer status is a broken row (500).
pub fn status_change(row: StatusHistoryRow) -> Result<InfluencerStatusChange, UseCaseError> {
    let status = |value: &str| {
        InfluencerStatus::parse(value).ok_or_else(|| {
            UseCaseError::internal(format!(
                "status history {}: `{value}` is not an influencer status",
                row.id
            ))
        })
    };
    Ok(InfluencerStatusChange {
        id: row.id,
        from_status: row.from_status.as_deref().map(status).transpose()?,
        to_status: status(&row.to_status)?,
        reason: row.reason,
        actor: row.actor,
        occurred_at: row.occurred_at,
    })
}

/// What audit rows keep of a record: every editable field, the bank account masked.
pub fn audit_snapshot(influencer: &Influencer) -> Value {
    json!({
        "firstName": influencer.first_name,
        "lastName": influencer.last_name,
        "documentType": influencer.document_type,
        "documentNumber": influencer.document_number,
        "email": influencer.email,
        "phone": influencer.phone,
        "address": influencer.address,
        "city": influencer.city,
        "department": influencer.department,
        "country": influencer.country.trim(),
        "socialLinks": influencer.social_links,
        "taxProfileId": influencer.tax_profile_id,
        "bankAccount": bank::audit_view(influencer),
        "marketingOptIn": influencer.marketing_opt_in,
        "status": influencer.status,
    })
}
