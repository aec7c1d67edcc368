//! Server-rendered SVG charts (no script, nothing the CSP blocks): [`MonthlyChart`], a bar chart
//! of two money series per month (the influencer's eligible sales and confirmed commission), and
//! [`ProgressBar`], a tier progress bar, and [`BarChart`], horizontal bars of labelled amounts
//! (the finance dashboard's buckets, queues and brands). Geometry is integer arithmetic on cents, so the bars are
//! exact to the pixel and never go through a float.

use afiliados_domain::{Locale, Money};

use crate::format::money;

/// Plot area, in SVG user units.
const WIDTH: i64 = 600;
const HEIGHT: i64 = 200;
/// Room below the bars for the month labels.
const LABEL_ROOM: i64 = 20;

/// One bar.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Bar {
    pub(crate) x: i64,
    pub(crate) y: i64,
    pub(crate) width: i64,
    pub(crate) height: i64,
    /// The amount, for the `<title>` tooltip and screen readers.
    pub(crate) title: String,
}

/// One month: its label and a bar per series.
#[derive(Debug)]
pub(crate) struct MonthColumn {
    pub(crate) label: String,
    pub(crate) label_x: i64,
    pub(crate) first: Bar,
    pub(crate) second: Bar,
}

/// A two-series monthly bar chart.
#[derive(Debug)]
pub(crate) struct MonthlyChart {
    pub(crate) width: i64,
    pub(crate) height: i64,
    pub(crate) baseline: i64,
    pub(crate) columns: Vec<MonthColumn>,
}

/// Whole cents of an amount (negative amounts draw as nothing).
fn cents(amount: Money) -> i128 {
    let text = amount.to_string();
    let (units, fraction) = text.split_once('.').unwrap_or((&text, "0"));
    let fraction = format!("{fraction:0<2}");
    let units: i128 = units.parse().unwrap_or(0);
    let fraction: i128 = fraction[..2].parse().unwrap_or(0);
    if units < 0 || text.starts_with('-') {
        0
    } else {
        units * 100 + fraction
    }
}

fn bar_height(value: i128, max: i128) -> i64 {
    if max == 0 {
        return 0;
    }
    let scaled = value * i128::from(HEIGHT) / max;
    i64::try_from(scaled).unwrap_or(HEIGHT)
}

impl MonthlyChart {
    /// `months` as `(label, first series, second series)`, oldest first.
    pub(crate) fn new(locale: Locale, months: &[(String, Money, Money)]) -> MonthlyChart {
        let max = months
            .iter()
            .flat_map(|(_, a, b)| [cents(*a), cents(*b)])
            .max()
            .unwrap_or(0);
        let count = i64::try_from(months.len()).unwrap_or(1).max(1);
        let slot = WIDTH / count;
        let bar_width = (slot / 3).max(1);
        let bar = |x: i64, amount: Money| {
            let height = bar_height(cents(amount), max);
            Bar {
                x,
                y: HEIGHT - height,
                width: bar_width,
                height,
                title: money(locale, amount),
            }
        };
        let columns = months
            .iter()
            .enumerate()
            .map(|(index, (label, first, second))| {
                let left = i64::try_from(index).unwrap_or(0) * slot + slot / 6;
                MonthColumn {
                    label: label.clone(),
                    label_x: left + bar_width,
                    first: bar(left, *first),
                    second: bar(left + bar_width, *second),
                }
            })
            .collect();
        MonthlyChart {
            width: WIDTH,
            height: HEIGHT + LABEL_ROOM,
            baseline: HEIGHT,
            columns,
        }
    }
}

/// A horizontal progress bar, 0–100 %.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct ProgressBar {
    /// Filled width out of 100 user units.
    pub(crate) filled: i64,
}

impl ProgressBar {
    /// From the api's whole percent; over 100 is drawn full.
    pub(crate) fn from_percent(percent: u32) -> ProgressBar {
        ProgressBar {
            filled: i64::from(percent.min(100)),
        }
    }
}

/// Room left of the bars for the labels, and the bars' longest length.
const BAR_LEFT: i64 = 200;
const BAR_SPAN: i64 = 300;
const ROW_HEIGHT: i64 = 26;

/// One row of a [`BarChart`].
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct BarRow {
    /// Stable element id suffix.
    pub(crate) id: String,
    pub(crate) label: String,
    /// The amount (and count) as text, written after the bar.
    pub(crate) value: String,
    pub(crate) y: i64,
    pub(crate) text_y: i64,
    pub(crate) width: i64,
    pub(crate) value_x: i64,
    /// A negative amount: drawn empty, its text in red.
    pub(crate) negative: bool,
}

/// Horizontal bars of labelled amounts, each scaled to the largest.
#[derive(Debug)]
pub(crate) struct BarChart {
    pub(crate) id: &'static str,
    pub(crate) width: i64,
    pub(crate) height: i64,
    pub(crate) bar_left: i64,
    pub(crate) rows: Vec<BarRow>,
}

impl BarChart {
    /// `rows` as `(id, label, amount, extra text)`; the extra text (a count) follows the amount.
    pub(crate) fn new(
        id: &'static str,
        locale: Locale,
        rows: Vec<(String, String, Money, String)>,
    ) -> BarChart {
        let rows = rows.into_iter().map(|(id, label, amount, extra)| {
            let written = money(locale, amount);
            let value = if extra.is_empty() {
                written
            } else {
                format!("{written} · {extra}")
            };
            (id, label, value, cents(amount), amount.is_negative())
        });
        BarChart::lay_out(id, rows.collect())
    }

    /// [`BarChart::new`] for counts (a run's discrepancies per class, the status page's open
    /// discrepancies by class and age): `rows` as `(id, label, count)`, each bar scaled to the
    /// largest count and labelled with the bare number; a negative count draws as zero.
    pub(crate) fn counts(id: &'static str, rows: Vec<(String, String, i64)>) -> BarChart {
        let rows = rows
            .into_iter()
            .map(|(id, label, count)| (id, label, count.to_string(), i128::from(count), false));
        BarChart::lay_out(id, rows.collect())
    }

    /// The geometry both kinds share: `rows` as `(id, label, text, magnitude, negative)`, each bar
    /// `magnitude × BAR_SPAN / largest` long (empty when not positive). Integer arithmetic.
    fn lay_out(id: &'static str, rows: Vec<(String, String, String, i128, bool)>) -> BarChart {
        let max = rows.iter().map(|row| row.3.max(0)).max().unwrap_or(0);
        let rows: Vec<BarRow> = rows
            .into_iter()
            .enumerate()
            .map(|(index, (id, label, value, magnitude, negative))| {
                let y = i64::try_from(index).unwrap_or(0) * ROW_HEIGHT;
                let width = if max == 0 {
                    0
                } else {
                    i64::try_from(magnitude.max(0) * i128::from(BAR_SPAN) / max).unwrap_or(BAR_SPAN)
                };
                BarRow {
                    id,
                    label,
                    value,
                    y: y + 4,
                    text_y: y + 18,
                    width,
                    value_x: BAR_LEFT + width + 6,
                    negative,
                }
            })
            .collect();
        BarChart {
            id,
            width: BAR_LEFT + BAR_SPAN + 200,
            height: i64::try_from(rows.len()).unwrap_or(0) * ROW_HEIGHT + 4,
            bar_left: BAR_LEFT,
            rows,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn horizontal_bars_scale_to_the_largest_and_draw_negatives_empty() {
        let row = |id: &str, raw: &str| (id.to_owned(), id.to_owned(), m(raw), String::new());
        let chart = BarChart::new(
            "c",
            Locale::Es,
            vec![
                row("a", "1000.00"),
                row("b", "250.00"),
                row("c", "-50.00"),
                ("d".into(), "d".into(), m("0"), "3".into()),
            ],
        );
        let widths: Vec<i64> = chart.rows.iter().map(|r| r.width).collect();
        assert_eq!(widths, vec![BAR_SPAN, BAR_SPAN / 4, 0, 0]);
        assert!(chart.rows[2].negative && chart.rows[2].value == "−$ 50,00");
        assert_eq!(chart.rows[3].value, "$ 0,00 · 3");
        assert_eq!(chart.rows[1].y, ROW_HEIGHT + 4);
        let empty = BarChart::new("e", Locale::En, vec![row("z", "0")]);
        assert_eq!(empty.rows[0].width, 0);
    }

    fn m(raw: &str) -> Money {
        Money::parse(raw).unwrap()
    }

    #[test]
    fn bars_scale_exactly_to_the_largest_amount() {
        let chart = MonthlyChart::new(
            Locale::Es,
            &[
                ("2026-01".into(), m("1000.00"), m("100.00")),
                ("2026-02".into(), m("500.50"), m("0")),
            ],
        );
        assert_eq!(chart.columns.len(), 2);
        assert_eq!(chart.columns[0].first.height, HEIGHT);
        assert_eq!(chart.columns[0].first.y, 0);
        assert_eq!(chart.columns[0].second.height, HEIGHT / 10);
        assert_eq!(chart.columns[1].first.height, 100);
        assert_eq!(chart.columns[1].second.height, 0);
        assert_eq!(chart.columns[1].first.title, "$ 500,50");
        assert!(chart.columns[1].first.x > chart.columns[0].second.x);
    }

    #[test]
    fn an_empty_or_zero_year_draws_no_bars() {
        let chart = MonthlyChart::new(Locale::En, &[("2026-01".into(), m("0"), m("0"))]);
        assert_eq!(chart.columns[0].first.height, 0);
        assert!(MonthlyChart::new(Locale::En, &[]).columns.is_empty());
        assert_eq!(cents(m("-5.00")), 0);
        assert_eq!(cents(m("12.5")), 1250);
    }

    #[test]
    fn progress_is_clamped() {
        assert_eq!(ProgressBar::from_percent(62).filled, 62);
        assert_eq!(ProgressBar::from_percent(140).filled, 100);
        assert_eq!(ProgressBar::from_percent(0).filled, 0);
    }

    #[test]
    fn count_bars_scale_to_the_largest_count() {
        let row = |id: &str, n: i64| (id.to_owned(), id.to_owned(), n);
        let chart = BarChart::counts("k", vec![row("A", 4), row("B", 1), row("C", 0)]);
        let widths: Vec<i64> = chart.rows.iter().map(|r| r.width).collect();
        assert_eq!(widths, vec![BAR_SPAN, BAR_SPAN / 4, 0]);
        assert_eq!(chart.rows[0].value, "4");
        let none = BarChart::counts("z", vec![row("A", 0)]);
        assert_eq!(none.rows[0].width, 0);
    }
}
