//! `Application::build` binds the listener (port 0 in tests), wires the state, the middleware and
//! the routes, and starts the outbox relay; `run_until_stopped` serves until shutdown.

use std::net::TcpListener;
use std::sync::Arc;

use actix_web::dev::Server;
use actix_web::middleware::{DefaultHeaders, from_fn};
use actix_web::{App, HttpServer, web};
use afiliados_config::ExposeSecret;
use afiliados_domain::{Clock, SystemClock};
use anyhow::Context;
use utoipa_actix_web::AppExt;

use crate::outbox::OutboxRelay;
use crate::settings::Settings;
use crate::state::AppState;

/// A built, bound, not yet running api.
pub struct Application {
    port: u16,
    server: Server,
    state: web::Data<AppState>,
}

impl Application {
    /// Connects to PostgreSQL and Redis, checks migrations, binds and prepares the server, on
    /// the system clock.
    pub async fn build(settings: Settings) -> anyhow::Result<Application> {
        Application::build_with_clock(settings, Arc::new(SystemClock)).await
    }

    /// Like [`Application::build`], reading "now" from `clock` (tests pin a date with a
    /// `ManualClock`).
    pub async fn build_with_clock(
        settings: Settings,
        clock: Arc<dyn Clock>,
    ) -> anyhow::Result<Application> {
        let db = afiliados_db::pool::build(
            settings.database.url.expose_secret(),
            settings.database.max_connections,
            settings.database.statement_timeout_ms,
        )?;
        if settings.run_migrations_on_start
            && let Some(owner_url) = &settings.migration_database_url
        {
            afiliados_db::run_migrations(owner_url.expose_secret()).await?;
        }
        crate::db_role::check(
            settings.database.url.expose_secret(),
            settings.app_env.is_development(),
        )
        .await?;
        let pending = afiliados_db::pending_migrations(settings.database.url.expose_secret())
            .await
            .context("checking migrations")?;
        anyhow::ensure!(
            pending.is_empty(),
            "{} migrations are pending; run `afiliados-api migrate`",
            pending.len()
        );

        let listener = TcpListener::bind((settings.host.as_str(), settings.port))
            .with_context(|| format!("binding {}:{}", settings.host, settings.port))?;
        let port = listener.local_addr()?.port();

        // The recorder must exist before the families are registered at zero.
        let _ = afiliados_telemetry::prometheus_handle();
        crate::metrics::register();
        let state = web::Data::new(AppState::connect(settings, db, clock).await?);
        OutboxRelay::spawn(state.clone());
        let server = serve(listener, state.clone())?;
        Ok(Application {
            port,
            server,
            state,
        })
    }

    /// The bound port.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The shared state (tests inspect it).
    pub fn state(&self) -> web::Data<AppState> {
        self.state.clone()
    }

    /// Serves until the server is stopped.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }
}

fn serve(listener: TcpListener, state: web::Data<AppState>) -> anyhow::Result<Server> {
    let hsts = !state.settings.app_env.is_development();
    let server = HttpServer::new(move || {
        let mut headers = DefaultHeaders::new()
            .add(("X-Content-Type-Options", "nosniff"))
            .add(("Referrer-Policy", "no-referrer"))
            .add(("Cache-Control", "no-store"));
        if hsts {
            headers = headers.add((
                "Strict-Transport-Security",
                "max-age=31536000; includeSubDomains",
            ));
        }
        let (app, _) = App::new()
            .app_data(state.clone())
            .app_data(crate::extract::json_config())
            .app_data(crate::extract::query_config())
            .app_data(crate::extract::path_config())
            // Registered before the `/api/v1` scope, which would otherwise answer 404 for them.
            .configure(crate::routes::system)
            .into_utoipa_app()
            .configure(crate::routes::public)
            .split_for_parts();
        app.configure(crate::routes::internal)
            .default_service(web::to(crate::routes::not_found))
            // Runs after the rate limit: NUL characters are refused before any handler (ADR 0016).
            .wrap(from_fn(crate::nul_guard::middleware))
            .wrap(from_fn(crate::rate_limit::middleware))
            .wrap(
                afiliados_telemetry::HttpMetrics::new(
                    "marketing_afiliados_api_request_duration_seconds",
                )
                .exclude("/api/v1/metrics"),
            )
            .wrap(afiliados_telemetry::tracing_logger())
            .wrap(headers)
            .wrap(from_fn(crate::request_context::middleware))
    })
    .listen(listener)?
    .shutdown_timeout(10)
    .run();
    Ok(server)
}
