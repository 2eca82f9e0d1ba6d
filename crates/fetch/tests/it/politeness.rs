//! Politeness: robots.txt is obeyed, the User-Agent names the project, and
//! no more than two requests run at once against one host.

use std::time::Duration;

use fetch::{Accept, Error};

use crate::server::{Reply, Server};
use crate::{client, PAGE};

#[test]
fn robots_txt_is_obeyed_and_read_once() {
    let server = Server::start(|r, _| match r.path.as_str() {
        "/robots.txt" => Reply::new(
            200,
            "text/plain",
            "User-agent: *\nDisallow: /\n\nUser-agent: Storyline\nDisallow: /private/\n",
        ),
        _ => Reply::new(200, "text/html", PAGE),
    });
    let client = client();
    let private = server.url("/private/report.html");
    let e = client.get(&private, Accept::Page).expect_err("disallowed");
    assert!(matches!(e, Error::Disallowed { .. }), "{e:?}");
    assert_eq!(
        e.to_string(),
        format!("{private}: disallowed by robots.txt")
    );
    client
        .get(&server.url("/news/a.html"), Accept::Page)
        .expect("allowed");
    client
        .get(&server.url("/news/b.html"), Accept::Page)
        .expect("allowed");
    assert_eq!(server.hits("/private/report.html"), 0);
    assert_eq!(server.hits("/robots.txt"), 1);
    let agent = format!(
        "Storyline/{} (+https://example.invalid/storyline)",
        env!("CARGO_PKG_VERSION")
    );
    for request in server.requests() {
        assert_eq!(request.headers.get("user-agent"), Some(&agent));
    }
}

#[test]
fn a_failing_robots_txt_disallows_the_site() {
    let server = Server::start(|r, _| match r.path.as_str() {
        "/robots.txt" => Reply::new(500, "text/plain", "oops"),
        _ => Reply::new(200, "text/html", PAGE),
    });
    let url = server.url("/news/a.html");
    let e = client().get(&url, Accept::Page).expect_err("disallowed");
    assert!(matches!(e, Error::Robots { .. }), "{e:?}");
    assert!(
        e.to_string().starts_with(&format!("{url}: not fetched")),
        "{e}"
    );
    assert_eq!(server.hits("/news/a.html"), 0);
}

#[test]
fn at_most_two_requests_at_once_per_host() {
    let server = Server::start(|r, _| match r.path.as_str() {
        "/robots.txt" => Reply::new(404, "text/plain", "none"),
        _ => Reply::new(200, "text/html", PAGE).delay(Duration::from_millis(100)),
    });
    let client = client();
    std::thread::scope(|s| {
        for i in 0..8 {
            let (client, server) = (&client, &server);
            s.spawn(move || {
                client
                    .get(&server.url(&format!("/p/{i}.html")), Accept::Page)
                    .expect("a page");
            });
        }
    });
    assert_eq!(server.hits("/robots.txt"), 1);
    assert_eq!(server.requests().len(), 9);
    assert_eq!(server.max_busy(), 2);
}
