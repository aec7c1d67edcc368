//! `afiliados-api certificates withholding --year YYYY --out DIR [--locale en]` (ADR 0050):
//! Finance's bulk run of the withholding certificates of a tax year. For every influencer with a
//! payment dated in the year it writes the certificate as PDF and CSV (`retencion-YYYY-<id>.pdf`
//! and `.csv`, the same documents `GET /payments/withholding-certificates/{year}` serves) and
//! finally `resumen-retenciones-YYYY.csv`, one row per influencer with its totals. Progress is
//! printed one line per influencer (`[ 3/40] …`). Each certificate is read and audited
//! (`withholding_certificate.generated`, actor `system:certificates`) in its own transaction, so a
//! failure halfway leaves the files and audit rows of the ones already done.

use std::path::{Path, PathBuf};

use afiliados_config::ExposeSecret;
use afiliados_db::AsyncPgConnection;
use afiliados_domain::{Locale, bogota_date};
use anyhow::Context;
use chrono::{DateTime, Utc};
use diesel_async::AsyncConnection;
use uuid::Uuid;

use crate::audit::{self, AuditActor, AuditEvent};
use crate::certificates::withholding_pdf;
use crate::payer_settings::PayerSettings;
use crate::settings::Settings;
use crate::usecases::UseCaseError;
use crate::usecases::exports::HeaderLanguage;
use crate::usecases::exports::writer::CsvWriter;
use crate::usecases::statements::withholding::{self, Issuer};
use crate::usecases::statements::{csv, period};

/// What to generate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BulkSpec {
    /// `YYYY`.
    pub year: String,
    /// Output directory (created when missing).
    pub out: PathBuf,
    /// Language of the documents.
    pub locale: Locale,
}

/// Parses `--year YYYY --out DIR [--locale es|en]`.
pub fn parse_args(args: &[&str]) -> Result<BulkSpec, String> {
    let mut year = None;
    let mut out = None;
    let mut locale = Locale::Es;
    let mut rest = args.iter();
    while let Some(flag) = rest.next() {
        let value = rest.next().ok_or_else(|| format!("{flag} needs a value"))?;
        match *flag {
            "--year" => year = Some((*value).to_owned()),
            "--out" => out = Some(PathBuf::from(value)),
            "--locale" => {
                locale = Locale::parse(value).ok_or_else(|| format!("unknown locale {value}"))?;
            }
            other => return Err(format!("unknown option {other}")),
        }
    }
    Ok(BulkSpec {
        year: year.ok_or("--year YYYY is required")?,
        out: out.ok_or("--out DIR is required")?,
        locale,
    })
}

/// What a run wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BulkReport {
    /// Influencers with payments in the year (one PDF and one CSV each).
    pub certificates: usize,
    /// The summary CSV.
    pub summary: PathBuf,
}

fn write_file(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    std::fs::write(path, bytes).with_context(|| format!("writing {}", path.display()))
}

/// Generates the certificates of `spec.year` for the tenant, reporting progress through
/// `progress(done, total, influencer id)`.
pub async fn generate(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    payer: &PayerSettings,
    now: DateTime<Utc>,
    spec: &BulkSpec,
    mut progress: impl FnMut(usize, usize, Uuid),
) -> anyhow::Result<BulkReport> {
    // Before anything is read or written: a certificate without the payer is worthless (ADR 0053).
    let missing = payer.missing();
    if !missing.is_empty() {
        anyhow::bail!(
            "payer_not_configured: set {} to issue withholding certificates",
            missing.join(" and ")
        );
    }
    let year = period::year(&spec.year, bogota_date(now))
        .map_err(|_| anyhow::anyhow!("--year {} is not a past or current year", spec.year))?;
    std::fs::create_dir_all(&spec.out)
        .with_context(|| format!("creating {}", spec.out.display()))?;
    let language = match spec.locale {
        Locale::En => HeaderLanguage::English,
        Locale::Es => HeaderLanguage::Spanish,
    };
    let payees = afiliados_db::statement_payments::payees(
        conn,
        tenant_id,
        year.first_day,
        year.next_first_day,
    )
    .await?;
    let issuer = Issuer {
        tenant_id,
        payer,
        now,
    };
    let mut summary = CsvWriter::new(language.header(&csv::SUMMARY_COLUMNS))?;
    let total = payees.len();
    for (index, influencer_id) in payees.into_iter().enumerate() {
        let certificate = conn
            .transaction(async |tx| {
                let influencer = afiliados_db::influencers::find(tx, tenant_id, influencer_id)
                    .await?
                    .ok_or(UseCaseError::NotFound)?;
                let certificate = withholding::compute(tx, issuer, &influencer, year).await?;
                let event = AuditEvent::new(
                    "withholding_certificate.generated",
                    "withholding_certificate",
                    format!("{influencer_id}/{}", year.year),
                )
                .changes(None, Some(withholding::facts(&certificate, "pdf+csv")));
                audit::record(
                    tx,
                    tenant_id,
                    &AuditActor::System("system:certificates"),
                    event,
                )
                .await?;
                Ok::<_, UseCaseError>(certificate)
            })
            .await
            .with_context(|| format!("certificate of influencer {influencer_id}"))?;
        let stem = format!("retencion-{}-{influencer_id}", year.year);
        write_file(
            &spec.out.join(format!("{stem}.pdf")),
            &withholding_pdf::render(&certificate, spec.locale),
        )?;
        write_file(
            &spec.out.join(format!("{stem}.csv")),
            &csv::certificate(&certificate, language)?,
        )?;
        summary.row(csv::summary_row(
            &certificate,
            &format!("{stem}.pdf {stem}.csv"),
        ))?;
        progress(index + 1, total, influencer_id);
    }
    let summary_path = spec
        .out
        .join(format!("resumen-retenciones-{}.csv", year.year));
    write_file(&summary_path, &summary.finish()?)?;
    Ok(BulkReport {
        certificates: total,
        summary: summary_path,
    })
}

/// The command: the api's configuration (database, tenant, `PAYER_*`), the system clock.
pub async fn run(spec: BulkSpec) -> anyhow::Result<()> {
    let settings = Settings::from_env()?;
    let url = settings.database.url.expose_secret().to_owned();
    let pool = afiliados_db::pool::build(&url, 2, 60_000)?;
    let mut conn = pool.get().await.context("connecting to PostgreSQL")?;
    let tenant = afiliados_db::tenants::find_by_slug(&mut conn, &settings.tenant_slug)
        .await?
        .with_context(|| format!("no tenant {}", settings.tenant_slug))?;
    let report = generate(
        &mut conn,
        tenant.id,
        &settings.payer,
        Utc::now(),
        &spec,
        |done, total, id| println!("[{done:>3}/{total}] influencer {id}"),
    )
    .await?;
    println!(
        "{} withholding certificates of {} in {}; summary {}",
        report.certificates,
        spec.year,
        spec.out.display(),
        report.summary.display()
    );
    Ok(())
}
