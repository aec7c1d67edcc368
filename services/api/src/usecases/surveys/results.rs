//! `GET /surveys/{id}/results.csv` (admin_dentsu): one row per response — the respondent's
//! roles, when it was submitted, one column per question — and no names (`api.md` §18). CSV
//! conventions of §0.7 through the api's one writer; audited `export.downloaded`.

use afiliados_api_types::exports::ExportLocaleQuery;
use afiliados_db::AsyncPgConnection;
use afiliados_domain::Actor;
use serde_json::{Value, json};
use uuid::Uuid;

use super::{SURVEY_ADMINS, stored_questions};
use crate::usecases::exports::writer::{CsvWriter, instant};
use crate::usecases::exports::{CsvFile, HeaderLanguage, audited, check_size, page_rows, pages};
use crate::usecases::{UseCaseContext, UseCaseError};

/// The fixed columns, `(english, spanish)`.
const COLUMNS: [(&str, &str); 2] = [
    ("respondent_roles", "roles_encuestado"),
    ("submitted_at", "enviado_en"),
];

/// An answer as a cell: numbers and choices as they are, text as written, blank when left out.
fn cell(value: Option<&Value>) -> String {
    match value {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(text)) => text.clone(),
        Some(other) => other.to_string(),
    }
}

/// The results CSV, audited.
#[tracing::instrument(skip_all, fields(actor.id = %actor.user_id, survey.id = %id))]
pub async fn export(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    id: Uuid,
    locale: &ExportLocaleQuery,
) -> Result<CsvFile, UseCaseError> {
    actor.require_any(&SURVEY_ADMINS)?;
    let survey = afiliados_db::surveys::find(tx, ctx.tenant_id, id)
        .await?
        .ok_or(UseCaseError::NotFound)?;
    let questions = stored_questions(&survey)?;
    let language = HeaderLanguage::of(locale);
    let mut header: Vec<String> = language
        .header(&COLUMNS)
        .into_iter()
        .map(str::to_owned)
        .collect();
    // The id keeps a column unique, the text makes it readable in a spreadsheet.
    header.extend(questions.iter().map(|q| format!("{}: {}", q.id, q.text)));
    let mut writer = CsvWriter::new(&header)?;
    let total = afiliados_db::surveys::count_responses(tx, survey.id).await?;
    check_size(total)?;
    for offset in pages(total) {
        let rows =
            afiliados_db::surveys::responses_page(tx, survey.id, offset, page_rows()).await?;
        for row in rows {
            let mut cells = vec![
                row.respondent_roles.join("|"),
                instant(Some(row.submitted_at)),
            ];
            cells.extend(questions.iter().map(|q| cell(row.answers.get(&q.id))));
            writer.row(&cells)?;
        }
    }
    let rows = writer.rows();
    let mut file = audited(
        tx,
        ctx,
        actor,
        "survey_results",
        &json!({ "surveyId": survey.id }),
        rows,
        writer.finish()?,
    )
    .await?;
    file.filename = format!(
        "survey-results-{}-{}.csv",
        survey.id.simple(),
        ctx.today().format("%Y-%m-%d")
    );
    Ok(file)
}
