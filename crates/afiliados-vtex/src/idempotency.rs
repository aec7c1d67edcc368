//! Idempotency keys of writes and the promotion `utmCampaign` naming (vtex.md §5.1, §5.3).

use std::fmt;

use rust_decimal::Decimal;

/// Which coupon write a key is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CouponWrite {
    /// `POST /api/rnb/pvt/coupon`.
    Upsert,
    /// `POST /api/rnb/pvt/archive/coupon/{code}`.
    Archive,
    /// `POST /api/rnb/pvt/unarchive/coupon/{code}`.
    Unarchive,
}

impl CouponWrite {
    fn as_str(self) -> &'static str {
        match self {
            CouponWrite::Upsert => "upsert",
            CouponWrite::Archive => "archive",
            CouponWrite::Unarchive => "unarchive",
        }
    }
}

/// The value of `X-Idempotency-Key` sent with a write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdempotencyKey(String);

/// A percent without trailing zeros (`10`, `12.5`).
fn plain_percent(percent: Decimal) -> String {
    percent.normalize().to_string()
}

impl IdempotencyKey {
    /// Any key.
    pub fn new(raw: impl Into<String>) -> IdempotencyKey {
        IdempotencyKey(raw.into())
    }

    /// `afiliados:coupon:<CODE>:<revision>:<operation>` (the code trimmed and upper-cased).
    pub fn coupon(code: &str, revision: i64, write: CouponWrite) -> IdempotencyKey {
        IdempotencyKey(format!(
            "afiliados:coupon:{}:{revision}:{}",
            code.trim().to_uppercase(),
            write.as_str()
        ))
    }

    /// `afiliados:promotion:<campaignId>:<percent>:<revision>`.
    pub fn promotion(
        campaign_id: impl fmt::Display,
        percent: Decimal,
        revision: i64,
    ) -> IdempotencyKey {
        IdempotencyKey(format!(
            "afiliados:promotion:{campaign_id}:{}:{revision}",
            plain_percent(percent)
        ))
    }

    /// The header value.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for IdempotencyKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// `utmCampaign` of a campaign's promotion: `<slug>-<percent>` with the percent written without
/// trailing zeros and `p` for the decimal point (`cetaphil-lanzamiento-12p5`).
pub fn promotion_utm_campaign(campaign_slug: &str, percent: Decimal) -> String {
    format!(
        "{campaign_slug}-{}",
        plain_percent(percent).replace('.', "p")
    )
}

#[cfg(test)]
mod tests {
    use std::str::FromStr as _;

    use super::*;

    #[test]
    fn keys_and_campaigns() {
        assert_eq!(
            IdempotencyKey::coupon(" cetaphil-isabela7kq2", 3, CouponWrite::Archive).as_str(),
            "afiliados:coupon:CETAPHIL-ISABELA7KQ2:3:archive"
        );
        let percent = Decimal::from_str("12.50").unwrap();
        assert_eq!(
            IdempotencyKey::promotion("c1", percent, 2).as_str(),
            "afiliados:promotion:c1:12.5:2"
        );
        assert_eq!(
            promotion_utm_campaign("cetaphil-lanzamiento", Decimal::from_str("10.00").unwrap()),
            "cetaphil-lanzamiento-10"
        );
        assert_eq!(
            promotion_utm_campaign("cetaphil-lanzamiento", percent),
            "cetaphil-lanzamiento-12p5"
        );
    }
}
