//! The words statements print for entry types and references, in Spanish (default) or English.

use afiliados_domain::Locale;
use afiliados_domain::commission::LedgerEntryType;

/// An entry type in words.
pub fn entry_type(locale: Locale, entry_type: LedgerEntryType) -> &'static str {
    use LedgerEntryType as T;
    match (locale, entry_type) {
        (Locale::Es, T::CommissionEstimated) => "Comisión estimada",
        (Locale::Es, T::CommissionRecalculated) => "Comisión recalculada",
        (Locale::Es, T::CommissionConfirmed) => "Comisión confirmada",
        (Locale::Es, T::CommissionReverted) => "Comisión revertida",
        (Locale::Es, T::WithdrawalReserved) => "Retiro solicitado (reserva)",
        (Locale::Es, T::WithdrawalReleased) => "Retiro rechazado (liberación)",
        (Locale::Es, T::Payment) => "Pago del retiro",
        (Locale::Es, T::AdjustmentOpened) => "Ajuste abierto (deuda)",
        (Locale::Es, T::AdjustmentRecovered) => "Ajuste recuperado",
        (Locale::Es, T::WriteOff) => "Ajuste condonado",
        (Locale::En, T::CommissionEstimated) => "Commission estimated",
        (Locale::En, T::CommissionRecalculated) => "Commission recalculated",
        (Locale::En, T::CommissionConfirmed) => "Commission confirmed",
        (Locale::En, T::CommissionReverted) => "Commission reverted",
        (Locale::En, T::WithdrawalReserved) => "Withdrawal requested (reserved)",
        (Locale::En, T::WithdrawalReleased) => "Withdrawal rejected (released)",
        (Locale::En, T::Payment) => "Withdrawal paid",
        (Locale::En, T::AdjustmentOpened) => "Adjustment opened (debt)",
        (Locale::En, T::AdjustmentRecovered) => "Adjustment recovered",
        (Locale::En, T::WriteOff) => "Adjustment written off",
    }
}

/// The first eight characters of an id: a short label for an adjustment.
pub fn short(id: uuid::Uuid) -> String {
    id.simple().to_string().chars().take(8).collect()
}

/// "Pedido 1432120512345-01" / "Order 1432120512345-01".
pub fn order(locale: Locale, vtex_order_id: &str) -> String {
    match locale {
        Locale::Es => format!("Pedido {vtex_order_id}"),
        Locale::En => format!("Order {vtex_order_id}"),
    }
}

/// "Retiro AFI-8f12a3b4c5d6" / "Withdrawal AFI-8f12a3b4c5d6": the payout reference of the
/// withdrawal, as the bank file carries it.
pub fn withdrawal(locale: Locale, id: uuid::Uuid) -> String {
    let reference = crate::usecases::batches::payment_reference(id);
    match locale {
        Locale::Es => format!("Retiro {reference}"),
        Locale::En => format!("Withdrawal {reference}"),
    }
}

/// "Ajuste 0190abcd" / "Adjustment 0190abcd".
pub fn adjustment(locale: Locale, id: uuid::Uuid) -> String {
    match locale {
        Locale::Es => format!("Ajuste {}", short(id)),
        Locale::En => format!("Adjustment {}", short(id)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_are_short_and_localised() {
        let id: uuid::Uuid = "0190abcd-1234-7000-8000-00000000beef".parse().unwrap();
        assert_eq!(withdrawal(Locale::Es, id), "Retiro AFI-00000000beef");
        assert_eq!(adjustment(Locale::En, id), "Adjustment 0190abcd");
        assert_eq!(
            order(Locale::Es, "1432120512345-01"),
            "Pedido 1432120512345-01"
        );
        assert_eq!(
            entry_type(Locale::En, LedgerEntryType::Payment),
            "Withdrawal paid"
        );
    }
}
