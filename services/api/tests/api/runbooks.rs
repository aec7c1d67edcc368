//! The support runbooks (`docs/runbooks/*.md`) name only routes this api serves and subcommands its
//! binary accepts (ADR 0066). The routes come from the api itself: the OpenAPI document generated
//! from the handlers (`docs/openapi.json` is checked to equal it in `system.rs`), the `/internal/v1`
//! table the scope registers, and the undocumented system routes.

use afiliados_testkit::runbooks::{self, Routes, Runbook};

fn api_routes() -> Routes {
    let document: serde_json::Value = serde_json::from_str(&afiliados_api::openapi::json())
        .expect("the OpenAPI document is JSON");
    let mut routes = Routes::from_openapi(&document);
    for (method, path) in afiliados_api::routes::internal::ROUTES {
        routes.add(method, &format!("/internal/v1{path}"));
    }
    for (method, path) in afiliados_api::routes::system::UNDOCUMENTED {
        routes.add(method, path);
    }
    routes
}

#[test]
fn the_runbooks_name_only_routes_the_api_serves() {
    let routes = api_routes();
    assert!(routes.len() > 150, "{}", routes.len());
    let pages = runbooks::load();
    let problems = runbooks::endpoint_problems(&pages, &routes);
    assert!(problems.is_empty(), "{problems:#?}");
    // Against the real table, a route §6 imagines and a wrong method are caught.
    let bad = [Runbook::new(
        "bad.md",
        "`POST /api/v1/vtex/webhooks/deliveries/{id}/replay`\n\
         `GET /api/v1/vtex/webhooks/deliveries/reprocess`\n\
         `GET /api/v1/notifications/emails?undelivered=true`\n\
         `GET /internal/v1/backups/oldest`",
    )];
    let problems = runbooks::endpoint_problems(&bad, &routes);
    assert_eq!(problems.len(), 4, "{problems:#?}");
}

#[test]
fn the_runbooks_call_only_real_api_subcommands() {
    let pages = runbooks::load();
    let parse = |args: &[String]| afiliados_api::cli::parse(args).map(|_| ());
    let problems = runbooks::command_problems(&pages, "afiliados-api", parse);
    assert!(problems.is_empty(), "{problems:#?}");
    assert!(runbooks::command_count(&pages, "afiliados-api") >= 5);
    let bad = [Runbook::new(
        "bad.md",
        "`afiliados-api keys data rotate --all`\n`afiliados-api keys jwt rotate-everything`",
    )];
    assert_eq!(
        runbooks::command_problems(&bad, "afiliados-api", parse).len(),
        2
    );
}
