//! The on-disk cache: a fresh entry makes no request, a stale one is
//! revalidated with a conditional GET and a 304 reuses the cached body.

use fetch::{Accept, Source};

use crate::server::{Reply, Server};
use crate::{cached_client, client, PAGE};

fn server() -> Server {
    Server::start(|r, _| {
        let header = |name: &str| r.headers.get(name).map(String::as_str);
        match r.path.as_str() {
            // Always revalidated; unchanged while the client has "v1".
            "/etag.html" if header("if-none-match") == Some("\"v1\"") => {
                Reply::new(304, "text/html", "").header("ETag", "\"v1\"")
            }
            "/etag.html" => Reply::new(200, "text/html", PAGE)
                .header("ETag", "\"v1\"")
                .header("Cache-Control", "no-cache"),
            "/dated.html" if header("if-modified-since").is_some() => {
                Reply::new(304, "text/html", "")
            }
            "/dated.html" => Reply::new(200, "text/html", PAGE)
                .header("Last-Modified", "Mon, 03 Mar 2025 21:40:00 GMT")
                .header("Cache-Control", "max-age=0"),
            "/fresh.html" => Reply::new(200, "text/html", PAGE)
                .header("ETag", "\"f\"")
                .header("Cache-Control", "max-age=3600"),
            "/secret.html" => {
                Reply::new(200, "text/html", PAGE).header("Cache-Control", "no-store")
            }
            "/moved" => Reply::new(302, "text/plain", "").header("Location", "/fresh.html"),
            _ => Reply::new(404, "text/plain", "no"),
        }
    })
}

#[test]
fn an_etag_is_sent_back_and_a_304_reuses_the_body() {
    let server = server();
    let dir = tempfile::tempdir().unwrap();
    let client = cached_client(dir.path());
    let url = server.url("/etag.html");
    let first = client.get(&url, Accept::Page).expect("fetched");
    assert_eq!(first.source, Source::Network);
    assert!(!server.requests()[1..]
        .iter()
        .any(|r| r.headers.contains_key("if-none-match")));
    let second = client.get(&url, Accept::Page).expect("revalidated");
    assert_eq!(second.source, Source::Revalidated);
    assert_eq!(second.body, first.body);
    assert_eq!(second.url, url);
    let last = server.requests().pop().expect("a request");
    assert_eq!(last.path, "/etag.html");
    assert_eq!(
        last.headers.get("if-none-match").map(String::as_str),
        Some("\"v1\"")
    );
    assert_eq!(server.hits("/etag.html"), 2);
}

#[test]
fn last_modified_is_sent_back() {
    let server = server();
    let dir = tempfile::tempdir().unwrap();
    let client = cached_client(dir.path());
    let url = server.url("/dated.html");
    client.get(&url, Accept::Page).expect("fetched");
    let again = client.get(&url, Accept::Page).expect("revalidated");
    assert_eq!(again.source, Source::Revalidated);
    assert_eq!(again.body, PAGE.as_bytes());
    let last = server.requests().pop().expect("a request");
    assert_eq!(
        last.headers.get("if-modified-since").map(String::as_str),
        Some("Mon, 03 Mar 2025 21:40:00 GMT")
    );
}

#[test]
fn a_rerun_with_a_fresh_entry_makes_no_request() {
    let server = server();
    let dir = tempfile::tempdir().unwrap();
    let url = server.url("/fresh.html");
    let first = cached_client(dir.path())
        .get(&url, Accept::Page)
        .expect("fetched");
    assert_eq!(first.source, Source::Network);
    let before = server.requests().len();
    // A new client on the same folder: another run.
    let again = cached_client(dir.path())
        .get(&url, Accept::Page)
        .expect("cached");
    assert_eq!(again.source, Source::Cache);
    assert_eq!(again.body, first.body);
    assert_eq!(server.requests().len(), before, "{:?}", server.requests());
    // A redirect is cached under the URL asked for, with where it led.
    let moved = server.url("/moved");
    cached_client(dir.path())
        .get(&moved, Accept::Page)
        .expect("fetched");
    let hits = server.hits("/moved");
    let again = cached_client(dir.path())
        .get(&moved, Accept::Page)
        .expect("cached");
    assert_eq!((again.source, again.url), (Source::Cache, url));
    assert_eq!(server.hits("/moved"), hits);
}

#[test]
fn no_store_and_no_cache_folder_keep_nothing() {
    let server = server();
    let dir = tempfile::tempdir().unwrap();
    let url = server.url("/secret.html");
    for _ in 0..2 {
        let got = cached_client(dir.path())
            .get(&url, Accept::Page)
            .expect("fetched");
        assert_eq!(got.source, Source::Network);
    }
    let fresh = server.url("/fresh.html");
    let client = client();
    for _ in 0..2 {
        assert_eq!(
            client.get(&fresh, Accept::Page).unwrap().source,
            Source::Network
        );
    }
    assert_eq!(server.hits("/secret.html"), 2);
    assert_eq!(server.hits("/fresh.html"), 2);
}
