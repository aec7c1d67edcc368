//! Id newtypes for the main entities (ADR 0029), so a brand id cannot be passed where a campaign
//! id is expected. Each is a `Uuid` underneath: serde transparent (the JSON is the bare uuid
//! string), a diesel `Uuid` value with the `diesel` feature, a utoipa `uuid` string with the
//! `openapi` feature. `From<Uuid>`/`Into<Uuid>` convert at the edges that still hold bare uuids.

use uuid::Uuid;

macro_rules! id_type {
    ($( $(#[$meta:meta])* $name:ident ),+ $(,)?) => {$(
        $(#[$meta])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord,
            serde::Serialize, serde::Deserialize,
        )]
        #[serde(transparent)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(value_type = String, format = Uuid))]
        #[cfg_attr(
            feature = "diesel",
            derive(diesel::AsExpression, diesel::FromSqlRow),
            diesel(sql_type = diesel::sql_types::Uuid)
        )]
        pub struct $name(pub Uuid);

        impl $name {
            /// The uuid underneath.
            pub fn uuid(self) -> Uuid {
                self.0
            }
        }

        impl From<Uuid> for $name {
            fn from(id: Uuid) -> $name {
                $name(id)
            }
        }

        impl From<$name> for Uuid {
            fn from(id: $name) -> Uuid {
                id.0
            }
        }

        impl PartialEq<Uuid> for $name {
            fn eq(&self, other: &Uuid) -> bool {
                self.0 == *other
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }

        impl std::str::FromStr for $name {
            type Err = uuid::Error;

            fn from_str(value: &str) -> Result<$name, uuid::Error> {
                value.parse().map($name)
            }
        }

        #[cfg(feature = "diesel")]
        impl diesel::serialize::ToSql<diesel::sql_types::Uuid, diesel::pg::Pg> for $name {
            fn to_sql<'b>(
                &'b self,
                out: &mut diesel::serialize::Output<'b, '_, diesel::pg::Pg>,
            ) -> diesel::serialize::Result {
                <Uuid as diesel::serialize::ToSql<diesel::sql_types::Uuid, diesel::pg::Pg>>::to_sql(
                    &self.0,
                    out,
                )
            }
        }

        #[cfg(feature = "diesel")]
        impl diesel::deserialize::FromSql<diesel::sql_types::Uuid, diesel::pg::Pg> for $name {
            fn from_sql(value: diesel::pg::PgValue<'_>) -> diesel::deserialize::Result<$name> {
                <Uuid as diesel::deserialize::FromSql<diesel::sql_types::Uuid, diesel::pg::Pg>>::from_sql(value)
                    .map($name)
            }
        }
    )+};
}

id_type! {
    /// `tenants.id`.
    TenantId,
    /// `users.id`.
    UserId,
    /// `influencers.id`.
    InfluencerId,
    /// `brands.id`.
    BrandId,
    /// `campaigns.id`.
    CampaignId,
    /// `campaign_influencers.id`: an influencer's membership in a campaign.
    MembershipId,
    /// `discount_codes.id`.
    CodeId,
    /// `arco_requests.id`.
    ArcoRequestId,
    /// `documents.id`.
    DocumentId,
    /// `notifications.id`.
    NotificationId,
    /// `auth_sessions.id`.
    SessionId,
    /// `policy_versions.id`: what consents reference.
    PolicyVersionId,
    /// `adjustments.id`: a debt or manual correction on a balance.
    AdjustmentId,
    /// `withdrawal_requests.id` (the table arrives with the payments issue).
    WithdrawalId,
    /// `payments.id` (the table arrives with the payments issue).
    PaymentId,
    /// `reconciliation_runs.id`.
    ReconciliationRunId,
    /// `reconciliation_discrepancies.id`.
    DiscrepancyId,
    /// `alerts.id`: an operational alert.
    AlertId,
    /// `surveys.id`.
    SurveyId,
    /// `backup_snapshots.id`.
    BackupSnapshotId,
}

/// The bare uuids of typed ids, for the db functions that still take `&[Uuid]` (the diesel rows
/// and queries move to the newtypes when those modules are next rewritten, ADR 0029).
pub fn uuids<T: Copy + Into<Uuid>>(ids: &[T]) -> Vec<Uuid> {
    ids.iter().map(|&id| id.into()).collect()
}

/// Typed ids from bare uuids (what a db row holds), for the DTOs.
pub fn typed<T: From<Uuid>>(ids: impl IntoIterator<Item = Uuid>) -> Vec<T> {
    ids.into_iter().map(T::from).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_bare_uuids_on_the_wire() {
        let raw = Uuid::from_u128(0x0123_4567_89ab_cdef_0123_4567_89ab_cdef);
        let id = CampaignId::from(raw);
        let json = serde_json::to_string(&id).unwrap();
        assert_eq!(json, serde_json::to_string(&raw).unwrap());
        assert_eq!(serde_json::from_str::<CampaignId>(&json).unwrap(), id);
        assert_eq!(id.to_string(), raw.to_string());
        assert_eq!(raw.to_string().parse::<CampaignId>().unwrap(), id);
        assert_eq!(Uuid::from(id), raw);
        assert!(id == raw);
    }
}
