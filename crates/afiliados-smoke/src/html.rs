//! What step 6 reads from the web's pages, as a browser's form submission would: the hidden
//! `csrf_token`, the wallet's withdrawal forms and the alert a refused form shows. Attribute
//! values the web writes here are URL-safe (tokens, UUIDs), so no entity decoding is needed.

/// The value of the first hidden `csrf_token` field.
pub fn csrf_token(html: &str) -> Option<String> {
    input_value(html, "csrf_token")
}

/// The `value` of the first `<input>` named `name`.
pub fn input_value(html: &str, name: &str) -> Option<String> {
    let marker = format!("name=\"{name}\"");
    html.split("<input").skip(1).find_map(|tag| {
        let tag = tag.split('>').next()?;
        tag.contains(&marker).then(|| attribute(tag, "value"))?
    })
}

fn attribute(tag: &str, name: &str) -> Option<String> {
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    let rest = &tag[start..];
    Some(rest[..rest.find('"')?].to_owned())
}

/// One brand's "request withdrawal" form of `/influencer/billetera`.
#[derive(Debug, PartialEq, Eq)]
pub struct WithdrawalForm {
    /// The hidden `brand_id`.
    pub brand_id: String,
    /// The hidden `idempotency_key` (fresh on every render).
    pub idempotency_key: String,
    /// False when the wallet says this brand cannot be withdrawn from yet.
    pub can_withdraw: bool,
}

/// Every withdrawal form of the wallet page, in page order.
pub fn withdrawal_forms(html: &str) -> Vec<WithdrawalForm> {
    const START: &str = "<form method=\"post\" action=\"/influencer/billetera/retiros\"";
    html.split(START)
        .skip(1)
        .filter_map(|rest| {
            let form = &rest[..rest.find("</form>")?];
            let brand_id = input_value(form, "brand_id")?;
            Some(WithdrawalForm {
                can_withdraw: !html.contains(&format!("id=\"wallet-{brand_id}-cannot\"")),
                idempotency_key: input_value(form, "idempotency_key").unwrap_or_default(),
                brand_id,
            })
        })
        .collect()
}

/// The text of the page's `role="alert"` message (a refused form says why there), tags removed.
pub fn alert_text(html: &str) -> Option<String> {
    let start = html.find("role=\"alert\"")?;
    let rest = &html[start..];
    let body = &rest[rest.find('>')? + 1..];
    let body = &body[..body.find("</div>")?];
    let mut text = String::new();
    let mut in_tag = false;
    for c in body.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    (!text.is_empty()).then_some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    const WALLET: &str = r#"<form method="post" action="/logout"><input type="hidden" name="csrf_token" value="tok_-123"></form>
<section class="card" id="wallet-b1">
  <form method="post" action="/influencer/billetera/retiros" novalidate id="withdraw-form-b1">
    <input type="hidden" name="csrf_token" value="tok_-123">
    <input type="hidden" name="idempotency_key" value="key-1">
    <input type="hidden" name="brand_id" value="b1">
    <input type="text" id="amount-b1" name="amount" value="">
  </form>
</section>
<section class="card" id="wallet-b2">
  <p class="muted" id="wallet-b2-cannot">Aún no</p>
  <form method="post" action="/influencer/billetera/retiros" novalidate id="withdraw-form-b2">
    <input type="hidden" name="csrf_token" value="tok_-123">
    <input type="hidden" name="idempotency_key" value="key-1">
    <input type="hidden" name="brand_id" value="b2">
  </form>
</section>
<div class="alert" role="alert" id="form-error">El monto <b>supera</b>
  el disponible</div>"#;

    #[test]
    fn reads_the_token_the_forms_and_the_alert() {
        assert_eq!(csrf_token(WALLET).as_deref(), Some("tok_-123"));
        let forms = withdrawal_forms(WALLET);
        assert_eq!(
            forms,
            [
                WithdrawalForm {
                    brand_id: "b1".into(),
                    idempotency_key: "key-1".into(),
                    can_withdraw: true
                },
                WithdrawalForm {
                    brand_id: "b2".into(),
                    idempotency_key: "key-1".into(),
                    can_withdraw: false
                },
            ]
        );
        assert_eq!(
            alert_text(WALLET).as_deref(),
            Some("El monto supera el disponible")
        );
        assert_eq!(csrf_token("<p>no form</p>"), None);
        assert_eq!(alert_text("<p>fine</p>"), None);
    }
}
