//! Which tax profile withholds on a payment (`domain.md` §5.14.3): the influencer's, else the
//! tenant's default (`tenants.default_tax_profile_id`, else the profile coded
//! `DEFAULT_TAX_PROFILE_CODE`). Loaded once per request so a batch of thousands does not read a
//! profile per withdrawal.

use std::collections::HashMap;

use afiliados_db::AsyncPgConnection;
use afiliados_domain::withholding::{Withholding, WithholdingProfile, withholding};
use afiliados_domain::{Money, Percent};
use uuid::Uuid;

use crate::usecases::{UseCaseContext, UseCaseError};

/// The tenant's profiles and its default.
#[derive(Debug, Clone)]
pub struct ProfileBook {
    by_id: HashMap<Uuid, WithholdingProfile>,
    default: Option<WithholdingProfile>,
}

impl ProfileBook {
    /// Loads every profile of the tenant (active or not: an influencer keeps the one it has)
    /// with the tenant's default, in one statement.
    pub async fn load(
        conn: &AsyncPgConnection,
        ctx: &UseCaseContext<'_>,
    ) -> Result<ProfileBook, UseCaseError> {
        let rows = afiliados_db::tax_profiles::with_tenant_default(conn, ctx.tenant_id).await?;
        let default_id = rows
            .iter()
            .find(|(_, is_default)| *is_default)
            .map(|(row, _)| row.id);
        let mut by_id = HashMap::new();
        let mut by_code = HashMap::new();
        for (row, _) in rows {
            let profile = WithholdingProfile {
                code: row.code.clone(),
                rate: Percent::from_decimal(row.withholding_rate)
                    .map_err(|_| UseCaseError::internal("stored withholding rate out of range"))?,
                threshold: Money::from_decimal(row.threshold_amount).map_err(|_| {
                    UseCaseError::internal("stored threshold with more than two decimals")
                })?,
            };
            by_code.insert(row.code, profile.clone());
            by_id.insert(row.id, profile);
        }
        let default = default_id
            .and_then(|id| by_id.get(&id).cloned())
            .or_else(|| {
                by_code
                    .get(&ctx.settings.onboarding.default_tax_profile_code)
                    .cloned()
            });
        Ok(ProfileBook { by_id, default })
    }

    /// The profile of an influencer whose `tax_profile_id` is `own`.
    pub fn profile_of(&self, own: Option<Uuid>) -> Option<&WithholdingProfile> {
        own.and_then(|id| self.by_id.get(&id))
            .or(self.default.as_ref())
    }

    /// The withholding of `gross` for an influencer whose `tax_profile_id` is `own`.
    pub fn withholding(&self, gross: Money, own: Option<Uuid>) -> Withholding {
        withholding(gross, self.profile_of(own))
    }
}
