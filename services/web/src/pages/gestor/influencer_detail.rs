//! `/gestor/influencers/{id}`: one influencer for staff. The api decides how much of the record
//! a role sees (admin marca and finance get the reduced view); this page shows what came back,
//! plus the status history, memberships with their activate/deactivate buttons, documents (with
//! delete), codes with their sync state, consents with their certificates, the status actions,
//! the "assign to campaign", tax profile and "file an ARCO request" forms, each only to the roles
//! the api allows.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use afiliados_api_types::campaigns::ListCampaignsQuery;
use afiliados_api_types::codes::ListCodesQuery;
use afiliados_api_types::influencers::InfluencerResponse;
use afiliados_domain::Role;
use askama::Template;
use askama_web::WebTemplate;
use uuid::Uuid;

use super::influencer_sections::{ArcoNewForm, ConsentRow, TaxForm, consent_rows, tax_form};
use super::rows::{CodeSyncRow, HistoryRow, history};
use super::{
    ARCO_STAFF, CONSENT_READERS, DOCUMENT_ADMINS, DOCUMENT_READERS, GESTOR, INFLUENCER_READERS,
    TAX_EDITORS,
};
use crate::context::Ctx;
use crate::error::WebError;
use crate::error_messages::FieldErrors;
use crate::format::stamp;
use crate::layout::{Layout, render};
use crate::pages::influencer::DocumentRow;
use crate::session::SessionUser;

/// One campaign membership.
pub(crate) struct MembershipRow {
    campaign_id: String,
    campaign: String,
    brand: String,
    status: String,
    assigned: String,
    tier: String,
}

/// The "assign to campaign" form.
pub(crate) struct AssignValues {
    pub(crate) campaign_id: String,
    pub(crate) discount_percent: String,
    pub(crate) generate_code: bool,
    pub(crate) notes: String,
}

impl Default for AssignValues {
    fn default() -> AssignValues {
        AssignValues {
            campaign_id: String::new(),
            discount_percent: String::new(),
            generate_code: true,
            notes: String::new(),
        }
    }
}

/// A status action offered for the current status (`domain.md` §4.2).
pub(crate) struct StatusAction {
    /// Form value `action` and element id prefix.
    pub(crate) action: &'static str,
    pub(crate) label_key: &'static str,
    pub(crate) needs_reason: bool,
    pub(crate) danger: bool,
}

/// The actions from `status`; overturning a rejection needs a reason.
pub(crate) fn status_actions(status: &str) -> Vec<StatusAction> {
    let action = |action, label_key, needs_reason, danger| StatusAction {
        action,
        label_key,
        needs_reason,
        danger,
    };
    match status {
        "pending" => vec![
            action("approve", "influencers.action.approve", false, false),
            action("reject", "influencers.action.reject", true, true),
        ],
        "rejected" => vec![action("approve", "influencers.action.approve", true, false)],
        "approved" => vec![action("suspend", "influencers.action.suspend", true, true)],
        "suspended" => vec![action(
            "reactivate",
            "influencers.action.reactivate",
            false,
            false,
        )],
        _ => Vec::new(),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "pages/gestor/influencer_detail.html")]
pub(crate) struct InfluencerDetailPage {
    l: Layout,
    i: InfluencerResponse,
    reduced: bool,
    actions: Vec<StatusAction>,
    history: Vec<HistoryRow>,
    memberships: Vec<MembershipRow>,
    documents: Option<Vec<DocumentRow>>,
    codes: Option<Vec<CodeSyncRow>>,
    can_assign: bool,
    can_toggle_memberships: bool,
    can_delete_documents: bool,
    campaigns: Vec<(String, String)>,
    assign: AssignValues,
    message: Option<String>,
    fields: FieldErrors,
    back: String,
    consents: Option<Vec<ConsentRow>>,
    /// The tax profile form (AD, GA, FI).
    pub(super) tax: Option<TaxForm>,
    /// "File an ARCO request" (AD, GA).
    pub(super) arco: Option<ArcoNewForm>,
}

/// Builds the page; `assign` keeps a refused assignment's input.
pub(crate) async fn detail_page(
    ctx: &Ctx,
    user: &SessionUser,
    id: Uuid,
    assign: AssignValues,
) -> Result<InfluencerDetailPage, WebError> {
    let i = ctx
        .call(async |api, token| api.get_influencer(token, id).await)
        .await?;
    let staff = user.has_any(GESTOR);
    let history = if staff {
        let items = ctx
            .call(async |api, token| api.influencer_status_history(token, id).await)
            .await?
            .items;
        history(ctx.i18n, "influencer_status", items)
    } else {
        Vec::new()
    };
    let documents = if user.has_any(DOCUMENT_READERS) {
        let list = ctx
            .call(async |api, token| api.list_influencer_documents(token, id).await)
            .await?;
        Some(
            list.items
                .into_iter()
                .map(|document| DocumentRow::new(ctx.i18n, document))
                .collect(),
        )
    } else {
        None
    };
    let (codes, campaigns) = if staff {
        let query = ListCodesQuery {
            influencer_id: Some(id.into()),
            page_size: Some(100),
            ..ListCodesQuery::default()
        };
        let codes = ctx
            .call(async |api, token| api.list_codes(token, &query).await)
            .await?;
        let campaigns_query = ListCampaignsQuery {
            page_size: Some(100),
            status: Some("draft,active,paused".to_owned()),
            sort: Some("name".to_owned()),
            ..ListCampaignsQuery::default()
        };
        let campaigns = ctx
            .call(async |api, token| api.list_campaigns(token, &campaigns_query).await)
            .await?;
        (
            Some(
                codes
                    .items
                    .into_iter()
                    .map(|code| CodeSyncRow::new(ctx.i18n, code))
                    .collect(),
            ),
            campaigns
                .items
                .into_iter()
                .map(|c| (c.id.to_string(), format!("{} · {}", c.name, c.brand_name)))
                .collect(),
        )
    } else {
        (None, Vec::new())
    };
    let memberships = i
        .memberships
        .iter()
        .map(|m| MembershipRow {
            campaign_id: m.campaign_id.to_string(),
            campaign: m.campaign_name.clone(),
            brand: m.brand_name.clone(),
            status: m.status.to_string(),
            assigned: stamp(Some(m.assigned_at)),
            tier: m
                .tier
                .as_ref()
                .map(|tier| format!("{} · {} %", tier.name, tier.commission_percent))
                .unwrap_or_default(),
        })
        .collect();
    let consents = if user.has_any(CONSENT_READERS) {
        Some(consent_rows(ctx, id).await?)
    } else {
        None
    };
    let tax = if user.has_any(TAX_EDITORS) {
        let current = i.tax_profile.as_ref().map(|tax| tax.code.as_str());
        Some(tax_form(ctx, current).await?)
    } else {
        None
    };
    Ok(InfluencerDetailPage {
        l: ctx.layout().await?,
        reduced: !user.has_any(&[Role::AdminDentsu, Role::GestorAfiliados]),
        actions: if staff {
            status_actions(i.status.as_str())
        } else {
            Vec::new()
        },
        back: format!("/gestor/influencers/{id}"),
        i,
        history,
        memberships,
        documents,
        codes,
        can_assign: staff,
        can_toggle_memberships: staff,
        can_delete_documents: user.has_any(DOCUMENT_ADMINS),
        consents,
        tax,
        arco: user
            .has_any(ARCO_STAFF)
            .then(|| ArcoNewForm::blank(ctx.i18n)),
        campaigns,
        assign,
        message: None,
        fields: FieldErrors::default(),
    })
}

impl InfluencerDetailPage {
    /// Shows a refused assignment.
    pub(crate) fn with_feedback(mut self, message: Option<String>, fields: FieldErrors) -> Self {
        self.message = message;
        self.fields = fields;
        self
    }
}

/// `GET /gestor/influencers/{id}`.
pub(crate) async fn show_influencer(
    ctx: Ctx,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, WebError> {
    let user = ctx.require(INFLUENCER_READERS)?;
    let page = detail_page(&ctx, &user, id.into_inner(), AssignValues::default()).await?;
    render(&page, StatusCode::OK)
}

#[cfg(test)]
mod tests {
    use super::status_actions;

    #[test]
    fn actions_follow_the_state_machine() {
        let names = |status| {
            status_actions(status)
                .iter()
                .map(|a| (a.action, a.needs_reason))
                .collect::<Vec<_>>()
        };
        assert_eq!(names("pending"), vec![("approve", false), ("reject", true)]);
        assert_eq!(names("rejected"), vec![("approve", true)]);
        assert_eq!(names("approved"), vec![("suspend", true)]);
        assert_eq!(names("suspended"), vec![("reactivate", false)]);
        assert!(names("gone").is_empty());
    }
}
