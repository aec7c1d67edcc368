//! The pure core of marketing-afiliados: roles, account states, value objects parsed at the edge,
//! state machines, money arithmetic, discount-code and consent rules, tier configuration and the
//! password policy. No I/O and no framework types live here, so every rule is testable alone;
//! "now" comes from an injected [`Clock`] (the system clock is the one read of the outside world).
//! Depends only on serde, serde_json (canonical JSON), sha2 (consent hashes), chrono, uuid,
//! rust_decimal, thiserror and unicode-general-category; diesel and utoipa only behind the
//! `diesel` and `openapi` features (the vocabulary's `ToSql`/`FromSql` and schemas, ADR 0029).
//! Reads no environment variables.

pub mod actor;
pub mod arco;
pub mod backup_retention;
pub mod bank_account;
pub mod brand;
pub mod business_date;
pub mod business_days;
pub mod campaign_config;
pub mod campaign_status;
pub mod canonical_json;
pub mod clock;
pub mod code_status;
pub mod consent;
pub mod coupon_code;
pub mod document;
pub mod email;
pub mod field_code;
pub mod ids;
pub mod influencer_status;
pub mod locale;
pub mod money;
pub mod password;
pub mod person_name;
pub mod phone;
pub mod promotion;
pub mod reconciliation;
pub mod role;
pub mod social_link;
pub mod text_enum;
pub mod tier;
pub mod user_status;
pub mod vocabulary;
pub mod webhook_delivery;
pub mod withholding;

pub use actor::{AccessDenied, Actor};
pub use arco::{ArcoChannel, ArcoStatus, ArcoType};
pub use bank_account::{BankAccount, BankAccountInput, BankAccountType, MaskedBankAccount};
pub use brand::{BrandStatus, Slug, WithdrawalPolicy};
pub use business_date::{bogota_date, business_day_bounds, business_day_start};
pub use business_days::{add_business_days, business_deadline, is_business_day};
pub use campaign_config::{
    CampaignSettings, CommissionBasis, EligibleScopeType, check_code_dates, check_code_discount,
    validate_eligible_scope,
};
pub use campaign_status::{CampaignStatus, MembershipStatus};
pub use canonical_json::canonical_json;
pub use clock::{Clock, ManualClock, SystemClock};
pub use code_status::{CodeStatus, CodeStatusInputs, SyncState, derive_code_status};
pub use consent::{PolicyType, PolicyVersion, certificate_checksum, consent_hash, policy_checksum};
pub use coupon_code::{CouponCode, CouponPrefix, normalize_code};
pub use document::{DocumentNumber, DocumentType};
pub use email::Email;
pub use field_code::{FieldCode, FieldError, bounded_text, optional_text};
pub use ids::{
    AdjustmentId, ArcoRequestId, BrandId, CampaignId, CodeId, DocumentId, InfluencerId,
    MembershipId, NotificationId, PaymentId, PolicyVersionId, SessionId, TenantId, UserId,
    WithdrawalId,
};
pub use influencer_status::{InfluencerStatus, TransitionActor, check_transition_reason};
pub use locale::Locale;
pub use money::{Money, Percent, round_money};
pub use password::{PasswordViolation, check_password};
pub use person_name::PersonName;
pub use phone::{Phone, PhoneKind};
pub use promotion::{
    plain_percent, promotion_begin, promotion_end, promotion_name, promotion_utm_campaign,
};
pub use reconciliation::{
    DiscrepancyClass, DiscrepancyResolution, DiscrepancyStatus, ReconciliationSource,
    ReconciliationStatus, ReconciliationType, StatusComparison, amounts_differ,
    auto_reconciled_ratio, compare_status, difference_ratio_percent,
};
pub use role::Role;
pub use social_link::{SocialLink, parse_social_links};
pub use text_enum::UnknownValue;
pub use tier::{TierChange, TierProgress, TierSpec, select_tier, tier_progress, validate_tiers};
pub use user_status::UserStatus;
pub use vocabulary::{
    AdjustmentResolution, AdjustmentStatus, AlertGroup, AlertSeverity, AlertType, AuditActorType,
    BackupRetentionTier, BankAccountChangeStatus, ConsentChannel, DocumentKind, DocumentOwnerType,
    EmailStatus, InfluencerDocumentKind, JobRunStatus, NotificationSeverity, OrderSource,
    PasswordTokenPurpose, PaymentMethod, PayoutBatchStatus, RevokeReason, ScheduledJobStatus,
    SurveyStatus, TierHistoryReason, TotpStatus, WithdrawalEventAction, WithdrawalStatus,
};
pub use webhook_delivery::{DeliveryKind, DeliveryStatus, DeliveryVerification};

// Issue 10: the commission core (`commission::*`; here the vocabularies other crates store).
pub mod commission;
pub use commission::{
    AdjustmentKind, CommissionState, HoldReason, IneligibilityReason, LedgerEntryType,
    NonAttributionReason, OrderStatus, PendingReason, Recovery, ReversalReason, SettlementList,
    SettlementSource, SettlementStatus, TransitionKind,
};
