//! The parts of an influencer's staff record added around the profile: its consents with their
//! certificates (admin dentsu, gestor), the tax profile form (admin dentsu, gestor, finance) and
//! the form that files an ARCO request on the person's behalf (admin dentsu, gestor).

use afiliados_api_types::consents::ConsentResponse;
use uuid::Uuid;

use super::arco_fields::{ARCO_TYPES, Options, RectifyRows, STAFF_CHANNELS, options};
use crate::context::Ctx;
use crate::error::WebError;
use crate::error_messages::FieldErrors;
use crate::format::stamp;
use crate::forms::FormData;
use crate::i18n::I18n;

/// One consent of the person.
pub(crate) struct ConsentRow {
    pub(crate) version_id: String,
    pub(crate) type_label: String,
    pub(crate) title: String,
    pub(crate) version: String,
    pub(crate) accepted_at: String,
    pub(crate) ip_address: String,
    pub(crate) channel: String,
    pub(crate) consent_hash: String,
    pub(crate) revoked_at: String,
}

impl ConsentRow {
    fn new(i18n: I18n, consent: ConsentResponse) -> ConsentRow {
        ConsentRow {
            version_id: consent.policy_version_id.to_string(),
            type_label: i18n.label("policy_type", consent.policy_type),
            channel: i18n.label("channel", consent.channel),
            accepted_at: stamp(Some(consent.accepted_at)),
            revoked_at: stamp(consent.revoked_at),
            ip_address: consent.ip_address.unwrap_or_default(),
            title: consent.title,
            version: consent.version,
            consent_hash: consent.consent_hash,
        }
    }
}

/// The person's consents, newest first, revoked ones included.
pub(super) async fn consent_rows(ctx: &Ctx, id: Uuid) -> Result<Vec<ConsentRow>, WebError> {
    let list = ctx
        .call(async |api, token| api.list_consents(token, id).await)
        .await?;
    Ok(list
        .items
        .into_iter()
        .map(|consent| ConsentRow::new(ctx.i18n, consent))
        .collect())
}

/// The tax profile form: the active profiles (the public list, which every role may read).
pub(crate) struct TaxForm {
    pub(crate) options: Options,
    pub(crate) selected: String,
    pub(crate) message: Option<String>,
    pub(crate) fields: FieldErrors,
}

/// The form with the person's current profile selected.
pub(super) async fn tax_form(ctx: &Ctx, current: Option<&str>) -> Result<TaxForm, WebError> {
    let profiles = ctx.api().list_public_tax_profiles().await?;
    Ok(TaxForm {
        options: profiles
            .items
            .into_iter()
            .map(|profile| (profile.code, profile.name))
            .collect(),
        selected: current.unwrap_or_default().to_owned(),
        message: None,
        fields: FieldErrors::default(),
    })
}

/// "Registrar solicitud": an ARCO request staff record for the person.
pub(crate) struct ArcoNewForm {
    pub(crate) kind: String,
    pub(crate) channel: String,
    pub(crate) rectify: RectifyRows,
    pub(crate) types: Options,
    pub(crate) channels: Options,
    pub(crate) message: Option<String>,
    pub(crate) fields: FieldErrors,
}

impl ArcoNewForm {
    /// The empty form.
    pub(crate) fn blank(i18n: I18n) -> ArcoNewForm {
        ArcoNewForm {
            kind: "access".to_owned(),
            channel: "email".to_owned(),
            rectify: RectifyRows::from_details(i18n, &serde_json::Value::Null),
            types: options(i18n, "arco_type", &ARCO_TYPES),
            channels: options(i18n, "channel", &STAFF_CHANNELS),
            message: None,
            fields: FieldErrors::default(),
        }
    }

    /// The submitted form.
    pub(crate) fn read(i18n: I18n, form: &FormData) -> ArcoNewForm {
        ArcoNewForm {
            kind: form.get("type"),
            channel: form.get("channel"),
            rectify: RectifyRows::read(i18n, form, "rectify"),
            ..ArcoNewForm::blank(i18n)
        }
    }

    /// The type and channel must be known; a rectification names at least one field.
    pub(crate) fn check(&self, i18n: I18n) -> FieldErrors {
        let mut fields = FieldErrors::default();
        if !ARCO_TYPES.contains(&self.kind.as_str()) {
            fields.add("type", i18n.t("field_error.invalid_enum").to_owned());
        }
        if !STAFF_CHANNELS.contains(&self.channel.as_str()) {
            fields.add("channel", i18n.t("field_error.invalid_enum").to_owned());
        }
        if self.kind == "rectify" && self.rectify.details().is_empty() {
            fields.add("details", i18n.t("arco.rectify_required").to_owned());
        }
        fields
    }

    /// Shows a refusal.
    pub(crate) fn with_feedback(mut self, message: Option<String>, fields: FieldErrors) -> Self {
        self.rectify.attach_errors(&fields);
        self.message = message;
        self.fields = fields;
        self
    }
}
