//! The demo orders of `seed dev-orders`: thirty VTEX orders that together show every outcome of
//! domain.md §5.7–§5.12 — attributed orders of five influencers in two campaigns (with lines out
//! of brand and out of category), every non-attribution reason, a self-referral hold, a partial
//! return, a cancellation and an order still awaiting payment. Amounts are VTEX's integer cents.

/// Where an order's coupon comes from.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Coupon {
    /// No coupon (`no_coupon`).
    None,
    /// Exactly this text (a custom demo code, or one that does not exist).
    Literal(&'static str),
    /// The influencer's own code in the campaign (by e-mail and campaign slug).
    MemberCode(&'static str, &'static str),
}

/// What happens to the order after it has been ingested once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FollowUp {
    /// Nothing.
    None,
    /// One unit of line 0 comes back with a return invoice.
    ReturnOneUnit,
    /// The order is canceled.
    Cancel,
}

/// One product line.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Product {
    pub(crate) sku: &'static str,
    pub(crate) name: &'static str,
    pub(crate) brand_id: &'static str,
    pub(crate) brand_name: &'static str,
    pub(crate) categories: &'static str,
    /// Cents.
    pub(crate) price: i64,
}

/// One demo order.
#[derive(Debug, Clone)]
pub(crate) struct DemoOrder {
    pub(crate) number: u32,
    pub(crate) coupon: Coupon,
    /// Placed one day before the code was created (`code_created_after_order`).
    pub(crate) placed_before_code: bool,
    pub(crate) customer: (&'static str, &'static str),
    pub(crate) lines: Vec<(Product, i64)>,
    /// Cents.
    pub(crate) shipping: i64,
    /// The VTEX state the order reaches before the follow-up: `order-created`,
    /// `payment-approved` or `invoiced`.
    pub(crate) state: &'static str,
    pub(crate) follow_up: FollowUp,
}

impl DemoOrder {
    /// A VTEX-looking id (`<13 digits>-01`) reserved for the demo orders.
    pub(crate) fn vtex_order_id(&self) -> String {
        format!("{}-01", 9_000_000_001_000_u64 + u64::from(self.number))
    }

    /// The api's status once the state before the follow-up is ingested.
    pub(crate) fn ingested_status(&self) -> &'static str {
        match self.state {
            "order-created" => "created",
            "payment-approved" => "paid",
            _ => "invoiced",
        }
    }
}

pub(crate) const ISABELA: &str = "influencer@medipiel.co";
pub(crate) const ISABELA_CODE: &str = "CETAPHIL-ISABELA7KQ2";
/// A second code of Mateo's, disabled before its order (`code_disabled`).
pub(crate) const DISABLED_CODE: &str = "CETAPHIL-MATEO-VIP";
/// A code of Camila's that only starts in 30 days (`campaign_outside_dates`).
pub(crate) const FUTURE_CODE: &str = "LRP-CAMILA-NAVIDAD";
/// Valentina's code in the draft Avène campaign (`campaign_not_active`).
pub(crate) const DRAFT_CAMPAIGN_CODE: &str = "AVENE-VALENTINA-HID";
/// The draft campaign's slug.
pub(crate) const DRAFT_CAMPAIGN: &str = "avene-hidratacion";
/// La Roche-Posay's minimum order value (`below_min_order_value` below it).
pub(crate) const LRP_MIN_ORDER_VALUE: &str = "100000.00";

const CETAPHIL: &str = "cetaphil-lanzamiento";
const LRP: &str = "la-roche-posay-verano";

const CREAM: Product = Product {
    sku: "2001",
    name: "Cetaphil Crema Hidratante 453 g",
    brand_id: "2000050",
    brand_name: "Cetaphil",
    categories: "/3/45/",
    price: 25_000_000,
};
const CLEANSER: Product = Product {
    sku: "2002",
    name: "Cetaphil Limpiador Facial Piel Grasa 473 ml",
    brand_id: "2000050",
    brand_name: "Cetaphil",
    categories: "/3/45/",
    price: 6_990_000,
};
const LOTION: Product = Product {
    sku: "2003",
    name: "Cetaphil Loción Hidratante 591 ml",
    brand_id: "2000050",
    brand_name: "Cetaphil",
    categories: "/3/45/",
    price: 9_500_000,
};
const ANTHELIOS: Product = Product {
    sku: "3001",
    name: "La Roche-Posay Anthelios UVmune 400 50 ml",
    brand_id: "2000060",
    brand_name: "La Roche-Posay",
    categories: "/3/46/",
    price: 12_000_000,
};
const EFFACLAR: Product = Product {
    sku: "3002",
    name: "La Roche-Posay Effaclar Duo+ 40 ml",
    brand_id: "2000060",
    brand_name: "La Roche-Posay",
    categories: "/3/46/",
    price: 8_990_000,
};
const THERMAL_WATER: Product = Product {
    sku: "4001",
    name: "Avène Agua Termal 300 ml",
    brand_id: "2000070",
    brand_name: "Avène",
    categories: "/3/47/",
    price: 6_200_000,
};
/// Outside the beauty category tree (`category_not_in_scope` on a Cetaphil code).
const TOILETRY_BAG: Product = Product {
    sku: "5001",
    name: "Neceser Medipiel",
    brand_id: "2000090",
    brand_name: "Medipiel",
    categories: "/8/81/",
    price: 3_500_000,
};

#[expect(clippy::too_many_arguments, reason = "one row of demo data per call")]
fn order(
    number: u32,
    coupon: Coupon,
    customer: (&'static str, &'static str),
    lines: Vec<(Product, i64)>,
    shipping: i64,
    state: &'static str,
    follow_up: FollowUp,
    placed_before_code: bool,
) -> DemoOrder {
    DemoOrder {
        number,
        coupon,
        placed_before_code,
        customer,
        lines,
        shipping,
        state,
        follow_up,
    }
}

fn plain(
    number: u32,
    coupon: Coupon,
    customer: (&'static str, &'static str),
    lines: Vec<(Product, i64)>,
    state: &'static str,
) -> DemoOrder {
    order(
        number,
        coupon,
        customer,
        lines,
        1_200_000,
        state,
        FollowUp::None,
        false,
    )
}

/// Every demo order, in placement order.
pub(crate) fn demo_orders() -> Vec<DemoOrder> {
    use Coupon::{Literal, MemberCode};
    let isabela = Literal(ISABELA_CODE);
    let invoiced = "invoiced";
    let paid = "payment-approved";
    vec![
        // Isabela's Cetaphil code: what makes her available balance.
        plain(
            1,
            isabela,
            ("laura.gomez@example.com", "52876543"),
            vec![(CREAM, 1)],
            invoiced,
        ),
        plain(
            2,
            isabela,
            ("andrea.ruiz@example.com", "43123456"),
            vec![(CLEANSER, 2), (ANTHELIOS, 1), (TOILETRY_BAG, 1)],
            invoiced,
        ),
        plain(
            3,
            isabela,
            ("carolina.mejia@example.com", "1036654321"),
            vec![(LOTION, 1), (CLEANSER, 1)],
            invoiced,
        ),
        plain(
            4,
            isabela,
            ("paula.restrepo@example.com", "32765432"),
            vec![(CREAM, 1)],
            paid,
        ),
        order(
            5,
            isabela,
            ("juliana.arango@example.com", "1152443322"),
            vec![(LOTION, 2)],
            1_200_000,
            invoiced,
            FollowUp::ReturnOneUnit,
            false,
        ),
        order(
            6,
            isabela,
            ("diana.cardenas@example.com", "52998877"),
            vec![(CREAM, 1)],
            1_200_000,
            paid,
            FollowUp::Cancel,
            false,
        ),
        // She buys with her own code: attributed, commission on hold.
        plain(
            7,
            isabela,
            (ISABELA, "1020304050"),
            vec![(CLEANSER, 1)],
            invoiced,
        ),
        plain(
            8,
            isabela,
            ("natalia.ospina@example.com", "1017887766"),
            vec![(CREAM, 1)],
            "order-created",
        ),
        plain(
            9,
            MemberCode(ISABELA, LRP),
            ("monica.velez@example.com", "43556677"),
            vec![(ANTHELIOS, 1), (EFFACLAR, 1)],
            invoiced,
        ),
        // The other approved influencers.
        plain(
            10,
            MemberCode("valentina.rojas@example.com", CETAPHIL),
            ("sara.jimenez@example.com", "1020555666"),
            vec![(CREAM, 1)],
            invoiced,
        ),
        plain(
            11,
            MemberCode("valentina.rojas@example.com", CETAPHIL),
            ("lina.zapata@example.com", "1032999888"),
            vec![(CLEANSER, 3)],
            paid,
        ),
        plain(
            12,
            MemberCode("camila.herrera@example.com", CETAPHIL),
            ("manuela.rincon@example.com", "1140887766"),
            vec![(LOTION, 1)],
            invoiced,
        ),
        plain(
            13,
            MemberCode("camila.herrera@example.com", LRP),
            ("tatiana.pardo@example.com", "22554433"),
            vec![(ANTHELIOS, 1)],
            invoiced,
        ),
        plain(
            14,
            MemberCode("mateo.rios@example.com", CETAPHIL),
            ("alejandra.mora@example.com", "1053667788"),
            vec![(CREAM, 1), (CLEANSER, 1)],
            invoiced,
        ),
        plain(
            15,
            MemberCode("mateo.rios@example.com", CETAPHIL),
            ("veronica.salazar@example.com", "30334455"),
            vec![(LOTION, 1)],
            paid,
        ),
        plain(
            16,
            MemberCode("santiago.martinez@example.com", LRP),
            ("daniela.quintero@example.com", "1017554433"),
            vec![(EFFACLAR, 2)],
            invoiced,
        ),
        plain(
            17,
            MemberCode("santiago.martinez@example.com", LRP),
            ("catalina.botero@example.com", "43887766"),
            vec![(ANTHELIOS, 1), (EFFACLAR, 1)],
            paid,
        ),
        plain(
            18,
            MemberCode("nicolas.perez@example.com", LRP),
            ("ana.serna@example.com", "1098223344"),
            vec![(ANTHELIOS, 2)],
            invoiced,
        ),
        plain(
            19,
            isabela,
            ("mariana.acosta@example.com", "1036112233"),
            vec![(CLEANSER, 1), (LOTION, 1)],
            invoiced,
        ),
        // Not attributed, one of each reason of domain.md §5.7.
        plain(
            20,
            Coupon::None,
            ("pedro.alvarez@example.com", "80123456"),
            vec![(CREAM, 1), (ANTHELIOS, 1)],
            invoiced,
        ),
        plain(
            21,
            Coupon::None,
            ("luisa.fernandez@example.com", "1018445566"),
            vec![(THERMAL_WATER, 2)],
            invoiced,
        ),
        plain(
            22,
            Coupon::None,
            ("jorge.ramirez@example.com", "79556677"),
            vec![(CLEANSER, 1)],
            paid,
        ),
        plain(
            23,
            Literal("CETAPHIL-ISABELA7KQ3"),
            ("felipe.gaviria@example.com", "1037221100"),
            vec![(CREAM, 1)],
            invoiced,
        ),
        order(
            24,
            MemberCode("valentina.rojas@example.com", CETAPHIL),
            ("gloria.henao@example.com", "42889900"),
            vec![(LOTION, 1)],
            1_200_000,
            invoiced,
            FollowUp::None,
            true,
        ),
        plain(
            25,
            Literal(DISABLED_CODE),
            ("ricardo.lozano@example.com", "1094556677"),
            vec![(CREAM, 1)],
            invoiced,
        ),
        plain(
            26,
            MemberCode("andres.suarez@example.com", CETAPHIL),
            ("sebastian.munoz@example.com", "1001998877"),
            vec![(CLEANSER, 1)],
            invoiced,
        ),
        plain(
            27,
            MemberCode("luciana.vargas@example.com", CETAPHIL),
            ("isabel.cano@example.com", "1098334455"),
            vec![(LOTION, 1)],
            paid,
        ),
        plain(
            28,
            Literal(DRAFT_CAMPAIGN_CODE),
            ("kelly.rojas@example.com", "1030665544"),
            vec![(THERMAL_WATER, 1)],
            invoiced,
        ),
        plain(
            29,
            Literal(FUTURE_CODE),
            ("oscar.patino@example.com", "71224466"),
            vec![(ANTHELIOS, 1)],
            invoiced,
        ),
        plain(
            30,
            MemberCode("santiago.martinez@example.com", LRP),
            ("beatriz.londono@example.com", "39445566"),
            vec![(EFFACLAR, 1)],
            invoiced,
        ),
    ]
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn ids_are_unique_and_vtex_shaped() {
        let orders = demo_orders();
        let ids: HashSet<String> = orders.iter().map(DemoOrder::vtex_order_id).collect();
        assert_eq!(ids.len(), orders.len());
        assert!(ids.contains("9000000001001-01"));
        assert!(orders.iter().all(|o| !o.lines.is_empty()));
    }

    #[test]
    fn exactly_one_return_and_one_cancellation_on_isabelas_code() {
        let orders = demo_orders();
        for follow_up in [FollowUp::ReturnOneUnit, FollowUp::Cancel] {
            let with: Vec<&DemoOrder> =
                orders.iter().filter(|o| o.follow_up == follow_up).collect();
            assert_eq!(with.len(), 1, "{follow_up:?}");
            assert!(matches!(with[0].coupon, Coupon::Literal(ISABELA_CODE)));
        }
        let returned = orders
            .iter()
            .find(|o| o.follow_up == FollowUp::ReturnOneUnit)
            .map(|o| o.lines[0].1);
        assert_eq!(returned, Some(2), "one of two units comes back");
    }
}
