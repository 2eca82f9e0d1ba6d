//! Bad requests: unknown ids and routes, malformed JSON, oversized bodies,
//! missing tokens, bad filters, paths that try to leave the server's routes.

use serde_json::json;

use crate::{get, request, seeded, start};

#[test]
fn unknown_ids_and_routes_are_json_404s() {
    let tmp = seeded();
    let server = start(&tmp.path().join("data"), |_| {});
    for (target, says) in [
        ("/api/events/e999", "no event \"e999\""),
        ("/api/events/nonsense", "no event"),
        ("/api/stories/s999", "no story"),
        ("/api/articles/nope", "no article \"nope\""),
        ("/api/nothing-here", "no such route"),
    ] {
        let r = get(server.addr, target);
        assert_eq!(r.status, 404, "{target}");
        assert!(
            r.json()["error"].as_str().unwrap().contains(says),
            "{target}: {}",
            r.text()
        );
    }
}

#[test]
fn bad_filter_values_name_the_parameter() {
    let tmp = seeded();
    let server = start(&tmp.path().join("data"), |_| {});
    for (target, parameter) in [
        ("/api/events?since=yesterday", "since"),
        ("/api/events?until=2021-02-30", "until"),
        ("/api/events?limit=100000", "limit"),
        ("/api/events?offset=-3", "offset"),
        ("/api/events?colour=red", "colour"),
        ("/api/events?order=random", "order"),
        ("/api/stories?q=x", "q"),
        ("/api/search", "q"),
        ("/api/search?q=%22unclosed", "q"),
    ] {
        let r = get(server.addr, target);
        assert_eq!(r.status, 400, "{target}: {}", r.text());
        assert_eq!(r.json()["parameter"], parameter, "{target}: {}", r.text());
    }
}

#[test]
fn writes_need_the_token() {
    let tmp = seeded();
    let data = tmp.path().join("data");
    let body =
        json!({"title": "T", "text": "Some text about a harbour and its cranes."}).to_string();
    // No token configured: the write API is off.
    {
        let server = start(&data, |_| {});
        let r = request(
            server.addr,
            "POST",
            "/api/articles",
            &[("Authorization", "Bearer x")],
            body.as_bytes(),
        );
        assert_eq!(r.status, 401);
        assert!(r.json()["error"]
            .as_str()
            .unwrap()
            .contains("no token is configured"));
    }
    let server = start(&data, |c| c.token = Some("right".into()));
    let none = request(server.addr, "POST", "/api/articles", &[], body.as_bytes());
    assert_eq!(none.status, 401);
    assert!(none.json()["error"]
        .as_str()
        .unwrap()
        .contains("missing bearer token"));
    for wrong in [
        "Bearer wrong",
        "Bearer righ",
        "Bearer right2",
        "Basic right",
        "right",
    ] {
        let r = request(
            server.addr,
            "POST",
            "/api/articles",
            &[("Authorization", wrong)],
            body.as_bytes(),
        );
        assert_eq!(r.status, 401, "{wrong}");
    }
    assert_eq!(get(server.addr, "/healthz").json()["articles"], 5);
}

#[test]
fn malformed_and_oversized_bodies() {
    let tmp = seeded();
    let server = start(&tmp.path().join("data"), |c| {
        c.token = Some("t".into());
        c.limits.body_bytes = 4096;
    });
    let auth = [("Authorization", "Bearer t")];
    let bad = request(
        server.addr,
        "POST",
        "/api/articles",
        &auth,
        b"{\"title\": \"x\",\n \"text\": }",
    );
    assert_eq!(bad.status, 400, "{}", bad.text());
    let e = bad.json();
    assert!(
        e["error"].as_str().unwrap().starts_with("malformed JSON"),
        "{e}"
    );
    assert_eq!(e["line"], 2);
    assert_eq!(e["column"], 10);
    let huge = json!({"title": "big", "text": "word ".repeat(2000)}).to_string();
    let r = request(server.addr, "POST", "/api/articles", &auth, huge.as_bytes());
    assert_eq!(r.status, 413, "{}", r.text());
    assert!(r.json()["error"].as_str().unwrap().contains("too large"));
    // Valid JSON with no article in it.
    let empty = request(
        server.addr,
        "POST",
        "/api/articles",
        &auth,
        b"[1, {\"title\": \"no text\"}]",
    );
    assert_eq!(empty.status, 422, "{}", empty.text());
    assert_eq!(empty.json()["rejected"].as_array().unwrap().len(), 2);
    assert_eq!(get(server.addr, "/healthz").json()["articles"], 5);
}

#[test]
fn no_file_is_ever_served() {
    let tmp = seeded();
    let data = tmp.path().join("data");
    // A file beside the data, and the data's own files: none may come out.
    std::fs::write(tmp.path().join("secret.txt"), "top secret").unwrap();
    let server = start(&data, |_| {});
    for target in [
        "/../secret.txt",
        "/assets/../secret.txt",
        "/assets/../../secret.txt",
        "/assets/%2e%2e/%2e%2e/secret.txt",
        "/assets/..%2f..%2fsecret.txt",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/store.db",
        "/data/store.db",
        "/assets/store.db",
        "/assets/style.css/../../store.db",
        "/api/../store.db",
        "/events/..%2f..%2fstore.db",
        "/articles/..%2F..%2Fsecret.txt",
    ] {
        let r = get(server.addr, target);
        assert_eq!(r.status, 404, "{target}");
        let body = r.text();
        assert!(
            !body.contains("top secret") && !body.contains("SQLite"),
            "{target}"
        );
    }
    let css = get(server.addr, "/assets/style.css");
    assert_eq!(css.status, 200);
    assert!(css.header("content-type").unwrap().starts_with("text/css"));
}

#[test]
fn refuses_an_open_address_without_a_token() {
    let tmp = seeded();
    let mut config = server::Config::new(tmp.path().join("data"), "0.0.0.0:0".parse().unwrap());
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let refused = runtime.block_on(server::Server::bind(config.clone()));
    let err = refused.err().expect("refused").to_string();
    assert!(
        err.contains("not a loopback address") && err.contains("STORYLINE_TOKEN"),
        "{err}"
    );
    config.token = Some("long-enough".into());
    config.addr = "127.0.0.1:0".parse().unwrap();
    assert!(runtime.block_on(server::Server::bind(config)).is_ok());
}

#[test]
fn requests_beyond_the_concurrency_limit_wait_their_turn() {
    let tmp = seeded();
    let server = start(&tmp.path().join("data"), |c| c.limits.concurrency = 1);
    let addr = server.addr;
    let threads: Vec<_> = (0..8)
        .map(|_| std::thread::spawn(move || get(addr, "/api/events").status))
        .collect();
    for t in threads {
        assert_eq!(t.join().unwrap(), 200);
    }
}
