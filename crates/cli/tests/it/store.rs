//! The data directory through the binary: `ingest` in one run, in several or
//! article by article gives the same events and stories; a repeat is a
//! reported no-op; kill -9 at any moment loses and doubles nothing; search,
//! listings, `show` and `check` read it; foreign files are refused.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use serde_json::Value;

use crate::{empty_dir, seeds, shared, storyline, Output};

fn news() -> PathBuf {
    shared().join("data/news-cluster-en")
}

fn ingest(data: &Path, paths: &[&Path]) -> Output {
    let mut args: Vec<String> = vec!["ingest".into(), "--data".into(), data.display().to_string()];
    args.extend(paths.iter().map(|p| p.display().to_string()));
    let out = storyline(data.parent().unwrap(), args);
    assert_eq!(out.code, 0, "{}", out.stderr);
    out
}

fn json(data: &Path, args: &[&str]) -> Value {
    let mut all: Vec<&str> = args.to_vec();
    let d = data.display().to_string();
    all.extend(["--format", "json", "--data", &d]);
    let out = storyline(data.parent().unwrap(), all);
    assert_eq!(out.code, 0, "{}", out.stderr);
    serde_json::from_str(&out.stdout).expect("JSON output")
}

fn ids(v: &Value) -> BTreeSet<String> {
    v.as_array()
        .expect("an array")
        .iter()
        .map(|s| s.as_str().expect("an id").to_string())
        .collect()
}

/// The grouping of articles into events and of events' articles into
/// stories, whatever the ids of events and stories.
fn partition(data: &Path) -> (BTreeSet<BTreeSet<String>>, BTreeSet<BTreeSet<String>>) {
    let group = |v: Value| -> BTreeSet<BTreeSet<String>> {
        v.as_array()
            .expect("an array")
            .iter()
            .map(|item| ids(&item["articles"]))
            .collect()
    };
    (
        group(json(data, &["events"])),
        group(json(data, &["stories"])),
    )
}

/// The seed files in the order `cluster` places them (publication order).
fn seeds_in_order() -> Vec<PathBuf> {
    let out = storyline(&seeds(), ["cluster", ".", "--format", "jsonl"]);
    out.stdout
        .lines()
        .map(|l| {
            let v: Value = serde_json::from_str(l).unwrap();
            seeds().join(v["path"].as_str().unwrap())
        })
        .collect()
}

#[test]
fn one_run_two_runs_or_one_article_at_a_time_give_the_same_events() {
    let tmp = empty_dir();
    let (news, seeds) = (news(), seeds());
    let one = tmp.path().join("one");
    ingest(&one, &[&news, &seeds]);
    let expected = partition(&one);
    assert!(expected.0.len() > 60, "{} events", expected.0.len());
    // The seeds come out right in the mix: four in one event, one apart.
    let seed_events: Vec<usize> = expected
        .0
        .iter()
        .map(|e| e.iter().filter(|a| a.contains('_')).count())
        .filter(|n| *n > 0)
        .collect();
    assert_eq!(seed_events.len(), 2, "{seed_events:?}");

    let two = tmp.path().join("two");
    ingest(&two, &[&news]);
    let second = ingest(&two, &[&seeds]);
    assert!(
        second.stderr.contains("5 articles added"),
        "{}",
        second.stderr
    );
    assert_eq!(partition(&two), expected);

    // The seeds first: the news set is then all late, and still placed as
    // in one run.
    let late = tmp.path().join("late");
    ingest(&late, &[&seeds]);
    ingest(&late, &[&news]);
    assert_eq!(partition(&late), expected);

    let single = tmp.path().join("single");
    ingest(&single, &[&news]);
    for seed in seeds_in_order() {
        ingest(&single, &[&seed]);
    }
    assert_eq!(partition(&single), expected);
}

#[test]
fn ingesting_again_is_a_reported_no_op() {
    let tmp = empty_dir();
    let data = tmp.path().join("data");
    ingest(&data, &[&seeds()]);
    let before = partition(&data);
    let again = ingest(&data, &[&seeds()]);
    assert!(
        again.stderr.contains("0 articles added, 5 already stored"),
        "{}",
        again.stderr
    );
    // The same text under another name is the same article.
    let copy = tmp.path().join("copy");
    std::fs::create_dir(&copy).unwrap();
    let first = std::fs::read_dir(seeds())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "txt"))
        .unwrap();
    std::fs::copy(&first, copy.join("renamed.txt")).unwrap();
    let renamed = ingest(&data, &[&copy]);
    assert!(
        renamed.stderr.contains("1 already stored"),
        "{}",
        renamed.stderr
    );
    assert_eq!(partition(&data), before);
}

#[test]
fn search_stems_each_language_and_groups_by_event() {
    let tmp = empty_dir();
    let data = tmp.path().join("data");
    ingest(&data, &[&seeds()]);
    let found = |query: &str| -> BTreeSet<String> {
        json(&data, &["search", query])
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|g| g["hits"].as_array().unwrap().iter())
            .map(|h| h[0]["id"].as_str().unwrap()[..3].to_string())
            .collect()
    };
    let names_him: BTreeSet<String> = ["000", "001", "003"].map(String::from).into();
    assert_eq!(found("Ouchakov"), names_him);
    // Seed 002 writes only "négociations".
    assert!(found("négociation").contains("002"));
    assert!(found("negociation").contains("002"), "accents are optional");
    assert!(found("\"Vladimir Poutine\"").len() >= 2);
    assert!(found("Ouchakov zzyzx").is_empty());
    let groups = json(&data, &["search", "Ouchakov"]);
    let events: BTreeSet<&str> = groups
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["event"]["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        events.len(),
        2,
        "000 and 001 share an event, 003 has its own"
    );
    let d = data.display().to_string();
    let english = storyline(
        tmp.path(),
        ["search", "Ouchakov", "--lang", "en", "--data", &d],
    );
    assert_eq!(english.stdout, "");
    let bad = storyline(tmp.path(), ["search", "\"unclosed", "--data", &d]);
    assert_ne!(bad.code, 0);
    assert!(bad.stderr.contains("query"), "{}", bad.stderr);
}

#[test]
fn listings_filter_and_show_reads_one_item() {
    let tmp = empty_dir();
    let data = tmp.path().join("data");
    ingest(&data, &[&seeds()]);
    let events = json(&data, &["events"]);
    let first = &events[0];
    for key in ["id", "story", "title", "start", "end", "articles"] {
        assert!(first.get(key).is_some(), "{key} missing in {first}");
    }
    assert_eq!(first["start"], "2021-12-30");
    let count = |args: &[&str]| json(&data, args).as_array().unwrap().len();
    assert_eq!(count(&["events", "--since", "2022-01-01"]), 0);
    assert_eq!(count(&["events", "--until", "2021-12-29"]), 0);
    assert_eq!(count(&["events", "--lang", "en"]), 0);
    assert_eq!(
        count(&["events", "--lang", "fr", "--since", "2021-12-30"]),
        1
    );
    assert_eq!(count(&["events", "--outlet", "fr.sputniknews.com"]), 1);
    assert_eq!(count(&["stories"]), 1);
    let id = first["id"].as_str().unwrap();
    let shown = json(&data, &["show", id]);
    assert_eq!(ids(&shown["articles"]), ids(&first["articles"]));
    assert_eq!(shown["items"].as_array().unwrap().len(), 4);
    let story = json(&data, &["show", "s0"]);
    assert_eq!(story["items"].as_array().unwrap().len(), 2);
    let article = first["articles"][0].as_str().unwrap();
    let shown = json(&data, &["show", article]);
    assert!(shown["body"].as_str().unwrap().len() > 500);
    let d = data.display().to_string();
    let missing = storyline(tmp.path(), ["show", "e999", "--data", &d]);
    assert_eq!(missing.code, 1);
    assert!(missing.stderr.contains("e999"), "{}", missing.stderr);
}

#[test]
fn check_finds_what_is_wrong() {
    let tmp = empty_dir();
    let data = tmp.path().join("data");
    ingest(&data, &[&seeds()]);
    let d = data.display().to_string();
    let ok = storyline(tmp.path(), ["check", "--data", &d]);
    assert_eq!(ok.code, 0, "{}{}", ok.stdout, ok.stderr);
    assert!(ok.stdout.contains("ok (5 articles)"), "{}", ok.stdout);
    {
        let db = rusqlite::Connection::open(data.join("store.db")).unwrap();
        db.pragma_update(None, "foreign_keys", "OFF").unwrap();
        db.execute("DELETE FROM events WHERE id = 1", []).unwrap();
    }
    let bad = storyline(tmp.path(), ["check", "--data", &d]);
    assert_eq!(bad.code, 1);
    assert!(
        bad.stdout.contains("1 articles in no known event"),
        "{}",
        bad.stdout
    );
}

#[test]
fn a_foreign_file_is_refused_and_left_untouched() {
    let tmp = empty_dir();
    let data = tmp.path().join("data");
    std::fs::create_dir(&data).unwrap();
    let junk = b"these are somebody's notes, not a database".repeat(100);
    std::fs::write(data.join("store.db"), &junk).unwrap();
    let d = data.display().to_string();
    let s = seeds().display().to_string();
    let out = storyline(tmp.path(), ["ingest", &s, "--data", &d]);
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("not Storyline data"), "{}", out.stderr);
    assert_eq!(std::fs::read(data.join("store.db")).unwrap(), junk);
    let file = tmp.path().join("a-file");
    std::fs::write(&file, "x").unwrap();
    let f = file.display().to_string();
    let out = storyline(tmp.path(), ["ingest", &s, "--data", &f]);
    assert_eq!(out.code, 1);
    assert!(
        out.stderr.contains("not a directory") || out.stderr.contains("a file"),
        "{}",
        out.stderr
    );
    assert_eq!(std::fs::read(&file).unwrap(), b"x");
}

#[test]
fn a_second_writer_is_told_who_holds_the_store() {
    let tmp = empty_dir();
    let data = tmp.path().join("data");
    ingest(&data, &[&seeds()]);
    let holder = store::Store::open(&data, store::Mode::Write).expect("first writer");
    let d = data.display().to_string();
    let s = seeds().display().to_string();
    let out = storyline(tmp.path(), ["ingest", &s, "--data", &d]);
    assert_eq!(out.code, 1);
    let pid = format!("storyline process {}", std::process::id());
    assert!(
        out.stderr.contains("already being written") && out.stderr.contains(&pid),
        "{}",
        out.stderr
    );
    // Readers keep working while a writer holds the store.
    let events = storyline(tmp.path(), ["events", "--data", &d]);
    assert_eq!(events.code, 0, "{}", events.stderr);
    assert_eq!(events.stdout.lines().count(), 2);
    drop(holder);
}

/// A small deterministic generator, so that a failing kill schedule can be
/// replayed.
fn delays(n: usize, max_ms: u64) -> Vec<u64> {
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x % max_ms
        })
        .collect()
}

#[test]
fn kill_9_at_any_moment_loses_nothing_and_doubles_nothing() {
    let tmp = empty_dir();
    let (news, seeds) = (news(), seeds());
    let clean = tmp.path().join("clean");
    let started = std::time::Instant::now();
    ingest(&clean, &[&news, &seeds]);
    // Kills fall within the first third of the time a whole run takes: a
    // run resumed after a kill has less left to do, and on a fast build
    // most runs would end before a later kill.
    let whole = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
    let expected = partition(&clean);

    let data = tmp.path().join("killed");
    let mut killed = 0;
    for delay in delays(12, (whole / 3).clamp(20, 2500)) {
        let mut child = Command::new(env!("CARGO_BIN_EXE_storyline"))
            .args(["ingest", "--data"])
            .arg(&data)
            .arg(&news)
            .arg(&seeds)
            .env_remove("RUST_LOG")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("the binary starts");
        std::thread::sleep(Duration::from_millis(delay));
        if child.try_wait().unwrap().is_none() {
            child.kill().expect("SIGKILL");
            killed += 1;
        }
        child.wait().unwrap();
    }
    assert!(killed >= 6, "only {killed} runs were cut short");
    let last = ingest(&data, &[&news, &seeds]);
    assert!(last.stderr.contains("388 articles in"), "{}", last.stderr);
    assert_eq!(partition(&data), expected);
    let d = data.display().to_string();
    let check = storyline(tmp.path(), ["check", "--data", &d]);
    assert_eq!(check.code, 0, "{}", check.stdout);
}

#[test]
fn progress_away_from_a_terminal_is_plain_lines_with_rate_and_time_left() {
    let tmp = empty_dir();
    let data = tmp.path().join("data");
    let d = data.display().to_string();
    let news = news().display().to_string();
    let args = ["ingest", "--data", d.as_str(), news.as_str()];
    let out = crate::storyline_with(tmp.path(), args, &[("STORYLINE_PROGRESS_SECS", "0")]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    // Articles are stored by batches of 256: the 383 of the data set make two
    // lines, the first after one batch.
    let lines: Vec<&str> = out
        .stderr
        .lines()
        .filter(|l| l.starts_with("ingest: "))
        .collect();
    assert_eq!(lines.len(), 2, "{}", out.stderr);
    let first = lines[0];
    assert!(first.starts_with("ingest: 256/383 articles, "), "{first}");
    assert!(first.ends_with(" s left"), "{first}");
    let rate: f64 = first
        .split(", ")
        .nth(1)
        .and_then(|r| r.strip_suffix("/s"))
        .and_then(|r| r.parse().ok())
        .unwrap_or_else(|| panic!("a rate in {first}"));
    assert!(rate > 0.0);
    assert!(
        lines[1].starts_with("ingest: 383/383 articles, "),
        "{}",
        lines[1]
    );

    // Lines are written at the interval asked for (5 s by default), so an
    // ingest shorter than that writes none.
    let again = tmp.path().join("again");
    let a = again.display().to_string();
    let args = ["ingest", "--data", a.as_str(), news.as_str()];
    let quiet = crate::storyline_with(tmp.path(), args, &[("STORYLINE_PROGRESS_SECS", "3600")]);
    assert!(!quiet.stderr.contains("ingest: "), "{}", quiet.stderr);
}
