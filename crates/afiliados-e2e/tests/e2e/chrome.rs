//! Headless Chromium through chromedriver, and the web BFF in-process.

use std::time::Duration;

use fantoccini::ClientBuilder;
use serde_json::json;
use uuid::Uuid;

pub(crate) struct Driver {
    pub(crate) child: tokio::process::Child,
    port: u16,
}

pub(crate) async fn chromedriver() -> Driver {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .expect("free port")
        .local_addr()
        .expect("addr")
        .port();
    let child = tokio::process::Command::new("chromedriver")
        .arg(format!("--port={port}"))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .expect("chromedriver is installed (make test installs chromium-driver)");
    for _ in 0..100 {
        if tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .is_ok()
        {
            return Driver { child, port };
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("chromedriver did not start");
}

pub(crate) async fn browser(driver: &Driver) -> fantoccini::Client {
    let profile =
        std::env::temp_dir().join(format!("afiliados-chromium-{}", Uuid::new_v4().simple()));
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        json!({
            "binary": "/usr/bin/chromium",
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                     "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                     format!("--user-data-dir={}", profile.display())]
        }),
    );
    ClientBuilder::rustls()
        .expect("tls")
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{}", driver.port))
        .await
        .expect("webdriver session")
}

pub(crate) async fn spawn_web(api: &str) -> String {
    let mut settings = afiliados_web::Settings::from_reader(afiliados_config::Env::with_lookup(
        |name| match name {
            "APP_ENV" => Some("test".into()),
            _ => None,
        },
    ))
    .expect("web settings");
    settings.port = 0;
    settings.api_base_url = api.to_owned();
    settings.forwarding_key =
        afiliados_config::SecretString::from(crate::stack::WEB_FORWARDING_KEY.to_owned());
    let web = afiliados_web::Application::build(settings)
        .await
        .expect("web builds");
    let address = format!("http://127.0.0.1:{}", web.port());
    tokio::spawn(web.run_until_stopped());
    address
}
