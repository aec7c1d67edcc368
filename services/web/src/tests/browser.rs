//! A test browser over the in-process app: keeps the session cookie, reads the CSRF token from
//! the last page, and sends urlencoded and multipart forms the way a browser does.

use std::time::Duration;

use actix_http::Request;
use actix_web::body::MessageBody;
use actix_web::cookie::{Cookie, Key};
use actix_web::dev::{Service, ServiceResponse};
use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderMap};
use actix_web::{test, web};
use afiliados_api_client::{Transport, UserApi};

use super::stub::Stub;
use crate::startup::{AppState, build_app};

/// What came back.
pub(crate) struct Reply {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Vec<u8>,
}

impl Reply {
    pub(crate) fn html(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub(crate) fn location(&self) -> &str {
        self.headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
    }

    /// A 303 to `path`.
    pub(crate) fn assert_redirect(&self, path: &str) {
        assert_eq!(
            (self.status, self.location()),
            (StatusCode::SEE_OTHER, path),
            "{}",
            self.html()
        );
    }
}

/// The app state pointed at the stub.
pub(crate) fn state(stub: &Stub) -> web::Data<AppState> {
    let transport = Transport::new(&stub.url, Duration::from_secs(5)).unwrap();
    web::Data::new(AppState {
        api: UserApi::new(transport),
        development: true,
        trusted_proxies: vec!["127.0.0.0/8".parse().unwrap()],
    })
}

/// One browser.
pub(crate) struct Browser<S> {
    app: S,
    jar: Option<Cookie<'static>>,
    csrf: String,
}

/// Starts the app against `stub` and opens a browser on it.
pub(crate) async fn open(
    stub: &Stub,
) -> Browser<
    impl Service<Request, Response = ServiceResponse<impl MessageBody>, Error = actix_web::Error>,
> {
    let app = test::init_service(build_app(state(stub), Key::generate())).await;
    Browser {
        app,
        jar: None,
        csrf: String::new(),
    }
}

const BOUNDARY: &str = "----afiliados-test-boundary";

/// A file part for [`Browser::post_multipart`].
pub(crate) struct FilePart<'a> {
    pub(crate) field: &'a str,
    pub(crate) filename: &'a str,
    pub(crate) content_type: &'a str,
    pub(crate) bytes: &'a [u8],
}

impl<S, B> Browser<S>
where
    S: Service<Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    async fn send(&mut self, req: test::TestRequest) -> Reply {
        let req = match &self.jar {
            Some(cookie) => req.cookie(cookie.clone()),
            None => req,
        };
        let res = self.app.call(req.to_request()).await.unwrap();
        if let Some(cookie) = res
            .response()
            .cookies()
            .find(|c| c.name() == "afiliados_session")
        {
            self.jar = Some(cookie.into_owned());
        }
        let status = res.status();
        let headers = res.headers().clone();
        let body = test::read_body(res).await.to_vec();
        let reply = Reply {
            status,
            headers,
            body,
        };
        let html = reply.html();
        let marker = "name=\"csrf_token\" value=\"";
        if let Some(start) = html.find(marker) {
            let token = html[start + marker.len()..].split('"').next().unwrap();
            if !token.is_empty() {
                self.csrf = token.to_owned();
            }
        }
        reply
    }

    pub(crate) async fn get(&mut self, uri: &str) -> Reply {
        self.send(test::TestRequest::get().uri(uri)).await
    }

    /// A urlencoded form with the CSRF token of the last page.
    pub(crate) async fn post(&mut self, uri: &str, fields: &[(&str, &str)]) -> Reply {
        let mut pairs: Vec<(String, String)> = vec![("csrf_token".into(), self.csrf.clone())];
        pairs.extend(
            fields
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned())),
        );
        self.send(test::TestRequest::post().uri(uri).set_form(pairs))
            .await
    }

    /// A multipart form, the CSRF token first as a browser sends the hidden field first.
    pub(crate) async fn post_multipart(
        &mut self,
        uri: &str,
        fields: &[(&str, &str)],
        file: Option<FilePart<'_>>,
    ) -> Reply {
        let mut body = Vec::new();
        let csrf = self.csrf.clone();
        for (name, value) in
            std::iter::once(("csrf_token", csrf.as_str())).chain(fields.iter().copied())
        {
            body.extend_from_slice(
                format!(
                    "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
                )
                .as_bytes(),
            );
        }
        if let Some(file) = file {
            body.extend_from_slice(
                format!(
                    "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{}\"; filename=\"{}\"\r\nContent-Type: {}\r\n\r\n",
                    file.field, file.filename, file.content_type
                )
                .as_bytes(),
            );
            body.extend_from_slice(file.bytes);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
        let req = test::TestRequest::post()
            .uri(uri)
            .insert_header((
                header::CONTENT_TYPE,
                format!("multipart/form-data; boundary={BOUNDARY}"),
            ))
            .set_payload(body);
        self.send(req).await
    }

    /// The CSRF token of the last page.
    pub(crate) fn csrf(&self) -> &str {
        &self.csrf
    }

    /// A POST whose body is `payload` (a stream the test controls), with the session cookie.
    pub(crate) async fn post_payload(
        &mut self,
        uri: &str,
        content_type: &str,
        payload: actix_web::dev::Payload,
    ) -> Reply {
        let req = test::TestRequest::post()
            .uri(uri)
            .insert_header((header::CONTENT_TYPE, content_type.to_owned()));
        let req = match &self.jar {
            Some(cookie) => req.cookie(cookie.clone()),
            None => req,
        };
        let (req, _) = req.to_request().replace_payload(payload);
        let res = self.app.call(req).await.unwrap();
        let status = res.status();
        let headers = res.headers().clone();
        let body = test::read_body(res).await.to_vec();
        Reply {
            status,
            headers,
            body,
        }
    }

    /// Signs in as `<role>@example.com`; the reply is the sign-in's redirect.
    pub(crate) async fn sign_in(&mut self, role: &str) -> Reply {
        let page = self.get("/login").await;
        assert_eq!(page.status, StatusCode::OK);
        let email = format!("{role}@example.com");
        self.post(
            "/login",
            &[("email", &email), ("password", "Correcta!2024")],
        )
        .await
    }
}
