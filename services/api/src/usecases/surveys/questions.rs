//! The checks of a survey's contents (`api.md` §18): title 3–200; 1–20 questions with unique ids
//! (`[a-z0-9_-]`, 1–40), text 1–500, a known type, and 2–10 unique options (1–200 each) for
//! `single_choice` only; at least one known target role; `opensAt` before `closesAt`.

use afiliados_api_types::surveys::{SurveyQuestion, SurveyQuestionInput, SurveyQuestionType};
use afiliados_domain::{FieldCode, Role};
use chrono::{DateTime, Utc};

use crate::usecases::Problems;

/// Questions per survey.
pub const MAX_QUESTIONS: usize = 20;
/// Options of a single-choice question.
pub const OPTIONS: std::ops::RangeInclusive<usize> = 2..=10;

fn valid_id(id: &str) -> bool {
    (1..=40).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
}

/// The title, trimmed.
pub fn title(raw: &str, problems: &mut Problems) -> String {
    let title = raw.trim().to_owned();
    match title.chars().count() {
        0..3 => problems.push("title", FieldCode::TooShort),
        201.. => problems.push("title", FieldCode::TooLong),
        _ => {}
    }
    title
}

/// The questions, trimmed and typed; problems at `questions[i].field`.
pub fn questions(raw: &[SurveyQuestionInput], problems: &mut Problems) -> Vec<SurveyQuestion> {
    if raw.is_empty() {
        problems.push("questions", FieldCode::TooShort);
    } else if raw.len() > MAX_QUESTIONS {
        problems.push("questions", FieldCode::TooLong);
    }
    let mut seen: Vec<&str> = Vec::new();
    let mut checked = Vec::new();
    for (index, question) in raw.iter().enumerate() {
        let at = |field: &str| format!("questions[{index}].{field}");
        let id = question.id.trim();
        if !valid_id(id) {
            problems.push(at("id"), FieldCode::InvalidFormat);
        } else if seen.contains(&id) {
            problems.push(at("id"), FieldCode::NotUniqueInList);
        }
        seen.push(id);
        let text = question.text.trim();
        match text.chars().count() {
            0 => problems.push(at("text"), FieldCode::Required),
            501.. => problems.push(at("text"), FieldCode::TooLong),
            _ => {}
        }
        let kind = SurveyQuestionType::parse(&question.kind);
        if kind.is_none() {
            problems.push(at("type"), FieldCode::InvalidEnum);
        }
        let options = options(kind, question.options.as_deref(), &at("options"), problems);
        if let Some(kind) = kind {
            checked.push(SurveyQuestion {
                id: id.to_owned(),
                text: text.to_owned(),
                kind,
                options,
            });
        }
    }
    checked
}

fn options(
    kind: Option<SurveyQuestionType>,
    raw: Option<&[String]>,
    field: &str,
    problems: &mut Problems,
) -> Option<Vec<String>> {
    match (kind, raw) {
        (Some(SurveyQuestionType::SingleChoice), None) => {
            problems.push(field, FieldCode::Required);
            None
        }
        (Some(SurveyQuestionType::SingleChoice), Some(raw)) => {
            if raw.len() < *OPTIONS.start() {
                problems.push(field, FieldCode::TooShort);
            } else if raw.len() > *OPTIONS.end() {
                problems.push(field, FieldCode::TooLong);
            }
            let mut out: Vec<String> = Vec::new();
            for (index, option) in raw.iter().enumerate() {
                let option = option.trim();
                let at = format!("{field}[{index}]");
                match option.chars().count() {
                    0 => problems.push(at, FieldCode::Required),
                    201.. => problems.push(at, FieldCode::TooLong),
                    _ if out.iter().any(|o| o == option) => {
                        problems.push(at, FieldCode::NotUniqueInList);
                    }
                    _ => {}
                }
                out.push(option.to_owned());
            }
            Some(out)
        }
        (_, Some(raw)) if !raw.is_empty() => {
            problems.push(field, FieldCode::NotAllowed);
            None
        }
        _ => None,
    }
}

/// The target roles, known, without repeats, in a fixed order.
pub fn target_roles(raw: &[String], problems: &mut Problems) -> Vec<String> {
    if raw.is_empty() {
        problems.push("targetRoles", FieldCode::Required);
    }
    let mut roles = Vec::new();
    for (index, role) in raw.iter().enumerate() {
        match Role::parse(role) {
            Some(role) => roles.push(role.as_str().to_owned()),
            None => problems.push(format!("targetRoles[{index}]"), FieldCode::InvalidEnum),
        }
    }
    roles.sort();
    roles.dedup();
    roles
}

/// `opensAt < closesAt`.
pub fn window(opens_at: DateTime<Utc>, closes_at: DateTime<Utc>, problems: &mut Problems) {
    if opens_at >= closes_at {
        problems.push("closesAt", FieldCode::DateOrder);
    }
}

/// The questions as stored.
pub fn to_json(questions: &[SurveyQuestion]) -> serde_json::Value {
    serde_json::to_value(questions).unwrap_or_else(|_| serde_json::Value::Array(Vec::new()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(id: &str, kind: &str, options: Option<Vec<&str>>) -> SurveyQuestionInput {
        SurveyQuestionInput {
            id: id.into(),
            text: "¿Qué tan útil es el panel?".into(),
            kind: kind.into(),
            options: options.map(|o| o.into_iter().map(Into::into).collect()),
        }
    }

    fn fields(problems: &Problems) -> Vec<(String, FieldCode)> {
        problems
            .items()
            .iter()
            .map(|p| (p.field.clone(), p.code))
            .collect()
    }

    #[test]
    fn a_valid_set_passes_trimmed() {
        let mut problems = Problems::new();
        let checked = questions(
            &[
                input("q1", "scale_1_5", None),
                input("q2", "single_choice", Some(vec![" Sí ", "No"])),
                input("q3", "text", Some(vec![])),
            ],
            &mut problems,
        );
        assert!(problems.is_empty(), "{:?}", fields(&problems));
        assert_eq!(checked.len(), 3);
        assert_eq!(checked[1].options, Some(vec!["Sí".into(), "No".into()]));
        assert_eq!(checked[2].options, None);
    }

    #[test]
    fn every_rule_names_its_field() {
        let mut problems = Problems::new();
        questions(
            &[
                input("q1", "scale_1_5", Some(vec!["a", "b"])),
                input("q1", "single_choice", Some(vec!["solo"])),
                input("Q 3", "stars", None),
                input("q4", "single_choice", None),
                input("q5", "single_choice", Some(vec!["a", "a"])),
            ],
            &mut problems,
        );
        assert_eq!(
            fields(&problems),
            vec![
                ("questions[0].options".into(), FieldCode::NotAllowed),
                ("questions[1].id".into(), FieldCode::NotUniqueInList),
                ("questions[1].options".into(), FieldCode::TooShort),
                ("questions[2].id".into(), FieldCode::InvalidFormat),
                ("questions[2].type".into(), FieldCode::InvalidEnum),
                ("questions[3].options".into(), FieldCode::Required),
                ("questions[4].options[1]".into(), FieldCode::NotUniqueInList),
            ]
        );
    }

    #[test]
    fn counts_are_bounded() {
        let mut problems = Problems::new();
        questions(&[], &mut problems);
        let many: Vec<_> = (0..21)
            .map(|i| input(&format!("q{i}"), "text", None))
            .collect();
        questions(&many, &mut problems);
        let eleven: Vec<&str> = vec!["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k"];
        questions(&[input("q", "single_choice", Some(eleven))], &mut problems);
        assert_eq!(
            fields(&problems),
            vec![
                ("questions".into(), FieldCode::TooShort),
                ("questions".into(), FieldCode::TooLong),
                ("questions[0].options".into(), FieldCode::TooLong),
            ]
        );
    }

    #[test]
    fn roles_are_known_and_deduplicated() {
        let mut problems = Problems::new();
        let roles = target_roles(
            &["influencer".into(), "finance".into(), "influencer".into()],
            &mut problems,
        );
        assert!(problems.is_empty());
        assert_eq!(roles, vec!["finance".to_owned(), "influencer".to_owned()]);
        target_roles(&["root".into()], &mut problems);
        target_roles(&[], &mut problems);
        assert_eq!(
            fields(&problems),
            vec![
                ("targetRoles[0]".into(), FieldCode::InvalidEnum),
                ("targetRoles".into(), FieldCode::Required),
            ]
        );
    }
}
