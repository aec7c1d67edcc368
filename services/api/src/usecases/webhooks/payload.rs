//! Delivery payloads at rest and on display. An order document (and any authenticated body of
//! no known shape, which may be one) is sealed with the data key ring, the delivery id as
//! associated data, so a ciphertext copied onto another row does not open; staff see documents
//! with the customer's personal data removed ([`redact`]).

use afiliados_crypto::KeyRing;
use serde_json::Value;
use uuid::Uuid;

use crate::usecases::UseCaseError;

/// Seals the raw body of delivery `id`.
pub fn seal(keys: &KeyRing, id: Uuid, body: &[u8]) -> Result<Vec<u8>, UseCaseError> {
    keys.encrypt(body, id.as_bytes())
        .map_err(|error| UseCaseError::internal(format!("sealing a delivery payload: {error}")))
}

/// Opens the sealed body of delivery `id` as JSON.
pub fn open(keys: &KeyRing, id: Uuid, sealed: &[u8]) -> Result<Value, UseCaseError> {
    let bytes = keys
        .decrypt(sealed, id.as_bytes())
        .map_err(|error| UseCaseError::internal(format!("opening a delivery payload: {error}")))?;
    serde_json::from_slice(&bytes)
        .map_err(|error| UseCaseError::internal(format!("a sealed payload is not JSON: {error}")))
}

/// Fields of an OMS order that describe the customer (or the people around the order) rather
/// than the sale: removed wherever they appear in the document.
const PERSONAL: [&str; 12] = [
    "clientProfileData",
    "address",
    "selectedAddresses",
    "receiverName",
    "followUpEmail",
    "callCenterOperatorData",
    "openTextField",
    "giftRegistryData",
    "clientPreferencesData",
    "invoiceAddress",
    "paymentData",
    "customData",
];

/// What replaces a removed field.
pub const REDACTED: &str = "[removed: personal data]";

/// The document with every [`PERSONAL`] field replaced by [`REDACTED`], at any depth.
pub fn redact(mut document: Value) -> Value {
    redact_in_place(&mut document);
    document
}

fn redact_in_place(value: &mut Value) {
    match value {
        Value::Object(object) => {
            for (key, inner) in object.iter_mut() {
                if PERSONAL.contains(&key.as_str()) && !inner.is_null() {
                    *inner = Value::String(REDACTED.to_owned());
                } else {
                    redact_in_place(inner);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(redact_in_place),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fixture_document_loses_its_customer() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../fixtures/vtex/oms-order-with-coupon.json"
        );
        let text = std::fs::read_to_string(path).unwrap();
        assert!(text.contains("laura.gomez@example.com"));
        let shown = redact(serde_json::from_str(&text).unwrap()).to_string();
        for personal in [
            "laura.gomez@example.com",
            "52876543",
            "+573104567890",
            "Calle 93",
        ] {
            assert!(!shown.contains(personal), "{personal} still shown");
        }
        assert!(shown.contains("1432120512345-01"), "the sale stays");
    }

    #[test]
    fn sealed_payloads_open_only_for_their_row() {
        let keys = KeyRing::parse("k1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=").unwrap();
        let id = Uuid::now_v7();
        let sealed = seal(&keys, id, br#"{"orderId":"1"}"#).unwrap();
        assert_eq!(open(&keys, id, &sealed).unwrap()["orderId"], "1");
        assert!(open(&keys, Uuid::now_v7(), &sealed).is_err());
    }
}
