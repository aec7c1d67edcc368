//! Seeding the program catalogue through the api: tax profiles, the three legal policies, brand
//! details with their withdrawal policies, and campaigns. Every step looks first and creates only
//! what is missing, so a second run changes nothing.

use reqwest::Method;
use serde_json::{Value, json};

use super::client::{SeedApi, text};

/// A tax profile of domain.md §7.
pub(crate) struct SeedTaxProfile {
    pub(crate) code: &'static str,
    pub(crate) name: &'static str,
    pub(crate) rate: &'static str,
}

/// The four tax profiles (threshold 0); `natural_no_responsable_iva` is the tenant default
/// (`DEFAULT_TAX_PROFILE_CODE`).
pub(crate) const TAX_PROFILES: [SeedTaxProfile; 4] = [
    SeedTaxProfile {
        code: "natural_no_responsable_iva",
        name: "Persona natural no responsable de IVA",
        rate: "10.00",
    },
    SeedTaxProfile {
        code: "natural_responsable_iva",
        name: "Persona natural responsable de IVA",
        rate: "11.00",
    },
    SeedTaxProfile {
        code: "persona_juridica",
        name: "Persona jurídica",
        rate: "11.00",
    },
    SeedTaxProfile {
        code: "regimen_simple",
        name: "Régimen simple de tributación",
        rate: "0.00",
    },
];

/// Creates the missing tax profiles; returns how many were created.
pub(crate) async fn ensure_tax_profiles(api: &SeedApi) -> anyhow::Result<usize> {
    let existing = api.call(Method::GET, "/tax-profiles", None).await?;
    let codes: Vec<&str> = existing["items"]
        .as_array()
        .map(|items| items.iter().filter_map(|p| p["code"].as_str()).collect())
        .unwrap_or_default();
    let mut created = 0;
    for profile in TAX_PROFILES.iter().filter(|p| !codes.contains(&p.code)) {
        let body = json!({
            "code": profile.code, "name": profile.name,
            "withholdingRate": profile.rate, "thresholdAmount": "0.00", "active": true
        });
        api.call(Method::POST, "/tax-profiles", Some(&body)).await?;
        created += 1;
    }
    Ok(created)
}

const POLICIES: [(&str, &str, &str); 3] = [
    (
        "terms",
        "Términos y condiciones del programa de afiliados",
        "Términos y condiciones del programa de afiliados Medipiel, versión 1.0.\n\nLa persona \
         afiliada comparte sus códigos de descuento personales y recibe comisiones sobre las \
         compras atribuidas según las reglas de cada campaña.\n",
    ),
    (
        "privacy",
        "Política de privacidad",
        "Política de privacidad de Medipiel, versión 1.0.\n\nTratamos sus datos personales solo \
         para administrar su participación en el programa, pagar sus comisiones y cumplir la ley.\n",
    ),
    (
        "habeas_data",
        "Autorización de tratamiento de datos (habeas data)",
        "Autorización de tratamiento de datos personales, versión 1.0 (Ley 1581 de 2012).\n\n\
         Usted puede conocer, actualizar, rectificar y suprimir sus datos y revocar esta \
         autorización en cualquier momento mediante una solicitud ARCO.\n",
    ),
];

/// Publishes version 1.0 of each policy type that has no active version; returns the active
/// version ids (what a registration accepts).
pub(crate) async fn ensure_policies(api: &SeedApi) -> anyhow::Result<Vec<String>> {
    let active = api.call(Method::GET, "/public/policies", None).await?;
    let types: Vec<&str> = active["items"]
        .as_array()
        .map(|items| {
            items
                .iter()
                .filter_map(|p| p["policyType"].as_str())
                .collect()
        })
        .unwrap_or_default();
    for (kind, title, text) in POLICIES.iter().filter(|(k, _, _)| !types.contains(k)) {
        let body = json!({ "version": "1.0", "title": title, "documentText": text });
        api.call(
            Method::POST,
            &format!("/policies/{kind}/versions"),
            Some(&body),
        )
        .await?;
    }
    let active = api.call(Method::GET, "/public/policies", None).await?;
    Ok(active["items"]
        .as_array()
        .map(|items| {
            items
                .iter()
                .filter_map(|p| p["id"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default())
}

/// Details of a seeded brand.
pub(crate) struct SeedBrand {
    pub(crate) slug: &'static str,
    pub(crate) vtex_brand_id: &'static str,
    pub(crate) description: &'static str,
    pub(crate) minimum: &'static str,
}

/// The brand's id, with its VTEX brand id, description and withdrawal policy in place.
pub(crate) async fn ensure_brand_details(
    api: &SeedApi,
    brand: &SeedBrand,
) -> anyhow::Result<String> {
    let brands = api.call(Method::GET, "/brands?pageSize=100", None).await?;
    let found = brands["items"]
        .as_array()
        .and_then(|items| items.iter().find(|b| b["slug"] == brand.slug))
        .cloned()
        .ok_or_else(|| anyhow::anyhow!("brand {} is missing", brand.slug))?;
    let id = text(&found, "id")?;
    if found["vtexBrandId"].is_null() {
        let body = json!({ "vtexBrandId": brand.vtex_brand_id, "description": brand.description });
        api.call(Method::PATCH, &format!("/brands/{id}"), Some(&body))
            .await?;
    }
    let policy = &found["withdrawalPolicy"];
    let minimum = policy["minimumAmount"].to_string();
    if minimum != brand.minimum {
        let body = json!({ "minimumAmount": brand.minimum, "currency": "COP", "holdDays": 0 });
        api.call(
            Method::PUT,
            &format!("/brands/{id}/withdrawal-policy"),
            Some(&body),
        )
        .await?;
    }
    Ok(id)
}

/// The campaign with this slug, created from `body` (which must name its `slug`) when missing;
/// returns its id and whether it was created.
pub(crate) async fn ensure_campaign(api: &SeedApi, body: &Value) -> anyhow::Result<(String, bool)> {
    let slug = text(body, "slug")?;
    let campaigns = api
        .call(Method::GET, "/campaigns?pageSize=100", None)
        .await?;
    if let Some(found) = campaigns["items"]
        .as_array()
        .and_then(|items| items.iter().find(|c| c["slug"] == slug.as_str()))
    {
        return Ok((text(found, "id")?, false));
    }
    let created = api.call(Method::POST, "/campaigns", Some(body)).await?;
    Ok((text(&created, "id")?, true))
}
