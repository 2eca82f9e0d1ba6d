//! `storyline fetch` against a feed served on 127.0.0.1: items become
//! articles with their pages' bodies, clustered like `cluster` does; a page
//! that cannot be fetched is named and the item keeps its summary; a second
//! run is served from the cache. `extract` takes a URL too.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

use crate::pages::{page, STORM};
use crate::{empty_dir, storyline};

const VOTE: [&str; 3] = [
    "The regional council of Brittany voted on Wednesday to build a new ferry terminal in Roscoff, after two years of debate over its cost.",
    "Forty-one councillors approved the plan and twelve voted against it, saying the budget of 180 million euros would strain the region's finances.",
    "Construction of the terminal is due to begin next spring and should take three years, the council president told reporters after the vote.",
];

/// What to answer for a path: status, content type, body, extra headers.
type Route = (u16, &'static str, String, Vec<(&'static str, String)>);

/// Serves `routes` on 127.0.0.1, one connection at a time, with `BASE` in
/// bodies and headers replaced by the server's base URL; returns that base
/// URL and the paths asked for.
fn serve(routes: HashMap<String, Route>) -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a loopback port");
    let base = format!("http://{}", listener.local_addr().unwrap());
    let routes: HashMap<String, Route> = routes
        .into_iter()
        .map(|(path, (status, content_type, body, headers))| {
            let headers = headers
                .into_iter()
                .map(|(name, value)| (name, value.replace("BASE", &base)))
                .collect();
            (
                path,
                (status, content_type, body.replace("BASE", &base), headers),
            )
        })
        .collect();
    let asked = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&asked);
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut line = String::new();
            let _ = reader.read_line(&mut line);
            let path = line.split_whitespace().nth(1).unwrap_or("/").to_string();
            loop {
                let mut header = String::new();
                if reader.read_line(&mut header).is_err() || header.trim().is_empty() {
                    break;
                }
            }
            log.lock().unwrap().push(path.clone());
            let (status, content_type, body, headers) = routes.get(&path).cloned().unwrap_or((
                404,
                "text/plain",
                "not found".into(),
                Vec::new(),
            ));
            let mut head = format!(
                "HTTP/1.1 {status} X\r\nConnection: close\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n",
                body.len()
            );
            for (name, value) in headers {
                head.push_str(&format!("{name}: {value}\r\n"));
            }
            let mut stream = stream;
            let _ = stream.write_all(format!("{head}\r\n{body}").as_bytes());
        }
    });
    (base, asked)
}

fn item(title: &str, link: &str, date: &str, summary: &str) -> String {
    format!(
        "<item><title>{title}</title><link>{link}</link><pubDate>{date}</pubDate>\
         <description>{summary}</description></item>"
    )
}

#[test]
fn fetch_clusters_the_items_of_a_feed_with_their_pages() {
    let storm_b: Vec<String> = STORM
        .iter()
        .map(|p| p.replace("said", "reported"))
        .collect();
    let storm_b: Vec<&str> = storm_b.iter().map(String::as_str).collect();
    let feed = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Harbour Wire</title>{}{}{}{}</channel></rss>"#,
        item("Storm kills fisherman in Kerbrieuc", "BASE/2025/03/03/storm-kerbrieuc.html", "Mon, 03 Mar 2025 21:40:00 GMT", "A storm hit Kerbrieuc."),
        item("Kerbrieuc storm leaves one dead", "BASE/old-link", "Tue, 04 Mar 2025 07:00:00 GMT", ""),
        item("Brittany votes for a Roscoff ferry terminal", "BASE/2025/03/05/council-vote.html", "Wed, 05 Mar 2025 18:00:00 GMT", "The council voted."),
        item("Kerbrieuc harbour reopens", "BASE/gone.html", "Thu, 06 Mar 2025 09:00:00 GMT", "The harbour of Kerbrieuc reopened on Thursday after the storm, when fishing boats were allowed to leave the port again, the harbour master said."),
    );
    let mut routes: HashMap<String, Route> = HashMap::new();
    routes.insert(
        "/feed.xml".into(),
        (200, "application/rss+xml", feed, vec![]),
    );
    routes.insert(
        "/2025/03/03/storm-kerbrieuc.html".into(),
        (
            200,
            "text/html",
            page(
                "Storm kills fisherman in Kerbrieuc",
                "BASE/2025/03/03/storm-kerbrieuc.html",
                &STORM,
            ),
            vec![],
        ),
    );
    routes.insert(
        "/old-link".into(),
        (
            301,
            "text/plain",
            String::new(),
            vec![("Location", "/2025/03/04/kerbrieuc-storm.html".into())],
        ),
    );
    routes.insert(
        "/2025/03/04/kerbrieuc-storm.html".into(),
        (
            200,
            "text/html",
            page(
                "Kerbrieuc storm leaves one dead",
                "BASE/2025/03/04/kerbrieuc-storm.html",
                &storm_b,
            ),
            vec![],
        ),
    );
    routes.insert(
        "/2025/03/05/council-vote.html".into(),
        (
            200,
            "text/html",
            page(
                "Brittany votes for a Roscoff ferry terminal",
                "BASE/2025/03/05/council-vote.html",
                &VOTE,
            ),
            vec![],
        ),
    );
    let (base, asked) = serve(routes);

    let dir = empty_dir();
    let feed_url = format!("{base}/feed.xml");
    let out = storyline(
        dir.path(),
        ["fetch", feed_url.as_str(), "--format", "jsonl"],
    );
    assert_eq!(out.code, 3, "{}", out.stderr);
    // Debug builds of rs-trafilatura print to standard error too: only the
    // rejections are checked.
    let rejected: Vec<&str> = out
        .stderr
        .lines()
        .filter(|l| l.starts_with("rejected: "))
        .collect();
    assert_eq!(
        rejected,
        [format!(
            "rejected: {base}/gone.html: HTTP 404 Not Found (the feed's summary is used instead)"
        )]
    );
    let rows: Vec<serde_json::Value> = out
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON"))
        .collect();
    let get = |id: &str| {
        rows.iter()
            .find(|r| r["id"] == id)
            .unwrap_or_else(|| panic!("{id} in {}", out.stdout))
            .clone()
    };
    assert_eq!(rows.len(), 4, "{}", out.stdout);
    let a = get("storm-kerbrieuc");
    let b = get("old-link");
    let vote = get("council-vote");
    let reopened = get("gone");
    assert_eq!(a["url"], format!("{base}/2025/03/03/storm-kerbrieuc.html"));
    // The redirect's end is the article's URL.
    assert_eq!(b["url"], format!("{base}/2025/03/04/kerbrieuc-storm.html"));
    assert_eq!(a["outlet"], "the harbour post");
    assert_eq!(a["published"], "2025-03-03T21:40:00");
    assert_eq!(a["path"], format!("{feed_url}#1"));
    assert_eq!(a["event"], b["event"]);
    assert_ne!(a["event"], vote["event"]);
    assert_eq!(reopened["url"], format!("{base}/gone.html"));
    assert_eq!(reopened["outlet"], "harbour wire");

    // A second run: the same output, from the cache, without a request.
    let before = asked.lock().unwrap().len();
    let again = storyline(
        dir.path(),
        ["fetch", feed_url.as_str(), "--format", "jsonl"],
    );
    assert_eq!(again.stdout, out.stdout);
    let after: Vec<String> = asked.lock().unwrap()[before..].to_vec();
    // Only the page that failed is asked for again (robots.txt first).
    assert_eq!(after, ["/robots.txt", "/gone.html"]);

    // `extract` takes a URL.
    let url = format!("{base}/old-link");
    let page = storyline(dir.path(), ["extract", url.as_str(), "--format", "json"]);
    assert_eq!(page.code, 0, "{}", page.stderr);
    let got: serde_json::Value = serde_json::from_str(&page.stdout).expect("JSON");
    assert_eq!(got["title"], "Kerbrieuc storm leaves one dead");
    assert_eq!(
        got["url"],
        format!("{base}/2025/03/04/kerbrieuc-storm.html")
    );
    assert!(got["body"].as_str().unwrap().contains("150 kilometres"));

    // `ingest` takes the feed's URL: its items, with their pages, go into
    // the data directory; a second ingest adds nothing.
    let data = dir.path().join("data");
    let d = data.display().to_string();
    let stored = storyline(dir.path(), ["ingest", feed_url.as_str(), "--data", &d]);
    assert_eq!(stored.code, 3, "{}", stored.stderr);
    assert!(
        stored.stderr.contains("4 articles added"),
        "{}",
        stored.stderr
    );
    let events = storyline(dir.path(), ["events", "--format", "json", "--data", &d]);
    let events: serde_json::Value = serde_json::from_str(&events.stdout).expect("JSON");
    // The same events as `fetch` found.
    let fetched: std::collections::BTreeSet<&str> =
        rows.iter().map(|r| r["event"].as_str().unwrap()).collect();
    assert_eq!(events.as_array().unwrap().len(), fetched.len(), "{events}");
    assert_eq!(
        events[0]["articles"].as_array().unwrap().len(),
        3,
        "{events}"
    );
    let again = storyline(dir.path(), ["ingest", feed_url.as_str(), "--data", &d]);
    assert!(
        again.stderr.contains("0 articles added, 4 already stored"),
        "{}",
        again.stderr
    );
}

#[test]
fn fetch_follows_an_opml_list_and_names_a_broken_feed() {
    let one = format!(
        r#"<rss version="2.0"><channel><title>One</title>{}</channel></rss>"#,
        item(
            "Storm kills fisherman in Kerbrieuc",
            "BASE/a/storm.html",
            "Mon, 03 Mar 2025 21:40:00 GMT",
            ""
        )
    );
    // The same article again, and one more.
    let two = r#"<feed xmlns="http://www.w3.org/2005/Atom"><title>Two</title>
        <entry><title>Storm again</title><link href="BASE/a/storm.html"/><id>1</id>
        <updated>2025-03-03T22:00:00Z</updated></entry>
        <entry><title>Vote</title><link href="BASE/b/vote.html"/><id>2</id>
        <updated>2025-03-05T18:00:00Z</updated></entry></feed>"#
        .to_string();
    let list = r#"<opml version="2.0"><body>
        <outline xmlUrl="BASE/one.xml"/><outline xmlUrl="BASE/two.atom"/>
        <outline xmlUrl="BASE/broken.xml"/></body></opml>"#;
    let mut routes: HashMap<String, Route> = HashMap::new();
    routes.insert(
        "/list.opml".into(),
        (200, "text/x-opml", list.into(), vec![]),
    );
    routes.insert("/one.xml".into(), (200, "application/rss+xml", one, vec![]));
    routes.insert(
        "/two.atom".into(),
        (200, "application/atom+xml", two, vec![]),
    );
    routes.insert(
        "/broken.xml".into(),
        (200, "text/xml", "<rss><channel><item>".into(), vec![]),
    );
    routes.insert(
        "/a/storm.html".into(),
        (
            200,
            "text/html",
            page("Storm", "BASE/a/storm.html", &STORM),
            vec![],
        ),
    );
    routes.insert(
        "/b/vote.html".into(),
        (
            200,
            "text/html",
            page("Vote", "BASE/b/vote.html", &VOTE),
            vec![],
        ),
    );
    let (base, asked) = serve(routes);
    let dir = empty_dir();
    let list_url = format!("{base}/list.opml");
    let out = storyline(
        dir.path(),
        ["fetch", list_url.as_str(), "--format", "jsonl"],
    );
    assert_eq!(out.code, 3, "{}", out.stderr);
    let rejected: Vec<&str> = out
        .stderr
        .lines()
        .filter(|l| l.starts_with("rejected: "))
        .collect();
    assert_eq!(rejected.len(), 1, "{}", out.stderr);
    assert!(
        rejected[0].starts_with(&format!("rejected: {base}/broken.xml: not a feed")),
        "{}",
        rejected[0]
    );
    let ids: Vec<String> = out
        .stdout
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).expect("JSON")["id"].to_string())
        .collect();
    assert_eq!(ids, ["\"storm\"", "\"vote\""]);
    let asked = asked.lock().unwrap();
    assert_eq!(asked.iter().filter(|p| *p == "/a/storm.html").count(), 1);
}
