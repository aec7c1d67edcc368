//! `AppState`: what every handler shares.

use std::sync::Arc;

use afiliados_auth::{HashingPool, JwtKeyRing, PasswordHasher};
use afiliados_crypto::KeyRing;
use afiliados_db::DbPool;
use afiliados_domain::Clock;
use tokio::sync::Notify;
use uuid::Uuid;

use crate::rate_limit::RateLimiter;
use crate::settings::Settings;
use crate::usecases::context::{UseCaseContext, UseCaseSettings};
use crate::usecases::dashboards::admin_snapshots::AdminDashboardSnapshots;

/// Shared, cheap to clone through `web::Data`.
pub struct AppState {
    /// Configuration.
    pub settings: Settings,
    /// PostgreSQL.
    pub db: DbPool,
    /// Rate-limit windows in Redis.
    pub rate_limiter: RateLimiter,
    /// Access token keys.
    pub jwt: JwtKeyRing,
    /// Data encryption keys (TOTP secrets, later bank accounts and documents).
    pub data_keys: KeyRing,
    /// argon2id for seeds, tools and test fixtures, on the caller's thread. Requests hash on
    /// `passwords`.
    pub hasher: Arc<PasswordHasher>,
    /// The bounded argon2 pool every request hashes on (ADR 0026).
    pub passwords: HashingPool,
    /// Wakes the outbox relay right after a commit that wrote jobs.
    pub relay_wake: Arc<Notify>,
    /// The tenant of this deployment.
    pub tenant_id: Uuid,
    /// Redis for readiness checks.
    pub redis: deadpool_redis::Pool,
    /// Object storage (KYC documents, exports).
    pub storage: afiliados_storage::ObjectStore,
    /// "Now" for every rule, token and deadline: the system clock in production, a
    /// `ManualClock` in tests that pin a date.
    pub clock: Arc<dyn Clock>,
    /// The settings values use cases read, copied once from `settings`.
    pub use_case_settings: UseCaseSettings,
    /// Admin dashboards reused while the database snapshot is unchanged (ADR 0076).
    pub admin_dashboards: AdminDashboardSnapshots,
}

impl AppState {
    /// Everything but the HTTP server: the tenant row, Redis (lazy), key rings, the hasher and
    /// object storage, reading time from `clock`. Used by `Application::build`.
    pub async fn connect(
        settings: Settings,
        db: DbPool,
        clock: Arc<dyn Clock>,
    ) -> anyhow::Result<AppState> {
        use afiliados_config::ExposeSecret;
        use anyhow::Context;
        let tenant_id = {
            let mut conn = db.get().await.context("connecting to PostgreSQL")?;
            afiliados_db::tenants::ensure(&mut conn, &settings.tenant_slug, "Medipiel")
                .await?
                .id
        };
        let redis = deadpool_redis::Config::from_url(settings.redis.url.expose_secret())
            .builder()
            .map_err(|e| anyhow::anyhow!("redis pool: {e}"))?
            .max_size(16)
            .wait_timeout(Some(std::time::Duration::from_secs(1)))
            .create_timeout(Some(std::time::Duration::from_secs(1)))
            .recycle_timeout(Some(std::time::Duration::from_secs(1)))
            .runtime(deadpool_redis::Runtime::Tokio1)
            .build()
            .context("building the Redis pool")?;
        let min_jwt = if settings.app_env.is_development() {
            16
        } else {
            32
        };
        let jwt = JwtKeyRing::parse(settings.jwt_keys.expose_secret(), min_jwt)?;
        // `keys jwt retire` counts a key's tokens as possibly valid until JWT_ACCESS_TTL after the
        // last process signing with a newer key started; without this row it cannot know, so a
        // start-up that cannot write it fails (ADR 0065).
        {
            let mut conn = db.get().await.context("connecting to PostgreSQL")?;
            afiliados_db::jwt_signing_keys::record_start(&mut conn, jwt.active_kid(), clock.now())
                .await
                .context("recording the JWT signing key")?;
        }
        let data_keys = KeyRing::parse(settings.data_encryption_key.expose_secret())?;
        let hasher = Arc::new(PasswordHasher::new(settings.argon2)?);
        let passwords = HashingPool::new((*hasher).clone(), settings.password_hashing_slots)
            .context("starting the password hashing workers")?;
        let storage = afiliados_storage::ObjectStore::from_config(&settings.onboarding.storage)
            .context("configuring object storage")?;
        Ok(AppState {
            use_case_settings: UseCaseSettings::from_settings(&settings),
            admin_dashboards: AdminDashboardSnapshots::default(),
            rate_limiter: RateLimiter::new(redis.clone(), settings.queue_namespace.clone()),
            settings,
            db,
            jwt,
            data_keys,
            hasher,
            passwords,
            relay_wake: Arc::new(Notify::new()),
            tenant_id,
            redis,
            storage,
            clock,
        })
    }

    /// Checks out a database connection, mapping an exhausted pool to 503.
    pub async fn conn(&self) -> Result<afiliados_db::PooledConnection, crate::error::ApiError> {
        Ok(self.db.get().await?)
    }

    /// What use cases may use of this state (see [`UseCaseContext`]).
    pub fn use_case_context(&self) -> UseCaseContext<'_> {
        UseCaseContext {
            tenant_id: self.tenant_id,
            clock: self.clock.as_ref(),
            data_keys: &self.data_keys,
            passwords: &self.passwords,
            jwt: &self.jwt,
            storage: &self.storage,
            settings: &self.use_case_settings,
        }
    }

    /// The current instant of the injected clock.
    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.clock.now()
    }

    /// Tells the relay there is work.
    pub fn wake_relay(&self) {
        self.relay_wake.notify_one();
    }
}
