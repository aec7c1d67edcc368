//! Settings of the onboarding capability: object storage for KYC files, upload limits, the VTEX
//! coupon fields the api decides, business holidays for ARCO due dates and registration limits.
//!
//! | variable | default | meaning |
//! |---|---|---|
//! | `STORAGE_*` | local `.dev/storage` | see `afiliados-storage` |
//! | `UPLOAD_MAX_BYTES` | 10485760 | largest uploaded file (10 MiB) |
//! | `DOCUMENT_PURGE_DAYS` | 30 | days before a soft-deleted file's object is purged |
//! | `VTEX_COUPON_UTM_SOURCE` | `afiliados` | `utmSource` of every coupon |
//! | `VTEX_SALES_CHANNELS` | `1` | comma list for `idsSalesChannel` of promotions |
//! | `BUSINESS_HOLIDAYS` | empty | comma list of `YYYY-MM-DD` skipped by ARCO due dates |
//! | `DEFAULT_TAX_PROFILE_CODE` | `natural_no_responsable_iva` | tax profile applied when an influencer has none |
//! | `RATE_LIMIT_REGISTRATION_PER_MIN` | 10 | `POST /public/influencers` per IP |

use afiliados_config::Env;
use afiliados_storage::StorageConfig;
use chrono::NaiveDate;

/// The onboarding section of the api's settings.
#[derive(Debug, Clone)]
pub struct OnboardingSettings {
    /// Where KYC documents and exports are stored.
    pub storage: StorageConfig,
    /// Largest accepted upload, in bytes.
    pub upload_max_bytes: usize,
    /// Days a soft-deleted document's object is kept.
    pub document_purge_days: i64,
    /// `utmSource` of every VTEX coupon.
    pub coupon_utm_source: String,
    /// `idsSalesChannel` of every VTEX promotion.
    pub sales_channels: Vec<String>,
    /// Dates that are not business days (ARCO due dates).
    pub business_holidays: Vec<NaiveDate>,
    /// The tenant's default tax profile code.
    pub default_tax_profile_code: String,
    /// Registrations per IP per minute.
    pub registration_per_min: u32,
}

impl OnboardingSettings {
    /// Reads the section, recording every problem in `env`.
    pub fn from_env(env: &mut Env) -> OnboardingSettings {
        let storage = StorageConfig::from_env(env);
        let holidays_raw = env.var_or("BUSINESS_HOLIDAYS", "");
        let mut business_holidays = Vec::new();
        for entry in holidays_raw
            .split(',')
            .map(str::trim)
            .filter(|e| !e.is_empty())
        {
            match NaiveDate::parse_from_str(entry, "%Y-%m-%d") {
                Ok(date) => business_holidays.push(date),
                Err(_) => env.problem(format!(
                    "BUSINESS_HOLIDAYS entry {entry:?} is not a YYYY-MM-DD date"
                )),
            }
        }
        let upload_max_bytes: usize = env.var_parsed("UPLOAD_MAX_BYTES", 10 * 1024 * 1024);
        if upload_max_bytes < 1024 {
            env.problem("UPLOAD_MAX_BYTES must be at least 1024");
        }
        OnboardingSettings {
            storage,
            upload_max_bytes,
            document_purge_days: env.var_parsed("DOCUMENT_PURGE_DAYS", 30),
            coupon_utm_source: env.var_or("VTEX_COUPON_UTM_SOURCE", "afiliados"),
            sales_channels: env
                .var_or("VTEX_SALES_CHANNELS", "1")
                .split(',')
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .map(str::to_owned)
                .collect(),
            business_holidays,
            default_tax_profile_code: env
                .var_or("DEFAULT_TAX_PROFILE_CODE", "natural_no_responsable_iva"),
            registration_per_min: env.var_parsed("RATE_LIMIT_REGISTRATION_PER_MIN", 10),
        }
    }

    /// Defaults for tests, storing files under `storage_dir`.
    pub fn for_tests(storage_dir: impl Into<std::path::PathBuf>) -> OnboardingSettings {
        OnboardingSettings {
            storage: StorageConfig::local(storage_dir),
            upload_max_bytes: 10 * 1024 * 1024,
            document_purge_days: 30,
            coupon_utm_source: "afiliados".into(),
            sales_channels: vec!["1".into()],
            business_holidays: Vec::new(),
            default_tax_profile_code: "natural_no_responsable_iva".into(),
            registration_per_min: 1000,
        }
    }
}
