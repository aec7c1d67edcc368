//! PATCH bodies distinguish an absent field (left unchanged) from an explicit `null` (cleared):
//! `Option<Option<T>>` with [`nullable`] gives `None`, `Some(None)` and `Some(Some(v))`.

use serde::{Deserialize, Deserializer};

/// Deserialises a present field (even `null`) as `Some(..)`; use with `#[serde(default)]`.
pub fn nullable<'de, T, D>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    T: Deserialize<'de>,
    D: Deserializer<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    struct Body {
        #[serde(default, deserialize_with = "super::nullable")]
        phone: Option<Option<String>>,
    }

    #[test]
    fn absent_null_and_value_differ() -> serde_json::Result<()> {
        let absent: Body = serde_json::from_str("{}")?;
        let null: Body = serde_json::from_str(r#"{"phone": null}"#)?;
        let value: Body = serde_json::from_str(r#"{"phone": "3001112233"}"#)?;
        assert_eq!(absent.phone, None);
        assert_eq!(null.phone, Some(None));
        assert_eq!(value.phone, Some(Some("3001112233".into())));
        Ok(())
    }
}
