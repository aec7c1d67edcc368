//! Monthly statements and withholding certificates (issue 11 item 7, ADR 0050): what an
//! influencer downloads per brand and month (`GET /payments/statements`) and per tax year
//! (`GET /payments/withholding-certificates/{year}`). Both are computed from the ledger and the
//! payments at download time, never typed by hand.

use afiliados_domain::commission::LedgerEntryType;
use afiliados_domain::ids::{AdjustmentId, BrandId, InfluencerId, PaymentId, WithdrawalId};
use afiliados_domain::{DocumentType, Locale, Money, Percent};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// How a statement or certificate is downloaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum DocumentFormat {
    /// The JSON representation (default).
    #[default]
    Json,
    /// The PDF (Spanish unless `locale=en`).
    Pdf,
    /// The CSV (`api.md` §0.7).
    Csv,
}

impl DocumentFormat {
    /// `json`, `pdf`, `csv`.
    pub fn as_str(self) -> &'static str {
        match self {
            DocumentFormat::Json => "json",
            DocumentFormat::Pdf => "pdf",
            DocumentFormat::Csv => "csv",
        }
    }
}

/// `GET /payments/statements`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[serde(rename_all = "camelCase")]
pub struct StatementQuery {
    /// Brand (required).
    pub brand_id: Option<BrandId>,
    /// `YYYY-MM`, a Bogota calendar month (required; not in the future).
    pub month: Option<String>,
    /// Influencer (required for staff; ignored for an influencer, who gets its own).
    pub influencer_id: Option<InfluencerId>,
    /// `json` (default), `pdf` or `csv`.
    pub format: Option<DocumentFormat>,
    /// Language of the PDF and the CSV headers: `es` (default) or `en`.
    pub locale: Option<Locale>,
}

/// `GET /payments/withholding-certificates/{year}`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[serde(rename_all = "camelCase")]
pub struct WithholdingCertificateQuery {
    /// Influencer (required for staff; ignored for an influencer, who gets its own).
    pub influencer_id: Option<InfluencerId>,
    /// `json` (default), `pdf` or `csv`.
    pub format: Option<DocumentFormat>,
    /// Language of the PDF and the CSV headers: `es` (default) or `en`.
    pub locale: Option<Locale>,
}

/// The six buckets of a balance at one instant (`domain.md` §5.13.2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct StatementBuckets {
    /// Estimated.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub estimated: Money,
    /// Confirmed.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub confirmed: Money,
    /// Reverted.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub reverted: Money,
    /// Pending withdrawal.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub pending_withdrawal: Money,
    /// Withdrawn.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub withdrawn: Money,
    /// Pending adjustments.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub pending_adjustments: Money,
    /// `confirmed − withdrawn − pending withdrawal − pending adjustments`.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub available: Money,
}

/// One ledger movement of a statement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct StatementMovement {
    /// The entry's global order.
    pub seq: i64,
    /// When it was posted.
    pub created_at: DateTime<Utc>,
    /// The entry type.
    pub entry_type: LedgerEntryType,
    /// The entry type in words, in the statement's language.
    pub entry_type_text: String,
    /// The entry's positive amount.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub amount: Money,
    /// Its signed effect on `available` (`available_after` minus the previous one).
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub effect_on_available: Money,
    /// Available after it.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub available_after: Money,
    /// What it refers to, for people: the order's VTEX id, `AFI-` + the withdrawal id's last twelve
    /// characters (the payout reference), or the adjustment id's first eight.
    pub reference: String,
    /// The VTEX order id of the commission it moved.
    pub order_vtex_id: Option<String>,
    /// The withdrawal reserved, released or paid.
    pub withdrawal_id: Option<WithdrawalId>,
    /// The payment.
    pub payment_id: Option<PaymentId>,
    /// The adjustment opened, recovered or written off.
    pub adjustment_id: Option<AdjustmentId>,
}

/// A monthly statement of one influencer in one brand.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Statement {
    /// Influencer.
    pub influencer_id: InfluencerId,
    /// Its name.
    pub influencer_name: String,
    /// Brand.
    pub brand_id: BrandId,
    /// Its name.
    pub brand_name: String,
    /// ISO currency of the balance.
    pub currency: String,
    /// `YYYY-MM`.
    pub month: String,
    /// First instant of the month (Bogota midnight, in UTC).
    pub period_start: DateTime<Utc>,
    /// First instant after the period: the next month's start, or the generation instant when
    /// the month is still running.
    pub period_end: DateTime<Utc>,
    /// The month is the current one: the statement runs "to date".
    pub to_date: bool,
    /// When it was generated.
    pub generated_at: DateTime<Utc>,
    /// `available_after` of the last entry before the month (0 when none).
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub opening_available: Money,
    /// The entries of the period, by `seq`.
    pub movements: Vec<StatementMovement>,
    /// `available_after` of the period's last entry (the opening when none).
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub closing_available: Money,
    /// The six buckets at the end of the period.
    pub closing_buckets: StatementBuckets,
}

/// Who was paid: the certificate's own influencer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CertificatePayee {
    /// Influencer.
    pub influencer_id: InfluencerId,
    /// Full name.
    pub name: String,
    /// `CC`, `CE`, `NIT`, `PP`.
    pub document_type: DocumentType,
    /// The document number (the payee's own certificate).
    pub document_number: String,
}

/// Who paid and withheld, from configuration (`PAYER_*`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CertificatePayer {
    /// `PAYER_LEGAL_NAME`.
    pub legal_name: String,
    /// `PAYER_NIT`.
    pub nit: String,
    /// `PAYER_ADDRESS`.
    pub address: String,
    /// `PAYER_CITY`.
    pub city: String,
}

/// The payments of one brand, month and rate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct WithholdingLine {
    /// Brand.
    pub brand_id: BrandId,
    /// Its name.
    pub brand_name: String,
    /// Month of the payment date, 1–12.
    pub month: u32,
    /// The rate the payments applied (0 below the profile's threshold).
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub withholding_rate: Percent,
    /// Σ gross paid.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub gross: Money,
    /// Σ withheld (each payment's stored, rounded amount).
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub withheld: Money,
    /// Σ net.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub net: Money,
    /// How many payments.
    pub payments: i64,
}

/// Sums over a set of payments.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct WithholdingTotals {
    /// Σ gross.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub gross: Money,
    /// Σ withheld.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub withheld: Money,
    /// Σ net.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub net: Money,
    /// How many payments.
    pub payments: i64,
}

/// The year's totals of one brand.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct WithholdingBrandTotals {
    /// Brand.
    pub brand_id: BrandId,
    /// Its name.
    pub brand_name: String,
    /// Its sums.
    pub totals: WithholdingTotals,
}

/// The withholding certificate of one influencer for one tax year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct WithholdingCertificate {
    /// The tax year (payment dates in it).
    pub year: i32,
    /// The year is the current one: the certificate runs "to date".
    pub to_date: bool,
    /// When it was generated.
    pub generated_at: DateTime<Utc>,
    /// Who paid.
    pub payer: CertificatePayer,
    /// Who was paid.
    pub payee: CertificatePayee,
    /// Per brand, month and rate, in that order.
    pub lines: Vec<WithholdingLine>,
    /// Per brand.
    pub brands: Vec<WithholdingBrandTotals>,
    /// The year.
    pub totals: WithholdingTotals,
}
