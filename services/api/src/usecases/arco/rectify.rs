//! Rectification (`domain.md` §5.3.5): the fields of `details` are validated exactly as at
//! registration (§5.2.2, the domain's value objects) and applied to the influencer — and to its
//! user's sign-in e-mail — when the request is completed.

use afiliados_db::AsyncPgConnection;
use afiliados_db::influencers::Influencer;
use afiliados_db::influencers::{InfluencerCorrections, correct};
use afiliados_domain::{
    Actor, DocumentNumber, DocumentType, Email, FieldCode, PersonName, Phone, optional_text,
    parse_social_links,
};
use serde_json::{Map, Value, json};

use crate::audit::{self, AuditActor, AuditEvent};
use crate::usecases::{Problems, UseCaseContext, UseCaseError};

/// The fields a rectification may change. Bank accounts are changed through
/// `PATCH /influencers/{id}` (masked audit and confirmation e-mail of their own).
pub const RECTIFIABLE: [&str; 10] = [
    "firstName",
    "lastName",
    "email",
    "documentType",
    "documentNumber",
    "phone",
    "address",
    "city",
    "department",
    "socialLinks",
];

/// A problem at `details.<field>`.
fn problem(problems: &mut Problems, field: &str, code: FieldCode) {
    problems.push(format!("details.{field}"), code);
}

fn text<'a>(value: &'a Value, field: &str, problems: &mut Problems) -> Option<Option<&'a str>> {
    match value {
        Value::Null => Some(None),
        Value::String(text) => Some(Some(text)),
        _ => {
            problem(problems, field, FieldCode::InvalidType);
            None
        }
    }
}

/// Validates `details` against the influencer's current document type; every problem is
/// reported at `details.<field>`.
pub fn validate(
    details: &Map<String, Value>,
    influencer: &Influencer,
) -> Result<InfluencerCorrections, UseCaseError> {
    let mut errors = Problems::new();
    let mut changes = InfluencerCorrections::default();
    if details.is_empty() {
        return Err(UseCaseError::invalid("details", FieldCode::Required));
    }
    for key in details
        .keys()
        .filter(|key| !RECTIFIABLE.contains(&key.as_str()))
    {
        problem(&mut errors, key, FieldCode::NotAllowed);
    }
    let required = |raw: Option<Option<&str>>, field: &str, errors: &mut Problems| match raw {
        Some(None) => {
            problem(errors, field, FieldCode::Required);
            None
        }
        Some(Some(value)) => Some(value.to_owned()),
        None => None,
    };
    let get = |field: &str, errors: &mut Problems| {
        details
            .get(field)
            .and_then(|value| text(value, field, errors))
    };
    let code = |field: &str, result: Result<String, FieldCode>, errors: &mut Problems| {
        result.map_err(|c| problem(errors, field, c)).ok()
    };
    for (field, slot) in [
        ("firstName", &mut changes.first_name),
        ("lastName", &mut changes.last_name),
    ] {
        if let Some(raw) = required(get(field, &mut errors), field, &mut errors) {
            *slot = code(
                field,
                PersonName::parse(&raw).map(|n| n.as_str().to_owned()),
                &mut errors,
            );
        }
    }
    if let Some(raw) = required(get("email", &mut errors), "email", &mut errors) {
        let parsed = Email::parse(&raw).map(|e| e.as_str().to_owned());
        changes.email = code("email", parsed.ok_or(FieldCode::InvalidFormat), &mut errors);
    }
    let new_type = required(
        get("documentType", &mut errors),
        "documentType",
        &mut errors,
    );
    let new_number = required(
        get("documentNumber", &mut errors),
        "documentNumber",
        &mut errors,
    );
    if new_type.is_some() || new_number.is_some() {
        let kind = match new_type.as_deref() {
            Some(raw) => DocumentType::parse(raw.trim()),
            None => Some(influencer.document_type),
        };
        match kind {
            None => problem(&mut errors, "documentType", FieldCode::InvalidEnum),
            Some(kind) => {
                let raw = new_number.unwrap_or_else(|| influencer.document_number.clone());
                let parsed = DocumentNumber::parse(kind, &raw).map(|n| n.as_str().to_owned());
                if let Some(number) = code("documentNumber", parsed, &mut errors) {
                    changes.document_type = Some(kind.as_str().to_owned());
                    changes.document_number = Some(number);
                }
            }
        }
    }
    if let Some(raw) = get("phone", &mut errors) {
        changes.phone = match raw.map(str::trim).filter(|p| !p.is_empty()) {
            None => Some(None),
            Some(p) => code(
                "phone",
                Phone::parse(p).map(|p| p.as_str().to_owned()),
                &mut errors,
            )
            .map(Some),
        };
    }
    for (field, max, slot) in [
        ("address", 200, &mut changes.address),
        ("city", 80, &mut changes.city),
        ("department", 80, &mut changes.department),
    ] {
        if let Some(raw) = get(field, &mut errors) {
            match optional_text(raw, max) {
                Ok(value) => *slot = Some(value),
                Err(c) => problem(&mut errors, field, c),
            }
        }
    }
    if let Some(links) = details.get("socialLinks") {
        let raw: Option<Vec<String>> = links.as_array().and_then(|items| {
            items
                .iter()
                .map(|i| i.as_str().map(str::to_owned))
                .collect()
        });
        match raw {
            None => problem(&mut errors, "socialLinks", FieldCode::InvalidType),
            Some(raw) => match parse_social_links(&raw) {
                Ok(links) => {
                    changes.social_links =
                        Some(links.iter().map(|l| l.as_str().to_owned()).collect())
                }
                Err(problems) => {
                    for p in problems {
                        problem(&mut errors, &p.field, p.code);
                    }
                }
            },
        }
    }
    errors.finish()?;
    Ok(changes)
}

/// Applies validated corrections (unique indexes answer a taken e-mail or document with 409) and
/// audits `influencer.updated` with the names of the changed fields only: an audit row is never
/// anonymised, so it must not hold the values.
pub async fn apply(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    staff: &Actor,
    influencer: &Influencer,
    details: &Map<String, Value>,
    arco_request_id: uuid::Uuid,
) -> Result<(), UseCaseError> {
    let corrections = validate(details, influencer)?;
    let updated = correct(tx, influencer.id, &corrections).await?;
    if let (Some(email), Some(user_id)) = (&corrections.email, influencer.user_id) {
        afiliados_db::users::set_email(tx, user_id, email).await?;
    }
    let fields: Vec<&String> = details.keys().collect();
    let event = AuditEvent::new("influencer.updated", "influencer", updated.id).changes(
        None,
        Some(json!({ "fields": fields, "arcoRequestId": arco_request_id })),
    );
    audit::record(tx, ctx.tenant_id, &AuditActor::User(staff), event).await?;
    Ok(())
}
