//! `ApiError`: every failure a handler can answer with, mapped to a status and the envelope
//! `{error, message, details}`. A use case's `UseCaseError` becomes an `ApiError` here, in one
//! `From` impl. A 5xx is logged here, once, with its cause chain; its body stays generic and
//! carries the request id.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use afiliados_api_types::{ApiErrorBody, ApiErrorCode, FieldError};
use afiliados_domain::AccessDenied;
use serde_json::json;

use crate::usecases::UseCaseError;

/// The api's error type.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// 422 with one item per problem.
    #[error("validation failed")]
    Validation(Vec<FieldError>),
    /// 422 whose items may carry `params` (`{field, code, message, params}`), built with
    /// [`field_item`].
    #[error("validation failed")]
    ValidationItems(Vec<serde_json::Value>),
    /// 400 with a code (`invalid_json`, `invalid_query`, `reset_token_invalid`).
    #[error("bad request: {0}")]
    BadRequest(ApiErrorCode, String),
    /// 401 with a code and optional details.
    #[error("unauthenticated: {0}")]
    Unauthenticated(ApiErrorCode, Vec<serde_json::Value>),
    /// 403 with a code.
    #[error("forbidden: {0}")]
    Forbidden(ApiErrorCode),
    /// 403 with a code and details (`consent_required` lists the pending versions).
    #[error("forbidden: {0}")]
    ForbiddenWith(ApiErrorCode, Vec<serde_json::Value>),
    /// 404 (also for rows outside the caller's scope).
    #[error("not found")]
    NotFound,
    /// 409 with a code and details.
    #[error("conflict: {0}")]
    Conflict(ApiErrorCode, Vec<serde_json::Value>),
    /// 410.
    #[error("gone")]
    Gone,
    /// 413.
    #[error("payload too large")]
    PayloadTooLarge,
    /// 415.
    #[error("unsupported media type")]
    UnsupportedMediaType,
    /// 423 with the seconds left.
    #[error("account locked")]
    Locked {
        /// Seconds until the lock ends.
        retry_after: i64,
    },
    /// 429 with the seconds to the end of the window.
    #[error("rate limited")]
    RateLimited {
        /// Seconds to wait.
        retry_after: u64,
    },
    /// 503 `server_busy` with `Retry-After`: every password-hashing slot is taken (ADR 0026).
    #[error("server busy")]
    Busy {
        /// Seconds to wait.
        retry_after: u64,
    },
    /// 503.
    #[error("service unavailable: {0}")]
    Unavailable(String),
    /// 422 with its own code rather than `validation_failed` (`unrecognized_payload`).
    #[error("unprocessable: {0}")]
    Unprocessable(ApiErrorCode),
    /// 503 with its own code: a capability whose configuration is missing at runtime
    /// (`webhook_auth_not_configured`).
    #[error("not configured: {0}")]
    Unconfigured(ApiErrorCode),
    /// 500: a bug or an infrastructure failure.
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl ApiError {
    /// 422 for one field.
    pub fn field(field: &str, code: &str) -> ApiError {
        ApiError::Validation(vec![FieldError {
            field: field.into(),
            code: code.into(),
            message: field_message(code),
        }])
    }

    /// 401 `unauthenticated`.
    pub fn unauthenticated() -> ApiError {
        ApiError::Unauthenticated(ApiErrorCode::Unauthenticated, Vec::new())
    }

    /// 403 `forbidden`.
    pub fn forbidden() -> ApiError {
        ApiError::Forbidden(ApiErrorCode::Forbidden)
    }

    /// 409 with a code and no details.
    pub fn conflict(code: ApiErrorCode) -> ApiError {
        ApiError::Conflict(code, Vec::new())
    }

    fn code(&self) -> ApiErrorCode {
        match self {
            ApiError::Validation(_) | ApiError::ValidationItems(_) => {
                ApiErrorCode::ValidationFailed
            }
            ApiError::BadRequest(code, _)
            | ApiError::Unauthenticated(code, _)
            | ApiError::Forbidden(code)
            | ApiError::ForbiddenWith(code, _) => *code,
            ApiError::Conflict(code, _) => *code,
            ApiError::NotFound => ApiErrorCode::NotFound,
            ApiError::Gone => ApiErrorCode::Gone,
            ApiError::PayloadTooLarge => ApiErrorCode::PayloadTooLarge,
            ApiError::UnsupportedMediaType => ApiErrorCode::UnsupportedMediaType,
            ApiError::Locked { .. } => ApiErrorCode::AccountLocked,
            ApiError::RateLimited { .. } => ApiErrorCode::RateLimited,
            ApiError::Unavailable(_) => ApiErrorCode::ServiceUnavailable,
            ApiError::Unconfigured(code) => *code,
            ApiError::Unprocessable(code) => *code,
            ApiError::Busy { .. } => ApiErrorCode::ServerBusy,
            ApiError::Internal(_) => ApiErrorCode::InternalError,
        }
    }

    fn details(&self) -> Vec<serde_json::Value> {
        match self {
            ApiError::Validation(fields) => fields
                .iter()
                .filter_map(|f| serde_json::to_value(f).ok())
                .collect(),
            ApiError::ValidationItems(items) => items.clone(),
            ApiError::Unauthenticated(_, details)
            | ApiError::Conflict(_, details)
            | ApiError::ForbiddenWith(_, details) => details.clone(),
            ApiError::Locked { retry_after } => vec![json!({ "retryAfterSeconds": retry_after })],
            ApiError::Internal(_) | ApiError::Unavailable(_) => {
                vec![json!({ "requestId": current_request_id() })]
            }
            _ => Vec::new(),
        }
    }
}

fn current_request_id() -> Option<String> {
    crate::request_context::current().map(|ctx| ctx.request_id)
}

/// Spanish text for each code (the api's default locale); clients branch on the code.
pub(crate) fn message(code: ApiErrorCode) -> &'static str {
    use ApiErrorCode::*;
    match code {
        InvalidJson => "El cuerpo de la solicitud no es JSON válido.",
        InvalidQuery => "Los parámetros de la consulta no son válidos.",
        ResetTokenInvalid => "El enlace no es válido o ya expiró.",
        Unauthenticated => "Se requiere iniciar sesión.",
        InvalidCredentials => "Correo o contraseña incorrectos.",
        TwoFactorRequired => "Se requiere el código de verificación en dos pasos.",
        InvalidTwoFactorCode => "El código de verificación no es válido.",
        TwoFactorChallengeInvalid => "La verificación expiró; inicie sesión de nuevo.",
        RefreshTokenInvalid => "La sesión no es válida o expiró.",
        RefreshTokenReused => "La sesión fue revocada por seguridad.",
        MetricsKeyInvalid => "Clave de métricas inválida.",
        Forbidden => "No tiene permiso para esta acción.",
        AccountSuspended => "La cuenta está suspendida.",
        TwoFactorRequiredForRole => "La verificación en dos pasos es obligatoria para su rol.",
        NotFound => "No encontrado.",
        InvalidTransition => "La transición de estado no está permitida.",
        EmailAlreadyRegistered => "El correo ya está registrado.",
        EmailAlreadyDelivered => "El correo ya fue entregado.",
        TwoFactorAlreadyEnabled => "La verificación en dos pasos ya está activa.",
        TwoFactorNotEnabled => "La verificación en dos pasos no está activa.",
        EnrollmentNotStarted => "Primero inicie la activación de la verificación en dos pasos.",
        LastAdmin => "No se puede quitar el último administrador activo.",
        UserNotSuspended => "El usuario no está suspendido.",
        UserNotInvited => "El usuario no está en estado invitado.",
        VersionNotGreater => "La versión debe ser mayor que la versión vigente.",
        PolicyVersionExists => "Esa versión de la política ya existe.",
        ConsentRequired => "Debe aceptar las políticas vigentes para continuar.",
        CrossBrandInfluencer => "El influenciador participa en campañas de otras marcas.",
        DocumentAlreadyRegistered => "El documento ya está registrado.",
        SlugTaken => "El identificador ya está en uso.",
        CouponPrefixTaken => "El prefijo de cupón ya está en uso.",
        VtexBrandIdTaken => "La marca de VTEX ya está asociada a otra marca.",
        PrefixInUse => "El prefijo ya se usa en códigos y no puede cambiar.",
        CodeTaken => "El código ya existe.",
        CodePrefixReserved => "El código empieza con el prefijo de otra marca.",
        CodeExistsForPair => "El influenciador ya tiene un código activo en esta campaña.",
        CodeGenerationExhausted => "No fue posible generar un código único; intente de nuevo.",
        TierInUse => "El nivel tiene asignaciones vigentes.",
        CampaignNotDeletable => "Solo se eliminan campañas en borrador sin uso.",
        BrandInactive => "La marca está inactiva.",
        SecondApproverRequired => "El cambio debe confirmarlo otro usuario con un rol autorizado.",
        ArcoRequestOpen => "Ya existe una solicitud abierta de ese tipo.",
        ArcoNotOpen => "La solicitud ya fue resuelta.",
        CommissionNotHoldable => "Solo se retiene una comisión estimada que no esté retenida.",
        CommissionNotOnHold => "La comisión no está retenida.",
        CommissionAlreadyReverted => "La comisión ya fue revertida.",
        InfluencerNotApproved => "El influenciador no está aprobado.",
        WithdrawalExceedsAvailable => "El monto solicitado supera el saldo disponible de la marca.",
        WithdrawalAlreadyDecided => "La solicitud de retiro ya fue decidida.",
        WithdrawalInBatch => "El retiro está en un lote exportado; cancele el lote primero.",
        BalanceNegative => "El saldo de la marca es negativo.",
        SegregationOfDuties => "Quien solicitó el retiro no puede aprobarlo.",
        IdempotencyKeyReused => "La clave de idempotencia ya se usó con otra solicitud.",
        AdjustmentAlreadyResolved => "El ajuste ya fue resuelto.",
        AdjustmentNotCovered => {
            "El saldo disponible de la marca es negativo: no se puede compensar el ajuste."
        }
        WithdrawalNotApproved => "El retiro aún no está aprobado.",
        WithdrawalOnHold => "El retiro aún no se puede pagar (periodo de retención).",
        DualControlRequired => "Este pago debe hacerlo una persona distinta de quien lo aprobó.",
        BatchEmpty => "No hay retiros aprobados y pagables para el lote.",
        BatchConflict => "Algunos retiros del lote no se pueden pagar; no se pagó ninguno.",
        BatchNotOpen => "El lote ya fue pagado o cancelado.",
        Gone => "El recurso ya no está disponible.",
        PayloadTooLarge => "El cuerpo de la solicitud es demasiado grande.",
        UnsupportedMediaType => "Tipo de contenido no soportado.",
        ValidationFailed => "Hay campos con errores.",
        AccountLocked => "La cuenta está bloqueada temporalmente.",
        RateLimited => "Demasiadas solicitudes; intente más tarde.",
        ServiceUnavailable => "Servicio no disponible temporalmente.",
        ServerBusy => "El servidor está ocupado; intente de nuevo en unos segundos.",
        InternalError => "Error interno.",
        WebhookSignatureInvalid => "La firma o la cabecera del webhook no es válida.",
        UnrecognizedPayload => "El cuerpo no es una notificación de VTEX reconocida.",
        ExportTooLarge => "La exportación supera el máximo de filas; acote los filtros.",
        DeliveryNotReprocessable => "La entrega no se puede reprocesar.",
        WebhookAuthNotConfigured => "La autenticación del webhook no está configurada.",
        PayerNotConfigured => {
            "El agente retenedor no está configurado (PAYER_LEGAL_NAME y PAYER_NIT); \
             no se pueden emitir certificados de retención."
        }
        _ => "Error.",
    }
}

/// One 422 item `{field, code, message[, params]}`.
pub fn field_item(field: &str, code: &str, params: Option<serde_json::Value>) -> serde_json::Value {
    let mut item = json!({ "field": field, "code": code, "message": field_message(code) });
    if let Some(params) = params {
        item["params"] = params;
    }
    item
}

/// Spanish text for a field code.
pub fn field_message(code: &str) -> String {
    match code {
        "required" => "Campo obligatorio.",
        "invalid_format" => "Formato inválido.",
        "invalid_enum" => "Valor no permitido.",
        "too_short" => "Demasiado corto.",
        "too_long" => "Demasiado largo.",
        "out_of_range" => "Fuera de rango.",
        "missing_digit" => "Debe contener al menos un dígito.",
        "missing_uppercase" => "Debe contener al menos una mayúscula.",
        "missing_lowercase" => "Debe contener al menos una minúscula.",
        "missing_special" => "Debe contener al menos un símbolo.",
        "same_as_email" => "No puede ser igual al correo.",
        "same_as_current" => "Debe ser distinta de la actual.",
        "not_unique_in_list" => "Valores repetidos.",
        "unknown_reference" => "Referencia desconocida.",
        "invalid_type" => "Tipo de dato inválido.",
        "checksum_mismatch" => "La suma de verificación no coincide con el texto.",
        "in_future" => "La fecha no puede estar en el futuro.",
        "invalid_check_digit" => "El dígito de verificación no corresponde.",
        "consent_missing" => "Debe aceptar la versión vigente de cada política.",
        "policy_version_not_active" => "La versión de la política no está vigente.",
        "exceeds_campaign_max" => "Supera el descuento máximo de la campaña.",
        "date_order" => "La fecha final debe ser posterior a la inicial.",
        "invalid_amount" => "Monto inválido.",
        "below_minimum" => "Por debajo del mínimo.",
        "payment_amount_mismatch" => "El monto no coincide con el monto aprobado.",
        "file_type_not_allowed" => "Tipo de archivo no permitido (PDF, JPEG o PNG).",
        "file_too_large" => "El archivo es demasiado grande.",
        "not_allowed" => "Campo no permitido aquí.",
        "not_with_email_change" => {
            "La cuenta bancaria y el correo no se cambian en la misma solicitud."
        }
        _ => "Valor inválido.",
    }
    .to_owned()
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            ApiError::Validation(_) | ApiError::ValidationItems(_) | ApiError::Unprocessable(_) => {
                StatusCode::UNPROCESSABLE_ENTITY
            }
            ApiError::BadRequest(..) => StatusCode::BAD_REQUEST,
            ApiError::Unauthenticated(..) => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden(_) | ApiError::ForbiddenWith(..) => StatusCode::FORBIDDEN,
            ApiError::NotFound => StatusCode::NOT_FOUND,
            ApiError::Conflict(..) => StatusCode::CONFLICT,
            ApiError::Gone => StatusCode::GONE,
            ApiError::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::Locked { .. } => StatusCode::LOCKED,
            ApiError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            ApiError::Unavailable(_) | ApiError::Unconfigured(_) | ApiError::Busy { .. } => {
                StatusCode::SERVICE_UNAVAILABLE
            }
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        if let ApiError::Internal(error) = self {
            tracing::error!(error.cause_chain = ?error, "request failed: {error:#}");
        } else if let ApiError::Unavailable(reason) = self {
            tracing::warn!(reason = %reason, "service unavailable");
        }
        let code = self.code();
        let body = ApiErrorBody {
            error: code,
            message: message(code).to_owned(),
            details: self.details(),
        };
        let mut response = HttpResponse::build(self.status_code());
        match self {
            ApiError::Unauthenticated(..) => {
                response.insert_header(("WWW-Authenticate", "Bearer"));
            }
            ApiError::Locked { retry_after } => {
                response.insert_header(("Retry-After", retry_after.max(&1).to_string()));
            }
            ApiError::RateLimited { retry_after } | ApiError::Busy { retry_after } => {
                response.insert_header(("Retry-After", retry_after.to_string()));
            }
            _ => {}
        }
        response.json(body)
    }
}

impl From<UseCaseError> for ApiError {
    /// The one mapping from a use case's refusal to a status, a code and details.
    fn from(error: UseCaseError) -> ApiError {
        match error {
            UseCaseError::Invalid(problems) => ApiError::ValidationItems(
                problems
                    .items()
                    .iter()
                    .map(|p| field_item(&p.field, p.code.as_str(), p.params.clone()))
                    .collect(),
            ),
            UseCaseError::NotFound => ApiError::NotFound,
            UseCaseError::Forbidden { code, details } if details.is_empty() => {
                ApiError::Forbidden(code)
            }
            UseCaseError::Forbidden { code, details } => ApiError::ForbiddenWith(code, details),
            UseCaseError::Conflict { code, details } => ApiError::Conflict(code, details),
            UseCaseError::Gone => ApiError::Gone,
            UseCaseError::Unprocessable(code) => ApiError::Unprocessable(code),
            UseCaseError::Unauthenticated { code, details } => {
                ApiError::Unauthenticated(code, details)
            }
            UseCaseError::InvalidToken(code) => ApiError::BadRequest(code, "invalid token".into()),
            UseCaseError::Locked { retry_after } => ApiError::Locked { retry_after },
            UseCaseError::Busy { retry_after } => ApiError::Busy { retry_after },
            UseCaseError::RefusedCharacter(message) => {
                ApiError::BadRequest(ApiErrorCode::InvalidJson, message)
            }
            UseCaseError::Database(error) => ApiError::Internal(error.into()),
            UseCaseError::Internal(error) => ApiError::Internal(error),
        }
    }
}

impl From<diesel::result::Error> for ApiError {
    /// Through [`UseCaseError`], where database errors are mapped once.
    fn from(error: diesel::result::Error) -> ApiError {
        UseCaseError::from(error).into()
    }
}

impl From<AccessDenied> for ApiError {
    fn from(_: AccessDenied) -> ApiError {
        ApiError::forbidden()
    }
}

impl From<diesel_async::pooled_connection::deadpool::PoolError> for ApiError {
    fn from(error: diesel_async::pooled_connection::deadpool::PoolError) -> ApiError {
        ApiError::Unavailable(format!("database pool: {error}"))
    }
}

/// `Result` with [`ApiError`].
pub type ApiResult<T> = Result<T, ApiError>;
