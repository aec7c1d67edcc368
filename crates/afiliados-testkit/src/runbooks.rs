//! The support runbooks (`docs/runbooks/*.md`, `operations.md` §6) name only things that exist
//! (ADR 0066). [`extract`] reads what a page names; the checks compare it with the real thing:
//!
//! - endpoints (`POST /api/v1/…`, `/internal/v1/…`, in prose or in a `curl` line) → [`Routes`],
//!   which the api's suite builds from its generated OpenAPI document, its internal route table
//!   and its undocumented routes ([`endpoint_problems`]); query parameters must be documented;
//! - `afiliados-api …` / `afiliados-worker …` in code → the binary's own argument parser, called by
//!   a test inside that crate ([`command_problems`]);
//! - `make X VAR=…` in code → a target of the Makefile that reads `VAR`; alert names
//!   (`Afiliados…`) → `monitoring/prometheus/rules/*.yml`; `marketing_afiliados_*` metric names →
//!   the catalogue of ADR 0062, whose every name the services' scrape tests find in `/metrics`;
//!   repository paths and Markdown links (with their anchors) → existing files and headings
//!   ([`static_problems`]);
//! - every alert rule carries a `runbook_url` that resolves to a runbook heading
//!   ([`rule_problems`]).
//!
//! Things are recognised in code (inline spans and fenced blocks) where they could be ordinary
//! words (`make`, binaries), anywhere where they cannot (`/api/v1/`, `marketing_afiliados_`,
//! `Afiliados[A-Z]`).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::catalogue;

/// The two binaries whose subcommands a runbook may call.
pub const BINARIES: [&str; 2] = ["afiliados-api", "afiliados-worker"];

const HTTP_METHODS: [&str; 5] = ["GET", "POST", "PUT", "PATCH", "DELETE"];

/// The workspace root.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// One runbook page.
#[derive(Debug, Clone)]
pub struct Runbook {
    /// File name inside `docs/runbooks/`.
    pub name: String,
    /// Its Markdown.
    pub text: String,
}

impl Runbook {
    /// A page from text (the bad samples of the tests).
    pub fn new(name: &str, text: &str) -> Runbook {
        Runbook {
            name: name.to_owned(),
            text: text.to_owned(),
        }
    }
}

/// Every `docs/runbooks/*.md`, by name.
pub fn load() -> Vec<Runbook> {
    let dir = repo_root().join("docs/runbooks");
    let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let mut pages: Vec<Runbook> = entries
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|e| e == "md"))
        .map(|path| Runbook {
            name: path
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned(),
            text: std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display())),
        })
        .collect();
    pages.sort_by(|a, b| a.name.cmp(&b.name));
    pages
}

/// A thing named at `place` (`file.md:line`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct At<T> {
    /// `file.md:line`.
    pub place: String,
    /// What is named there.
    pub what: T,
}

/// An endpoint a runbook names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    /// `GET`, `POST`…; `None` when the text gives none.
    pub method: Option<String>,
    /// The path as written, without its query.
    pub path: String,
    /// The names of its query parameters.
    pub query: Vec<String>,
}

/// A `make` call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MakeCall {
    /// The targets.
    pub targets: Vec<String>,
    /// The `VAR=` names passed.
    pub variables: Vec<String>,
}

/// A call of one of [`BINARIES`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invocation {
    /// `afiliados-api` or `afiliados-worker`.
    pub binary: String,
    /// Its arguments, up to the first shell operator.
    pub args: Vec<String>,
}

/// What the runbooks name.
#[derive(Debug, Clone, Default)]
pub struct Named {
    /// Endpoints.
    pub endpoints: Vec<At<Endpoint>>,
    /// `make` calls.
    pub make: Vec<At<MakeCall>>,
    /// Binary calls.
    pub commands: Vec<At<Invocation>>,
    /// Metric names.
    pub metrics: Vec<At<String>>,
    /// Alert names.
    pub alerts: Vec<At<String>>,
    /// Markdown link targets (relative ones).
    pub links: Vec<At<String>>,
    /// Repository paths in code (`scripts/…`, `docs/…`).
    pub paths: Vec<At<String>>,
}

/// A line of code with its line number: inline spans and fenced blocks (with `\` continuations
/// joined), so a command broken over lines is read whole.
fn code_lines(text: &str) -> Vec<(usize, String)> {
    let mut code = Vec::new();
    let mut fenced = false;
    let mut pending: Option<(usize, String)> = None;
    for (index, line) in text.lines().enumerate() {
        let number = index + 1;
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
            continue;
        }
        if fenced {
            let (start, mut joined) = pending.take().unwrap_or((number, String::new()));
            let trimmed = line.trim_end();
            if let Some(head) = trimmed.strip_suffix('\\') {
                joined.push_str(head);
                joined.push(' ');
                pending = Some((start, joined));
            } else {
                joined.push_str(trimmed);
                code.push((start, joined));
            }
            continue;
        }
        let mut parts = line.split('`');
        parts.next();
        while let Some(span) = parts.next() {
            code.push((number, span.to_owned()));
            parts.next();
        }
    }
    if let Some(rest) = pending {
        code.push(rest);
    }
    code
}

/// Shell words of a code line; an operator (`|`, `&&`, `;`, `>`, `#`…) is kept as its own word.
fn words(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    for raw in line.split_whitespace() {
        let word = raw.trim_matches(|c| c == '"' || c == '\'');
        if let Some(head) = word.strip_suffix(';') {
            if !head.is_empty() {
                out.push(head.to_owned());
            }
            out.push(";".to_owned());
        } else {
            out.push(word.to_owned());
        }
    }
    out
}

fn is_operator(word: &str) -> bool {
    matches!(word, "|" | "||" | "&&" | ";" | "&" | "\\")
        || word.starts_with('>')
        || word.starts_with("2>")
        || word.starts_with('<') && !word.ends_with('>')
        || word.starts_with('#')
}

/// Whether `word` runs `binary`: the bare name or a file path to it (`/usr/local/bin/…`,
/// `$CARGO_TARGET_DIR/debug/…`, `./target/…`), never a resource name like `deployment/…`.
fn runs(word: &str, binary: &str) -> bool {
    word == binary
        || word
            .strip_suffix(binary)
            .is_some_and(|head| head.ends_with('/') && head.starts_with(['/', '$', '.', '~']))
}

fn arguments(rest: &[String]) -> Vec<String> {
    rest.iter()
        .take_while(|w| !is_operator(w))
        .cloned()
        .collect()
}

/// The end of a path or URL in text.
fn path_end(c: char) -> bool {
    c.is_whitespace() || matches!(c, '`' | ')' | ']' | '"' | '\'' | ',' | '>' | '|' | '*')
}

fn endpoints_in(line: &str, code_line: bool) -> Vec<Endpoint> {
    let mut found = Vec::new();
    let curl = code_line && words(line).iter().any(|w| w == "curl");
    let mut from = 0;
    while let Some(offset) = ["/api/v1/", "/internal/v1/"]
        .iter()
        .filter_map(|prefix| line[from..].find(prefix))
        .min()
    {
        let start = from + offset;
        let tail = &line[start..];
        let end = tail.find(path_end).unwrap_or(tail.len());
        let raw = tail[..end].trim_end_matches(['.', ',', ';', ':']);
        from = start + end.max(1);
        let (path, query) = raw.split_once('?').unwrap_or((raw, ""));
        let query = query
            .split('&')
            .filter(|pair| !pair.is_empty())
            .map(|pair| {
                pair.split_once('=')
                    .map_or(pair, |(name, _)| name)
                    .to_owned()
            })
            .collect();
        let before = line[..start].trim_end();
        let word_before = before
            .rsplit(|c: char| c.is_whitespace() || c == '`')
            .next()
            .unwrap_or_default();
        let method = if HTTP_METHODS.contains(&word_before) && line[..start].ends_with(' ') {
            Some(word_before.to_owned())
        } else if curl {
            Some(curl_method(line))
        } else {
            None
        };
        found.push(Endpoint {
            method,
            path: path.to_owned(),
            query,
        });
    }
    found
}

/// The method of a `curl` line: `-X`/`--request`, else POST with a body, else GET.
fn curl_method(line: &str) -> String {
    let words = words(line);
    for pair in words.windows(2) {
        if pair[0] == "-X" || pair[0] == "--request" {
            return pair[1].to_uppercase();
        }
    }
    let body = words
        .iter()
        .any(|w| matches!(w.as_str(), "-d" | "--data" | "--data-raw" | "--json"));
    if body { "POST" } else { "GET" }.to_owned()
}

/// Every word starting with `Afiliados` and a capital: an alert name.
fn alerts_in(line: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = line;
    while let Some(at) = rest.find("Afiliados") {
        let tail = &rest[at..];
        let end = tail
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(tail.len());
        let word_start = at == 0 || !rest[..at].ends_with(|c: char| c.is_ascii_alphanumeric());
        if word_start && tail[9..].starts_with(|c: char| c.is_ascii_uppercase()) {
            names.push(tail[..end].to_owned());
        }
        rest = &tail[end.max(1)..];
    }
    names
}

const REPO_DIRS: [&str; 6] = [
    "docs/",
    "scripts/",
    "infrastructure/",
    "monitoring/",
    "services/",
    "crates/",
];

/// What one page names.
pub fn extract(page: &Runbook) -> Named {
    let mut named = Named::default();
    let at = |line: usize| format!("{}:{line}", page.name);
    let code = code_lines(&page.text);
    let code_numbers: BTreeSet<usize> = code
        .iter()
        .filter(|(_, c)| words(c).iter().any(|w| w == "curl"))
        .map(|(n, _)| *n)
        .collect();
    // Endpoints and names: everywhere. A curl line is read as code (its method flags).
    let mut fenced = false;
    for (index, line) in page.text.lines().enumerate() {
        let number = index + 1;
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
        }
        let curl = code_numbers.contains(&number) || (fenced && line.contains("curl"));
        for endpoint in endpoints_in(line, curl) {
            named.endpoints.push(At {
                place: at(number),
                what: endpoint,
            });
        }
        for metric in catalogue::names_in(line) {
            named.metrics.push(At {
                place: at(number),
                what: metric,
            });
        }
        for alert in alerts_in(line) {
            named.alerts.push(At {
                place: at(number),
                what: alert,
            });
        }
        let mut rest = line;
        while let Some(open) = rest.find("](") {
            let tail = &rest[open + 2..];
            let Some(close) = tail.find(')') else { break };
            let target = &tail[..close];
            if !target.contains("://") && !target.starts_with("mailto:") {
                named.links.push(At {
                    place: at(number),
                    what: target.to_owned(),
                });
            }
            rest = &tail[close..];
        }
    }
    // Commands, make calls and paths: in code only.
    for (number, line) in code {
        let words = words(&line);
        for (i, word) in words.iter().enumerate() {
            if let Some(binary) = BINARIES.iter().find(|b| runs(word, b)) {
                named.commands.push(At {
                    place: at(number),
                    what: Invocation {
                        binary: (*binary).to_owned(),
                        args: arguments(&words[i + 1..]),
                    },
                });
            }
            // `make` alone is the word (prose in code: "a `make` target"), not a call.
            if word == "make" && i + 1 < words.len() {
                let args = arguments(&words[i + 1..]);
                let (variables, targets): (Vec<_>, Vec<_>) =
                    args.into_iter().partition(|a| a.contains('='));
                named.make.push(At {
                    place: at(number),
                    what: MakeCall {
                        targets: targets
                            .into_iter()
                            .filter(|t| !t.starts_with('-'))
                            .collect(),
                        variables: variables
                            .iter()
                            .map(|v| v.split('=').next().unwrap_or_default().to_owned())
                            .collect(),
                    },
                });
            }
            let path = word.split('#').next().unwrap_or_default();
            let path = path.trim_end_matches(['.', ',', ':', ';', ')']);
            let placeholder = path.contains(['<', '*', '…', '$', '{']);
            if REPO_DIRS.iter().any(|d| path.starts_with(d)) && !placeholder {
                named.paths.push(At {
                    place: at(number),
                    what: path.to_owned(),
                });
            }
        }
    }
    named
}

// ---------------------------------------------------------------------------------------------
// Endpoints

#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    Literal(String),
    Parameter,
}

/// `:id`, `{id}`, `<id>`, `$ID`, `ID` in capitals: a parameter; anything else literal.
fn segments(path: &str) -> Vec<Segment> {
    path.trim_end_matches('/')
        .split('/')
        .map(|s| {
            let parameter = s.starts_with(':')
                || (s.starts_with('{') && s.ends_with('}'))
                || (s.starts_with('<') && s.ends_with('>'))
                || s.starts_with('$');
            if parameter {
                Segment::Parameter
            } else {
                Segment::Literal(s.to_owned())
            }
        })
        .collect()
}

/// One route the api serves.
#[derive(Debug, Clone)]
struct Route {
    method: String,
    path: String,
    segments: Vec<Segment>,
    /// Documented query parameters; `None` when undocumented (internal routes).
    query: Option<BTreeSet<String>>,
}

/// The api's routes, as the api's own suite lists them.
#[derive(Debug, Clone, Default)]
pub struct Routes {
    routes: Vec<Route>,
}

impl Routes {
    /// The routes of an OpenAPI document (with their query parameters).
    pub fn from_openapi(document: &serde_json::Value) -> Routes {
        let mut routes = Routes::default();
        let paths = document["paths"].as_object().cloned().unwrap_or_default();
        for (path, operations) in paths {
            for (method, operation) in operations.as_object().cloned().unwrap_or_default() {
                let query = operation["parameters"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter(|p| p["in"] == "query")
                    .filter_map(|p| p["name"].as_str().map(str::to_owned))
                    .collect();
                routes.routes.push(Route {
                    method: method.to_uppercase(),
                    segments: segments(&path),
                    path: path.clone(),
                    query: Some(query),
                });
            }
        }
        routes
    }

    /// Adds an undocumented route (`/internal/v1` ones, `/api/v1/metrics`).
    pub fn add(&mut self, method: &str, path: &str) {
        self.routes.push(Route {
            method: method.to_uppercase(),
            path: path.to_owned(),
            segments: segments(path),
            query: None,
        });
    }

    /// How many routes are known.
    pub fn len(&self) -> usize {
        self.routes.len()
    }

    /// Whether no route is known.
    pub fn is_empty(&self) -> bool {
        self.routes.is_empty()
    }
}

/// The endpoints of `pages` that the api does not serve: unknown path, a method it does not
/// take there, or an undocumented query parameter.
pub fn endpoint_problems(pages: &[Runbook], routes: &Routes) -> Vec<String> {
    let mut problems = Vec::new();
    for page in pages {
        for At { place, what } in extract(page).endpoints {
            let wanted = segments(&what.path);
            let same_path: Vec<&Route> = routes
                .routes
                .iter()
                .filter(|r| r.segments == wanted)
                .collect();
            if same_path.is_empty() {
                problems.push(format!("{place}: no route {}", what.path));
                continue;
            }
            let matching: Vec<&Route> = match &what.method {
                Some(method) => same_path
                    .iter()
                    .copied()
                    .filter(|r| &r.method == method)
                    .collect(),
                None => same_path.clone(),
            };
            if matching.is_empty() {
                let methods: Vec<&str> = same_path.iter().map(|r| r.method.as_str()).collect();
                problems.push(format!(
                    "{place}: {} {} is not served ({} takes {methods:?})",
                    what.method.as_deref().unwrap_or_default(),
                    what.path,
                    same_path[0].path
                ));
                continue;
            }
            for name in &what.query {
                let known = matching.iter().any(|r| match &r.query {
                    Some(query) => query.contains(name),
                    None => true,
                });
                if !known {
                    problems.push(format!(
                        "{place}: {} takes no query parameter {name}",
                        what.path
                    ));
                }
            }
        }
    }
    problems
}

// ---------------------------------------------------------------------------------------------
// Commands

/// The calls of `binary` in `pages` that its argument parser refuses (`parse` is the binary's
/// own, called from a test inside its crate).
pub fn command_problems(
    pages: &[Runbook],
    binary: &str,
    parse: impl Fn(&[String]) -> Result<(), String>,
) -> Vec<String> {
    let mut problems = Vec::new();
    for page in pages {
        for At { place, what } in extract(page).commands {
            if what.binary == binary
                && let Err(error) = parse(&what.args)
            {
                problems.push(format!(
                    "{place}: `{binary} {}` is refused: {error}",
                    what.args.join(" ")
                ));
            }
        }
    }
    problems
}

/// How many calls of `binary` the pages make (a check that reads nothing proves nothing).
pub fn command_count(pages: &[Runbook], binary: &str) -> usize {
    pages
        .iter()
        .flat_map(|page| extract(page).commands)
        .filter(|c| c.what.binary == binary)
        .count()
}

// ---------------------------------------------------------------------------------------------
// Makefile, rules, metrics, files

/// The targets a Makefile defines.
pub fn make_targets(makefile: &str) -> BTreeSet<String> {
    makefile
        .lines()
        .filter(|line| !line.starts_with(['\t', ' ', '#', '.']))
        .filter_map(|line| line.split_once(':'))
        .filter(|(targets, rest)| !rest.starts_with('=') && !targets.contains('='))
        .flat_map(|(targets, _)| targets.split_whitespace().map(str::to_owned))
        .filter(|t| !t.contains(['$', '=']))
        .collect()
}

/// The alert names of rule files, each with its `runbook_url` annotation when it has one.
pub fn alert_rules(rules: &str) -> BTreeMap<String, Option<String>> {
    let mut alerts = BTreeMap::new();
    let mut current: Option<String> = None;
    for line in rules.lines().map(str::trim) {
        if let Some(name) = line.strip_prefix("- alert:") {
            let name = name.trim().to_owned();
            alerts.insert(name.clone(), None);
            current = Some(name);
        } else if let (Some(url), Some(name)) = (line.strip_prefix("runbook_url:"), &current) {
            alerts.insert(
                name.clone(),
                Some(url.trim().trim_matches('"').trim_matches('\'').to_owned()),
            );
        }
    }
    alerts
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every alert of `monitoring/prometheus/rules/*.yml`.
pub fn repository_alerts() -> BTreeMap<String, Option<String>> {
    let dir = repo_root().join("monitoring/prometheus/rules");
    let mut alerts = BTreeMap::new();
    for entry in std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .flatten()
    {
        if entry.path().extension().is_some_and(|e| e == "yml") {
            alerts.extend(alert_rules(&read(&entry.path())));
        }
    }
    alerts
}

/// GitHub's anchor of a heading: lower case, punctuation dropped, spaces as hyphens.
pub fn anchor(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_'))
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

/// The anchors of a Markdown text's headings (outside code blocks).
pub fn anchors(text: &str) -> BTreeSet<String> {
    let mut fenced = false;
    let mut found = BTreeSet::new();
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
        } else if !fenced && line.starts_with('#') {
            found.insert(anchor(line.trim_start_matches('#')));
        }
    }
    found
}

/// A metric a runbook names is one the catalogue holds (as written, or the family of a histogram's
/// `_bucket`/`_count`/`_sum`): the services' scrape tests prove every catalogue name is served.
fn metric_known(name: &str, catalogue: &BTreeSet<String>) -> bool {
    catalogue.contains(name)
        || ["_bucket", "_count", "_sum"]
            .iter()
            .any(|suffix| catalogue.contains(&format!("{name}{suffix}")))
}

/// What the static checks compare with: the Makefile, the alert rules, the metric catalogue and
/// the files of the repository (under `root`).
#[derive(Debug, Clone)]
pub struct Repository {
    /// The Makefile's text.
    pub makefile: String,
    /// The alert names.
    pub alerts: BTreeSet<String>,
    /// The metric names dashboards and rules query (served, per the scrape tests).
    pub metrics: BTreeSet<String>,
    /// The workspace root.
    pub root: PathBuf,
}

impl Repository {
    /// This repository.
    pub fn here() -> Repository {
        let root = repo_root();
        Repository {
            makefile: read(&root.join("Makefile")),
            alerts: repository_alerts().into_keys().collect(),
            metrics: catalogue::queried_metrics(),
            root,
        }
    }
}

/// The problems of `pages` that need no running service: make targets and their variables,
/// alert names, metric names, repository paths and links.
pub fn static_problems(pages: &[Runbook], repo: &Repository) -> Vec<String> {
    let targets = make_targets(&repo.makefile);
    let dir = repo.root.join("docs/runbooks");
    let page_anchors = |file: &str| -> Option<BTreeSet<String>> {
        pages
            .iter()
            .find(|p| p.name == file)
            .map(|p| anchors(&p.text))
            .or_else(|| {
                std::fs::read_to_string(dir.join(file))
                    .ok()
                    .map(|t| anchors(&t))
            })
    };
    let mut problems = Vec::new();
    for page in pages {
        let named = extract(page);
        for At { place, what } in &named.make {
            if what.targets.is_empty() {
                problems.push(format!("{place}: `make` without a target"));
            }
            for target in &what.targets {
                if !targets.contains(target) {
                    problems.push(format!("{place}: the Makefile has no target {target}"));
                }
            }
            for variable in &what.variables {
                if !repo.makefile.contains(&format!("$({variable})"))
                    && !repo.makefile.contains(&format!("{{{variable}"))
                {
                    problems.push(format!("{place}: the Makefile never reads {variable}"));
                }
            }
        }
        for At { place, what } in &named.alerts {
            if !repo.alerts.contains(what) {
                problems.push(format!("{place}: no alert rule {what}"));
            }
        }
        for At { place, what } in &named.metrics {
            if !metric_known(what, &repo.metrics) {
                problems.push(format!(
                    "{place}: metric {what} is not in the catalogue (no panel or rule queries it, \
                     so no scrape test proves it is served)"
                ));
            }
        }
        for At { place, what } in &named.paths {
            if !repo.root.join(what).exists() {
                problems.push(format!("{place}: {what} does not exist"));
            }
        }
        for At { place, what } in &named.links {
            let (file, fragment) = what.split_once('#').unwrap_or((what, ""));
            let file = if file.is_empty() { &page.name } else { file };
            if file.ends_with(".md") && !file.contains('/') {
                match page_anchors(file) {
                    None => problems.push(format!("{place}: link to missing {file}")),
                    Some(anchors) if !fragment.is_empty() && !anchors.contains(fragment) => {
                        problems.push(format!("{place}: {file} has no heading #{fragment}"))
                    }
                    Some(_) => {}
                }
            } else if !dir.join(file).exists() {
                problems.push(format!("{place}: link to missing {file}"));
            }
        }
    }
    problems
}

/// The rules whose `runbook_url` is missing or does not resolve to a runbook heading. The URL is
/// relative to the repository root: `docs/runbooks/<page>.md#<anchor>`.
pub fn rule_problems(alerts: &BTreeMap<String, Option<String>>, pages: &[Runbook]) -> Vec<String> {
    let mut problems = Vec::new();
    for (alert, url) in alerts {
        let Some(url) = url else {
            problems.push(format!("rule {alert} has no runbook_url"));
            continue;
        };
        let (file, fragment) = url.split_once('#').unwrap_or((url, ""));
        let Some(page) = file
            .strip_prefix("docs/runbooks/")
            .and_then(|name| pages.iter().find(|p| p.name == name))
        else {
            problems.push(format!("rule {alert}: runbook_url {url} names no runbook"));
            continue;
        };
        if fragment.is_empty() || !anchors(&page.text).contains(fragment) {
            problems.push(format!(
                "rule {alert}: {} has no heading #{fragment}",
                page.name
            ));
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(text: &str) -> Vec<Runbook> {
        vec![Runbook::new("sample.md", text)]
    }

    fn routes() -> Routes {
        let document = serde_json::json!({
            "paths": {
                "/api/v1/notifications/emails": {
                    "get": {"parameters": [{"name": "delivered", "in": "query"}]}
                },
                "/api/v1/vtex/codes/{id}/sync": {"post": {}},
                "/api/v1/payments/{id}": {"get": {}},
            }
        });
        let mut routes = Routes::from_openapi(&document);
        routes.add("post", "/internal/v1/alerts/evaluate");
        routes
    }

    #[test]
    fn the_runbooks_name_only_things_the_repository_has() {
        let pages = load();
        assert!(pages.len() >= 7, "one page per incident: {pages:?}");
        // The extraction reads the real pages (a check that reads nothing proves nothing).
        let named: Vec<Named> = pages.iter().map(extract).collect();
        let count = |f: fn(&Named) -> usize| named.iter().map(f).sum::<usize>();
        assert!(count(|n| n.endpoints.len()) >= 40);
        assert!(count(|n| n.make.len()) >= 5);
        assert!(count(|n| n.commands.len()) >= 10);
        assert!(count(|n| n.metrics.len()) >= 20);
        assert!(count(|n| n.alerts.len()) >= 11);
        assert!(count(|n| n.links.len()) >= 15);
        let problems = static_problems(&pages, &Repository::here());
        assert!(problems.is_empty(), "{problems:#?}");
        let alerts = repository_alerts();
        assert!(alerts.len() >= 10, "{alerts:?}");
        let problems = rule_problems(&alerts, &pages);
        assert!(problems.is_empty(), "{problems:#?}");
    }

    #[test]
    fn every_incident_of_operations_section_6_has_its_page() {
        let names: BTreeSet<String> = load().into_iter().map(|p| p.name).collect();
        for page in [
            "README.md",
            "vtex-webhook-failures.md",
            "manual-reversals.md",
            "email-outage.md",
            "worker-failure.md",
            "degraded-database-or-redis.md",
            "backup-restore.md",
            "key-rotation.md",
            "availability-and-api.md",
        ] {
            assert!(names.contains(page), "docs/runbooks/{page} is missing");
        }
    }

    #[test]
    fn extraction_reads_methods_queries_commands_make_calls_and_names() {
        let page = Runbook::new(
            "p.md",
            "1. `GET /api/v1/notifications/emails?delivered=false&page=2` lists it.\n\
             2. Then POST /api/v1/vtex/codes/:id/sync.\n\
             ```sh\n\
             curl -fsS -H 'authorization: Bearer $T' --json '{}' \"$API/api/v1/vtex/codes/$ID/sync\"\n\
             make restore SNAPSHOT=backups/x.dump.enc \\\n  TARGET_DATABASE_URL=postgres://h/db\n\
             kubectl -n afiliados exec deploy/afiliados-worker -- afiliados-worker backup list | head\n\
             ```\n\
             Watch marketing_afiliados_webhook_events_total{success=\"false\"} and \
             AfiliadosWebhookFailures; see [restore](backup-restore.md#restore).\n",
        );
        let named = extract(&page);
        let endpoints: Vec<_> = named.endpoints.iter().map(|e| e.what.clone()).collect();
        assert_eq!(
            endpoints,
            vec![
                Endpoint {
                    method: Some("GET".into()),
                    path: "/api/v1/notifications/emails".into(),
                    query: vec!["delivered".into(), "page".into()],
                },
                Endpoint {
                    method: Some("POST".into()),
                    path: "/api/v1/vtex/codes/:id/sync".into(),
                    query: vec![],
                },
                Endpoint {
                    method: Some("POST".into()),
                    path: "/api/v1/vtex/codes/$ID/sync".into(),
                    query: vec![],
                },
            ]
        );
        assert_eq!(
            named.make[0].what,
            MakeCall {
                targets: vec!["restore".into()],
                variables: vec!["SNAPSHOT".into(), "TARGET_DATABASE_URL".into()],
            }
        );
        assert_eq!(named.make[0].place, "p.md:5");
        assert_eq!(
            named.commands.iter().map(|c| &c.what).collect::<Vec<_>>(),
            vec![&Invocation {
                binary: "afiliados-worker".into(),
                args: vec!["backup".into(), "list".into()],
            }],
            "`deploy/afiliados-worker` is a resource, not the binary"
        );
        assert_eq!(
            named.metrics[0].what,
            "marketing_afiliados_webhook_events_total"
        );
        assert_eq!(named.alerts[0].what, "AfiliadosWebhookFailures");
        assert_eq!(named.links[0].what, "backup-restore.md#restore");
    }

    #[test]
    fn a_page_naming_a_missing_endpoint_method_or_query_fails() {
        let routes = routes();
        let good = sample(
            "`GET /api/v1/notifications/emails?delivered=false`, `POST /api/v1/vtex/codes/:id/sync`, \
             `POST /internal/v1/alerts/evaluate`, `/api/v1/payments/{id}`",
        );
        assert_eq!(endpoint_problems(&good, &routes), Vec::<String>::new());
        for (text, expected) in [
            ("`POST /api/v1/vtex/deliveries/:id/replay`", "no route"),
            ("`GET /api/v1/vtex/codes/:id/sync`", "is not served"),
            (
                "`GET /api/v1/notifications/emails?undelivered=true`",
                "no query parameter undelivered",
            ),
            // A literal segment never matches a parameter: a typo is not an id.
            ("`GET /api/v1/payments/adjustmens`", "no route"),
            ("`POST /internal/v1/alerts/evaluat`", "no route"),
        ] {
            let problems = endpoint_problems(&sample(text), &routes);
            assert!(
                problems.iter().any(|p| p.contains(expected)),
                "{text}: {problems:?}"
            );
            assert!(problems[0].starts_with("sample.md:1:"), "{problems:?}");
        }
    }

    #[test]
    fn a_page_naming_a_missing_target_variable_alert_metric_path_or_anchor_fails() {
        let repo = Repository::here();
        for (text, expected) in [
            ("`make restore-everything`", "no target restore-everything"),
            ("`make restore SNAPSHOTS=x`", "never reads SNAPSHOTS"),
            (
                "AfiliadosEverythingOnFire",
                "no alert rule AfiliadosEverythingOnFire",
            ),
            (
                "`marketing_afiliados_worker_backup_runz_total`",
                "marketing_afiliados_worker_backup_runz_total is not in the catalogue",
            ),
            (
                "`scripts/restore-all.sh`",
                "scripts/restore-all.sh does not exist",
            ),
            ("[x](no-such-page.md)", "link to missing no-such-page.md"),
            (
                "[x](backup-restore.md#no-such-heading)",
                "no heading #no-such-heading",
            ),
            ("# Top\n[x](#bottom)", "sample.md has no heading #bottom"),
        ] {
            let problems = static_problems(&sample(text), &repo);
            assert!(
                problems.iter().any(|p| p.contains(expected)),
                "{text}: {problems:?}"
            );
        }
        let fine = sample(
            "# Top\n`make restore SNAPSHOT=x` then AfiliadosBackupFailed, \
             `marketing_afiliados_worker_backup_duration_seconds`, `scripts/check_deploy.py`, \
             [top](#top).",
        );
        assert_eq!(static_problems(&fine, &repo), Vec::<String>::new());
    }

    #[test]
    fn a_page_calling_a_subcommand_the_binary_refuses_fails() {
        let pages = sample(
            "```sh\nafiliados-worker backup list\n$CARGO_TARGET_DIR/debug/afiliados-worker backup erase\n```",
        );
        let parse = |args: &[String]| match args {
            [a, b] if a == "backup" && b == "list" => Ok(()),
            other => Err(format!("unknown command {other:?}")),
        };
        let problems = command_problems(&pages, "afiliados-worker", parse);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].starts_with("sample.md:3:"), "{problems:?}");
        assert!(problems[0].contains("backup erase"), "{problems:?}");
        assert_eq!(command_count(&pages, "afiliados-worker"), 2);
        assert_eq!(command_count(&pages, "afiliados-api"), 0);
    }

    #[test]
    fn a_rule_without_a_resolving_runbook_url_fails() {
        let pages = vec![Runbook::new(
            "worker.md",
            "# Worker\n## AfiliadosWorkerDown\n",
        )];
        let rules = "groups:\n  - name: g\n    rules:\n      - alert: AfiliadosWorkerDown\n        \
                     annotations:\n          runbook_url: docs/runbooks/worker.md#afiliadosworkerdown\n      \
                     - alert: AfiliadosBackupFailed\n        annotations:\n          summary: x\n      \
                     - alert: AfiliadosBackupStale\n        annotations:\n          \
                     runbook_url: \"docs/runbooks/worker.md#afiliadosbackupstale\"\n";
        let alerts = alert_rules(rules);
        assert_eq!(alerts.len(), 3);
        let problems = rule_problems(&alerts, &pages);
        assert_eq!(
            problems,
            vec![
                "rule AfiliadosBackupFailed has no runbook_url".to_owned(),
                "rule AfiliadosBackupStale: worker.md has no heading #afiliadosbackupstale"
                    .to_owned(),
            ]
        );
    }

    #[test]
    fn anchors_follow_github() {
        assert_eq!(
            anchor(" 2. Reprocess the stored payload (`webhook_delivery_log`)"),
            "2-reprocess-the-stored-payload-webhook_delivery_log"
        );
        assert_eq!(anchor("Caída de e-mail"), "caída-de-e-mail");
        assert_eq!(
            make_targets("a b: c\n\tcmd\nrestore: ## x\nX := 1\nURL = postgres://h\n.PHONY: a\n"),
            BTreeSet::from(["a".into(), "b".into(), "restore".into()])
        );
    }
}
