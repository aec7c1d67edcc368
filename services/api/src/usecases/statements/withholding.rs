//! `GET /payments/withholding-certificates/{year}` (ADR 0050): the certificate of withholding at
//! source a Colombian payee attaches to its tax return — per brand, month and rate, the gross
//! paid, the withheld tax and the net, the year's totals, the payee and the payer
//! (`PAYER_*`). Readers follow `GET /payments`: AD and FI every influencer, IN its own; AM, GA and
//! AU are refused.
//!
//! Sums are of the stored payment rows (each payment's withheld amount was rounded once when it
//! was paid, `domain.md` §5.14.3), never recomputed; a month with payments at two rates (one
//! below the profile's threshold, at 0 %) gives two lines. A year without payments is still a
//! certificate, with zeros: "nothing was withheld" is what the payee needs to show.

use std::collections::BTreeMap;

use afiliados_api_types::statements::{
    CertificatePayee, CertificatePayer, WithholdingBrandTotals, WithholdingCertificate,
    WithholdingCertificateQuery, WithholdingLine, WithholdingTotals,
};
use afiliados_db::AsyncPgConnection;
use afiliados_db::influencers::Influencer;
use afiliados_db::payments::PaymentRow;
use afiliados_domain::{Actor, FieldCode, Money, Percent, Role};
use chrono::{DateTime, Datelike, Utc};
use serde_json::json;
use uuid::Uuid;

use super::period::{self, Year};
use crate::audit::{self, AuditActor, AuditEvent};
use crate::payer_settings::PayerSettings;
use crate::usecases::brand_scope::{Scope, resolve};
use crate::usecases::fields::{money, percent};
use crate::usecases::{UseCaseContext, UseCaseError};

/// Roles that read every influencer's certificates (as `GET /payments`; IN reads its own).
pub const CERTIFICATE_READERS: [Role; 2] = [Role::AdminDentsu, Role::Finance];

/// Running sums.
#[derive(Debug, Clone, Copy, Default)]
struct Sums {
    gross: Money,
    withheld: Money,
    net: Money,
    payments: i64,
}

impl Sums {
    fn add(&mut self, payment: &PaymentRow) {
        self.gross = self.gross + money(payment.gross_amount);
        self.withheld = self.withheld + money(payment.tax_withheld);
        self.net = self.net + money(payment.net_amount);
        self.payments += 1;
    }

    fn totals(self) -> WithholdingTotals {
        WithholdingTotals {
            gross: self.gross,
            withheld: self.withheld,
            net: self.net,
            payments: self.payments,
        }
    }
}

fn payer(payer: &PayerSettings) -> CertificatePayer {
    CertificatePayer {
        legal_name: payer.legal_name.clone(),
        nit: payer.nit.clone(),
        address: payer.address.clone(),
        city: payer.city.clone(),
    }
}

/// What a certificate is made for: the tenant, the payer and the generation instant (the api's
/// context, or the bulk command's configuration).
#[derive(Debug, Clone, Copy)]
pub struct Issuer<'a> {
    /// Tenant.
    pub tenant_id: Uuid,
    /// `PAYER_*`.
    pub payer: &'a PayerSettings,
    /// Generation instant.
    pub now: DateTime<Utc>,
}

impl<'a> Issuer<'a> {
    /// The api's.
    pub fn of(ctx: &UseCaseContext<'a>) -> Issuer<'a> {
        Issuer {
            tenant_id: ctx.tenant_id,
            payer: &ctx.settings.payer,
            now: ctx.now(),
        }
    }
}

/// The certificate of `influencer` for `year`, from its payments (no scoping, no audit: the
/// callers do both).
pub async fn compute(
    tx: &mut AsyncPgConnection,
    issuer: Issuer<'_>,
    influencer: &Influencer,
    year: Year,
) -> Result<WithholdingCertificate, UseCaseError> {
    let payments = afiliados_db::statement_payments::of_influencer(
        tx,
        issuer.tenant_id,
        influencer.id,
        year.first_day,
        year.next_first_day,
    )
    .await?;
    let mut brand_ids: Vec<Uuid> = payments.iter().map(|p| p.brand_id).collect();
    brand_ids.sort_unstable();
    brand_ids.dedup();
    let names = afiliados_db::export_names::brands(tx, &brand_ids).await?;
    let name = |id: &Uuid| names.get(id).cloned().unwrap_or_default();
    // Brands by name (then id), months in order, rates ascending.
    let mut lines: BTreeMap<(String, Uuid, u32, Percent), Sums> = BTreeMap::new();
    let mut brands: BTreeMap<(String, Uuid), Sums> = BTreeMap::new();
    let mut total = Sums::default();
    for payment in &payments {
        let brand = name(&payment.brand_id);
        let rate = percent(payment.withholding_rate);
        let month = payment.payment_date.month();
        lines
            .entry((brand.clone(), payment.brand_id, month, rate))
            .or_default()
            .add(payment);
        brands
            .entry((brand, payment.brand_id))
            .or_default()
            .add(payment);
        total.add(payment);
    }
    Ok(WithholdingCertificate {
        year: year.year,
        to_date: year.to_date,
        generated_at: issuer.now,
        payer: payer(issuer.payer),
        payee: CertificatePayee {
            influencer_id: influencer.id.into(),
            name: influencer.full_name(),
            document_type: influencer.document_type,
            document_number: influencer.document_number.clone(),
        },
        lines: lines
            .into_iter()
            .map(
                |((brand_name, brand_id, month, rate), sums)| WithholdingLine {
                    brand_id: brand_id.into(),
                    brand_name,
                    month,
                    withholding_rate: rate,
                    gross: sums.gross,
                    withheld: sums.withheld,
                    net: sums.net,
                    payments: sums.payments,
                },
            )
            .collect(),
        brands: brands
            .into_iter()
            .map(|((brand_name, brand_id), sums)| WithholdingBrandTotals {
                brand_id: brand_id.into(),
                brand_name,
                totals: sums.totals(),
            })
            .collect(),
        totals: total.totals(),
    })
}

/// The audit facts of a certificate.
pub fn facts(certificate: &WithholdingCertificate, format: &str) -> serde_json::Value {
    json!({
        "influencerId": certificate.payee.influencer_id,
        "year": certificate.year,
        "format": format,
        "payments": certificate.totals.payments,
        "gross": certificate.totals.gross,
        "withheld": certificate.totals.withheld,
    })
}

/// The certificate `year` of the influencer the caller may read, audited
/// `withholding_certificate.downloaded`.
#[tracing::instrument(skip_all, fields(actor.id = %actor.user_id))]
pub async fn certificate(
    tx: &mut AsyncPgConnection,
    ctx: &UseCaseContext<'_>,
    actor: &Actor,
    year: &str,
    query: &WithholdingCertificateQuery,
) -> Result<WithholdingCertificate, UseCaseError> {
    let scope = resolve(tx, actor, &CERTIFICATE_READERS, false, true).await?;
    let year = period::year(year, ctx.today())?;
    let influencer_id = match scope {
        Scope::Influencer(own) => own,
        Scope::All | Scope::Brands(_) => query
            .influencer_id
            .map(Into::into)
            .ok_or_else(|| UseCaseError::invalid("influencerId", FieldCode::Required))?,
    };
    let influencer = afiliados_db::influencers::find(tx, ctx.tenant_id, influencer_id)
        .await?
        .ok_or(UseCaseError::NotFound)?;
    let certificate = compute(tx, Issuer::of(ctx), &influencer, year).await?;
    let format = query.format.unwrap_or_default();
    let event = AuditEvent::new(
        "withholding_certificate.downloaded",
        "withholding_certificate",
        format!("{}/{}", influencer.id, year.year),
    )
    .changes(None, Some(facts(&certificate, format.as_str())));
    audit::record(tx, ctx.tenant_id, &AuditActor::User(actor), event).await?;
    Ok(certificate)
}
