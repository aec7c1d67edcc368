//! [`Pager`]: the "previous"/"next" links of list pages, and [`filter_query`], which keeps a list's
//! filters in those links.

use crate::i18n::I18n;

/// "previous"/"next" links of a list page, keeping its filters.
pub(crate) struct Pager {
    pub(crate) previous: Option<String>,
    pub(crate) next: Option<String>,
    pub(crate) summary: String,
}

impl Pager {
    pub(crate) fn new(base: &str, filters: &str, page: u32, page_size: u32, total: u64) -> Pager {
        let link = |page: u32| format!("{base}?page={page}{filters}");
        let last = total.div_ceil(u64::from(page_size.max(1))).max(1);
        Pager {
            previous: (page > 1).then(|| link(page - 1)),
            next: (u64::from(page) < last).then(|| link(page + 1)),
            summary: format!("{page} / {last} · {total}"),
        }
    }

    /// [`Pager::new`] for a page whose `total` may be a lower bound (`totalCapped`, ADR 0046:
    /// `GET /orders` counts at most 10 000 rows past the page). When capped the last page is
    /// unknown, so the summary says "more than N" instead of inventing a page count, and "next"
    /// stays offered: a capped count means there are rows past this page.
    pub(crate) fn counted(
        i18n: I18n,
        base: &str,
        filters: &str,
        page: u32,
        page_size: u32,
        total: u64,
        total_capped: bool,
    ) -> Pager {
        let mut pager = Pager::new(base, filters, page, page_size, total);
        if total_capped {
            pager.next = Some(format!("{base}?page={}{filters}", page.saturating_add(1)));
            pager.summary = format!("{page} · {} {total}", i18n.t("pager.more_than"));
        }
        pager
    }
}

/// `&name=value` pairs for the filters that are set, URL-encoded.
pub(crate) fn filter_query(pairs: &[(&str, Option<&str>)]) -> String {
    let mut out = url::form_urlencoded::Serializer::new(String::new());
    for (name, value) in pairs {
        if let Some(value) = value.filter(|value| !value.is_empty()) {
            out.append_pair(name, value);
        }
    }
    let encoded = out.finish();
    if encoded.is_empty() {
        encoded
    } else {
        format!("&{encoded}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use afiliados_domain::Locale;

    #[test]
    fn an_exact_total_names_the_last_page() {
        let pager = Pager::counted(I18n::new(Locale::Es), "/pedidos", "", 1, 25, 60, false);
        assert_eq!(pager.summary, "1 / 3 · 60");
        assert_eq!(pager.next.as_deref(), Some("/pedidos?page=2"));
        assert_eq!(pager.previous, None);
    }

    #[test]
    fn a_capped_total_says_more_than_and_keeps_next() {
        let es = Pager::counted(
            I18n::new(Locale::Es),
            "/pedidos",
            "&status=invoiced",
            3,
            25,
            10_050,
            true,
        );
        assert_eq!(es.summary, "3 · más de 10050");
        assert_eq!(es.next.as_deref(), Some("/pedidos?page=4&status=invoiced"));
        assert_eq!(
            es.previous.as_deref(),
            Some("/pedidos?page=2&status=invoiced")
        );
        let en = Pager::counted(I18n::new(Locale::En), "/pedidos", "", 1, 25, 10_000, true);
        assert_eq!(en.summary, "1 · more than 10000");
    }
}
