//! Public self-registration.

use actix_web::{HttpResponse, post, web};
use afiliados_api_types::ApiErrorBody;
use afiliados_api_types::influencers::{RegisterInfluencerRequest, RegistrationResponse};

use crate::error::ApiResult;
use crate::state::AppState;
use crate::transaction;
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
    let ctx = state.use_case_context();
    let valid = transaction::read(&state, async |tx| {
        registration::validate(tx, &ctx, &body).await
    })
    .await?;
    // argon2 runs on the bounded pool (503 when full) and outside the transaction, which it
    // would hold open.
    let password_hash = match valid.password.as_deref() {
        Some(password) => Some(hash_password(&state.passwords, password).await?),
        None => None,
    };
    let created = transaction::run(&state, async |tx| {
        register::register(tx, &ctx, &valid, password_hash).await
    })
    .await?;
    Ok(HttpResponse::Created().json(created))
}
