//! Step 3: ARCO requests still open and due by the end of the next Bogota business day raise an
//! in-app `arco.due_soon` to every active admin_dentsu and gestor_afiliados, once per request
//! (`domain.md` §5.3.5, §5.17). The request's `due_soon_notified_at` is the once-only mark.

use afiliados_db::AsyncPgConnection;
use afiliados_domain::{Role, business_day_start};
use chrono::{Days, NaiveDate};
use uuid::Uuid;

use crate::usecases::{UseCaseContext, UseCaseError};

/// Reminds every request due before the end of the business day after `date` (business days
/// skip `BUSINESS_HOLIDAYS`); returns how many.
#[tracing::instrument(skip_all, fields(maintenance.date = %date))]
pub async fn remind(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    date: NaiveDate,
) -> Result<u64, UseCaseError> {
    let tenant_id = ctx.tenant_id;
    let holidays = &ctx.settings.onboarding.business_holidays;
    let next = next_business_day(date, holidays);
    let before = business_day_start(next.checked_add_days(Days::new(1)).unwrap_or(next));
    let due = afiliados_db::arco_requests::claim_due_before(tx, tenant_id, before).await?;
    if due.is_empty() {
        return Ok(0);
    }
    let staff: Vec<Uuid> = afiliados_db::users::active_with_roles(tx, tenant_id)
        .await?
        .into_iter()
        .filter(|(_, roles)| {
            roles.iter().any(|role| {
                role == Role::AdminDentsu.as_str() || role == Role::GestorAfiliados.as_str()
            })
        })
        .map(|(user, _)| user.id)
        .collect();
    for request in &due {
        let payload = serde_json::json!({
            "arcoRequestId": request.id,
            "influencerId": request.influencer_id,
            "type": request.kind,
            "dueAt": request.due_at,
        });
        for user_id in &staff {
            afiliados_db::notifications::insert(
                tx,
                tenant_id,
                *user_id,
                "arco.due_soon",
                "warning",
                &payload,
            )
            .await?;
        }
    }
    Ok(super::count(due.len()))
}

/// The first business day (Monday–Friday, not in `BUSINESS_HOLIDAYS`) after `date`.
fn next_business_day(date: NaiveDate, holidays: &[NaiveDate]) -> NaiveDate {
    afiliados_domain::business_days::add_business_days(date, 1, holidays)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(raw: &str) -> NaiveDate {
        raw.parse().unwrap_or_default()
    }

    #[test]
    fn the_next_business_day_skips_weekends_and_holidays() {
        // Wednesday → Thursday; Friday → Monday; Saturday → Monday.
        assert_eq!(
            next_business_day(date("2026-12-02"), &[]),
            date("2026-12-03")
        );
        assert_eq!(
            next_business_day(date("2026-12-04"), &[]),
            date("2026-12-07")
        );
        assert_eq!(
            next_business_day(date("2026-12-05"), &[]),
            date("2026-12-07")
        );
        // Monday 2026-12-07 is skipped when it is a holiday.
        let holidays = [date("2026-12-07")];
        assert_eq!(
            next_business_day(date("2026-12-04"), &holidays),
            date("2026-12-08")
        );
    }
}
