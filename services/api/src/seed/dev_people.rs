//! The demo influencers of `seed dev`: Isabela Gómez (the worked examples' influencer, code
//! `CETAPHIL-ISABELA7KQ2`) and a dozen more in every status, members of the demo campaigns.

use super::people::{SeedInfluencer, SeedMembership};

fn member(campaign: &'static str) -> SeedMembership {
    SeedMembership {
        campaign,
        custom_code: None,
    }
}

/// Cetaphil's launch campaign and La Roche-Posay's summer campaign.
pub(crate) const CETAPHIL: &str = "cetaphil-lanzamiento";
pub(crate) const LRP: &str = "la-roche-posay-verano";

#[expect(clippy::too_many_arguments, reason = "one row of demo data per call")]
fn person(
    first_name: &'static str,
    last_name: &'static str,
    document_number: &'static str,
    email: &'static str,
    phone: &'static str,
    city: &'static str,
    status: &'static str,
    memberships: Vec<SeedMembership>,
) -> SeedInfluencer {
    SeedInfluencer {
        first_name,
        last_name,
        document_type: "CC",
        document_number,
        email,
        phone,
        city,
        social: "https://www.instagram.com/medipiel",
        tax_profile: None,
        bank_account: None,
        status,
        memberships,
    }
}

/// Everyone, in registration order.
pub(crate) fn demo_influencers() -> Vec<SeedInfluencer> {
    let mut isabela = person(
        "Isabela",
        "Gómez",
        "1020304050",
        "influencer@medipiel.co",
        "3104567890",
        "Medellín",
        "approved",
        vec![
            SeedMembership {
                campaign: CETAPHIL,
                custom_code: Some("CETAPHIL-ISABELA7KQ2"),
            },
            member(LRP),
        ],
    );
    isabela.social = "https://www.instagram.com/isabela.gomez";
    isabela.tax_profile = Some("natural_no_responsable_iva");
    isabela.bank_account = Some(("Bancolombia", "ahorros", "00123456789"));
    let mut nicolas = person(
        "Nicolás",
        "Pérez",
        "",
        "nicolas.perez@example.com",
        "3001234567",
        "Bogotá",
        "approved",
        vec![member(LRP)],
    );
    nicolas.document_type = "NIT";
    nicolas.document_number = "900123456-8";
    nicolas.tax_profile = Some("persona_juridica");
    vec![
        isabela,
        person(
            "Valentina",
            "Rojas",
            "1032456789",
            "valentina.rojas@example.com",
            "3112223344",
            "Bogotá",
            "approved",
            vec![member(CETAPHIL)],
        ),
        person(
            "Santiago",
            "Martínez",
            "1017223344",
            "santiago.martinez@example.com",
            "3123334455",
            "Cali",
            "approved",
            vec![member(LRP)],
        ),
        person(
            "Camila",
            "Herrera",
            "1144556677",
            "camila.herrera@example.com",
            "3134445566",
            "Barranquilla",
            "approved",
            vec![member(CETAPHIL), member(LRP)],
        ),
        person(
            "Mateo",
            "Ríos",
            "1053778899",
            "mateo.rios@example.com",
            "3145556677",
            "Manizales",
            "approved",
            vec![member(CETAPHIL)],
        ),
        nicolas,
        person(
            "Luciana",
            "Vargas",
            "1098765432",
            "luciana.vargas@example.com",
            "3156667788",
            "Bucaramanga",
            "pending",
            vec![member(CETAPHIL)],
        ),
        person(
            "Daniel",
            "Castro",
            "1023987654",
            "daniel.castro@example.com",
            "3167778899",
            "Pereira",
            "pending",
            vec![],
        ),
        person(
            "Sofía",
            "Moreno",
            "1001234987",
            "sofia.moreno@example.com",
            "3178889900",
            "Cartagena",
            "pending",
            vec![],
        ),
        person(
            "Juan Pablo",
            "Ortiz",
            "1090111222",
            "juanpablo.ortiz@example.com",
            "3189990011",
            "Cúcuta",
            "rejected",
            vec![],
        ),
        person(
            "Mariana",
            "López",
            "1026333444",
            "mariana.lopez@example.com",
            "3190001122",
            "Ibagué",
            "rejected",
            vec![],
        ),
        person(
            "Andrés",
            "Suárez",
            "1037555666",
            "andres.suarez@example.com",
            "3201112233",
            "Santa Marta",
            "suspended",
            vec![member(CETAPHIL)],
        ),
        person(
            "Gabriela",
            "Torres",
            "1045777888",
            "gabriela.torres@example.com",
            "3212223344",
            "Villavicencio",
            "suspended",
            vec![],
        ),
    ]
}
