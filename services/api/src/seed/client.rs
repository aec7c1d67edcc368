//! The seeds' way in: the real api started in-process on a private port, called over HTTP as a
//! signed-in admin. Seeds therefore run exactly the handlers, validation, use cases, audit and
//! outbox of production (domain.md §7), and a seed that breaks a rule fails loudly.

use afiliados_config::ExposeSecret;
use anyhow::{Context, bail};
use reqwest::{Method, StatusCode};
use serde_json::Value;

use crate::Application;
use crate::settings::Settings;

/// A running private api and an HTTP client signed in as one user.
pub(crate) struct SeedApi {
    http: reqwest::Client,
    base: String,
    token: Option<String>,
    state: actix_web::web::Data<crate::state::AppState>,
}

impl SeedApi {
    /// Starts the api on 127.0.0.1 with a free port. Rate limits are lifted for this private
    /// instance only: the seed registers a dozen people from one address in a second.
    pub(crate) async fn start(mut settings: Settings) -> anyhow::Result<SeedApi> {
        settings.host = "127.0.0.1".into();
        settings.port = 0;
        settings.rate_limits.login = 1000;
        settings.rate_limits.default = 100_000;
        settings.onboarding.registration_per_min = 1000;
        let app = Application::build(settings)
            .await
            .context("starting the api for the seed")?;
        let base = format!("http://127.0.0.1:{}/api/v1", app.port());
        let state = app.state();
        tokio::spawn(app.run_until_stopped());
        let http = reqwest::Client::builder()
            .timeout(std::time::Duration::from_secs(60))
            .user_agent("afiliados-seed")
            .build()?;
        Ok(SeedApi {
            http,
            base,
            token: None,
            state,
        })
    }

    /// Acts as `email` through a session opened directly (the seed holds the database and the
    /// key ring; staff with 2FA need no code), audited as opened by `system:seed`.
    pub(crate) async fn act_as(&mut self, email: &str) -> anyhow::Result<()> {
        let state = &self.state;
        let mut conn = state.db.get().await.context("connecting to PostgreSQL")?;
        let user = afiliados_db::users::find_by_email(&mut conn, state.tenant_id, email)
            .await?
            .with_context(|| format!("{email} is not seeded"))?;
        let roles = afiliados_db::roles::roles_of(&mut conn, user.id).await?;
        let ctx = state.use_case_context();
        let pair = crate::usecases::auth::tokens::open_session(&mut conn, &ctx, user.id, roles)
            .await
            .map_err(|error| anyhow::anyhow!("opening the seed session: {error}"))?;
        crate::audit::record(
            &conn,
            state.tenant_id,
            &crate::audit::AuditActor::System("system:seed"),
            crate::audit::AuditEvent::new("auth.login_succeeded", "user", user.id),
        )
        .await?;
        self.token = Some(pair.access_token);
        Ok(())
    }

    /// Drops the signed-in identity (public endpoints).
    pub(crate) fn anonymous(&self) -> SeedApi {
        SeedApi {
            http: self.http.clone(),
            base: self.base.clone(),
            token: None,
            state: self.state.clone(),
        }
    }

    /// Sends a request; any non-2xx answer becomes an error naming the endpoint and the api's
    /// error code and details.
    pub(crate) async fn call(
        &self,
        method: Method,
        path: &str,
        body: Option<&Value>,
    ) -> anyhow::Result<Value> {
        let (status, value) = self.try_call(method.clone(), path, body).await?;
        if !status.is_success() {
            bail!("{method} {path} answered {status}: {value}");
        }
        Ok(value)
    }

    /// Same, returning the status with the body instead of failing on 4xx.
    pub(crate) async fn try_call(
        &self,
        method: Method,
        path: &str,
        body: Option<&Value>,
    ) -> anyhow::Result<(StatusCode, Value)> {
        let mut request = self.http.request(method, format!("{}{path}", self.base));
        if let Some(token) = &self.token {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body {
            request = request.json(body);
        }
        let response = request
            .send()
            .await
            .with_context(|| format!("calling {path}"))?;
        let status = response.status();
        let text = response.text().await.unwrap_or_default();
        let value = serde_json::from_str(&text).unwrap_or(Value::Null);
        Ok((status, value))
    }

    /// Uploads one file as `multipart/form-data` (`file` and `kind` parts, `api.md` §0.7).
    pub(crate) async fn upload(
        &self,
        path: &str,
        kind: &str,
        filename: &str,
        content_type: &str,
        bytes: Vec<u8>,
    ) -> anyhow::Result<Value> {
        let file = reqwest::multipart::Part::bytes(bytes)
            .file_name(filename.to_owned())
            .mime_str(content_type)?;
        let form = reqwest::multipart::Form::new()
            .text("kind", kind.to_owned())
            .part("file", file);
        let mut request = self
            .http
            .post(format!("{}{path}", self.base))
            .multipart(form);
        if let Some(token) = &self.token {
            request = request.bearer_auth(token);
        }
        let response = request
            .send()
            .await
            .with_context(|| format!("uploading to {path}"))?;
        let status = response.status();
        let text = response.text().await.unwrap_or_default();
        let value = serde_json::from_str(&text).unwrap_or(Value::Null);
        if !status.is_success() {
            bail!("POST {path} answered {status}: {value}");
        }
        Ok(value)
    }

    /// `POST /internal/v1{path}` with the api's internal service token (what the worker sends).
    pub(crate) async fn call_internal(&self, path: &str, body: &Value) -> anyhow::Result<Value> {
        let root = self.base.trim_end_matches("/api/v1");
        let token = self.state.settings.internal_api_token.expose_secret();
        let response = self
            .http
            .post(format!("{root}/internal/v1{path}"))
            .bearer_auth(token)
            .json(body)
            .send()
            .await
            .with_context(|| format!("calling /internal/v1{path}"))?;
        let status = response.status();
        let text = response.text().await.unwrap_or_default();
        let value = serde_json::from_str(&text).unwrap_or(Value::Null);
        if !status.is_success() {
            bail!("POST /internal/v1{path} answered {status}: {value}");
        }
        Ok(value)
    }

    /// The first item of a list endpoint's page, if any.
    pub(crate) async fn first(&self, path: &str) -> anyhow::Result<Option<Value>> {
        let page = self.call(Method::GET, path, None).await?;
        Ok(page["items"]
            .as_array()
            .and_then(|items| items.first())
            .cloned())
    }
}

/// A string field of a JSON answer.
pub(crate) fn text(value: &Value, key: &str) -> anyhow::Result<String> {
    value[key]
        .as_str()
        .map(str::to_owned)
        .with_context(|| format!("the answer has no {key}: {value}"))
}
