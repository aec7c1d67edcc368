//! Key rotation (issue 13 item 2, ADR 0063): the registry of every value sealed with the data key
//! ring, and `afiliados-api keys data add|status|rotate|retire`; the JWT ring's
//! `afiliados-api keys jwt add|status|retire` (ADR 0065).

pub mod command;
pub mod data;
pub mod jwt;
pub mod jwt_command;
pub mod registry;
