//! The OMS document the api keeps (`vtex.md` §4.7): without the customer's profile, addresses,
//! payment data and the invoice address. The customer's e-mail and document travel only as the
//! normalised order's own fields, which the api hashes.

use serde_json::Value;

/// A copy of `document` without personal data.
pub fn without_personal_data(document: &Value) -> Value {
    let mut document = document.clone();
    if let Some(object) = document.as_object_mut() {
        object.remove("clientProfileData");
        object.remove("paymentData");
        if let Some(shipping) = object
            .get_mut("shippingData")
            .and_then(Value::as_object_mut)
        {
            shipping.remove("address");
            shipping.remove("selectedAddresses");
        }
        if let Some(invoice) = object.get_mut("invoiceData").and_then(Value::as_object_mut) {
            invoice.remove("address");
        }
    }
    document
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn personal_fields_are_removed_and_the_rest_kept() {
        let document = serde_json::json!({
            "orderId": "1-01",
            "clientProfileData": {"email": "a@example.com"},
            "paymentData": {"transactions": []},
            "shippingData": {"address": {"street": "x"}, "selectedAddresses": [], "logisticsInfo": []},
            "invoiceData": {"address": {"street": "y"}, "invoiceSubject": null},
        });
        assert_eq!(
            without_personal_data(&document),
            serde_json::json!({
                "orderId": "1-01",
                "shippingData": {"logisticsInfo": []},
                "invoiceData": {"invoiceSubject": null},
            })
        );
    }
}
