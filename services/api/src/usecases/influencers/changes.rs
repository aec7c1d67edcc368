//! Turning a `PATCH /influencers/{id}` body into column changes: which fields a role may send,
//! and the same rules as registration for each field sent.

use afiliados_api_types::influencers::UpdateInfluencerRequest;
use afiliados_db::AsyncPgConnection;
use afiliados_db::influencers::Influencer;
use afiliados_db::influencers::write::InfluencerChanges;
use afiliados_domain::BankAccount;
use afiliados_domain::FieldCode;
use uuid::Uuid;

use super::fields::{self, ADDRESS_MAX, CITY_MAX};
use crate::usecases::{Problems, UseCaseError};

/// Fields the influencer may change on its own record.
pub const OWN_FIELDS: [&str; 8] = [
    "phone",
    "address",
    "city",
    "department",
    "country",
    "socialLinks",
    "bankAccount",
    "marketingOptIn",
];
/// Fields finance may change.
pub const FINANCE_FIELDS: [&str; 1] = ["taxProfileCode"];

/// The names of the fields present in the body.
pub fn present(body: &UpdateInfluencerRequest) -> Vec<&'static str> {
    [
        ("firstName", body.first_name.is_some()),
        ("lastName", body.last_name.is_some()),
        ("email", body.email.is_some()),
        ("documentType", body.document_type.is_some()),
        ("documentNumber", body.document_number.is_some()),
        ("phone", body.phone.is_some()),
        ("address", body.address.is_some()),
        ("city", body.city.is_some()),
        ("department", body.department.is_some()),
        ("country", body.country.is_some()),
        ("socialLinks", body.social_links.is_some()),
        ("taxProfileCode", body.tax_profile_code.is_some()),
        ("bankAccount", body.bank_account.is_some()),
        ("marketingOptIn", body.marketing_opt_in.is_some()),
    ]
    .into_iter()
    .filter_map(|(name, set)| set.then_some(name))
    .collect()
}

/// The validated edit.
#[derive(Debug, Default)]
pub struct Planned {
    /// Column changes.
    pub changes: InfluencerChanges,
    /// A new email (different from the current one).
    pub new_email: Option<String>,
    /// A new `(type, number)` pair.
    pub new_document: Option<(String, String)>,
    /// `Some(None)` removes the account, `Some(Some(_))` replaces it.
    pub bank_account: Option<Option<BankAccount>>,
}

fn optional(
    field: &str,
    value: &Option<Option<String>>,
    max: usize,
    problems: &mut Problems,
) -> Option<Option<String>> {
    let value = value.as_ref()?;
    fields::text(field, value.as_deref(), max, problems).ok()
}

/// Validates every field sent, reporting all problems at once.
pub async fn plan(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    current: &Influencer,
    body: &UpdateInfluencerRequest,
) -> Result<Planned, UseCaseError> {
    let mut p = Problems::new();
    let mut planned = Planned::default();
    let c = &mut planned.changes;
    c.first_name = body
        .first_name
        .as_deref()
        .and_then(|raw| fields::name("firstName", raw, &mut p));
    c.last_name = body
        .last_name
        .as_deref()
        .and_then(|raw| fields::name("lastName", raw, &mut p));
    if let Some(raw) = &body.email
        && let Some(email) = fields::email(raw, &mut p)
        && email.as_str() != current.email
    {
        planned.new_email = Some(email.as_str().to_owned());
        c.email = Some(email.as_str().to_owned());
    }
    if body.document_type.is_some() || body.document_number.is_some() {
        let doc_type = match &body.document_type {
            Some(raw) => fields::document_type(raw, &mut p),
            None => Some(current.document_type),
        };
        let raw_number = body
            .document_number
            .as_deref()
            .unwrap_or(&current.document_number);
        if let Some(number) = fields::document_number(doc_type, raw_number, &mut p) {
            let kind = number.doc_type().as_str().to_owned();
            let value = number.as_str().to_owned();
            if kind != current.document_type.as_str() || value != current.document_number {
                planned.new_document = Some((kind.clone(), value.clone()));
                c.document_type = Some(kind);
                c.document_number = Some(value);
            }
        }
    }
    if let Some(phone) = &body.phone {
        c.phone = fields::phone(phone.as_deref(), &mut p).ok();
    }
    c.address = optional("address", &body.address, ADDRESS_MAX, &mut p);
    c.city = optional("city", &body.city, CITY_MAX, &mut p);
    c.department = optional("department", &body.department, CITY_MAX, &mut p);
    c.country = body
        .country
        .as_deref()
        .and_then(|raw| fields::country(Some(raw), &mut p));
    c.social_links = body
        .social_links
        .as_deref()
        .and_then(|raw| fields::social_links(raw, &mut p));
    c.marketing_opt_in = body.marketing_opt_in;
    match &body.tax_profile_code {
        None => {}
        Some(None) => c.tax_profile_id = Some(None),
        Some(Some(code)) if code.trim().is_empty() => c.tax_profile_id = Some(None),
        Some(Some(code)) => {
            match afiliados_db::influencers::write::active_tax_profile(conn, tenant_id, code.trim())
                .await?
            {
                Some(profile) => c.tax_profile_id = Some(Some(profile.id)),
                None => p.push("taxProfileCode", FieldCode::UnknownReference),
            }
        }
    }
    match &body.bank_account {
        None => {}
        Some(None) => planned.bank_account = Some(None),
        Some(Some(raw)) => {
            if let Some(account) = fields::bank_account(raw, &mut p) {
                planned.bank_account = Some(Some(account));
            }
        }
    }
    // Each change is told to the address on file; together, the bank notice would go to the new
    // address and the owner would hear of neither (ADR 0018).
    if planned.new_email.is_some() && body.bank_account.is_some() {
        p.push("bankAccount", FieldCode::NotWithEmailChange);
    }
    p.finish()?;
    Ok(planned)
}
