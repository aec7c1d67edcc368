//! `POST /gestor/arco/{id}/resolver`: completes or rejects an open ARCO request. Completing a
//! rectification applies the field/value pairs as edited here (prefilled from the request);
//! completing a deletion anonymises the person irreversibly and needs the positive balance
//! acknowledged when there is one. A refusal shows the request again with the form as sent.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use afiliados_api_types::arco::{ArcoRequestResponse, ResolveArcoRequest};
use serde_json::Value;
use uuid::Uuid;

use super::ARCO_STAFF;
use super::arco_detail::{detail_page, detail_path};
use super::arco_fields::{Options, RectifyRows};
use crate::context::Ctx;
use crate::error::WebError;
use crate::error_messages::{FieldErrors, form_feedback};
use crate::forms::FormData;
use crate::i18n::I18n;
use crate::layout::render;

/// The decisions the api accepts.
const DECISIONS: [&str; 2] = [
    afiliados_domain::ArcoStatus::Completed.as_str(),
    afiliados_domain::ArcoStatus::Rejected.as_str(),
];

/// The resolution form of one request.
pub(crate) struct ResolveForm {
    pub(crate) decision: String,
    pub(crate) notes: String,
    pub(crate) acknowledge: bool,
    /// The editable pairs, for a rectification only.
    pub(crate) rectify: Option<RectifyRows>,
    /// A deletion: the form warns that it anonymises the person.
    pub(crate) is_delete: bool,
    /// A revocation: the form warns that it suspends the person.
    pub(crate) is_revoke: bool,
    pub(crate) decisions: Options,
    pub(crate) message: Option<String>,
    pub(crate) fields: FieldErrors,
}

fn decisions(i18n: I18n) -> Options {
    DECISIONS
        .iter()
        .map(|d| {
            (
                (*d).to_owned(),
                i18n.t(&format!("arco_staff.decision.{d}")).to_owned(),
            )
        })
        .collect()
}

impl ResolveForm {
    /// The empty form; a rectification's pairs come from the request.
    pub(crate) fn blank(i18n: I18n, request: &ArcoRequestResponse) -> ResolveForm {
        ResolveForm {
            decision: String::new(),
            notes: String::new(),
            acknowledge: false,
            rectify: (request.kind == afiliados_domain::ArcoType::Rectify)
                .then(|| RectifyRows::from_details(i18n, &request.details)),
            is_delete: request.kind == afiliados_domain::ArcoType::Delete,
            is_revoke: request.kind == afiliados_domain::ArcoType::Revoke,
            decisions: decisions(i18n),
            message: None,
            fields: FieldErrors::default(),
        }
    }

    fn read(i18n: I18n, request: &ArcoRequestResponse, form: &FormData) -> ResolveForm {
        ResolveForm {
            decision: form.get("decision"),
            notes: form.get("notes"),
            acknowledge: form.checked("acknowledge_positive_balance"),
            rectify: (request.kind == afiliados_domain::ArcoType::Rectify)
                .then(|| RectifyRows::read(i18n, form, "rectify")),
            ..ResolveForm::blank(i18n, request)
        }
    }

    /// What the web checks before asking the api (the same rules as the api's).
    fn check(&self, i18n: I18n) -> FieldErrors {
        let mut fields = FieldErrors::default();
        if !DECISIONS.contains(&self.decision.as_str()) {
            fields.add("decision", i18n.t("field_error.required").to_owned());
        }
        let length = self.notes.chars().count();
        if length < 3 {
            fields.add("notes", i18n.t("field_error.too_short").to_owned());
        } else if length > 2000 {
            fields.add("notes", i18n.t("field_error.too_long").to_owned());
        }
        let completing = self.decision == "completed";
        if let Some(rows) = self.rectify.as_ref().filter(|_| completing)
            && rows.details().is_empty()
        {
            fields.add("details", i18n.t("arco.rectify_required").to_owned());
        }
        fields
    }

    fn request(&self) -> ResolveArcoRequest {
        let completing = self.decision == "completed";
        ResolveArcoRequest {
            decision: self.decision.clone(),
            notes: self.notes.clone(),
            details: self
                .rectify
                .as_ref()
                .filter(|_| completing)
                .map(|rows| Value::Object(rows.details())),
            acknowledge_positive_balance: self.is_delete && self.acknowledge,
        }
    }

    fn with_feedback(
        mut self,
        i18n: I18n,
        message: Option<String>,
        mut fields: FieldErrors,
    ) -> ResolveForm {
        // "Required" says too little next to the balance checkbox.
        fields.reword(
            "acknowledgePositiveBalance",
            i18n.t("arco_staff.ack_balance_required"),
        );
        if let Some(rows) = &mut self.rectify {
            rows.attach_errors(&fields);
        }
        self.message = message;
        self.fields = fields;
        self
    }
}

/// `POST /gestor/arco/{id}/resolver` (AD, GA) with `decision`, `notes`, the rectification rows
/// and `acknowledge_positive_balance`.
pub(crate) async fn submit_resolve_arco(
    ctx: Ctx,
    id: web::Path<Uuid>,
    form: FormData,
) -> Result<HttpResponse, WebError> {
    let user = ctx.require(ARCO_STAFF)?;
    let id = id.into_inner();
    let current = ctx
        .call(async |api, token| api.get_arco_request(token, id).await)
        .await?;
    let values = ResolveForm::read(ctx.i18n, &current, &form);
    let problems = values.check(ctx.i18n);
    if !problems.is_empty() {
        let values = values.with_feedback(ctx.i18n, None, problems);
        let page = detail_page(&ctx, &user, id, Some(values)).await?;
        return render(&page, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let request = values.request();
    match ctx
        .call(async |api, token| api.resolve_arco_request(token, id, &request).await)
        .await
    {
        Ok(resolved) => ctx.done(
            &detail_path(id),
            &format!("arco_staff.resolved.{}", resolved.status),
        ),
        Err(error) => {
            let feedback = form_feedback(error, ctx.i18n)?;
            let values = values.with_feedback(ctx.i18n, feedback.message, feedback.fields);
            let page = detail_page(&ctx, &user, id, Some(values)).await?;
            render(&page, feedback.status)
        }
    }
}
