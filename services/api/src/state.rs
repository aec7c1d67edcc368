//! `AppState`: what every handler shares.

use std::sync::Arc;

use afiliados_auth::{JwtKeyRing, PasswordHasher};
use afiliados_crypto::KeyRing;
use afiliados_db::DbPool;
use tokio::sync::Notify;
use uuid::Uuid;

use crate::rate_limit::RateLimiter;
use crate::settings::Settings;

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
    /// argon2id.
    pub hasher: Arc<PasswordHasher>,
    /// Wakes the outbox relay right after a commit that wrote jobs.
    pub relay_wake: Arc<Notify>,
    /// The tenant of this deployment.
    pub tenant_id: Uuid,
    /// Redis for readiness checks.
    pub redis: deadpool_redis::Pool,
    /// Object storage (KYC documents, exports).
    pub storage: afiliados_storage::ObjectStore,
}

impl AppState {
    /// Checks out a database connection, mapping an exhausted pool to 503.
    pub async fn conn(&self) -> Result<afiliados_db::PooledConnection, crate::error::ApiError> {
        Ok(self.db.get().await?)
    }

    /// Tells the relay there is work.
    pub fn wake_relay(&self) {
        self.relay_wake.notify_one();
    }
}
