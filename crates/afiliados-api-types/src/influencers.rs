//! Registration, influencers, their status, memberships and documents (`api.md` §3, §6).

use afiliados_domain::Percent;
use afiliados_domain::ids::{
    BrandId, CampaignId, DocumentId, InfluencerId, PolicyVersionId, UserId,
};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::consents::PendingConsent;

/// A bank account as a request carries it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct BankAccountRequest {
    /// 2–120 characters.
    pub account_holder: String,
    /// 2–80 characters.
    pub bank_name: String,
    /// `ahorros|corriente`.
    #[cfg_attr(feature = "openapi", schema(value_type = afiliados_domain::BankAccountType))]
    pub account_type: String,
    /// 6–20 digits; never returned in clear.
    pub account_number: String,
}

/// A bank account as every response shows it: masked.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct BankAccountResponse {
    /// Holder.
    pub account_holder: String,
    /// Bank.
    pub bank_name: String,
    /// `ahorros|corriente`.
    pub account_type: afiliados_domain::BankAccountType,
    /// `*******6789`.
    pub account_number_masked: String,
    /// Last four digits.
    pub last4: String,
}

/// `POST /public/influencers`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct RegisterInfluencerRequest {
    /// 2–60 letters. Required fields default to empty so a body missing several of them gets
    /// one 422 naming each (`required`), not serde's first complaint.
    #[serde(default)]
    pub first_name: String,
    /// 2–60 letters.
    #[serde(default)]
    pub last_name: String,
    /// `CC|CE|NIT|PP`.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = afiliados_domain::DocumentType))]
    pub document_type: String,
    /// Normalised and validated per type.
    #[serde(default)]
    pub document_number: String,
    /// Sign-in email.
    #[serde(default)]
    pub email: String,
    /// Colombian mobile or fixed line.
    #[serde(default)]
    pub phone: Option<String>,
    /// ≤ 80.
    #[serde(default)]
    pub city: Option<String>,
    /// ≤ 80.
    #[serde(default)]
    pub department: Option<String>,
    /// ≤ 200.
    #[serde(default)]
    pub address: Option<String>,
    /// ISO 3166-1 alpha-2, default `CO`.
    #[serde(default)]
    pub country: Option<String>,
    /// 0–10 https URLs.
    #[serde(default)]
    pub social_links: Vec<String>,
    /// Optional; without it a set-password link is e-mailed.
    #[serde(default)]
    pub password: Option<String>,
    /// An active code from `GET /public/tax-profiles`.
    #[serde(default)]
    pub tax_profile_code: Option<String>,
    /// Bank account for payouts.
    #[serde(default)]
    pub bank_account: Option<BankAccountRequest>,
    /// The active version of terms, privacy and habeas_data.
    #[serde(default)]
    pub accepted_policy_version_ids: Vec<PolicyVersionId>,
    /// Marketing e-mails.
    #[serde(default)]
    pub marketing_opt_in: bool,
}

/// A tax profile as an influencer record names it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct TaxProfileRef {
    /// Code.
    pub code: String,
    /// Name.
    pub name: String,
    /// Withholding percent.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub withholding_rate: Percent,
}

/// The tier a membership is on.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct TierRef {
    /// 0 for the tier-less Base.
    pub level: i32,
    /// Name.
    pub name: String,
    /// Rate in force.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub commission_percent: Percent,
    /// Since when (memberships only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<DateTime<Utc>>,
}

/// A membership as the influencer record lists it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct InfluencerMembership {
    /// Campaign.
    pub campaign_id: CampaignId,
    /// Campaign name.
    pub campaign_name: String,
    /// Brand.
    pub brand_id: BrandId,
    /// Brand name.
    pub brand_name: String,
    /// `active|inactive`.
    pub status: afiliados_domain::MembershipStatus,
    /// When assigned.
    pub assigned_at: DateTime<Utc>,
    /// Current tier.
    pub tier: Option<TierRef>,
}

/// An influencer (reduced for admin_marca and finance, `domain.md` §2.5).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct InfluencerResponse {
    /// Id.
    pub id: InfluencerId,
    /// Linked user (null after anonymisation).
    pub user_id: Option<UserId>,
    /// Given name.
    pub first_name: String,
    /// Family name.
    pub last_name: String,
    /// `CC|CE|NIT|PP`.
    pub document_type: afiliados_domain::DocumentType,
    /// In clear for AD, GA, FI and the influencer; masked to the last 3 digits for AM.
    pub document_number: String,
    /// Email.
    pub email: String,
    /// E.164 phone.
    pub phone: Option<String>,
    /// Address (hidden from AM).
    pub address: Option<String>,
    /// City.
    pub city: Option<String>,
    /// Department.
    pub department: Option<String>,
    /// Country.
    pub country: String,
    /// Social profiles.
    pub social_links: Vec<String>,
    /// Tax profile (hidden from AM).
    pub tax_profile: Option<TaxProfileRef>,
    /// Masked bank account (hidden from AM).
    pub bank_account: Option<BankAccountResponse>,
    /// `pending|approved|rejected|suspended`.
    pub status: afiliados_domain::InfluencerStatus,
    /// Rejection or suspension reason.
    pub status_reason: Option<String>,
    /// First approval.
    pub approved_at: Option<DateTime<Utc>>,
    /// Marketing e-mails.
    pub marketing_opt_in: bool,
    /// Campaign memberships (AM: only those of its brands).
    pub memberships: Vec<InfluencerMembership>,
    /// Stored documents (0 for AM).
    pub documents_count: i64,
    /// Policy versions still to accept.
    pub pending_consents: Vec<PendingConsent>,
    /// Personal data anonymised by an ARCO deletion.
    pub anonymized: bool,
    /// A bank account change made by staff that waits for a second staff user's confirmation
    /// (shown to AD, GA and FI; ADR 0018).
    #[serde(default)]
    pub pending_bank_account_change: Option<PendingBankAccountChange>,
    /// Registered.
    pub created_at: DateTime<Utc>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
}

/// A staff change of an influencer's bank account waiting for dual control (ADR 0018): it
/// applies only when a second, different user with the confirming role confirms it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PendingBankAccountChange {
    /// Id.
    pub id: Uuid,
    /// Who asked for it (may not confirm it).
    pub requested_by: UserId,
    /// Their e-mail.
    pub requested_by_email: String,
    /// When.
    pub requested_at: DateTime<Utc>,
    /// The new account, masked; `null` when the change removes the account.
    pub bank_account: Option<BankAccountResponse>,
}

/// `201` of `POST /public/influencers`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct RegistrationResponse {
    /// The new influencer (`pending`).
    #[serde(flatten)]
    pub influencer: InfluencerResponse,
    /// `active` when a password was given, else `invited`.
    #[cfg_attr(feature = "openapi", schema(value_type = afiliados_domain::UserStatus))]
    pub user_status: String,
    /// The review promise shown to the person.
    pub message: String,
}

/// A row of `GET /influencers`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct InfluencerSummary {
    /// Id.
    pub id: InfluencerId,
    /// Given name.
    pub first_name: String,
    /// Family name.
    pub last_name: String,
    /// Email.
    pub email: String,
    /// Status.
    pub status: afiliados_domain::InfluencerStatus,
    /// City.
    pub city: Option<String>,
    /// Document type.
    pub document_type: afiliados_domain::DocumentType,
    /// Last 3 digits visible.
    pub document_number_masked: String,
    /// Campaign memberships in scope.
    pub memberships: i64,
    /// Policy versions still to accept.
    pub pending_consents: i64,
    /// Registered.
    pub created_at: DateTime<Utc>,
}

/// `GET /influencers` filters.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[serde(rename_all = "camelCase")]
pub struct ListInfluencersQuery {
    /// Page number.
    pub page: Option<u32>,
    /// Page size.
    pub page_size: Option<u32>,
    /// Comma list of statuses.
    #[cfg_attr(feature = "openapi", param(value_type = Option<afiliados_domain::InfluencerStatus>))]
    pub status: Option<String>,
    /// Member of this campaign.
    pub campaign_id: Option<CampaignId>,
    /// Member of a campaign of this brand.
    pub brand_id: Option<BrandId>,
    /// Name, email or document number (case- and accent-insensitive).
    pub q: Option<String>,
    /// Only those with (true) or without (false) pending consents.
    pub pending_consents: Option<bool>,
    /// Registered from this instant or date (inclusive).
    pub created_from: Option<String>,
    /// Registered before this instant or date (exclusive).
    pub created_to: Option<String>,
    /// `createdAt` (default `-createdAt`), `lastName`, `status`.
    pub sort: Option<String>,
}

/// `PATCH /influencers/{id}`: absent fields stay, `null` clears where allowed.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct UpdateInfluencerRequest {
    /// AD/GA only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    /// AD/GA only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    /// AD/GA only; also the user's sign-in email.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// AD/GA only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<afiliados_domain::DocumentType>))]
    pub document_type: Option<String>,
    /// AD/GA only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document_number: Option<String>,
    /// Phone; `null` clears it.
    #[serde(
        default,
        deserialize_with = "crate::patch::nullable",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub phone: Option<Option<String>>,
    /// Address; `null` clears it.
    #[serde(
        default,
        deserialize_with = "crate::patch::nullable",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub address: Option<Option<String>>,
    /// City; `null` clears it.
    #[serde(
        default,
        deserialize_with = "crate::patch::nullable",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub city: Option<Option<String>>,
    /// Department; `null` clears it.
    #[serde(
        default,
        deserialize_with = "crate::patch::nullable",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub department: Option<Option<String>>,
    /// Country.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// Replaces the list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub social_links: Option<Vec<String>>,
    /// AD/GA/FI; `null` clears it (the tenant default applies).
    #[serde(
        default,
        deserialize_with = "crate::patch::nullable",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub tax_profile_code: Option<Option<String>>,
    /// Bank account; `null` removes it.
    #[serde(
        default,
        deserialize_with = "crate::patch::nullable",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<BankAccountRequest>))]
    pub bank_account: Option<Option<BankAccountRequest>>,
    /// Marketing e-mails.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub marketing_opt_in: Option<bool>,
    /// The influencer's own password, re-entered: required when it changes its own bank account
    /// (ADR 0018); ignored otherwise, never stored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current_password: Option<String>,
}

/// `PATCH /influencers/{id}/status`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ChangeInfluencerStatusRequest {
    /// `approved|rejected|suspended` (reactivation is `approved` from `suspended`).
    #[cfg_attr(feature = "openapi", schema(value_type = afiliados_domain::InfluencerStatus))]
    pub status: String,
    /// Required for rejection, suspension and overturning a rejection; 3–500.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// One transition of an influencer's status.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct InfluencerStatusChange {
    /// Id of the history entry.
    pub id: Uuid,
    /// Previous status (null at creation).
    pub from_status: Option<afiliados_domain::InfluencerStatus>,
    /// New status.
    pub to_status: afiliados_domain::InfluencerStatus,
    /// Why.
    pub reason: Option<String>,
    /// Who: an email or a system actor.
    pub actor: String,
    /// When.
    pub occurred_at: DateTime<Utc>,
}

/// `{items}` of an influencer's status changes, oldest first.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InfluencerStatusHistory {
    /// Transitions.
    pub items: Vec<InfluencerStatusChange>,
}

/// A stored file's metadata.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct DocumentResponse {
    /// Id.
    pub id: DocumentId,
    /// `id_document|rut|bank_certificate|tax_certificate|other|…`.
    pub kind: afiliados_domain::DocumentKind,
    /// Name without path characters.
    pub filename: String,
    /// `application/pdf`, `image/jpeg` or `image/png`.
    pub content_type: String,
    /// Size of the plaintext.
    pub size_bytes: i64,
    /// SHA-256 of the plaintext.
    pub sha256: String,
    /// Notes.
    pub notes: Option<String>,
    /// Who uploaded it.
    pub uploaded_by: String,
    /// When.
    pub uploaded_at: DateTime<Utc>,
    /// The download route, or null for roles that cannot download.
    pub download_url: Option<String>,
}

/// `{items}` of documents.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DocumentList {
    /// Documents, newest first.
    pub items: Vec<DocumentResponse>,
}
