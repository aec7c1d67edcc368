//! RFC 8785 (JSON Canonicalization Scheme) serialisation of a `serde_json::Value`, used for the
//! consent certificate checksum (`domain.md` §5.3.3).
//!
//! Members are sorted by their UTF-16 code units, there is no whitespace, strings use the minimal
//! JSON escapes, and numbers are written as ECMAScript writes an IEEE 754 double.

use serde_json::Value;

/// The canonical text of `value`. `None` only for a number that is not finite as a double.
pub fn canonical_json(value: &Value) -> Option<String> {
    let mut out = String::new();
    write_value(value, &mut out)?;
    Some(out)
}

fn write_value(value: &Value, out: &mut String) -> Option<()> {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(flag) => out.push_str(if *flag { "true" } else { "false" }),
        Value::Number(number) => out.push_str(&es_number(number.as_f64()?)?),
        Value::String(text) => write_string(text, out),
        Value::Array(items) => {
            out.push('[');
            for (index, item) in items.iter().enumerate() {
                if index > 0 {
                    out.push(',');
                }
                write_value(item, out)?;
            }
            out.push(']');
        }
        Value::Object(members) => {
            let mut sorted: Vec<(&String, &Value)> = members.iter().collect();
            sorted.sort_by(|(a, _), (b, _)| a.encode_utf16().cmp(b.encode_utf16()));
            out.push('{');
            for (index, (key, item)) in sorted.into_iter().enumerate() {
                if index > 0 {
                    out.push(',');
                }
                write_string(key, out);
                out.push(':');
                write_value(item, out)?;
            }
            out.push('}');
        }
    }
    Some(())
}

fn write_string(text: &str, out: &mut String) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{8}' => out.push_str("\\b"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\u{c}' => out.push_str("\\f"),
            '\r' => out.push_str("\\r"),
            c if u32::from(c) < 0x20 => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// ECMAScript `Number::toString` for a finite double (shortest round-trip digits).
fn es_number(x: f64) -> Option<String> {
    if !x.is_finite() {
        return None;
    }
    if x == 0.0 {
        return Some("0".into());
    }
    let sign = if x < 0.0 { "-" } else { "" };
    // `{:e}` gives the shortest round-trip digits as `d.ddde±x`.
    let scientific = format!("{:e}", x.abs());
    let (mantissa, exponent) = scientific.split_once('e')?;
    let exponent: i32 = exponent.parse().ok()?;
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let k = i32::try_from(digits.len()).ok()?;
    let n = exponent + 1;
    let body = if k <= n && n <= 21 {
        format!("{digits}{}", "0".repeat(usize::try_from(n - k).ok()?))
    } else if 0 < n && n <= 21 {
        let (int, frac) = digits.split_at(usize::try_from(n).ok()?);
        format!("{int}.{frac}")
    } else if -6 < n && n <= 0 {
        format!("0.{}{digits}", "0".repeat(usize::try_from(-n).ok()?))
    } else {
        let exp_sign = if n - 1 < 0 { '-' } else { '+' };
        let (first, rest) = digits.split_at(1);
        let dot = if rest.is_empty() { "" } else { "." };
        format!("{first}{dot}{rest}e{exp_sign}{}", (n - 1).abs())
    };
    Some(format!("{sign}{body}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn sorts_members_and_strips_whitespace() {
        let value = json!({"b": [1, true, null], "a": {"z": "x", "é": 1, "A": 2}});
        assert_eq!(
            canonical_json(&value).unwrap(),
            r#"{"a":{"A":2,"z":"x","é":1},"b":[1,true,null]}"#
        );
    }

    #[test]
    fn utf16_ordering() {
        // U+1F600 (surrogates D83D DE00) sorts before U+FB33 in UTF-16 order.
        let value = json!({"\u{fb33}": 1, "\u{1f600}": 2});
        assert_eq!(
            canonical_json(&value).unwrap(),
            "{\"\u{1f600}\":2,\"\u{fb33}\":1}"
        );
    }

    #[test]
    fn strings_use_minimal_escapes() {
        let value = json!("a\"b\\c\n\u{1}\u{2028}/é");
        assert_eq!(
            canonical_json(&value).unwrap(),
            "\"a\\\"b\\\\c\\n\\u0001\u{2028}/é\""
        );
    }

    #[test]
    fn numbers_follow_ecmascript() {
        let cases = [
            (0.0, "0"),
            (-0.0, "0"),
            (1.0, "1"),
            (12.5, "12.5"),
            (-3.25, "-3.25"),
            (1e21, "1e+21"),
            (1e20, "100000000000000000000"),
            (1e-7, "1e-7"),
            (0.000001, "0.000001"),
            (123456789.0, "123456789"),
            (4.5e-10, "4.5e-10"),
            (1.0 / 3.0, "0.3333333333333333"),
        ];
        for (input, expected) in cases {
            assert_eq!(es_number(input).unwrap(), expected, "{input}");
        }
        let exact = serde_json::from_str::<Value>("12.50").unwrap();
        assert_eq!(canonical_json(&exact).unwrap(), "12.5");
    }
}
