//! Public self-registration.

use actix_web::{HttpResponse, post, web};
use afiliados_api_types::ApiErrorBody;
use afiliados_api_types::influencers::{RegisterInfluencerRequest, RegistrationResponse};
use diesel_async::AsyncConnection;

use crate::error::ApiResult;
use crate::state::AppState;
use crate::usecases::auth::hash_password;
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
    // argon2 runs on the bounded pool (503 when full) and outside the transaction, which it
    // would hold open.
    let password_hash = match valid.password.as_deref() {
        Some(password) => Some(hash_password(&state.passwords, password).await?),
        None => None,
    };
    let created = conn
        .transaction(async |tx| register::register(tx, &state, &valid, password_hash).await)
        .await?;
    state.wake_relay();
    Ok(HttpResponse::Created().json(created))
}
