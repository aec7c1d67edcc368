//! `/admin/politicas`: every published policy version (admin dentsu, gestor, auditor) and, for
//! admin dentsu, the form that publishes a new one. Publishing makes it the active version of its
//! type at once; influencers must accept it at their next sign-in.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use afiliados_api_types::policies::{
    ListPolicyVersionsQuery, PolicyVersionResponse, PublishPolicyRequest,
};
use afiliados_domain::Role;
use askama::Template;
use askama_web::WebTemplate;
use serde::Deserialize;

use crate::context::Ctx;
use crate::error::WebError;
use crate::error_messages::{FieldErrors, form_feedback};
use crate::forms::FormData;
use crate::layout::{Layout, render};
use crate::pager::{Pager, filter_query};

/// Who may read the versions.
const POLICY_READERS: &[Role] = &[Role::AdminDentsu, Role::GestorAfiliados, Role::Auditor];
/// Who may publish.
const POLICY_PUBLISHERS: &[Role] = &[Role::AdminDentsu];
/// The policy types (`api.md` §3).
pub(crate) const POLICY_TYPES: [&str; 3] = afiliados_domain::PolicyType::SPELLINGS;

/// The publish form as typed.
#[derive(Default)]
pub(crate) struct PublishValues {
    policy_type: String,
    version: String,
    title: String,
    document_text: String,
    notes: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "pages/admin/policies.html")]
pub(crate) struct PoliciesPage {
    l: Layout,
    filter_type: String,
    types: Vec<(&'static str, String)>,
    rows: Vec<PolicyVersionResponse>,
    pager: Pager,
    can_publish: bool,
    form: PublishValues,
    message: Option<String>,
    fields: FieldErrors,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Filters {
    page: Option<u32>,
    policy_type: Option<String>,
}

async fn page(
    ctx: &Ctx,
    page: Option<u32>,
    filter_type: Option<String>,
    form: PublishValues,
) -> Result<PoliciesPage, WebError> {
    let user = ctx.require(POLICY_READERS)?;
    let filter_type = filter_type.filter(|t| POLICY_TYPES.contains(&t.as_str()));
    let query = ListPolicyVersionsQuery {
        page: Some(page.unwrap_or(1).max(1)),
        page_size: Some(20),
        policy_type: filter_type.clone(),
        is_active: None,
    };
    let result = ctx
        .call(async |api, token| api.list_policy_versions(token, &query).await)
        .await?;
    let filters = filter_query(&[("policyType", filter_type.as_deref())]);
    Ok(PoliciesPage {
        pager: Pager::new(
            "/admin/politicas",
            &filters,
            result.page,
            result.page_size,
            result.total,
        ),
        rows: result.items,
        types: POLICY_TYPES
            .iter()
            .map(|t| (*t, ctx.i18n.label("policy_type", t)))
            .collect(),
        can_publish: user.has_any(POLICY_PUBLISHERS),
        filter_type: filter_type.unwrap_or_default(),
        l: ctx.layout().await?,
        form,
        message: None,
        fields: FieldErrors::default(),
    })
}

/// `GET /admin/politicas`.
pub(crate) async fn list_policies(
    ctx: Ctx,
    filters: web::Query<Filters>,
) -> Result<HttpResponse, WebError> {
    let Filters {
        page: number,
        policy_type,
    } = filters.into_inner();
    let form = PublishValues {
        policy_type: "terms".to_owned(),
        ..PublishValues::default()
    };
    render(
        &page(&ctx, number, policy_type, form).await?,
        StatusCode::OK,
    )
}

/// `POST /admin/politicas` (AD): publishes a version of `policy_type`.
pub(crate) async fn submit_publish_policy(
    ctx: Ctx,
    form: FormData,
) -> Result<HttpResponse, WebError> {
    ctx.require(POLICY_PUBLISHERS)?;
    let values = PublishValues {
        policy_type: form.get("policy_type"),
        version: form.get("version"),
        title: form.get("title"),
        // The text is published exactly as written: its SHA-256 is the version's checksum.
        document_text: form
            .0
            .iter()
            .find(|(key, _)| key == "document_text")
            .map(|(_, value)| value.replace("\r\n", "\n"))
            .unwrap_or_default(),
        notes: form.get("notes"),
    };
    if !POLICY_TYPES.contains(&values.policy_type.as_str()) {
        let mut page = page(&ctx, None, None, values).await?;
        page.fields.add(
            "policyType",
            ctx.i18n.t("field_error.invalid_enum").to_owned(),
        );
        return render(&page, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let request = PublishPolicyRequest {
        version: values.version.clone(),
        title: values.title.clone(),
        document_text: values.document_text.clone(),
        document_url: None,
        checksum: None,
        published_at: None,
        notes: form.opt("notes"),
    };
    match ctx
        .call(async |api, token| {
            api.publish_policy_version(token, &values.policy_type, &request)
                .await
        })
        .await
    {
        Ok(_) => ctx.done("/admin/politicas", "policies.published"),
        Err(error) => {
            let mut feedback = form_feedback(error, ctx.i18n)?;
            if let Some(message) = feedback
                .message
                .clone()
                .filter(|_| feedback.status.as_u16() == 409)
            {
                feedback.fields.add("version", message);
            }
            let mut page = page(&ctx, None, None, values).await?;
            page.message = feedback.message;
            page.fields = feedback.fields;
            render(&page, feedback.status)
        }
    }
}
