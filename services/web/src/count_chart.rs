//! [`CountChart`]: horizontal bars of labelled **counts** (the status page's open discrepancies by
//! class and by age). [`crate::chart::BarChart`] draws money; a count written as `$ 3,00` would
//! mislabel it, so counts get this small kind with the same geometry and the same template macro
//! (`partials/charts.html`, `bar_chart`). Integer arithmetic, no float.

/// Room left of the bars for the labels, the bars' longest length and a row's height (as the
/// money bars, so both kinds line up on a page).
const BAR_LEFT: i64 = 200;
const BAR_SPAN: i64 = 300;
const ROW_HEIGHT: i64 = 26;

/// One row.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct CountRow {
    /// Stable element id suffix.
    pub(crate) id: String,
    pub(crate) label: String,
    /// The count as text, written after the bar.
    pub(crate) value: String,
    pub(crate) y: i64,
    pub(crate) text_y: i64,
    pub(crate) width: i64,
    pub(crate) value_x: i64,
    /// Counts are never negative; kept so the shared macro reads the same fields.
    pub(crate) negative: bool,
}

/// Horizontal bars of counts, each scaled to the largest.
#[derive(Debug)]
pub(crate) struct CountChart {
    pub(crate) id: &'static str,
    pub(crate) width: i64,
    pub(crate) height: i64,
    pub(crate) bar_left: i64,
    pub(crate) rows: Vec<CountRow>,
}

impl CountChart {
    /// `rows` as `(id, label, count)`; negative counts draw as zero.
    pub(crate) fn new(id: &'static str, rows: Vec<(String, String, i64)>) -> CountChart {
        let max = rows.iter().map(|(_, _, n)| (*n).max(0)).max().unwrap_or(0);
        let rows: Vec<CountRow> = rows
            .into_iter()
            .enumerate()
            .map(|(index, (id, label, count))| {
                let y = i64::try_from(index).unwrap_or(0) * ROW_HEIGHT;
                let width = if max == 0 {
                    0
                } else {
                    count.max(0) * BAR_SPAN / max
                };
                CountRow {
                    id,
                    label,
                    value: count.to_string(),
                    y: y + 4,
                    text_y: y + 18,
                    width,
                    value_x: BAR_LEFT + width + 6,
                    negative: false,
                }
            })
            .collect();
        CountChart {
            id,
            width: BAR_LEFT + BAR_SPAN + 100,
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
    fn count_bars_scale_to_the_largest_count() {
        let row = |id: &str, n: i64| (id.to_owned(), id.to_uppercase(), n);
        let chart = CountChart::new(
            "c",
            vec![row("a", 4), row("b", 1), row("c", 0), row("d", 2)],
        );
        let widths: Vec<i64> = chart.rows.iter().map(|r| r.width).collect();
        assert_eq!(widths, vec![BAR_SPAN, BAR_SPAN / 4, 0, BAR_SPAN / 2]);
        assert_eq!(chart.rows[1].value, "1");
        assert_eq!(chart.rows[3].y, 3 * ROW_HEIGHT + 4);
        let empty = CountChart::new("e", vec![row("z", 0)]);
        assert_eq!(empty.rows[0].width, 0);
    }
}
