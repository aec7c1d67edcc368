//! `surveys` and `survey_responses` (`domain.md` §3.10, `api.md` §18): the questions are JSONB
//! checked by the api; a response keeps the respondent's roles so results name roles, never
//! people; one response per survey and user (unique index).

use afiliados_domain::SurveyStatus;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use crate::schema::{survey_responses, surveys};

/// A survey row.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = surveys, check_for_backend(diesel::pg::Pg))]
pub struct SurveyRow {
    /// Id.
    pub id: Uuid,
    /// Tenant.
    pub tenant_id: Uuid,
    /// Title.
    pub title: String,
    /// `[{id, text, type, options?}]`.
    pub questions: serde_json::Value,
    /// The roles asked.
    pub target_roles: Vec<String>,
    /// Window start.
    pub opens_at: DateTime<Utc>,
    /// Window end.
    pub closes_at: DateTime<Utc>,
    /// `draft|open|closed`.
    pub status: SurveyStatus,
    /// Author.
    pub created_by: Uuid,
    /// When opened.
    pub opened_at: Option<DateTime<Utc>>,
    /// When closed.
    pub closed_at: Option<DateTime<Utc>>,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Changed.
    pub updated_at: DateTime<Utc>,
}

/// A survey to store (always `draft`).
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = surveys)]
pub struct NewSurvey<'a> {
    /// Id.
    pub id: Uuid,
    /// Tenant.
    pub tenant_id: Uuid,
    /// Title.
    pub title: &'a str,
    /// Questions.
    pub questions: &'a serde_json::Value,
    /// Roles.
    pub target_roles: &'a [String],
    /// Window start.
    pub opens_at: DateTime<Utc>,
    /// Window end.
    pub closes_at: DateTime<Utc>,
    /// Author.
    pub created_by: Uuid,
    /// Created (the injected clock).
    pub created_at: DateTime<Utc>,
    /// Same.
    pub updated_at: DateTime<Utc>,
}

/// The editable contents of a draft.
#[derive(Debug, Clone, AsChangeset)]
#[diesel(table_name = surveys)]
pub struct SurveyContents<'a> {
    /// Title.
    pub title: &'a str,
    /// Questions.
    pub questions: &'a serde_json::Value,
    /// Roles.
    pub target_roles: &'a [String],
    /// Window start.
    pub opens_at: DateTime<Utc>,
    /// Window end.
    pub closes_at: DateTime<Utc>,
    /// Changed.
    pub updated_at: DateTime<Utc>,
}

/// A response row.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = survey_responses, check_for_backend(diesel::pg::Pg))]
pub struct SurveyAnswerRow {
    /// Id.
    pub id: Uuid,
    /// Survey.
    pub survey_id: Uuid,
    /// Respondent (never exported).
    pub user_id: Uuid,
    /// The respondent's roles when answering.
    pub respondent_roles: Vec<String>,
    /// `{questionId: value}`.
    pub answers: serde_json::Value,
    /// Recorded.
    pub submitted_at: DateTime<Utc>,
}

/// Stores a draft.
pub async fn insert(conn: &mut AsyncPgConnection, new: &NewSurvey<'_>) -> crate::Result<SurveyRow> {
    diesel::insert_into(surveys::table)
        .values(new)
        .returning(SurveyRow::as_returning())
        .get_result(conn)
        .await
}

/// A survey of the tenant.
pub async fn find(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    id: Uuid,
) -> crate::Result<Option<SurveyRow>> {
    surveys::table
        .filter(surveys::tenant_id.eq(tenant_id))
        .filter(surveys::id.eq(id))
        .select(SurveyRow::as_select())
        .first(conn)
        .await
        .optional()
}

/// Same, locked for an edit, a status step or a response (a response waits for a closing).
pub async fn find_for_update(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    id: Uuid,
) -> crate::Result<Option<SurveyRow>> {
    surveys::table
        .filter(surveys::tenant_id.eq(tenant_id))
        .filter(surveys::id.eq(id))
        .select(SurveyRow::as_select())
        .for_update()
        .first(conn)
        .await
        .optional()
}

/// Replaces a draft's contents.
pub async fn update_contents(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    contents: &SurveyContents<'_>,
) -> crate::Result<SurveyRow> {
    diesel::update(surveys::table.filter(surveys::id.eq(id)))
        .set(contents)
        .returning(SurveyRow::as_returning())
        .get_result(conn)
        .await
}

/// Moves a survey to `open` or `closed`, stamping the matching instant.
pub async fn set_status(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    status: SurveyStatus,
    at: DateTime<Utc>,
) -> crate::Result<SurveyRow> {
    let target = surveys::table.filter(surveys::id.eq(id));
    let query = diesel::update(target);
    match status {
        SurveyStatus::Closed => {
            query
                .set((
                    surveys::status.eq(status.as_str()),
                    surveys::closed_at.eq(Some(at)),
                    surveys::updated_at.eq(at),
                ))
                .returning(SurveyRow::as_returning())
                .get_result(conn)
                .await
        }
        _ => {
            query
                .set((
                    surveys::status.eq(status.as_str()),
                    surveys::opened_at.eq(Some(at)),
                    surveys::updated_at.eq(at),
                ))
                .returning(SurveyRow::as_returning())
                .get_result(conn)
                .await
        }
    }
}

/// Who sees what in the list.
#[derive(Debug, Clone)]
pub enum SurveyAudience {
    /// Admins: every survey, optionally of one status.
    All {
        /// `draft|open|closed`.
        status: Option<String>,
    },
    /// A respondent: open surveys targeting one of `roles` whose window contains `now`.
    Respondent {
        /// The caller.
        user_id: Uuid,
        /// The caller's roles.
        roles: Vec<String>,
        /// The injected clock.
        now: DateTime<Utc>,
        /// Only answered (`true`) or unanswered (`false`) ones.
        answered: Option<bool>,
    },
}

/// One page, newest window first, plus the total.
pub async fn list(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    audience: &SurveyAudience,
    offset: i64,
    limit: i64,
) -> crate::Result<(Vec<SurveyRow>, i64)> {
    let build = || {
        let mut query = surveys::table
            .filter(surveys::tenant_id.eq(tenant_id))
            .into_boxed();
        match audience {
            SurveyAudience::All { status } => {
                if let Some(status) = status {
                    query = query.filter(surveys::status.eq(status.clone()));
                }
            }
            SurveyAudience::Respondent {
                user_id,
                roles,
                now,
                answered,
            } => {
                query = query
                    .filter(surveys::status.eq(SurveyStatus::Open.as_str()))
                    .filter(surveys::target_roles.overlaps_with(roles.clone()))
                    .filter(surveys::opens_at.le(*now))
                    .filter(surveys::closes_at.gt(*now));
                let mine = survey_responses::table
                    .filter(survey_responses::user_id.eq(*user_id))
                    .select(survey_responses::survey_id);
                match answered {
                    Some(true) => query = query.filter(surveys::id.eq_any(mine)),
                    Some(false) => {
                        query = query.filter(diesel::dsl::not(surveys::id.eq_any(mine)));
                    }
                    None => {}
                }
            }
        }
        query
    };
    let total = build().count().get_result(conn).await?;
    let rows = build()
        .order((surveys::opens_at.desc(), surveys::id.desc()))
        .offset(offset)
        .limit(limit)
        .select(SurveyRow::as_select())
        .load(conn)
        .await?;
    Ok((rows, total))
}

/// Of `survey_ids`, those `user_id` has answered.
pub async fn answered_by(
    conn: &mut AsyncPgConnection,
    user_id: Uuid,
    survey_ids: &[Uuid],
) -> crate::Result<Vec<Uuid>> {
    survey_responses::table
        .filter(survey_responses::user_id.eq(user_id))
        .filter(survey_responses::survey_id.eq_any(survey_ids))
        .select(survey_responses::survey_id)
        .load(conn)
        .await
}

/// Responses per survey of `survey_ids` (surveys without any are absent).
pub async fn response_counts(
    conn: &mut AsyncPgConnection,
    survey_ids: &[Uuid],
) -> crate::Result<Vec<(Uuid, i64)>> {
    survey_responses::table
        .filter(survey_responses::survey_id.eq_any(survey_ids))
        .group_by(survey_responses::survey_id)
        .select((survey_responses::survey_id, diesel::dsl::count_star()))
        .load(conn)
        .await
}

/// Records a response; `None` when the user had already answered (the unique index decides, so
/// two concurrent submissions cannot both land).
pub async fn insert_response(
    conn: &mut AsyncPgConnection,
    survey_id: Uuid,
    user_id: Uuid,
    respondent_roles: &[String],
    answers: &serde_json::Value,
    submitted_at: DateTime<Utc>,
) -> crate::Result<Option<SurveyAnswerRow>> {
    diesel::insert_into(survey_responses::table)
        .values((
            survey_responses::id.eq(crate::new_id()),
            survey_responses::survey_id.eq(survey_id),
            survey_responses::user_id.eq(user_id),
            survey_responses::respondent_roles.eq(respondent_roles),
            survey_responses::answers.eq(answers),
            survey_responses::submitted_at.eq(submitted_at),
        ))
        .on_conflict((survey_responses::survey_id, survey_responses::user_id))
        .do_nothing()
        .returning(SurveyAnswerRow::as_returning())
        .get_result(conn)
        .await
        .optional()
}

/// Responses of a survey.
pub async fn count_responses(conn: &mut AsyncPgConnection, survey_id: Uuid) -> crate::Result<i64> {
    survey_responses::table
        .filter(survey_responses::survey_id.eq(survey_id))
        .count()
        .get_result(conn)
        .await
}

/// One page of a survey's responses, oldest first (the results export).
pub async fn responses_page(
    conn: &mut AsyncPgConnection,
    survey_id: Uuid,
    offset: i64,
    limit: i64,
) -> crate::Result<Vec<SurveyAnswerRow>> {
    survey_responses::table
        .filter(survey_responses::survey_id.eq(survey_id))
        .order((
            survey_responses::submitted_at.asc(),
            survey_responses::id.asc(),
        ))
        .offset(offset)
        .limit(limit)
        .select(SurveyAnswerRow::as_select())
        .load(conn)
        .await
}
