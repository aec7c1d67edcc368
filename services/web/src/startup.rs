//! [`Application`]: binds the listener (port 0 in tests), builds the actix app with its
//! middleware stack and runs it until stopped.

use std::net::TcpListener;

use actix_session::SessionMiddleware;
use actix_session::config::CookieContentSecurity;
use actix_session::storage::CookieSessionStore;
use actix_web::body::MessageBody;
use actix_web::cookie::{Key, SameSite};
use actix_web::dev::{Server, ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::middleware::from_fn;
use actix_web::{App, HttpServer, web};
use afiliados_api_client::{Transport, UserApi};
use afiliados_config::ExposeSecret as _;
use anyhow::Context as _;

use crate::settings::Settings;

/// Largest urlencoded form body (multipart uploads have their own limit).
const FORM_LIMIT: usize = 2 * 1024 * 1024;

/// Shared by every request.
pub(crate) struct AppState {
    pub(crate) api: UserApi,
    pub(crate) development: bool,
    /// Proxies in front of the web whose `X-Forwarded-For` is believed (`WEB_TRUSTED_PROXIES`).
    pub(crate) trusted_proxies: Vec<afiliados_telemetry::client_address::IpNet>,
}

/// The running web server.
pub struct Application {
    port: u16,
    server: Server,
}

impl Application {
    /// Binds `settings.host:settings.port` and prepares the server; nothing runs until
    /// [`Application::run_until_stopped`].
    pub async fn build(settings: Settings) -> anyhow::Result<Application> {
        let address = format!("{}:{}", settings.host, settings.port);
        let listener = TcpListener::bind(&address).with_context(|| format!("binding {address}"))?;
        let port = listener
            .local_addr()
            .context("reading the bound address")?
            .port();
        let transport = Transport::new(&settings.api_base_url, settings.api_timeout)
            .context("building the api client")?
            .with_forwarding_key(settings.forwarding_key.expose_secret());
        let state = web::Data::new(AppState {
            api: UserApi::new(transport),
            development: settings.development,
            trusted_proxies: settings.trusted_proxies.clone(),
        });
        let key = settings.cookie_key();
        tracing::info!(
            port,
            api = %settings.api_base_url,
            public_url = %settings.public_url,
            development = settings.development,
            "web listening on port {port}"
        );
        let server = HttpServer::new(move || build_app(state.clone(), key.clone()))
            .listen(listener)
            .context("starting the HTTP server")?
            .run();
        Ok(Application { port, server })
    }

    /// The bound port (useful with port 0).
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Serves until the process is told to stop.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }
}

/// Outside development the cookie is `Secure` and `__Host-` prefixed; plain-http dev cannot use
/// the prefix.
fn session_middleware(key: Key, development: bool) -> SessionMiddleware<CookieSessionStore> {
    let name = if development {
        "afiliados_session"
    } else {
        "__Host-afiliados_session"
    };
    SessionMiddleware::builder(CookieSessionStore::default(), key)
        .cookie_name(name.to_owned())
        .cookie_secure(!development)
        .cookie_http_only(true)
        .cookie_same_site(SameSite::Lax)
        .cookie_path("/".to_owned())
        .cookie_content_security(CookieContentSecurity::Private)
        .build()
}

/// The app with its middleware; the server and the tests build it the same way. The last
/// `wrap` runs first: tracing and metrics see everything, the session exists before the page
/// layer reads the language, and CSRF runs right before the handlers.
pub(crate) fn build_app(
    state: web::Data<AppState>,
    key: Key,
) -> App<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    let development = state.development;
    App::new()
        .app_data(state)
        // A policy text may have 200 000 characters; urlencoded, accented text triples in size.
        .app_data(web::FormConfig::default().limit(FORM_LIMIT))
        .app_data(web::PayloadConfig::new(FORM_LIMIT))
        .configure(crate::pages::routes)
        .wrap(from_fn(crate::csrf::csrf_guard))
        .wrap(from_fn(crate::middleware::page_layer))
        .wrap(session_middleware(key, development))
        .wrap(
            afiliados_telemetry::HttpMetrics::new(
                "marketing_afiliados_web_request_duration_seconds",
            )
            .exclude("/metrics"),
        )
        .wrap(afiliados_telemetry::tracing_logger())
}
