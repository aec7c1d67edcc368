//! Every page of the onboarding areas renders for its roles, in Spanish and in English
//! (`?lang=en`), without asking the catalogue for a key it lacks, and offers only the area links
//! the role may use.

use actix_web::http::StatusCode;

use super::browser::open;
use super::stub::{self, fixtures as f};
use crate::i18n::take_missing;

fn pages_of(role: &str) -> Vec<String> {
    let influencer = f::INFLUENCER_ID;
    let brand = f::BRAND_ID;
    let campaign = f::CAMPAIGN_ID;
    let code = f::CODE_ID;
    let list: Vec<String> = match role {
        "" => vec![
            "/".into(),
            "/registro".into(),
            "/politicas/terms/1.0".into(),
            "/login".into(),
            "/reset-password?token=abc".into(),
            "/restablecer-clave?token=abc".into(),
        ],
        "influencer" => vec![
            "/influencer".into(),
            "/influencer/perfil".into(),
            "/influencer/codigos".into(),
            "/influencer/documentos".into(),
            "/influencer/consentimientos".into(),
            "/influencer/arco".into(),
            "/notificaciones".into(),
        ],
        "pending" => vec!["/influencer/aceptar-politicas".into()],
        "gestor_afiliados" => vec![
            "/gestor".into(),
            "/gestor/influencers".into(),
            format!("/gestor/influencers/{influencer}"),
            "/gestor/marcas".into(),
            format!("/gestor/marcas/{brand}"),
            "/gestor/campanas".into(),
            "/gestor/campanas/nueva".into(),
            format!("/gestor/campanas/{campaign}"),
            format!("/gestor/campanas/{campaign}/editar"),
            "/gestor/codigos".into(),
            "/gestor/codigos/nuevo".into(),
            format!("/gestor/codigos/{code}"),
            "/admin/politicas".into(),
            "/gestor/arco".into(),
            "/gestor/arco?status=all&type=rectify&overdue=true".into(),
            format!("/gestor/arco/{}", f::ARCO_RECTIFY_ID),
            format!("/gestor/arco/{}", f::ARCO_DELETE_ID),
            format!("/gestor/arco/{}", f::ARCO_ID),
            "/admin/certificados/verificar".into(),
            format!("/gestor/campanas/{campaign}/miembros"),
            format!(
                "/gestor/influencers/{influencer}/documentos/{}/eliminar",
                f::DOCUMENT_ID
            ),
            "/notificaciones".into(),
            "/conciliaciones".into(),
            "/conciliaciones/discrepancias".into(),
            "/alertas".into(),
        ],
        "admin_marca" => vec![
            "/gestor".into(),
            format!("/gestor/influencers/{influencer}"),
            format!("/gestor/marcas/{brand}"),
            format!("/gestor/campanas/{campaign}"),
            format!("/gestor/campanas/{campaign}/miembros"),
            "/notificaciones".into(),
        ],
        "admin_dentsu" => vec![
            "/admin".into(),
            "/gestor/marcas/nueva".into(),
            format!("/gestor/marcas/{brand}"),
            "/admin/politicas".into(),
            "/admin/perfiles-tributarios".into(),
            format!("/admin/perfiles-tributarios/{}", f::TAX_PROFILE_ID),
            format!("/gestor/influencers/{influencer}"),
            "/gestor/arco".into(),
            format!("/gestor/arco/{}", f::ARCO_DELETE_ID),
            "/notificaciones".into(),
            "/admin?from=2026-11-01&to=2026-12-01".into(),
            "/estado".into(),
            "/conciliaciones".into(),
            "/conciliaciones/discrepancias".into(),
            "/alertas".into(),
        ],
        "finance" => vec![
            "/finance".into(),
            format!("/gestor/marcas/{brand}"),
            format!("/gestor/influencers/{influencer}"),
            "/admin/perfiles-tributarios".into(),
            "/notificaciones".into(),
            "/estado".into(),
            "/conciliaciones".into(),
            "/conciliaciones/discrepancias".into(),
        ],
        "auditor" => vec![
            "/admin".into(),
            "/admin/politicas".into(),
            "/gestor/arco".into(),
            format!("/gestor/arco/{}", f::ARCO_ID),
            "/admin/certificados/verificar".into(),
            "/notificaciones".into(),
            "/estado".into(),
            "/conciliaciones".into(),
            "/conciliaciones/discrepancias".into(),
        ],
        _ => Vec::new(),
    };
    list
}

#[actix_web::test]
async fn every_page_renders_in_both_languages_without_missing_keys() {
    let stub = stub::spawn();
    take_missing();
    for role in [
        "",
        "influencer",
        "pending",
        "gestor_afiliados",
        "admin_marca",
        "admin_dentsu",
        "finance",
        "auditor",
    ] {
        let mut browser = open(&stub).await;
        if !role.is_empty() {
            browser.sign_in(role).await;
        }
        for page in pages_of(role) {
            for lang in ["es", "en"] {
                let separator = if page.contains('?') { '&' } else { '?' };
                let uri = format!("{page}{separator}lang={lang}");
                let res = browser.get(&uri).await;
                assert_eq!(res.status, StatusCode::OK, "{role} {uri}: {}", res.html());
                let html = res.html();
                assert!(html.contains(&format!("<html lang=\"{lang}\">")), "{uri}");
                let missing: Vec<String> = take_missing()
                    .into_iter()
                    .filter(|key| !key.contains("no.such"))
                    .collect();
                assert!(missing.is_empty(), "{role} {uri} asked for {missing:?}");
            }
        }
    }
}

#[actix_web::test]
async fn each_role_sees_only_its_area_links() {
    let stub = stub::spawn();
    let cases: [(&str, &str, &[&str], &[&str]); 5] = [
        (
            "influencer",
            "/influencer",
            &[
                "nav-my-codes",
                "nav-consents",
                "nav-arco",
                "nav-notifications",
            ],
            &[
                "nav-approvals",
                "nav-users",
                "nav-arco-queue",
                "nav-verify-certificate",
            ],
        ),
        (
            "gestor_afiliados",
            "/gestor",
            &[
                "nav-approvals",
                "nav-campaigns",
                "nav-codes",
                "nav-policies",
                "nav-arco-queue",
                "nav-verify-certificate",
                "nav-notifications",
            ],
            &["nav-users", "nav-tax-profiles", "nav-my-codes", "nav-arco"],
        ),
        (
            "admin_marca",
            "/gestor",
            &["nav-approvals", "nav-brands", "nav-notifications"],
            &[
                "nav-policies",
                "nav-users",
                "nav-arco-queue",
                "nav-verify-certificate",
            ],
        ),
        (
            "finance",
            "/finance",
            &["nav-brands", "nav-tax-profiles", "nav-notifications"],
            &[
                "nav-approvals",
                "nav-campaigns",
                "nav-arco-queue",
                "nav-verify-certificate",
            ],
        ),
        (
            "auditor",
            "/admin",
            &[
                "nav-arco-queue",
                "nav-verify-certificate",
                "nav-audit",
                "nav-notifications",
            ],
            &["nav-approvals", "nav-users", "nav-brands"],
        ),
    ];
    for (role, home, shown, hidden) in cases {
        let mut browser = open(&stub).await;
        browser.sign_in(role).await.assert_redirect(home);
        let html = browser.get(home).await.html();
        for id in shown {
            assert!(html.contains(&format!("id=\"{id}\"")), "{role} lacks {id}");
        }
        for id in hidden {
            assert!(!html.contains(&format!("id=\"{id}\"")), "{role} shows {id}");
        }
    }
    // Another role's pages stay closed.
    let mut browser = open(&stub).await;
    browser.sign_in("influencer").await;
    assert_eq!(browser.get("/gestor").await.status, StatusCode::FORBIDDEN);
    let mut browser = open(&stub).await;
    browser.sign_in("admin_marca").await;
    assert_eq!(
        browser.get("/gestor/marcas/nueva").await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        browser.get("/admin/perfiles-tributarios").await.status,
        StatusCode::FORBIDDEN
    );
    for page in ["/gestor/arco", "/admin/certificados/verificar"] {
        assert_eq!(
            browser.get(page).await.status,
            StatusCode::FORBIDDEN,
            "{page}"
        );
    }
}

#[actix_web::test]
async fn the_public_landing_invites_to_register() {
    let stub = stub::spawn();
    let mut browser = open(&stub).await;
    let html = browser.get("/").await.html();
    assert!(html.contains("id=\"cta-register\"") && html.contains("href=\"/registro\""));
    assert!(html.contains("Regístrate"));
    let html = browser.get("/reset-password?token=tok123").await.html();
    assert!(
        html.contains("name=\"token\" value=\"tok123\""),
        "the set-password link works"
    );
}
