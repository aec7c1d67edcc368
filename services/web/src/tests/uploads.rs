//! Multipart bodies cannot exhaust the web (issue 9, finding 6). Each body here is a stream that
//! counts the bytes the server pulls from it, so "refused early" is measured: nothing is read on a
//! route without uploads or before the session check, at most one chunk past the token check, and
//! at most the cap (plus the chunk in flight) of an endless chunked body.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use actix_web::dev::Payload;
use actix_web::error::PayloadError;
use actix_web::http::StatusCode;
use actix_web::web::Bytes;
use futures::StreamExt as _;

use super::browser::open;
use super::stub;
use crate::multipart::{BODY_LIMIT, MAX_PARTS};

const BOUNDARY: &str = "----afiliados-exhaustion";
const CONTENT_TYPE: &str = "multipart/form-data; boundary=----afiliados-exhaustion";
/// One chunk of an endless body.
const CHUNK: usize = 64 * 1024;
// A thousand parts per chunk of the tiny-parts body.
const PARTS_PER_CHUNK: usize = 1000;
/// How much an endless body offers at most: six times the cap, so "read it all" is visible.
const OFFERED: usize = 6 * BODY_LIMIT;

/// A body of `head` followed by chunks of `filler` up to [`OFFERED`] bytes, counting what is pulled.
fn counted(head: Vec<u8>, filler: Vec<u8>, pulled: Arc<AtomicUsize>) -> Payload {
    let chunks = std::iter::once(head).chain(std::iter::repeat(filler));
    let mut offered = 0_usize;
    let stream = futures::stream::iter(chunks)
        .take_while(move |chunk| {
            offered += chunk.len();
            futures::future::ready(offered <= OFFERED)
        })
        .map(move |chunk| {
            pulled.fetch_add(chunk.len(), Ordering::SeqCst);
            Ok::<_, PayloadError>(Bytes::from(chunk))
        });
    Payload::from(Box::pin(stream) as actix_http::BoxedPayloadStream)
}

fn text_part(name: &str, value: &str) -> Vec<u8> {
    format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n")
        .into_bytes()
}

/// The token part, then the head of a file part whose bytes never end.
fn endless_file(csrf: &str) -> (Vec<u8>, Vec<u8>) {
    let mut head = text_part("csrf_token", csrf);
    head.extend_from_slice(
        format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"id_document\"; filename=\"a.pdf\"\r\nContent-Type: application/pdf\r\n\r\n")
            .as_bytes(),
    );
    (head, vec![b'a'; CHUNK])
}

#[actix_web::test]
async fn a_multipart_body_on_a_route_without_uploads_is_415_unread() {
    let stub = stub::spawn();
    let mut browser = open(&stub).await;
    browser.get("/login").await;
    let csrf = browser.csrf().to_owned();
    for route in ["/logout", "/login", "/registro/listo"] {
        let pulled = Arc::new(AtomicUsize::new(0));
        let (head, filler) = endless_file(&csrf);
        let reply = browser
            .post_payload(route, CONTENT_TYPE, counted(head, filler, pulled.clone()))
            .await;
        assert_eq!(reply.status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{route}");
        assert_eq!(pulled.load(Ordering::SeqCst), 0, "{route} read nothing");
    }
}

#[actix_web::test]
async fn an_upload_without_a_session_is_refused_before_reading() {
    let stub = stub::spawn();
    let mut browser = open(&stub).await;
    // No cookie at all: the signed-in upload routes send to the sign-in page, the public one is
    // 403 (no CSRF secret to compare with).
    for (route, status) in [
        ("/influencer/documentos", StatusCode::SEE_OTHER),
        (
            "/gestor/marcas/0190a0a0-0000-7000-8000-000000000001/logo",
            StatusCode::SEE_OTHER,
        ),
        ("/admin/certificados/verificar", StatusCode::SEE_OTHER),
        ("/registro", StatusCode::FORBIDDEN),
    ] {
        let pulled = Arc::new(AtomicUsize::new(0));
        let (head, filler) = endless_file("forged");
        let reply = browser
            .post_payload(route, CONTENT_TYPE, counted(head, filler, pulled.clone()))
            .await;
        assert_eq!(reply.status, status, "{route}");
        assert_eq!(pulled.load(Ordering::SeqCst), 0, "{route} read nothing");
    }
    // A session that is not signed in (it opened the sign-in page) is not enough either.
    browser.get("/login").await;
    let pulled = Arc::new(AtomicUsize::new(0));
    let (head, filler) = endless_file(browser.csrf());
    let reply = browser
        .post_payload(
            "/influencer/documentos",
            CONTENT_TYPE,
            counted(head, filler, pulled.clone()),
        )
        .await;
    reply.assert_redirect("/login");
    assert_eq!(pulled.load(Ordering::SeqCst), 0);
}

#[actix_web::test]
async fn a_wrong_token_in_the_first_part_is_403_after_one_chunk() {
    let stub = stub::spawn();
    let mut browser = open(&stub).await;
    browser.get("/registro").await;
    for first in [
        text_part("csrf_token", "forged"),
        text_part("first_name", "Ana"),
    ] {
        let pulled = Arc::new(AtomicUsize::new(0));
        let reply = browser
            .post_payload(
                "/registro",
                CONTENT_TYPE,
                counted(first, vec![b'a'; CHUNK], pulled.clone()),
            )
            .await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN);
        assert!(
            pulled.load(Ordering::SeqCst) <= 2 * CHUNK,
            "stopped after the first part: {} bytes",
            pulled.load(Ordering::SeqCst)
        );
    }
}

async fn assert_capped(pulled: &AtomicUsize, status: StatusCode) {
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    let read = pulled.load(Ordering::SeqCst);
    assert!(
        read <= BODY_LIMIT + 2 * CHUNK,
        "stopped at the cap: {read} bytes of {OFFERED} offered"
    );
}

#[actix_web::test]
async fn an_endless_chunked_upload_is_413_at_the_cap_public_and_signed_in() {
    let stub = stub::spawn();
    // The public registration form, with the session and token its page gave.
    let mut browser = open(&stub).await;
    browser.get("/registro").await;
    let pulled = Arc::new(AtomicUsize::new(0));
    let (head, filler) = endless_file(browser.csrf());
    let reply = browser
        .post_payload(
            "/registro",
            CONTENT_TYPE,
            counted(head, filler, pulled.clone()),
        )
        .await;
    assert_capped(&pulled, reply.status).await;
    assert!(reply.html().contains("error-title"), "the 413 page");

    // A signed-in user on an upload route.
    let mut browser = open(&stub).await;
    browser.sign_in("influencer").await;
    assert_eq!(
        browser.get("/influencer/documentos").await.status,
        StatusCode::OK
    );
    let pulled = Arc::new(AtomicUsize::new(0));
    let (head, filler) = endless_file(browser.csrf());
    let reply = browser
        .post_payload(
            "/influencer/documentos",
            CONTENT_TYPE,
            counted(head, filler, pulled.clone()),
        )
        .await;
    assert_capped(&pulled, reply.status).await;
}

#[actix_web::test]
async fn many_tiny_parts_are_413_after_the_part_cap() {
    let stub = stub::spawn();
    let mut browser = open(&stub).await;
    browser.get("/registro").await;
    let pulled = Arc::new(AtomicUsize::new(0));
    let head = text_part("csrf_token", browser.csrf());
    // Each chunk is a thousand one-byte parts.
    let filler: Vec<u8> = (0..PARTS_PER_CHUNK)
        .flat_map(|_| text_part("x", "1"))
        .collect();
    let reply = browser
        .post_payload(
            "/registro",
            CONTENT_TYPE,
            counted(head, filler.clone(), pulled.clone()),
        )
        .await;
    // Refused at the part cap (the parser asks for a chunk per part it yields, so the bytes read
    // stay under the byte cap too).
    assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE);
    let read = pulled.load(Ordering::SeqCst);
    assert!(
        read <= (MAX_PARTS + 2) * filler.len() && read <= BODY_LIMIT + 2 * filler.len(),
        "stopped after {MAX_PARTS} parts: {read} bytes of {OFFERED} offered"
    );
}
