//! HTML pages: `extract` shows one page's parts, `cluster` reads pages among
//! other articles (gzipped or not), and `eval-extract` scores bodies with the
//! benchmark's rule, going on past a broken page.

use std::fs;
use std::io::Write;
use std::path::Path;

use crate::{empty_dir, shared, storyline};

pub(crate) fn page(title: &str, url: &str, paragraphs: &[&str]) -> String {
    let body: String = paragraphs.iter().map(|p| format!("<p>{p}</p>\n")).collect();
    format!(
        r#"<!doctype html><html lang="en"><head><title>{title} | The Harbour Post</title>
<meta property="og:title" content="{title}">
<meta property="og:site_name" content="The Harbour Post">
<link rel="canonical" href="{url}">
<meta name="author" content="Jane Roe">
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<article><h1>{title}</h1>
{body}</article>
<footer>Copyright 2025 The Harbour Post. All rights reserved.</footer>
</body></html>"#
    )
}

pub(crate) const STORM: [&str; 3] = [
    "A violent storm hit the Breton port of Kerbrieuc on Monday night, killing one fisherman and injuring two others, the prefecture said.",
    "Winds of up to 150 kilometres an hour tore roofs off houses along the harbour and flooded the lower town, where firefighters evacuated two hundred residents.",
    "The mayor of Kerbrieuc, Anne Le Goff, said the town would ask the government for emergency aid as soon as the damage had been counted.",
];

fn gzip(path: &Path, text: &str) {
    let mut gz = flate2::write::GzEncoder::new(
        fs::File::create(path).expect("a file"),
        flate2::Compression::default(),
    );
    gz.write_all(text.as_bytes()).expect("written");
    gz.finish().expect("finished");
}

#[test]
fn extract_shows_the_parts_of_a_page() {
    let dir = empty_dir();
    let file = dir.path().join("storm.html");
    let url = "https://harbour-post.example/2025/03/03/storm-kerbrieuc";
    fs::write(
        &file,
        page("Storm kills fisherman in Kerbrieuc", url, &STORM),
    )
    .unwrap();
    let out = storyline(dir.path(), ["extract", "storm.html", "--format", "json"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let got: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON");
    assert_eq!(got["title"], "Storm kills fisherman in Kerbrieuc");
    assert_eq!(got["published"], "2025-03-03");
    assert_eq!(got["authors"], serde_json::json!(["Jane Roe"]));
    assert_eq!(got["outlet"], "The Harbour Post");
    assert_eq!(got["domain"], "harbour-post.example");
    assert_eq!(got["url"], url);
    assert_eq!(got["lang"], "en");
    let body = got["body"].as_str().expect("a body");
    assert!(body.contains("emergency aid") && body.contains("150 kilometres"));
    assert!(!body.contains("All rights reserved") && !body.contains("Sport"));
}

#[test]
fn cluster_reads_pages_and_names_broken_ones() {
    let dir = empty_dir();
    let d = dir.path();
    fs::write(
        d.join("a.html"),
        page(
            "Storm kills fisherman in Kerbrieuc",
            "https://harbour-post.example/2025/03/03/a",
            &STORM,
        ),
    )
    .unwrap();
    let rewrite: Vec<String> = STORM
        .iter()
        .map(|p| p.replace("said", "reported"))
        .collect();
    let rewrite: Vec<&str> = rewrite.iter().map(String::as_str).collect();
    gzip(
        &d.join("b.html.gz"),
        &page(
            "Kerbrieuc storm leaves one dead",
            "https://coast-news.example/2025/03/04/b",
            &rewrite,
        ),
    );
    fs::write(d.join("broken.html.gz"), b"not gzip at all").unwrap();
    fs::write(
        d.join("menu.htm"),
        "<html><body><nav>Home</nav></body></html>",
    )
    .unwrap();
    let out = storyline(d, ["cluster", ".", "--format", "jsonl"]);
    assert_eq!(out.code, 3, "{}", out.stderr);
    assert!(
        out.stderr.contains("broken.html.gz: not valid gzip"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("menu.htm"), "{}", out.stderr);
    let rows: Vec<serde_json::Value> = out
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON"))
        .collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["id"], "a");
    assert_eq!(rows[1]["id"], "b");
    assert_eq!(rows[0]["event"], rows[1]["event"]);
    assert_eq!(rows[1]["published"], "2025-03-04");
}

#[test]
fn eval_extract_scores_bodies_and_goes_on_past_bad_pages() {
    let dir = empty_dir();
    let d = dir.path();
    fs::write(
        d.join("one.html"),
        page("Storm", "https://x.example/one", &STORM),
    )
    .unwrap();
    fs::write(d.join("two.html.gz"), b"broken").unwrap();
    let gold = serde_json::json!({
        "one": {"url": "https://x.example/one", "articleBody": STORM.join("\n")},
        "two": {"url": "https://x.example/two", "articleBody": "Some body that was never extracted here."},
    });
    fs::write(d.join("gold.json"), gold.to_string()).unwrap();
    let out = storyline(
        d,
        [
            "eval-extract",
            ".",
            "--gold",
            "gold.json",
            "--format",
            "json",
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stderr.contains("two.html.gz"), "{}", out.stderr);
    let got: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON");
    assert_eq!(got["pages"], 2);
    assert_eq!(got["no_article"], 1);
    // Page one is exact; page two extracted nothing (recall 0, no precision).
    assert_eq!(got["precision"], 1.0);
    assert_eq!(got["recall"], 0.5);
    assert_eq!(got["rs_trafilatura"]["no_article"], 1);
    assert_eq!(got["rs_trafilatura"]["recall"], 0.5);
}

#[test]
fn eval_extract_on_the_benchmark_keeps_its_level() {
    let bench = shared().join("data/extraction-benchmark");
    let out = storyline(
        &bench,
        [
            "eval-extract",
            "html",
            "--gold",
            "ground-truth.json",
            "--format",
            "json",
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let got: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON");
    assert_eq!(got["pages"], 131);
    let f1 = got["f1"].as_f64().expect("F1");
    assert!(f1 >= 0.958, "body F1 fell to {f1}");
    // Measured in the same run, rs-trafilatura alone must not do better.
    let alone = got["rs_trafilatura"]["f1"].as_f64().expect("F1 alone");
    assert!(
        f1 > alone,
        "Storyline {f1} against rs-trafilatura alone {alone}"
    );
}
