//! Failures: each is an error naming the URL, and the client goes on.

use std::time::{Duration, Instant};

use fetch::{Accept, Error, Settings, Source};

use crate::server::{Reply, Server};
use crate::{client, quick, PAGE};

#[test]
fn a_slow_page_times_out_after_its_retries() {
    let server = Server::start(|r, _| match r.path.as_str() {
        "/slow" => Reply::new(200, "text/html", PAGE).delay(Duration::from_secs(2)),
        _ => Reply::new(404, "text/plain", "no"),
    });
    let started = Instant::now();
    let e = client()
        .get(&server.url("/slow"), Accept::Page)
        .expect_err("a timeout");
    assert!(matches!(e, Error::Timeout { attempts: 3, .. }), "{e:?}");
    assert_eq!(
        e.to_string(),
        format!("{}: timed out (3 attempts)", server.url("/slow"))
    );
    // Three attempts of 0.3 s, not one of 2 s.
    assert!(
        started.elapsed() < Duration::from_millis(1800),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(server.hits("/slow"), 3);
}

#[test]
fn a_missing_page_is_a_clear_error() {
    let server = Server::start(|_, _| Reply::new(404, "text/html", "<p>Not here</p>"));
    let e = client()
        .get(&server.url("/gone.html"), Accept::Page)
        .expect_err("a 404");
    assert_eq!(
        e.to_string(),
        format!("{}: HTTP 404 Not Found", server.url("/gone.html"))
    );
    // 4xx is not retried.
    assert_eq!(server.hits("/gone.html"), 1);
}

#[test]
fn too_large_and_unwanted_bodies_are_refused() {
    let server = Server::start(|r, _| match r.path.as_str() {
        "/big.html" => Reply::new(200, "text/html", vec![b'x'; 4096]),
        "/photo.jpg" => Reply::new(200, "image/jpeg", vec![0xff; 16]),
        _ => Reply::new(404, "text/plain", "no"),
    });
    let client = fetch::Client::new(Settings {
        max_body: 1024,
        ..quick()
    })
    .unwrap();
    let e = client
        .get(&server.url("/big.html"), Accept::Page)
        .expect_err("too large");
    assert_eq!(
        e.to_string(),
        format!("{}: too large (over 1024 bytes)", server.url("/big.html"))
    );
    let e = client
        .get(&server.url("/photo.jpg"), Accept::Page)
        .expect_err("not a page");
    assert_eq!(
        e.to_string(),
        format!(
            "{}: not an HTML page (Content-Type: image/jpeg)",
            server.url("/photo.jpg")
        )
    );
}

#[test]
fn a_malformed_feed_is_named_by_its_url() {
    let server = Server::start(|r, _| match r.path.as_str() {
        "/feed.xml" => Reply::new(
            200,
            "application/rss+xml",
            "<rss version=\"2.0\"><channel><title>Cut off</title><item><title>Half",
        ),
        _ => Reply::new(404, "text/plain", "no"),
    });
    let response = client()
        .get(&server.url("/feed.xml"), Accept::Feed)
        .expect("fetched");
    assert_eq!(response.source, Source::Network);
    let items = ingest::parse_feed(&response.body, &response.url);
    assert_eq!(items.len(), 1);
    let e = items[0].as_ref().expect_err("a malformed feed");
    let want = format!("{}: not a feed", server.url("/feed.xml"));
    assert!(e.to_string().starts_with(&want), "{e}");
}

#[test]
fn redirects_are_followed_and_the_final_url_kept() {
    let server = Server::start(|r, _| match r.path.as_str() {
        "/old" => Reply::new(301, "text/plain", "").header("Location", "/news/storm.html"),
        "/loop" => Reply::new(302, "text/plain", "").header("Location", "/loop"),
        "/news/storm.html" => Reply::new(200, "text/html; charset=utf-8", PAGE),
        _ => Reply::new(404, "text/plain", "no"),
    });
    let client = client();
    let response = client
        .get(&server.url("/old"), Accept::Page)
        .expect("a page");
    assert_eq!(response.url, server.url("/news/storm.html"));
    assert_eq!(response.body, PAGE.as_bytes());
    let e = client
        .get(&server.url("/loop"), Accept::Page)
        .expect_err("a loop");
    assert_eq!(
        e.to_string(),
        format!("{}: more than 5 redirects", server.url("/loop"))
    );
    assert_eq!(server.hits("/loop"), 6);
}

#[test]
fn server_errors_are_retried() {
    let server = Server::start(|r, n| match (r.path.as_str(), n) {
        ("/flaky.html", 1) => Reply::new(503, "text/plain", "busy"),
        ("/flaky.html", _) => Reply::new(200, "text/html", PAGE),
        ("/limited.html", 1) => {
            Reply::new(429, "text/plain", "slow down").header("Retry-After", "0")
        }
        ("/limited.html", _) => Reply::new(200, "text/html", PAGE),
        ("/later.html", _) => Reply::new(503, "text/plain", "later").header("Retry-After", "3600"),
        ("/down.html", _) => Reply::new(500, "text/plain", "down"),
        _ => Reply::new(404, "text/plain", "no"),
    });
    let client = client();
    let response = client
        .get(&server.url("/flaky.html"), Accept::Page)
        .expect("the second try");
    assert_eq!(response.body, PAGE.as_bytes());
    assert_eq!(server.hits("/flaky.html"), 2);
    client
        .get(&server.url("/limited.html"), Accept::Page)
        .expect("after Retry-After");
    assert_eq!(server.hits("/limited.html"), 2);
    // A Retry-After beyond the cap: no retry.
    let e = client
        .get(&server.url("/later.html"), Accept::Page)
        .expect_err("not retried");
    assert_eq!(
        e.to_string(),
        format!(
            "{}: HTTP 503 Service Unavailable",
            server.url("/later.html")
        )
    );
    assert_eq!(server.hits("/later.html"), 1);
    // Retries end: three attempts in all.
    assert!(client.get(&server.url("/down.html"), Accept::Page).is_err());
    assert_eq!(server.hits("/down.html"), 3);
}

#[test]
fn nothing_listens() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let url = format!("http://127.0.0.1:{port}/x.html");
    let e = client().get(&url, Accept::Page).expect_err("refused");
    assert!(e.to_string().starts_with(&url), "{e}");
    let e = client()
        .get("ftp://127.0.0.1/x", Accept::Page)
        .expect_err("not http");
    assert!(matches!(e, Error::Url { .. }), "{e:?}");
}
