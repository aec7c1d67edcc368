//! What the staff ARCO pages share: the request types and channels, the fields a rectification
//! may change (the api's list, `domain.md` §5.3.5), the editable field/value rows of a
//! rectification and the due-date highlight of open requests.

use afiliados_api_types::arco::ArcoRequestResponse;
use chrono::{DateTime, Duration, Utc};
use serde_json::{Map, Value};

use crate::error_messages::FieldErrors;
use crate::forms::FormData;
use crate::i18n::I18n;

/// Request types, in the forms' order.
pub(crate) const ARCO_TYPES: [&str; 4] = afiliados_domain::ArcoType::SPELLINGS;
/// Request statuses, in their order.
pub(crate) const ARCO_STATUSES: [&str; 4] = afiliados_domain::ArcoStatus::SPELLINGS;
/// Channels staff record a request from (the influencer's own are `web`).
pub(crate) const STAFF_CHANNELS: [&str; 3] = [
    afiliados_domain::ArcoChannel::Email.as_str(),
    afiliados_domain::ArcoChannel::Phone.as_str(),
    afiliados_domain::ArcoChannel::InPerson.as_str(),
];
/// Fields a rectification may change, with their labels (the api refuses any other).
const RECTIFIABLE: [(&str, &str); 10] = [
    ("firstName", "field.first_name"),
    ("lastName", "field.last_name"),
    ("email", "field.email"),
    ("documentType", "field.document_type"),
    ("documentNumber", "field.document_number"),
    ("phone", "field.phone"),
    ("address", "field.address"),
    ("city", "field.city"),
    ("department", "field.department"),
    ("socialLinks", "field.social_links"),
];
/// The most rows a rectification form carries.
const MAX_ROWS: usize = 12;
/// Empty rows offered after the filled ones.
const SPARE_ROWS: usize = 2;

/// Option values with their labels.
pub(crate) type Options = Vec<(String, String)>;

/// The labelled options of `values` under the catalogue `prefix` (`arco_type`).
pub(crate) fn options(i18n: I18n, prefix: &str, values: &[&str]) -> Options {
    values
        .iter()
        .map(|value| ((*value).to_owned(), i18n.label(prefix, value)))
        .collect()
}

/// One field/value pair of a rectification, with the api's messages about it.
#[derive(Clone, Default)]
pub(crate) struct RectifyRow {
    pub(crate) field: String,
    pub(crate) value: String,
    pub(crate) errors: Vec<String>,
}

/// The editable rows of a rectification and the field choices.
pub(crate) struct RectifyRows {
    pub(crate) rows: Vec<RectifyRow>,
    /// The api's fields plus any other name the request carries, so none disappears.
    pub(crate) choices: Options,
}

impl RectifyRows {
    /// Rows prefilled from a request's `details`, plus spare empty ones.
    pub(crate) fn from_details(i18n: I18n, details: &Value) -> RectifyRows {
        let rows = details
            .as_object()
            .map(|map| {
                map.iter()
                    .map(|(field, value)| RectifyRow {
                        field: field.clone(),
                        value: text_of(value),
                        errors: Vec::new(),
                    })
                    .collect()
            })
            .unwrap_or_default();
        RectifyRows::new(i18n, rows)
    }

    /// The rows `prefix_field_<i>` / `prefix_value_<i>` of a submitted form.
    pub(crate) fn read(i18n: I18n, form: &FormData, prefix: &str) -> RectifyRows {
        let rows = (0..MAX_ROWS)
            .map(|i| RectifyRow {
                field: form.get(&format!("{prefix}_field_{i}")),
                value: form.get(&format!("{prefix}_value_{i}")),
                errors: Vec::new(),
            })
            .filter(|row| !row.field.is_empty() || !row.value.is_empty())
            .collect();
        RectifyRows::new(i18n, rows)
    }

    fn new(i18n: I18n, mut rows: Vec<RectifyRow>) -> RectifyRows {
        rows.truncate(MAX_ROWS - SPARE_ROWS);
        let mut choices: Options = RECTIFIABLE
            .iter()
            .map(|(field, key)| ((*field).to_owned(), i18n.t(key).to_owned()))
            .collect();
        for row in &rows {
            if !row.field.is_empty() && !choices.iter().any(|(value, _)| *value == row.field) {
                choices.push((row.field.clone(), row.field.clone()));
            }
        }
        let spare = SPARE_ROWS.max(3_usize.saturating_sub(rows.len()));
        rows.extend(std::iter::repeat_n(RectifyRow::default(), spare));
        RectifyRows { rows, choices }
    }

    /// The `details` object: every row with a field and a value. `socialLinks` is a list (links
    /// separated by spaces or commas); every other value is text.
    pub(crate) fn details(&self) -> Map<String, Value> {
        self.rows
            .iter()
            .filter(|row| !row.field.is_empty() && !row.value.is_empty())
            .map(|row| {
                let value = if row.field == "socialLinks" {
                    Value::Array(
                        row.value
                            .split(|c: char| c.is_whitespace() || c == ',')
                            .filter(|link| !link.is_empty())
                            .map(|link| Value::String(link.to_owned()))
                            .collect(),
                    )
                } else {
                    Value::String(row.value.clone())
                };
                (row.field.clone(), value)
            })
            .collect()
    }

    /// Puts the api's `details.<field>` messages next to their rows.
    pub(crate) fn attach_errors(&mut self, fields: &FieldErrors) {
        for row in &mut self.rows {
            if !row.field.is_empty() {
                row.errors = fields
                    .of(&format!("details.{}", row.field))
                    .into_iter()
                    .map(str::to_owned)
                    .collect();
            }
        }
    }
}

/// A `details` value as the form shows it: text as is, a list one item per space.
fn text_of(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        Value::Null => String::new(),
        Value::Array(items) => items.iter().map(text_of).collect::<Vec<_>>().join(" "),
        other => other.to_string(),
    }
}

/// The `details` of a request as label/value pairs, for reading.
pub(crate) fn detail_pairs(i18n: I18n, details: &Value) -> Vec<(String, String)> {
    details
        .as_object()
        .map(|map| {
            map.iter()
                .map(|(field, value)| {
                    let label = RECTIFIABLE
                        .iter()
                        .find(|(name, _)| name == field)
                        .map_or_else(|| field.clone(), |(_, key)| i18n.t(key).to_owned());
                    (label, text_of(value))
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Whether a request is still open (`received` or `in_progress`).
pub(crate) fn is_open(status: &str) -> bool {
    matches!(status, "received" | "in_progress")
}

/// How the due date of a request is shown: `overdue` past it, `due-soon` within a day, empty
/// otherwise or once resolved. It is also the CSS class.
pub(crate) fn due_state(request: &ArcoRequestResponse, now: DateTime<Utc>) -> &'static str {
    if !is_open(request.status.as_str()) {
        ""
    } else if request.due_at <= now {
        "overdue"
    } else if request.due_at - now <= Duration::days(1) {
        "due-soon"
    } else {
        ""
    }
}

#[cfg(test)]
mod tests {
    use afiliados_domain::Locale;
    use serde_json::json;

    use super::*;

    fn request(status: &str, due_at: DateTime<Utc>) -> ArcoRequestResponse {
        serde_json::from_value(json!({
            "id": "0190a0a0-0000-7000-8000-0000000000aa", "influencerId": "0190a0a0-0000-7000-8000-0000000000a1",
            "type": "rectify", "status": status, "channel": "email", "details": {}, "dueAt": due_at,
            "requestedBy": null, "createdAt": due_at, "startedAt": null, "resolvedAt": null,
            "resolvedBy": null, "resolutionNotes": null, "exportAvailable": false
        }))
        .unwrap()
    }

    #[test]
    fn due_dates_are_highlighted_while_open() {
        let now = Utc::now();
        assert_eq!(
            due_state(&request("received", now - Duration::hours(1)), now),
            "overdue"
        );
        assert_eq!(
            due_state(&request("in_progress", now + Duration::hours(20)), now),
            "due-soon"
        );
        assert_eq!(
            due_state(&request("received", now + Duration::days(3)), now),
            ""
        );
        assert_eq!(
            due_state(&request("completed", now - Duration::days(3)), now),
            ""
        );
    }

    #[test]
    fn rows_round_trip_details_and_keep_unknown_fields() {
        let i18n = I18n::new(Locale::Es);
        let rows = RectifyRows::from_details(
            i18n,
            &json!({"phone": "+573001112233", "socialLinks": ["https://a.example", "https://b.example"], "country": "CO"}),
        );
        assert_eq!(rows.rows.len(), 5, "three filled and two spare");
        assert!(rows.choices.iter().any(|(value, _)| value == "country"));
        assert_eq!(
            Value::Object(rows.details()),
            json!({"phone": "+573001112233", "socialLinks": ["https://a.example", "https://b.example"], "country": "CO"})
        );
        let empty = RectifyRows::from_details(i18n, &json!({}));
        assert_eq!(empty.rows.len(), 3);
        assert!(empty.details().is_empty());
    }
}
