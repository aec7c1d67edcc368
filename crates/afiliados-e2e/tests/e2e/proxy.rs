//! A real reverse-proxy hop, in-process: an actix server that forwards every request to its
//! upstream over a new connection, appending the TCP peer's address as one more
//! `X-Forwarded-For` line (as an ingress does), and relays the answer unchanged (redirects and
//! cookies included). Browsers connect from distinct loopback addresses (127.0.0.2, 127.0.0.3, …),
//! so the proxy sees distinct clients without leaving this machine.

use std::net::IpAddr;

use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};

struct Upstream {
    base: String,
    http: reqwest::Client,
}

/// Hop-by-hop headers (and the length, which the relay recomputes) are not forwarded.
fn hop_by_hop(name: &str) -> bool {
    matches!(
        name,
        "host" | "connection" | "keep-alive" | "transfer-encoding" | "content-length" | "upgrade"
    )
}

async fn forward(
    req: HttpRequest,
    body: web::Bytes,
    upstream: web::Data<Upstream>,
) -> HttpResponse {
    let target = format!(
        "{}{}",
        upstream.base,
        req.uri().path_and_query().map_or("/", |pq| pq.as_str())
    );
    let method =
        reqwest::Method::from_bytes(req.method().as_str().as_bytes()).expect("http method");
    let mut outgoing = upstream.http.request(method, target);
    for (name, value) in req.headers() {
        if !hop_by_hop(name.as_str()) {
            outgoing = outgoing.header(name.as_str(), value.as_bytes());
        }
    }
    let peer = req
        .peer_addr()
        .map(|addr| addr.ip().to_string())
        .unwrap_or_default();
    outgoing = outgoing.header("x-forwarded-for", peer);
    let Ok(answer) = outgoing.body(body.to_vec()).send().await else {
        return HttpResponse::BadGateway().finish();
    };
    let mut response = HttpResponse::build(
        actix_web::http::StatusCode::from_u16(answer.status().as_u16()).expect("status"),
    );
    for (name, value) in answer.headers() {
        if !hop_by_hop(name.as_str()) {
            response.append_header((name.as_str(), value.as_bytes()));
        }
    }
    response.body(answer.bytes().await.unwrap_or_default())
}

/// Starts the proxy in front of `upstream`; answers its origin.
pub(crate) fn spawn_proxy(upstream: &str) -> String {
    let base = upstream.to_owned();
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("proxy client");
    let server = HttpServer::new(move || {
        App::new()
            .app_data(web::Data::new(Upstream {
                base: base.clone(),
                http: http.clone(),
            }))
            .app_data(web::PayloadConfig::new(16 * 1024 * 1024))
            .default_service(web::to(forward))
    })
    .workers(1)
    .bind("127.0.0.1:0")
    .expect("proxy binds");
    let address = server.addrs()[0];
    tokio::spawn(server.run());
    format!("http://{address}")
}

/// The web behind the proxy: it trusts exactly the proxy's address (127.0.0.1) as a proxy, and
/// proves the browser addresses it forwards with the key the api shares.
pub(crate) async fn spawn_web_behind_proxy(api: &str) -> String {
    let mut settings = afiliados_web::Settings::from_reader(afiliados_config::Env::with_lookup(
        |name| match name {
            "APP_ENV" => Some("test".into()),
            _ => None,
        },
    ))
    .expect("web settings");
    settings.port = 0;
    settings.api_base_url = api.to_owned();
    settings.trusted_proxies = vec!["127.0.0.1/32".parse().expect("cidr")];
    settings.forwarding_key =
        afiliados_config::SecretString::from(crate::stack::WEB_FORWARDING_KEY.to_owned());
    let web = afiliados_web::Application::build(settings)
        .await
        .expect("web builds");
    let address = format!("http://127.0.0.1:{}", web.port());
    tokio::spawn(web.run_until_stopped());
    address
}

/// A browser at `address` (a loopback address of its own), keeping cookies, not following redirects.
pub(crate) fn browser_at(address: &str) -> reqwest::Client {
    reqwest::Client::builder()
        .local_address(address.parse::<IpAddr>().expect("address"))
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("browser")
}

/// The CSRF token of a page.
pub(crate) fn csrf_of(html: &str) -> String {
    let marker = "name=\"csrf_token\" value=\"";
    let start = html.find(marker).expect("a form with a csrf token") + marker.len();
    html[start..].split('"').next().expect("token").to_owned()
}
