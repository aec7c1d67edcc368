//! Step 7: the `marketing-observability` alerts show no failure. With `PROMETHEUS_URL` the tool
//! reads Prometheus' alerts API and fails on any *firing* alert of this product's rules
//! (`monitoring/prometheus/rules/afiliados.yml`, every `alertname` starts with `Afiliados`);
//! pending ones are named but do not fail. Without it, the services' own metrics are checked
//! ([`super::service_metrics`]).

use reqwest::{Method, StatusCode};
use serde_json::Value;

use super::Session;
use crate::http::{StepResult, call};

/// The prefix of every alert rule of this product.
pub const RULE_PREFIX: &str = "Afiliados";

/// Runs the step.
pub async fn run(session: &mut Session<'_>) -> StepResult<String> {
    match session.config.prometheus_url.clone() {
        Some(prometheus) => {
            let url = format!(
                "{}/api/v1/alerts",
                prometheus.as_str().trim_end_matches('/')
            );
            let body = call(
                &session.clients.api,
                Method::GET,
                &url,
                None,
                None,
                StatusCode::OK,
            )
            .await?;
            judge_alerts(&body)
        }
        None => super::service_metrics::run(session).await,
    }
}

/// `alertname (severity)` of the product's alerts in `state`.
fn named(alerts: &[Value], state: &str) -> Vec<String> {
    alerts
        .iter()
        .filter(|a| a["state"] == state)
        .filter_map(|a| {
            let name = a["labels"]["alertname"].as_str()?;
            name.starts_with(RULE_PREFIX)
                .then(|| match a["labels"]["severity"].as_str() {
                    Some(severity) => format!("{name} ({severity})"),
                    None => name.to_owned(),
                })
        })
        .collect()
}

/// Fails on firing alerts of the product's rules; the answer of `GET /api/v1/alerts`.
pub fn judge_alerts(body: &Value) -> StepResult<String> {
    if body["status"] != "success" {
        return Err(format!(
            "Prometheus' alerts API answered status {}",
            body["status"]
        ));
    }
    let alerts = body["data"]["alerts"]
        .as_array()
        .ok_or("Prometheus' alerts API has no data.alerts list")?;
    let firing = named(alerts, "firing");
    let pending = named(alerts, "pending");
    if !firing.is_empty() {
        return Err(format!("firing alerts: {}", firing.join(", ")));
    }
    if pending.is_empty() {
        Ok("Prometheus: no Afiliados alert firing or pending".into())
    } else {
        Ok(format!(
            "Prometheus: none firing; pending: {}",
            pending.join(", ")
        ))
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::judge_alerts;

    fn alert(name: &str, state: &str) -> serde_json::Value {
        json!({"labels": {"alertname": name, "severity": "critical"}, "state": state})
    }

    #[test]
    fn only_firing_alerts_of_the_product_fail() {
        let quiet = json!({"status": "success", "data": {"alerts": [
            alert("Watchdog", "firing"),
            alert("AfiliadosBackupStale", "pending"),
        ]}});
        let detail = judge_alerts(&quiet).unwrap();
        assert!(
            detail.contains("pending: AfiliadosBackupStale (critical)"),
            "{detail}"
        );
        let loud = json!({"status": "success", "data": {"alerts": [
            alert("AfiliadosWebhookFailures", "firing"),
        ]}});
        assert_eq!(
            judge_alerts(&loud).unwrap_err(),
            "firing alerts: AfiliadosWebhookFailures (critical)"
        );
        assert!(judge_alerts(&json!({"status": "error"})).is_err());
    }
}
