//! `storyline cluster`: the seed articles land in the right events and
//! stories, the output formats hold what they promise, and runs repeat
//! byte for byte.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::{empty_dir, samples, seeds, shared, storyline, storyline_with, Output};

/// The JSON Lines output, one object a line.
fn parse_jsonl(stdout: &str) -> Vec<serde_json::Map<String, Value>> {
    stdout
        .lines()
        .map(|line| match serde_json::from_str(line) {
            Ok(Value::Object(object)) => object,
            other => panic!("not a JSON object: {line:?} ({other:?})"),
        })
        .collect()
}

fn field<'a>(line: &'a serde_json::Map<String, Value>, key: &str) -> &'a str {
    line.get(key)
        .and_then(Value::as_str)
        .unwrap_or_else(|| panic!("no string `{key}` in {line:?}"))
}

/// `cluster SEEDS --format jsonl`, run from an empty folder; it must succeed.
fn seeds_jsonl() -> Output {
    let dir = empty_dir();
    let out = storyline(
        dir.path(),
        [
            "cluster".as_ref(),
            seeds().as_os_str(),
            "--format".as_ref(),
            "jsonl".as_ref(),
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    out
}

#[test]
fn seeds_form_one_story_of_two_events() {
    let out = seeds_jsonl();
    assert_eq!(out.stderr, "");
    let lines = parse_jsonl(&out.stdout);
    assert_eq!(lines.len(), 5, "{}", out.stdout);

    // The id's prefix (`000`) names the seed.
    let by_seed: BTreeMap<&str, &serde_json::Map<String, Value>> = lines
        .iter()
        .map(|l| (field(l, "id").split('_').next().expect("a prefix"), l))
        .collect();
    let seeds: Vec<&str> = by_seed.keys().copied().collect();
    assert_eq!(seeds, ["000", "001", "002", "003", "004"]);
    let event = |seed: &str| field(by_seed[seed], "event");
    let story = |seed: &str| field(by_seed[seed], "story");

    for seed in ["001", "002", "004"] {
        assert_eq!(event(seed), event("000"), "seed {seed} in the 30 Dec event");
    }
    assert_ne!(
        event("003"),
        event("000"),
        "the 7 Dec call is another event"
    );
    for seed in ["001", "002", "003", "004"] {
        assert_eq!(story(seed), story("000"), "seed {seed} in the one story");
    }
}

#[test]
fn jsonl_lines_have_every_key() {
    let out = seeds_jsonl();
    for line in parse_jsonl(&out.stdout) {
        for key in [
            "id",
            "path",
            "title",
            "lang",
            "published",
            "event",
            "story",
            "copy_of",
        ] {
            assert!(line.contains_key(key), "no `{key}` in {line:?}");
        }
        let path = field(&line, "path");
        assert!(
            path.ends_with(&format!("{}.txt", field(&line, "id"))),
            "the path {path} names the file"
        );
    }
}

/// Runs in `../shared` with the relative path `seeds`, so that the paths in
/// the output (and the snapshots) are the same on every machine.
fn cluster_seeds(format: &str) -> String {
    let out = storyline(&shared(), ["cluster", "seeds", "--format", format]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    out.stdout
}

#[test]
fn seeds_as_text() {
    insta::assert_snapshot!(cluster_seeds("text"));
}

#[test]
fn seeds_as_jsonl() {
    insta::assert_snapshot!(cluster_seeds("jsonl"));
}

#[test]
fn runs_are_byte_identical() {
    let dir = empty_dir();
    let (seeds, articles) = (seeds(), samples().join("articles"));
    for format in ["jsonl", "text"] {
        let args = [
            "cluster".as_ref(),
            seeds.as_os_str(),
            articles.as_os_str(),
            "--format".as_ref(),
            format.as_ref(),
        ];
        let first = storyline(dir.path(), args);
        assert_eq!(first.code, 0, "{}", first.stderr);
        if format == "jsonl" {
            // 5 seeds and 19 sample articles: a run that read nothing
            // cannot pass for a deterministic one.
            assert_eq!(first.stdout.lines().count(), 24, "{}", first.stdout);
        }
        let second = storyline(dir.path(), args);
        assert_eq!(first.stdout, second.stdout, "two runs differ ({format})");
        // Reading and analysis run in parallel; the thread count must not
        // change the result.
        let one_thread = storyline_with(dir.path(), args, &[("RAYON_NUM_THREADS", "1")]);
        assert_eq!(
            first.stdout, one_thread.stdout,
            "one thread and many differ ({format})"
        );
    }
}

#[test]
fn a_usage_error_exits_2() {
    let dir = empty_dir();
    let out = storyline(dir.path(), ["cluster"]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert_eq!(out.stdout, "");
}
