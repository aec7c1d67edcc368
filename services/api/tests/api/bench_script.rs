//! `make bench` (scripts/bench.sh, docs/performance.md) against the code it drives: the Makefile
//! target exists and runs the script, the script's helpers exist, every `afiliados-api`
//! subcommand it runs parses, every binary it starts is a workspace binary, every api route it
//! calls is a route of the api (the OpenAPI document, or the internal route table), and the
//! sandbox route it uses for bulk orders is registered. A renamed route or subcommand fails here,
//! not in the middle of a half-hour benchmark.

use std::collections::BTreeSet;

use serde_json::Value;

fn repo_file(path: &str) -> String {
    let full = format!("{}/../../{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&full).unwrap_or_else(|error| panic!("{full}: {error}"))
}

fn script() -> String {
    repo_file("scripts/bench.sh")
}

/// Routes the script may call that another branch is still adding: it prints "not available" on
/// their 404 instead of failing (`GET /dashboard/influencer`, issue 10's dashboards).
const NOT_YET_MERGED: [&str; 1] = ["/dashboard/influencer"];

#[test]
fn the_makefile_target_runs_the_script() {
    let makefile = repo_file("Makefile");
    let recipe: Vec<&str> = makefile
        .lines()
        .skip_while(|line| !line.starts_with("bench:"))
        .skip(1)
        .take_while(|line| line.starts_with('\t'))
        .collect();
    assert_eq!(recipe, ["\tscripts/bench.sh"], "Makefile target `bench`");
    assert!(
        makefile.lines().any(
            |line| line.starts_with(".PHONY:") && line.split_whitespace().any(|t| t == "bench")
        )
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let path = format!("{}/../../scripts/bench.sh", env!("CARGO_MANIFEST_DIR"));
        let mode = std::fs::metadata(path).unwrap().permissions().mode();
        assert!(mode & 0o111 != 0, "scripts/bench.sh is executable");
    }
    for helper in [
        "scripts/bench/hooks.py",
        "scripts/bench/hooks.lua",
        "scripts/bench/get.lua",
    ] {
        assert!(script().contains(helper), "the script uses {helper}");
        assert!(!repo_file(helper).is_empty());
    }
    assert!(
        repo_file("docs/performance.md").contains("make bench"),
        "docs/performance.md says how to reproduce the figures"
    );
}

/// The arguments of every `"$BIN/afiliados-api" …` invocation, shell words up to a redirection
/// or pipe; a variable stands for a number (`--orders "$ORDERS_SMALL"`).
fn api_invocations(script: &str) -> Vec<Vec<String>> {
    let joined = script.replace("\\\n", " ");
    joined
        .split("\"$BIN/afiliados-api\"")
        .skip(1)
        .map(|rest| {
            rest.split_whitespace()
                .take_while(|word| !word.starts_with(['>', '|', '&', ')']) && *word != "2>&1")
                .map(|word| {
                    if word.contains('$') {
                        "1000".to_owned()
                    } else {
                        word.trim_matches('"').to_owned()
                    }
                })
                .collect()
        })
        .collect()
}

#[test]
fn every_api_subcommand_the_script_runs_parses() {
    let invocations = api_invocations(&script());
    let seen: BTreeSet<String> = invocations
        .iter()
        .map(|args| args.first().cloned().unwrap_or_default())
        .collect();
    for expected in ["migrate", "seed", "serve", "bench-dataset"] {
        assert!(
            seen.contains(expected),
            "the script runs `{expected}`: {seen:?}"
        );
    }
    for args in &invocations {
        assert!(
            afiliados_api::cli::parse(args).is_ok(),
            "`afiliados-api {}` does not parse",
            args.join(" ")
        );
    }
}

#[test]
fn every_binary_the_script_starts_is_built_by_the_workspace() {
    let script = script();
    let started: BTreeSet<&str> = script
        .split("$BIN/")
        .skip(1)
        .filter_map(|rest| rest.split(['"', ' ', '\n']).next())
        .filter(|name| name.starts_with("afiliados-"))
        .collect();
    assert!(started.contains("afiliados-worker") && started.contains("afiliados-vtex-sandbox"));
    for name in started {
        let manifests = [
            "services/api/Cargo.toml",
            "services/worker/Cargo.toml",
            "crates/afiliados-vtex-sandbox/Cargo.toml",
        ];
        assert!(
            manifests
                .iter()
                .any(|m| repo_file(m).contains(&format!("name = \"{name}\""))),
            "{name} is not a binary of the workspace"
        );
    }
}

/// Paths after `$API` (the `/api/v1` base) or the internal base, without query strings; a
/// `$variable` segment becomes `{}`.
fn called_paths(script: &str, base: &str) -> BTreeSet<String> {
    script
        .split(base)
        .skip(1)
        .filter_map(|rest| {
            let path: String = rest
                .chars()
                .take_while(|c| !matches!(c, '"' | '?' | ' ' | '|' | '\'' | ')'))
                .collect();
            path.starts_with('/').then_some(path)
        })
        .map(|path| {
            path.split('/')
                .map(|segment| {
                    if segment.starts_with('$') {
                        "{}"
                    } else {
                        segment
                    }
                })
                .collect::<Vec<_>>()
                .join("/")
        })
        .collect()
}

fn normalized(template: &str) -> String {
    template
        .split('/')
        .map(|segment| {
            if segment.starts_with('{') {
                "{}"
            } else {
                segment
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

#[test]
fn every_api_route_the_script_calls_exists() {
    let script = script();
    let openapi: Value = serde_json::from_str(&repo_file("docs/openapi.json")).unwrap();
    let documented: BTreeSet<String> = openapi["paths"]
        .as_object()
        .unwrap()
        .keys()
        .map(|path| normalized(path.strip_prefix("/api/v1").unwrap_or(path)))
        .collect();
    // The measured reads are listed as "name|/path|token" probes that `$API$path` calls.
    let mut called = called_paths(&script, "$API");
    for probe in script.split('|').filter(|part| part.starts_with('/')) {
        called.extend(called_paths(&format!("$API{probe}\""), "$API"));
    }
    for expected in [
        "/orders",
        "/orders/{}/explain",
        "/commissions/balances/verify",
        "/auth/login",
    ] {
        assert!(
            called.contains(expected),
            "the script calls {expected}: {called:?}"
        );
    }
    for path in &called {
        assert!(
            documented.contains(path) || NOT_YET_MERGED.contains(&path.as_str()),
            "the script calls {path}, which is not an api route"
        );
    }
    assert!(documented.contains("/vtex/webhooks/orders"));
    assert!(repo_file("scripts/bench/hooks.lua").contains("\"/api/v1/vtex/webhooks/orders\""));
    let internal = called_paths(&script, "/internal/v1");
    assert!(internal.contains("/settlements/run"));
    for path in internal {
        assert!(
            afiliados_api::routes::internal::ROUTES
                .iter()
                .any(|(method, route)| *method == "post" && normalized(route) == path),
            "the script posts to /internal/v1{path}, which is not an internal route"
        );
    }
    let sandbox_admin = repo_file("crates/afiliados-vtex-sandbox/src/admin.rs");
    assert!(script.contains("/_sandbox/orders/bulk"));
    assert!(
        sandbox_admin.contains(r#".route("/orders/bulk", web::post()"#),
        "the sandbox registers POST /_sandbox/orders/bulk"
    );
    // The reconciliation section's day of orders (ADR 0071).
    assert!(script.contains("/_sandbox/orders/bulk-range"));
    assert!(
        sandbox_admin.contains("\"/orders/bulk-range\""),
        "the sandbox registers POST /_sandbox/orders/bulk-range"
    );
}
