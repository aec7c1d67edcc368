//! Public self-registration.

use actix_web::{HttpResponse, post, web};
use afiliados_api_types::ApiErrorBody;
use afiliados_api_types::influencers::{RegisterInfluencerRequest, RegistrationResponse};
use diesel_async::AsyncConnection;

use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use crate::usecases::auth::blocking;
use crate::usecases::influencers::{register, registration};

/// Registers an influencer (`pending`) with its account, consents and optional bank account.
#[utoipa::path(tag = "influencers", request_body = RegisterInfluencerRequest, responses(
    (status = 201, body = RegistrationResponse), (status = 409, body = ApiErrorBody),
    (status = 422, body = ApiErrorBody), (status = 429, body = ApiErrorBody)))]
#[post("/public/influencers")]
pub(super) async fn register_influencer(
    state: web::Data<AppState>,
    body: web::Json<RegisterInfluencerRequest>,
) -> ApiResult<HttpResponse> {
    let mut conn = state.conn().await?;
    let valid = registration::validate(&mut conn, state.tenant_id, &body).await?;
    // argon2 runs off the async threads and outside the transaction, which it would hold open.
    let password_hash = match valid.password.clone() {
        Some(password) => {
            let hasher = state.hasher.clone();
            Some(
                blocking(move || hasher.hash(&password))
                    .await?
                    .map_err(|e| ApiError::Internal(e.into()))?,
            )
        }
        None => None,
    };
    let created = conn
        .transaction(async |tx| register::register(tx, &state, &valid, password_hash).await)
        .await?;
    state.wake_relay();
    Ok(HttpResponse::Created().json(created))
}
