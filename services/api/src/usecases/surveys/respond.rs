//! `POST /surveys/{id}/responses`: a targeted user answers once while the survey is open and
//! inside its window. Scale answers are integers 1–5, a choice is one of the options, text is at
//! most 2 000 characters and may be left out; scale and choice questions must be answered.
//! The response keeps the respondent's roles, because results name roles, never people.

use afiliados_api_types::ErrorCode;
use afiliados_api_types::surveys::{
    SubmitSurveyResponseRequest, SurveyQuestion, SurveyQuestionType, SurveyResponseReceipt,
};
use afiliados_db::AsyncPgConnection;
use afiliados_domain::{Actor, FieldCode, SurveyStatus};
use chrono::SubsecRound;
use serde_json::{Map, Value, json};
use uuid::Uuid;

use super::{SURVEY_ADMINS, accepting, stored_questions, targets};
use crate::usecases::{Problems, UseCaseContext, UseCaseError};

/// Characters of a text answer.
pub const MAX_TEXT: usize = 2_000;

/// Records the actor's answers.
#[tracing::instrument(skip_all, fields(actor.id = %actor.user_id, survey.id = %id))]
pub async fn respond(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    id: Uuid,
    request: &SubmitSurveyResponseRequest,
) -> Result<SurveyResponseReceipt, UseCaseError> {
    // Locked: a closing that commits first is seen, one that waits sees this response.
    let row = afiliados_db::surveys::find_for_update(tx, ctx.tenant_id, id)
        .await?
        .ok_or(UseCaseError::NotFound)?;
    let admin = actor.has_any(&SURVEY_ADMINS);
    // Someone the survey does not ask cannot learn it exists (an admin, who reads every
    // survey, is refused instead); a draft is unpublished for respondents.
    if !targets(&row, actor) {
        return Err(if admin {
            UseCaseError::forbidden(ErrorCode::Forbidden)
        } else {
            UseCaseError::NotFound
        });
    }
    if row.status == SurveyStatus::Draft && !admin {
        return Err(UseCaseError::NotFound);
    }
    let now = ctx.now();
    if !accepting(&row, now) {
        return Err(UseCaseError::conflict_with(
            ErrorCode::SurveyClosed,
            json!({ "status": row.status, "opensAt": row.opens_at, "closesAt": row.closes_at }),
        ));
    }
    if !afiliados_db::surveys::answered_by(tx, actor.user_id, &[row.id])
        .await?
        .is_empty()
    {
        return Err(UseCaseError::conflict(ErrorCode::AlreadyResponded));
    }
    let questions = stored_questions(&row)?;
    let answers = checked_answers(&questions, &request.answers)?;
    let mut roles = actor.role_names();
    roles.sort();
    let submitted_at = now.trunc_subsecs(6);
    afiliados_db::surveys::insert_response(
        tx,
        row.id,
        actor.user_id,
        &roles,
        &answers,
        submitted_at,
    )
    .await?
    .ok_or_else(|| UseCaseError::conflict(ErrorCode::AlreadyResponded))?;
    Ok(SurveyResponseReceipt {
        survey_id: row.id.into(),
        submitted_at,
    })
}

/// The answers checked against the questions, as stored (only known questions; text trimmed,
/// an empty text left out). Problems at `answers.<questionId>`.
pub fn checked_answers(questions: &[SurveyQuestion], raw: &Value) -> Result<Value, UseCaseError> {
    let Some(given) = raw.as_object() else {
        return Err(UseCaseError::invalid("answers", FieldCode::InvalidType));
    };
    let mut problems = Problems::new();
    for key in given.keys() {
        if !questions.iter().any(|q| &q.id == key) {
            // The key is the caller's text: named in the problem only when it looks like an id.
            let field = if key.len() <= 40 && key.chars().all(|c| c.is_ascii_graphic()) {
                format!("answers.{key}")
            } else {
                "answers".to_owned()
            };
            problems.push(field, FieldCode::UnknownReference);
        }
    }
    let mut stored = Map::new();
    for question in questions {
        let field = format!("answers.{}", question.id);
        let value = given.get(&question.id).filter(|v| !v.is_null());
        match (question.kind, value) {
            (SurveyQuestionType::Text, None) => {}
            (_, None) => problems.push(field, FieldCode::Required),
            (SurveyQuestionType::Scale15, Some(value)) => match value.as_i64() {
                Some(n) if (1..=5).contains(&n) => {
                    stored.insert(question.id.clone(), json!(n));
                }
                Some(_) => problems.push(field, FieldCode::OutOfRange),
                None if value.is_number() => problems.push(field, FieldCode::OutOfRange),
                None => problems.push(field, FieldCode::InvalidType),
            },
            (SurveyQuestionType::SingleChoice, Some(value)) => {
                let options = question.options.as_deref().unwrap_or_default();
                match value.as_str() {
                    Some(choice) if options.iter().any(|o| o == choice) => {
                        stored.insert(question.id.clone(), json!(choice));
                    }
                    Some(_) => problems.push(field, FieldCode::InvalidEnum),
                    None => problems.push(field, FieldCode::InvalidType),
                }
            }
            (SurveyQuestionType::Text, Some(value)) => match value.as_str() {
                Some(text) if text.chars().count() > MAX_TEXT => {
                    problems.push(field, FieldCode::TooLong);
                }
                Some(text) if !text.trim().is_empty() => {
                    stored.insert(question.id.clone(), json!(text.trim()));
                }
                Some(_) => {}
                None => problems.push(field, FieldCode::InvalidType),
            },
        }
    }
    problems.finish()?;
    Ok(Value::Object(stored))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn questions() -> Vec<SurveyQuestion> {
        serde_json::from_value(json!([
            {"id": "q1", "text": "Escala", "type": "scale_1_5"},
            {"id": "q2", "text": "Elige", "type": "single_choice", "options": ["Sí", "No"]},
            {"id": "q3", "text": "Comenta", "type": "text"},
        ]))
        .unwrap()
    }

    fn fields(raw: Value) -> Vec<(String, FieldCode)> {
        match checked_answers(&questions(), &raw) {
            Err(UseCaseError::Invalid(problems)) => problems
                .items()
                .iter()
                .map(|p| (p.field.clone(), p.code))
                .collect(),
            other => panic!("expected 422, got {other:?}"),
        }
    }

    #[test]
    fn valid_answers_are_stored_normalised() {
        let stored = checked_answers(
            &questions(),
            &json!({"q1": 5, "q2": "No", "q3": "  bien  "}),
        )
        .unwrap();
        assert_eq!(stored, json!({"q1": 5, "q2": "No", "q3": "bien"}));
        let stored =
            checked_answers(&questions(), &json!({"q1": 1, "q2": "Sí", "q3": ""})).unwrap();
        assert_eq!(stored, json!({"q1": 1, "q2": "Sí"}));
    }

    #[test]
    fn each_rule_refuses_at_its_question() {
        assert_eq!(
            fields(json!({"q1": 6, "q2": "Tal vez", "q3": "x".repeat(2_001), "q9": 1})),
            vec![
                ("answers.q9".into(), FieldCode::UnknownReference),
                ("answers.q1".into(), FieldCode::OutOfRange),
                ("answers.q2".into(), FieldCode::InvalidEnum),
                ("answers.q3".into(), FieldCode::TooLong),
            ]
        );
        assert_eq!(
            fields(json!({"q1": 2.5, "q2": 1})),
            vec![
                ("answers.q1".into(), FieldCode::OutOfRange),
                ("answers.q2".into(), FieldCode::InvalidType),
            ]
        );
        assert_eq!(
            fields(json!({"q3": "solo texto"})),
            vec![
                ("answers.q1".into(), FieldCode::Required),
                ("answers.q2".into(), FieldCode::Required),
            ]
        );
        assert_eq!(
            fields(json!(["q1"])),
            vec![("answers".into(), FieldCode::InvalidType)]
        );
    }

    #[test]
    fn exactly_two_thousand_characters_fit() {
        let text = "ñ".repeat(MAX_TEXT);
        let stored = checked_answers(&questions(), &json!({"q1": 3, "q2": "Sí", "q3": text}));
        assert!(stored.is_ok());
    }
}
