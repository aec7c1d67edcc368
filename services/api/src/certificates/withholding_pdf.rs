//! The PDF of a withholding certificate (ADR 0050): the withholding agent (payer, from
//! configuration), the payee, the payments of the tax year per brand, month and rate with gross,
//! rate, withheld and net, the totals per brand and for the year. Spanish by default, English
//! with `locale=en`.

use afiliados_api_types::statements::{WithholdingCertificate, WithholdingTotals};
use afiliados_domain::Locale;

use super::amounts::{money, rate};
use super::layout::{self, Cell, Layout};
use super::statement_labels::{StatementLabels, labels};

/// Column edges of the lines table (left edge, width).
const COLUMNS: [(f32, f32); 6] = [
    (56.0, 120.0),
    (178.0, 64.0),
    (244.0, 52.0),
    (298.0, 82.0),
    (382.0, 76.0),
    (460.0, 79.0),
];

fn cells(texts: [String; 6]) -> Vec<Cell> {
    texts
        .into_iter()
        .zip(COLUMNS)
        .enumerate()
        .map(|(index, (text, (x, width)))| {
            if index >= 2 {
                Cell::right(x, width, text)
            } else {
                Cell::left(x, width, text)
            }
        })
        .collect()
}

fn or_missing<'a>(value: &'a str, l: &'a StatementLabels) -> &'a str {
    if value.is_empty() {
        l.not_configured
    } else {
        value
    }
}

fn totals(layout: &mut Layout, l: &StatementLabels, t: &WithholdingTotals, locale: Locale) {
    layout.field(l.totals[0], &money(locale, t.gross));
    layout.field(l.totals[1], &money(locale, t.withheld));
    layout.field(l.totals[2], &money(locale, t.net));
    layout.field(l.totals[3], &t.payments.to_string());
}

/// Renders the certificate.
pub fn render(certificate: &WithholdingCertificate, locale: Locale) -> Vec<u8> {
    let l = labels(locale);
    let c = certificate;
    let mut layout = Layout::new();
    layout.paragraph(l.certificate_title, 18.0, true);
    let mut year = format!("{} {}", l.tax_year, c.year);
    if c.to_date {
        year = format!("{year}: {}", l.year_to_date);
    }
    layout.paragraph(&year, 10.0, false);
    layout.field(
        l.generated,
        &c.generated_at.format("%Y-%m-%d %H:%M UTC").to_string(),
    );
    layout.heading(l.payer);
    layout.field(l.legal_name, or_missing(&c.payer.legal_name, l));
    layout.field(l.nit, or_missing(&c.payer.nit, l));
    layout.field(l.address, or_missing(&c.payer.address, l));
    layout.field(l.city, or_missing(&c.payer.city, l));
    layout.heading(l.payee);
    layout.field(l.name, &c.payee.name);
    layout.field(l.document_type, c.payee.document_type.as_str());
    layout.field(l.document_number, &c.payee.document_number);
    layout.heading(l.lines);
    if c.lines.is_empty() {
        layout.paragraph(l.no_payments, 9.5, false);
    } else {
        layout.row(&cells(l.line_columns.map(str::to_owned)), 7.5, true);
        for line in &c.lines {
            let row = cells([
                line.brand_name.clone(),
                l.month(line.month).to_owned(),
                rate(locale, line.withholding_rate),
                money(locale, line.gross),
                money(locale, line.withheld),
                money(locale, line.net),
            ]);
            layout.row(&row, 7.5, false);
        }
        layout.heading(l.brand_totals);
        for brand in &c.brands {
            layout.paragraph(&brand.brand_name, 9.5, true);
            totals(&mut layout, l, &brand.totals, locale);
        }
    }
    layout.heading(l.year_totals);
    totals(&mut layout, l, &c.totals, locale);
    layout.gap(8.0);
    layout.paragraph(l.certificate_note, 8.0, false);
    let footer = format!(
        "{} · NIT {} · {} · {} {}",
        or_missing(&c.payer.legal_name, l),
        or_missing(&c.payer.nit, l),
        c.payee.name,
        l.tax_year,
        c.year
    );
    layout::write(layout, l.certificate_title, &footer, l.page)
}
