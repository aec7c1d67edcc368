//! The pure core of marketing-afiliados: roles, account states, value objects parsed at the edge and
//! the password policy. No I/O and no framework types live here, so every rule is testable alone.
//! Reads no environment variables.

pub mod email;
pub mod locale;
pub mod password;
pub mod role;
pub mod user_status;

pub use email::Email;
pub use locale::Locale;
pub use password::{PasswordViolation, check_password};
pub use role::Role;
pub use user_status::UserStatus;
