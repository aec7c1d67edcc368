//! The error envelope `{error, message, details}` and its stable codes.

use serde::{Deserialize, Serialize};

/// Every error body the api answers with.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiErrorBody {
    /// Stable snake_case code; clients branch on it, never on `message`.
    pub error: ApiErrorCode,
    /// Human text in the caller's locale.
    pub message: String,
    /// Always an array; field errors for a 422, extra facts otherwise.
    #[serde(default)]
    pub details: Vec<serde_json::Value>,
}

/// One problem of a 422 answer.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldError {
    /// Field name in the request (camelCase, dotted for nested fields).
    pub field: String,
    /// Stable field code (`required`, `too_short`, `missing_digit`, …).
    pub code: String,
    /// Human text.
    #[serde(default)]
    pub message: String,
}

macro_rules! error_codes {
    ($($variant:ident => $code:literal),+ $(,)?) => {
        /// Stable error codes of `api.md` §0.4 that this build uses.
        #[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Hash)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[serde(rename_all = "snake_case")]
        #[non_exhaustive]
        pub enum ApiErrorCode {
            $(
                #[doc = $code]
                $variant,
            )+
            /// A code this client does not know yet (forward compatibility).
            #[serde(other)]
            Unknown,
        }

        impl ApiErrorCode {
            /// Every known code (without `Unknown`).
            pub const ALL: &'static [ApiErrorCode] = &[$(ApiErrorCode::$variant),+];

            /// The wire spelling.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(ApiErrorCode::$variant => $code,)+
                    ApiErrorCode::Unknown => "unknown",
                }
            }
        }
    };
}

error_codes! {
    InvalidJson => "invalid_json",
    InvalidQuery => "invalid_query",
    ResetTokenInvalid => "reset_token_invalid",
    Unauthenticated => "unauthenticated",
    InvalidCredentials => "invalid_credentials",
    TwoFactorRequired => "two_factor_required",
    InvalidTwoFactorCode => "invalid_two_factor_code",
    TwoFactorChallengeInvalid => "two_factor_challenge_invalid",
    RefreshTokenInvalid => "refresh_token_invalid",
    RefreshTokenReused => "refresh_token_reused",
    MetricsKeyInvalid => "metrics_key_invalid",
    Forbidden => "forbidden",
    AccountSuspended => "account_suspended",
    TwoFactorRequiredForRole => "two_factor_required_for_role",
    NotFound => "not_found",
    InvalidTransition => "invalid_transition",
    EmailAlreadyRegistered => "email_already_registered",
    EmailAlreadyDelivered => "email_already_delivered",
    TwoFactorAlreadyEnabled => "two_factor_already_enabled",
    TwoFactorNotEnabled => "two_factor_not_enabled",
    EnrollmentNotStarted => "enrollment_not_started",
    LastAdmin => "last_admin",
    UserNotSuspended => "user_not_suspended",
    UserNotInvited => "user_not_invited",
    VersionNotGreater => "version_not_greater",
    PolicyVersionExists => "policy_version_exists",
    ConsentRequired => "consent_required",
    CrossBrandInfluencer => "cross_brand_influencer",
    SecondApproverRequired => "second_approver_required",
    DocumentAlreadyRegistered => "document_already_registered",
    SlugTaken => "slug_taken",
    CouponPrefixTaken => "coupon_prefix_taken",
    VtexBrandIdTaken => "vtex_brand_id_taken",
    PrefixInUse => "prefix_in_use",
    CodeTaken => "code_taken",
    CodePrefixReserved => "code_prefix_reserved",
    CodeExistsForPair => "code_exists_for_pair",
    CodeGenerationExhausted => "code_generation_exhausted",
    TierInUse => "tier_in_use",
    CampaignNotDeletable => "campaign_not_deletable",
    BrandInactive => "brand_inactive",
    ArcoRequestOpen => "arco_request_open",
    ArcoNotOpen => "arco_not_open",
    CommissionNotHoldable => "commission_not_holdable",
    CommissionNotOnHold => "commission_not_on_hold",
    CommissionAlreadyReverted => "commission_already_reverted",
    SettlementInProgress => "settlement_in_progress",
    InfluencerNotApproved => "influencer_not_approved",
    WithdrawalExceedsAvailable => "withdrawal_exceeds_available",
    WithdrawalAlreadyDecided => "withdrawal_already_decided",
    WithdrawalInBatch => "withdrawal_in_batch",
    BalanceNegative => "balance_negative",
    SegregationOfDuties => "segregation_of_duties",
    IdempotencyKeyReused => "idempotency_key_reused",
    AdjustmentAlreadyResolved => "adjustment_already_resolved",
    AdjustmentNotCovered => "adjustment_not_covered",
    WithdrawalNotApproved => "withdrawal_not_approved",
    WithdrawalOnHold => "withdrawal_on_hold",
    DualControlRequired => "dual_control_required",
    BatchEmpty => "batch_empty",
    BatchConflict => "batch_conflict",
    BatchNotOpen => "batch_not_open",
    Conflict => "conflict",
    Gone => "gone",
    PayloadTooLarge => "payload_too_large",
    UnsupportedMediaType => "unsupported_media_type",
    ValidationFailed => "validation_failed",
    AccountLocked => "account_locked",
    RateLimited => "rate_limited",
    InternalError => "internal_error",
    ServiceUnavailable => "service_unavailable",
    ServerBusy => "server_busy",
    WebhookSignatureInvalid => "webhook_signature_invalid",
    UnrecognizedPayload => "unrecognized_payload",
    ExportTooLarge => "export_too_large",
    DeliveryNotReprocessable => "delivery_not_reprocessable",
    WebhookAuthNotConfigured => "webhook_auth_not_configured",
    PayerNotConfigured => "payer_not_configured",
    ReconciliationInProgress => "reconciliation_in_progress",
    DiscrepancyNotOpen => "discrepancy_not_open",
    SurveyClosed => "survey_closed",
    AlreadyResponded => "already_responded",
}

impl std::fmt::Display for ApiErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
