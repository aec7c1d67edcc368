//! One way to declare a closed vocabulary stored as `TEXT` with a `CHECK (col IN (…))` list
//! (ADR 0002, ADR 0029): [`text_enum!`] writes the enum with its spellings once and derives from
//! them `ALL`, `SPELLINGS`, `as_str`, `parse`, `FromStr`, `Display` and serde (the same strings). With the
//! `diesel` feature the enum is a diesel `Text` value (`ToSql`/`FromSql` for PostgreSQL), with the
//! `openapi` feature a utoipa schema rendered as a string `enum`. The spelling list lives here
//! only: the database's CHECK lists are compared with `ALL` by a test in `afiliados-db`.

/// A spelling that is not one of the vocabulary's values (what `FromStr` refuses).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {vocabulary} `{value}`")]
pub struct UnknownValue {
    /// The enum's name, e.g. `InfluencerStatus`.
    pub vocabulary: &'static str,
    /// What was given.
    pub value: String,
}

/// Declares a text enum: `text_enum! { /// doc  pub enum Name { /// doc  Variant = "spelling", … } }`.
/// Extra attributes (more derives, `#[default]`) pass through; `Debug, Clone, Copy, PartialEq,
/// Eq, Hash` and serde are always derived.
macro_rules! text_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $text:literal ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[cfg_attr(
            feature = "diesel",
            derive(diesel::AsExpression, diesel::FromSqlRow),
            diesel(sql_type = diesel::sql_types::Text)
        )]
        $vis enum $name {
            $( $(#[$vmeta])* #[serde(rename = $text)] $variant, )+
        }

        impl $name {
            /// Every value, in the order of the database's CHECK list.
            pub const ALL: [$name; [$($text),+].len()] = [$($name::$variant),+];

            /// `ALL`'s spellings, same order (for lists that need `&str`s in a `const`).
            pub const SPELLINGS: [&'static str; [$($text),+].len()] = [$($text),+];

            /// The stored (and JSON) spelling.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $( $name::$variant => $text, )+
                }
            }

            /// Parses the exact stored spelling; anything else is `None`.
            pub fn parse(value: &str) -> Option<$name> {
                match value {
                    $( $text => Some($name::$variant), )+
                    _ => None,
                }
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::text_enum::UnknownValue;

            fn from_str(value: &str) -> Result<$name, Self::Err> {
                $name::parse(value).ok_or_else(|| $crate::text_enum::UnknownValue {
                    vocabulary: stringify!($name),
                    value: value.to_owned(),
                })
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }

        #[cfg(feature = "diesel")]
        impl diesel::serialize::ToSql<diesel::sql_types::Text, diesel::pg::Pg> for $name {
            fn to_sql<'b>(
                &'b self,
                out: &mut diesel::serialize::Output<'b, '_, diesel::pg::Pg>,
            ) -> diesel::serialize::Result {
                <str as diesel::serialize::ToSql<diesel::sql_types::Text, diesel::pg::Pg>>::to_sql(
                    self.as_str(),
                    out,
                )
            }
        }

        #[cfg(feature = "diesel")]
        impl diesel::deserialize::FromSql<diesel::sql_types::Text, diesel::pg::Pg> for $name {
            fn from_sql(value: diesel::pg::PgValue<'_>) -> diesel::deserialize::Result<$name> {
                let text = std::str::from_utf8(value.as_bytes())?;
                Ok(text.parse::<$name>()?)
            }
        }
    };
}

pub(crate) use text_enum;

#[cfg(test)]
mod tests {
    use crate::{ArcoStatus, DocumentType};

    #[test]
    fn spellings_round_trip_through_every_path() {
        assert_eq!(ArcoStatus::ALL.len(), 4);
        assert_eq!(
            ArcoStatus::SPELLINGS,
            ArcoStatus::ALL.map(ArcoStatus::as_str),
            "SPELLINGS is ALL spelled"
        );
        for value in ArcoStatus::ALL {
            assert_eq!(ArcoStatus::parse(value.as_str()), Some(value));
            assert_eq!(value.as_str().parse::<ArcoStatus>(), Ok(value));
            assert_eq!(value.to_string(), value.as_str());
            let json = serde_json::to_string(&value).unwrap();
            assert_eq!(json, format!("\"{}\"", value.as_str()));
            assert_eq!(serde_json::from_str::<ArcoStatus>(&json).unwrap(), value);
        }
        assert_eq!(ArcoStatus::InProgress.as_str(), "in_progress");
        assert_eq!(DocumentType::Nit.as_str(), "NIT");
        assert_eq!(DocumentType::parse("nit"), None);
        let refused = "closed".parse::<ArcoStatus>().unwrap_err();
        assert_eq!(refused.to_string(), "unknown ArcoStatus `closed`");
        assert!(serde_json::from_str::<ArcoStatus>("\"closed\"").is_err());
    }
}
