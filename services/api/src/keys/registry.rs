//! Every value sealed with the data key ring (`DATA_ENCRYPTION_KEY`), in one list: the rotation
//! command walks it, `status` counts it, and the tests seed and check it. A BYTEA column that is
//! neither here nor in [`NOT_SEALED`] fails `key_rotation::every_bytea_column_is_registered`.
//!
//! Each entry is SQL over the row: the sealed blob (a `bytea` expression), the additional data
//! the use case bound it to (a `bytea` expression rebuilding exactly what the sealing code passed),
//! and how to write a re-sealed blob back. Objects in storage are reached through the `documents`
//! row that names them (`storage_key`, `encryption_key_id`).

/// Where a sealed value lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// In a column of the row (`blob` is the sealed bytes).
    Column,
    /// In object storage under the row's `storage_key`; the row's `encryption_key_id` names the
    /// key, and `blob` is unused.
    Object,
}

/// One kind of sealed value.
#[derive(Debug, Clone, Copy)]
pub struct Sealed {
    /// Stable name (`table.column`), printed by `status` and `rotate`.
    pub name: &'static str,
    /// The table.
    pub table: &'static str,
    /// The row's unique id column (the batches' order and cursor).
    pub id: &'static str,
    /// Column or object.
    pub place: Place,
    /// Rows that hold a sealed value.
    pub filter: &'static str,
    /// The sealed bytes (`bytea`), for [`Place::Column`].
    pub blob: &'static str,
    /// The additional authenticated data (`bytea`), as the sealing code builds it.
    pub aad: &'static str,
    /// For [`Place::Column`]: `SET …` writing `$3` (new blob, `bytea`) or `$4` (its standard
    /// base64, `text`); the update also requires the old blob (`$2`) to be unchanged, so a value
    /// rewritten meanwhile by the application is left alone (it is already under the new key).
    pub set: &'static str,
    /// Where the sealing code is (for readers of `status`).
    pub sealed_by: &'static str,
}

/// The key id stored in a blob (`0x01 | len | kid | …`, `afiliados_crypto::KeyRing`).
pub fn key_id_sql(blob: &str) -> String {
    format!("convert_from(substring({blob} from 3 for get_byte({blob}, 1)), 'UTF8')")
}

/// The registry.
pub const SEALED: &[Sealed] = &[
    Sealed {
        name: "influencers.bank_account_ciphertext",
        table: "influencers",
        id: "id",
        place: Place::Column,
        filter: "bank_account_ciphertext IS NOT NULL",
        blob: "bank_account_ciphertext",
        aad: "uuid_send(id)",
        set: "bank_account_ciphertext = $3",
        sealed_by: "usecases::influencers::bank::seal",
    },
    Sealed {
        name: "bank_account_changes.bank_account_ciphertext",
        table: "bank_account_changes",
        id: "id",
        place: Place::Column,
        filter: "bank_account_ciphertext IS NOT NULL",
        blob: "bank_account_ciphertext",
        aad: "uuid_send(influencer_id)",
        set: "bank_account_ciphertext = $3",
        sealed_by: "usecases::influencers::bank::seal (pending change)",
    },
    Sealed {
        name: "user_totp.secret_ciphertext",
        table: "user_totp",
        id: "user_id",
        place: Place::Column,
        filter: "TRUE",
        blob: "secret_ciphertext",
        aad: "uuid_send(user_id)",
        set: "secret_ciphertext = $3",
        sealed_by: "usecases::auth::two_factor",
    },
    Sealed {
        name: "webhook_delivery_log.payload_ciphertext",
        table: "webhook_delivery_log",
        id: "id",
        place: Place::Column,
        filter: "payload_ciphertext IS NOT NULL",
        blob: "payload_ciphertext",
        aad: "uuid_send(id)",
        set: "payload_ciphertext = $3",
        sealed_by: "usecases::webhooks::payload::seal",
    },
    Sealed {
        name: "email_outbox.payload",
        table: "email_outbox",
        id: "id",
        place: Place::Column,
        filter: "jsonb_typeof(payload -> 'sealed') = 'string'",
        blob: "decode(payload ->> 'sealed', 'base64')",
        aad: "convert_to('email_outbox.payload' || chr(10) || template || chr(10) || recipient, 'UTF8')",
        set: "payload = jsonb_set(payload, '{sealed}', to_jsonb($4::text))",
        sealed_by: "usecases::emails::sealed::seal (ADR 0024)",
    },
    Sealed {
        name: "documents (ARCO exports, object storage)",
        table: "documents",
        id: "id",
        place: Place::Object,
        filter: "encryption_key_id IS NOT NULL AND purged_at IS NULL AND owner_type = 'arco_request'",
        blob: "NULL::bytea",
        aad: "convert_to('documents/' || id::text, 'UTF8')",
        set: "",
        sealed_by: "usecases::arco::access::store_export",
    },
    Sealed {
        name: "documents (KYC, payment, withdrawal documents, payout CSVs; object storage)",
        table: "documents",
        id: "id",
        place: Place::Object,
        filter: "encryption_key_id IS NOT NULL AND purged_at IS NULL AND owner_type <> 'arco_request'",
        blob: "NULL::bytea",
        aad: "uuid_send(id)",
        set: "",
        sealed_by: "usecases::documents::store, usecases::batches::create::store_csv",
    },
];

/// BYTEA columns that hold no sealed value (hashes: nothing to re-encrypt).
pub const NOT_SEALED: &[(&str, &str)] = &[
    ("login_challenges", "token_hash"),
    ("password_tokens", "token_hash"),
    ("refresh_tokens", "token_hash"),
    ("user_recovery_codes", "code_hash"),
];
