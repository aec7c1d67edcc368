//! A reader of the Prometheus text exposition format, just enough for step 7: samples with their
//! labels and value (comments, timestamps and help text are skipped).

/// One sample line.
#[derive(Debug, Clone, PartialEq)]
pub struct Sample {
    /// Metric name (with its `_total`, `_count`… suffix).
    pub name: String,
    /// Labels in the order written.
    pub labels: Vec<(String, String)>,
    /// The value (`NaN`/`+Inf` parse as floats).
    pub value: f64,
}

impl Sample {
    /// The value of `label`, if present.
    pub fn label(&self, label: &str) -> Option<&str> {
        self.labels
            .iter()
            .find(|(name, _)| name == label)
            .map(|(_, value)| value.as_str())
    }
}

/// Every sample of `text`; malformed lines are skipped.
pub fn parse(text: &str) -> Vec<Sample> {
    text.lines().filter_map(parse_line).collect()
}

fn parse_line(line: &str) -> Option<Sample> {
    let line = line.trim();
    if line.is_empty() || line.starts_with('#') {
        return None;
    }
    let (name, labels, rest) = match line.find('{') {
        Some(open) if line[..open].find(' ').is_none() => {
            let (labels, after) = parse_labels(&line[open + 1..])?;
            (&line[..open], labels, after)
        }
        _ => {
            let (name, rest) = line.split_once(' ')?;
            (name, Vec::new(), rest)
        }
    };
    let value = rest.split_whitespace().next()?;
    let value = match value {
        "+Inf" => f64::INFINITY,
        "-Inf" => f64::NEG_INFINITY,
        other => other.parse().ok()?,
    };
    Some(Sample {
        name: name.to_owned(),
        labels,
        value,
    })
}

/// Parses `a="x",b="y\"z"} rest` into the labels and what follows the closing brace.
fn parse_labels(text: &str) -> Option<(Vec<(String, String)>, &str)> {
    let mut labels = Vec::new();
    let mut rest = text;
    loop {
        rest = rest.trim_start_matches([',', ' ']);
        if let Some(after) = rest.strip_prefix('}') {
            return Some((labels, after));
        }
        let eq = rest.find('=')?;
        let name = rest[..eq].trim().to_owned();
        let mut chars = rest[eq + 1..].char_indices();
        if chars.next()?.1 != '"' {
            return None;
        }
        let mut value = String::new();
        let mut escaped = false;
        let mut end = None;
        for (i, c) in chars {
            match (escaped, c) {
                (true, 'n') => {
                    value.push('\n');
                    escaped = false;
                }
                (true, c) => {
                    value.push(c);
                    escaped = false;
                }
                (false, '\\') => escaped = true,
                (false, '"') => {
                    end = Some(eq + 1 + i + 1);
                    break;
                }
                (false, c) => value.push(c),
            }
        }
        rest = &rest[end?..];
        labels.push((name, value));
    }
}

/// The sum of every sample named `name` whose labels include all of `matching`; `None` when no
/// sample matches (the family is absent).
pub fn sum(samples: &[Sample], name: &str, matching: &[(&str, &str)]) -> Option<f64> {
    let mut found = None;
    for sample in samples.iter().filter(|s| s.name == name) {
        if matching
            .iter()
            .all(|(label, value)| sample.label(label) == Some(value))
        {
            *found.get_or_insert(0.0) += sample.value;
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = r#"# HELP marketing_afiliados_webhook_events_total VTEX webhook deliveries.
# TYPE marketing_afiliados_webhook_events_total counter
marketing_afiliados_webhook_events_total{event_type="invoiced",success="true"} 4
marketing_afiliados_webhook_events_total{event_type="canceled",success="false"} 2
marketing_afiliados_webhook_events_total{event_type="ping",success="false"} 1 1733500000000
marketing_afiliados_worker_backup_last_success_timestamp_seconds 1733500000.5
odd{path="a \"quoted\", value"} +Inf
broken{line 3
"#;

    #[test]
    fn reads_labels_values_and_sums() {
        let samples = parse(TEXT);
        assert_eq!(samples.len(), 5, "{samples:?}");
        let name = "marketing_afiliados_webhook_events_total";
        assert_eq!(sum(&samples, name, &[("success", "false")]), Some(3.0));
        assert_eq!(sum(&samples, name, &[]), Some(7.0));
        assert_eq!(sum(&samples, "absent_total", &[]), None);
        assert_eq!(
            sum(
                &samples,
                "marketing_afiliados_worker_backup_last_success_timestamp_seconds",
                &[]
            ),
            Some(1_733_500_000.5)
        );
        assert_eq!(samples[4].label("path"), Some("a \"quoted\", value"));
        assert!(samples[4].value.is_infinite());
    }
}
