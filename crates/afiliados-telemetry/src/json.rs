//! The JSON line format: one flat object per event.
//!
//! ```json
//! {"timestamp":"2025-01-31T12:00:00.123456Z","level":"INFO","service":"marketing-afiliados-api",
//!  "target":"afiliados_api::routes","span":"HTTP request","request_id":"…","trace_id":"…",
//!  "http.route":"/api/v1/influencers/{id}","user.id":"…","message":"influencer … approved",
//!  "influencer.id":"…"}
//! ```
//!
//! Span fields are merged from the root span to the innermost one, then the event's own fields, so
//! the request's `request_id` and `trace_id` appear on every line logged while serving it.

use std::fmt;

use serde_json::{Map, Value};
use tracing::field::{Field, Visit};
use tracing::{Event, Subscriber};
use tracing_subscriber::fmt::format::{JsonFields, Writer};
use tracing_subscriber::fmt::time::{FormatTime, SystemTime};
use tracing_subscriber::fmt::{FmtContext, FormatEvent, FormattedFields};
use tracing_subscriber::registry::LookupSpan;

/// Keys that always come from the formatter, never from fields.
const RESERVED: &[&str] = &["timestamp", "level", "service", "target", "span"];

pub(crate) struct JsonFormat {
    service: String,
}

impl JsonFormat {
    pub(crate) fn new(service: &str) -> JsonFormat {
        JsonFormat {
            service: service.to_owned(),
        }
    }
}

impl<S> FormatEvent<S, JsonFields> for JsonFormat
where
    S: Subscriber + for<'a> LookupSpan<'a>,
{
    fn format_event(
        &self,
        ctx: &FmtContext<'_, S, JsonFields>,
        mut writer: Writer<'_>,
        event: &Event<'_>,
    ) -> fmt::Result {
        let meta = event.metadata();
        let mut object = Map::new();

        let mut timestamp = String::new();
        SystemTime.format_time(&mut Writer::new(&mut timestamp))?;
        object.insert("timestamp".into(), Value::String(timestamp));
        object.insert("level".into(), Value::String(meta.level().to_string()));
        object.insert("service".into(), Value::String(self.service.clone()));
        object.insert("target".into(), Value::String(meta.target().to_owned()));

        if let Some(scope) = ctx.event_scope() {
            let mut innermost = None;
            for span in scope.from_root() {
                innermost = Some(span.name());
                let extensions = span.extensions();
                let Some(fields) = extensions.get::<FormattedFields<JsonFields>>() else {
                    continue;
                };
                if let Ok(Value::Object(map)) =
                    serde_json::from_str::<Value>(fields.fields.as_str())
                {
                    merge(&mut object, map);
                }
            }
            if let Some(name) = innermost {
                object.insert("span".into(), Value::String(name.to_owned()));
            }
        }

        let mut visitor = JsonVisitor(Map::new());
        event.record(&mut visitor);
        merge(&mut object, visitor.0);

        let line = serde_json::to_string(&object).map_err(|_| fmt::Error)?;
        writeln!(writer, "{line}")
    }
}

fn merge(object: &mut Map<String, Value>, fields: Map<String, Value>) {
    for (key, value) in fields {
        if RESERVED.contains(&key.as_str()) {
            object.insert(format!("field.{key}"), value);
        } else {
            object.insert(key, value);
        }
    }
}

struct JsonVisitor(Map<String, Value>);

impl Visit for JsonVisitor {
    fn record_f64(&mut self, field: &Field, value: f64) {
        self.0.insert(
            field.name().into(),
            serde_json::Number::from_f64(value).map_or(Value::Null, Value::Number),
        );
    }

    fn record_i64(&mut self, field: &Field, value: i64) {
        self.0.insert(field.name().into(), Value::from(value));
    }

    fn record_u64(&mut self, field: &Field, value: u64) {
        self.0.insert(field.name().into(), Value::from(value));
    }

    fn record_bool(&mut self, field: &Field, value: bool) {
        self.0.insert(field.name().into(), Value::from(value));
    }

    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.insert(field.name().into(), Value::from(value));
    }

    fn record_error(&mut self, field: &Field, value: &(dyn std::error::Error + 'static)) {
        self.0
            .insert(field.name().into(), Value::String(value.to_string()));
    }

    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        self.0
            .insert(field.name().into(), Value::String(format!("{value:?}")));
    }
}

#[cfg(test)]
mod tests {
    use std::io;
    use std::sync::{Arc, Mutex};

    use tracing_subscriber::layer::SubscriberExt as _;

    use super::*;

    #[derive(Clone, Default)]
    struct Buffer(Arc<Mutex<Vec<u8>>>);

    impl io::Write for Buffer {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.0
                .lock()
                .map_err(|_| io::Error::other("poisoned"))?
                .extend_from_slice(buf);
            Ok(buf.len())
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn lines_are_flat_json_with_span_fields() -> Result<(), Box<dyn std::error::Error>> {
        let buffer = Buffer::default();
        let writer = buffer.clone();
        let subscriber = tracing_subscriber::registry().with(
            tracing_subscriber::fmt::layer()
                .fmt_fields(JsonFields::new())
                .event_format(JsonFormat::new("marketing-afiliados-test"))
                .with_writer(move || writer.clone()),
        );
        tracing::subscriber::with_default(subscriber, || {
            let root = tracing::info_span!(
                "HTTP request",
                request_id = "req-1",
                user.id = tracing::field::Empty
            );
            let _root = root.enter();
            root.record("user.id", "u-7");
            let inner = tracing::info_span!("usecase", influencer.id = 42);
            let _inner = inner.enter();
            tracing::info!(
                order.vtex_id = "v-1",
                level = "shadow",
                "order v-1 accepted"
            );
        });
        let bytes = buffer.0.lock().map_err(|_| "poisoned")?.clone();
        let text = String::from_utf8(bytes)?;
        let line: Value = serde_json::from_str(text.trim())?;
        assert_eq!(line["service"], "marketing-afiliados-test");
        assert_eq!(line["level"], "INFO");
        assert_eq!(line["request_id"], "req-1");
        assert_eq!(line["user.id"], "u-7");
        assert_eq!(line["influencer.id"], 42);
        assert_eq!(line["order.vtex_id"], "v-1");
        assert_eq!(line["message"], "order v-1 accepted");
        assert_eq!(line["span"], "usecase");
        assert_eq!(line["field.level"], "shadow");
        assert!(
            line["timestamp"].as_str().is_some_and(|t| t.ends_with('Z')),
            "{line}"
        );
        Ok(())
    }
}
