//! [`Pager`]: the "previous"/"next" links of list pages, and [`filter_query`], which keeps a list's
//! filters in those links.

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
