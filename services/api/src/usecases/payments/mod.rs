//! Paying approved withdrawals (`domain.md` §5.14.3, `api.md` §11): the rules a payment must
//! pass ([`rules`]), the withholding profile it uses ([`profiles`]), the writes of one payment
//! ([`record`]) shared by one pay ([`pay`]) and a batch pay (`crate::usecases::batches`), the
//! reads ([`read`]) and the attached files ([`documents`]).

pub mod documents;
pub mod method;
pub mod pay;
pub mod profiles;
pub mod read;
pub mod record;
pub mod representation;
pub mod rules;

use afiliados_domain::{Actor, Role};

/// Roles that pay, create, pay and cancel batches (`domain.md` §2.4: never GA, AM, AU, IN).
pub const PAYERS: [Role; 2] = [Role::AdminDentsu, Role::Finance];

/// How events, ledger entries and payments name the acting user.
pub fn actor_label(actor: &Actor) -> String {
    actor.user_id.to_string()
}
