//! The PDF of a monthly statement (ADR 0050): who, which brand and month, the opening and closing
//! available, every movement with its reference and its effect on available, and the six buckets
//! at closing. Spanish by default, English with `locale=en`.

use afiliados_api_types::statements::Statement;
use afiliados_domain::{Locale, bogota_date};

use super::amounts::{money, signed};
use super::layout::{self, Cell, Layout};
use super::statement_labels::labels;

/// Column edges of the movements table (left edge, width), spanning the text width.
const COLUMNS: [(f32, f32); 6] = [
    (56.0, 62.0),
    (120.0, 104.0),
    (226.0, 94.0),
    (322.0, 70.0),
    (394.0, 72.0),
    (468.0, 71.0),
];

fn cells(texts: [String; 6]) -> Vec<Cell> {
    texts
        .into_iter()
        .zip(COLUMNS)
        .enumerate()
        .map(|(index, (text, (x, width)))| {
            if index >= 3 {
                Cell::right(x, width, text)
            } else {
                Cell::left(x, width, text)
            }
        })
        .collect()
}

/// Renders the statement.
pub fn render(statement: &Statement, locale: Locale) -> Vec<u8> {
    let l = labels(locale);
    let s = statement;
    let mut layout = Layout::new();
    layout.paragraph(l.statement_title, 18.0, true);
    layout.gap(4.0);
    layout.field(l.influencer, &s.influencer_name);
    layout.field(l.brand, &s.brand_name);
    let mut period = format!(
        "{} ({} – {})",
        s.month,
        bogota_date(s.period_start).format("%Y-%m-%d"),
        bogota_date(s.period_end).format("%Y-%m-%d"),
    );
    if s.to_date {
        period = format!("{period}: {}", l.to_date);
    }
    layout.field(l.period, &period);
    layout.field(
        l.generated,
        &s.generated_at.format("%Y-%m-%d %H:%M UTC").to_string(),
    );
    layout.field(l.currency, &s.currency);
    layout.heading(l.summary);
    layout.field(l.opening, &money(locale, s.opening_available));
    layout.field(l.movement_count, &s.movements.len().to_string());
    layout.field(l.closing, &money(locale, s.closing_available));
    layout.heading(l.movements);
    if s.movements.is_empty() {
        layout.paragraph(l.no_movements, 9.5, false);
    } else {
        layout.row(&cells(l.movement_columns.map(str::to_owned)), 7.5, true);
        for m in &s.movements {
            let row = cells([
                bogota_date(m.created_at).format("%Y-%m-%d").to_string(),
                m.entry_type_text.clone(),
                m.reference.clone(),
                money(locale, m.amount),
                signed(locale, m.effect_on_available),
                money(locale, m.available_after),
            ]);
            layout.row(&row, 7.5, false);
        }
    }
    layout.heading(l.closing_buckets);
    let b = &s.closing_buckets;
    let values = [
        b.estimated,
        b.confirmed,
        b.reverted,
        b.pending_withdrawal,
        b.withdrawn,
        b.pending_adjustments,
        b.available,
    ];
    for (label, value) in l.buckets.iter().zip(values) {
        layout.field(label, &money(locale, value));
    }
    layout.gap(8.0);
    layout.paragraph(l.statement_note, 8.0, false);
    let footer = format!("{} · {} · {}", s.influencer_name, s.brand_name, s.month);
    layout::write(layout, l.statement_title, &footer, l.page)
}
