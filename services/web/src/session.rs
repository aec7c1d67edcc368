//! Typed access to the encrypted cookie session: tokens, a short user summary, the CSRF secret,
//! one flash message, the pending two-step sign-in (the api's challenge id, never the password)
//! and the recovery codes shown once.

use actix_session::Session;
use afiliados_api_types::auth::EnrollTwoFactorResponse;
use afiliados_domain::{Locale, Role};
use chrono::Utc;
use serde::{Deserialize, Serialize, de::DeserializeOwned};
use uuid::Uuid;

use crate::error::WebError;

const TOKENS: &str = "tokens";
const USER: &str = "user";
const CSRF_KEY: &str = "csrf";
const FLASH: &str = "flash";
const PENDING_LOGIN: &str = "pending_login";
const RECOVERY_CODES: &str = "recovery_codes";
const ENROLLMENT: &str = "enrollment";
const REGISTRATION: &str = "registration";

/// How long the challenge waits for the second factor here; the api enforces its own expiry too.
const PENDING_LOGIN_SECONDS: i64 = 300;

/// The api tokens of the signed-in user.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Tokens {
    pub(crate) access: String,
    pub(crate) refresh: Option<String>,
}

/// Who is signed in, enough to draw the header and pick pages without calling the api.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct SessionUser {
    pub(crate) id: Uuid,
    pub(crate) name: String,
    pub(crate) email: String,
    pub(crate) roles: Vec<Role>,
    pub(crate) locale: Locale,
    /// The token only allows enrolling in 2FA (`twoFactorEnrollmentRequired`).
    pub(crate) enroll_only: bool,
    /// The linked influencer, for the influencer's own pages.
    #[serde(default)]
    pub(crate) influencer_id: Option<Uuid>,
}

impl SessionUser {
    pub(crate) fn has_any(&self, roles: &[Role]) -> bool {
        self.roles.iter().any(|role| roles.contains(role))
    }
}

/// A message shown once on the next page.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Flash {
    /// `success` or `error`, used as a CSS class.
    pub(crate) kind: String,
    /// Already translated, in the language of the request that set it.
    pub(crate) message: String,
}

/// What the registration success page shows, kept for exactly one visit.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct RegistrationOutcome {
    /// The api's review promise, in the person's language.
    pub(crate) message: String,
    /// `active` (a password was given) or `invited` (a set-password e-mail is on its way).
    pub(crate) user_status: String,
    /// `None`: no file was chosen; `Some(true)`: stored; `Some(false)`: not stored.
    pub(crate) document: Option<bool>,
    /// Why the document was not stored, translated.
    pub(crate) document_error: Option<String>,
}

/// What is kept between the password step and the 2FA step of sign-in: only the api's
/// short-lived challenge id (ADR 0028). The password is never stored, not even in the encrypted
/// cookie: a stolen cookie or a leaked `WEB_SESSION_KEY` must not yield it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct PendingLogin {
    pub(crate) challenge_id: String,
    expires_at: i64,
}

/// The session of one browser.
#[derive(Clone)]
pub(crate) struct WebSession(pub(crate) Session);

impl WebSession {
    fn get<T: DeserializeOwned>(&self, key: &str) -> Option<T> {
        // A value that no longer decodes (an older cookie layout) counts as absent.
        self.0.get(key).ok().flatten()
    }

    fn put<T: Serialize>(&self, key: &str, value: &T) -> Result<(), WebError> {
        self.0
            .insert(key, value)
            .map_err(|error| WebError::Internal(anyhow::anyhow!("session insert: {error}")))
    }

    pub(crate) fn tokens(&self) -> Option<Tokens> {
        self.get(TOKENS)
    }

    pub(crate) fn set_tokens(&self, tokens: &Tokens) -> Result<(), WebError> {
        self.put(TOKENS, tokens)
    }

    pub(crate) fn user(&self) -> Option<SessionUser> {
        self.get(USER)
    }

    /// Stores a fresh sign-in; the cookie gets a new identity so a planted session is useless.
    pub(crate) fn sign_in(&self, tokens: &Tokens, user: &SessionUser) -> Result<(), WebError> {
        self.0.renew();
        self.0.remove(PENDING_LOGIN);
        self.put(TOKENS, tokens)?;
        self.put(USER, user)
    }

    /// Drops tokens and user but keeps the CSRF secret, so an open form still submits.
    pub(crate) fn sign_out(&self) {
        self.0.remove(TOKENS);
        self.0.remove(USER);
        self.0.remove(PENDING_LOGIN);
    }

    /// The CSRF secret, created on first use.
    pub(crate) fn csrf_secret(&self) -> Result<String, WebError> {
        if let Some(secret) = self.get::<String>(CSRF_KEY) {
            return Ok(secret);
        }
        let secret = crate::csrf::new_secret();
        self.put(CSRF_KEY, &secret)?;
        Ok(secret)
    }

    /// The CSRF secret, without creating one.
    pub(crate) fn existing_csrf_secret(&self) -> Option<String> {
        self.get(CSRF_KEY)
    }

    pub(crate) fn flash(&self, kind: &str, message: &str) -> Result<(), WebError> {
        self.put(
            FLASH,
            &Flash {
                kind: kind.to_owned(),
                message: message.to_owned(),
            },
        )
    }

    pub(crate) fn take_flash(&self) -> Option<Flash> {
        let flash = self.get(FLASH);
        self.0.remove(FLASH);
        flash
    }

    pub(crate) fn set_pending_login(&self, challenge_id: &str) -> Result<(), WebError> {
        let pending = PendingLogin {
            challenge_id: challenge_id.to_owned(),
            expires_at: Utc::now().timestamp() + PENDING_LOGIN_SECONDS,
        };
        self.put(PENDING_LOGIN, &pending)
    }

    pub(crate) fn pending_login(&self) -> Option<PendingLogin> {
        self.get::<PendingLogin>(PENDING_LOGIN)
            .filter(|pending| pending.expires_at > Utc::now().timestamp())
    }

    pub(crate) fn set_recovery_codes(&self, codes: &[String]) -> Result<(), WebError> {
        self.put(RECOVERY_CODES, &codes)
    }

    /// The codes are shown exactly once, so reading removes them.
    pub(crate) fn take_recovery_codes(&self) -> Option<Vec<String>> {
        let codes = self.get(RECOVERY_CODES);
        self.0.remove(RECOVERY_CODES);
        codes
    }

    pub(crate) fn set_registration(&self, outcome: &RegistrationOutcome) -> Result<(), WebError> {
        self.put(REGISTRATION, outcome)
    }

    /// Shown once: reading removes it.
    pub(crate) fn take_registration(&self) -> Option<RegistrationOutcome> {
        let outcome = self.get(REGISTRATION);
        self.0.remove(REGISTRATION);
        outcome
    }

    /// Keeps the influencer id learnt from the profile (sessions older than the field).
    pub(crate) fn set_user(&self, user: &SessionUser) -> Result<(), WebError> {
        self.put(USER, user)
    }

    /// The enrolment in progress, kept so a reload or a wrong code shows the same secret.
    pub(crate) fn set_enrollment(
        &self,
        enrollment: &EnrollTwoFactorResponse,
    ) -> Result<(), WebError> {
        self.put(ENROLLMENT, enrollment)
    }

    pub(crate) fn enrollment(&self) -> Option<EnrollTwoFactorResponse> {
        self.get(ENROLLMENT)
    }

    pub(crate) fn clear_enrollment(&self) {
        self.0.remove(ENROLLMENT);
    }
}
