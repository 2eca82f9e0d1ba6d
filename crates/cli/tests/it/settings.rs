//! Settings files: `./storyline.toml` is read when present, `--config FILE`
//! names another, and a mistake in either stops the run naming the file.

use std::fs;

use crate::{empty_dir, seeds, storyline};

fn cluster_seeds(dir: &std::path::Path, extra: &[&str]) -> crate::Output {
    let seeds = seeds();
    let mut args = vec!["cluster", seeds.to_str().expect("a UTF-8 path")];
    args.extend_from_slice(&["--format", "jsonl"]);
    args.extend_from_slice(extra);
    storyline(dir, args)
}

#[test]
fn an_unknown_key_in_storyline_toml_is_an_error() {
    let dir = empty_dir();
    fs::write(
        dir.path().join("storyline.toml"),
        "[cluster]\nthreshhold = 0.5\n",
    )
    .unwrap();
    let out = cluster_seeds(dir.path(), &[]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert_eq!(out.stdout, "");
    assert!(out.stderr.contains("storyline.toml"), "{}", out.stderr);
    assert!(out.stderr.contains("threshhold"), "{}", out.stderr);
}

#[test]
fn an_unknown_section_in_a_config_file_is_an_error() {
    let dir = empty_dir();
    let file = dir.path().join("tuned.toml");
    fs::write(&file, "[clusters]\nthreshold = 0.5\n").unwrap();
    let out = cluster_seeds(dir.path(), &["--config", "tuned.toml"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.stderr.contains("tuned.toml"), "{}", out.stderr);
}

#[test]
fn a_missing_config_file_is_an_error() {
    let dir = empty_dir();
    let out = cluster_seeds(dir.path(), &["--config", "nowhere.toml"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.stderr.contains("nowhere.toml"), "{}", out.stderr);
}

#[test]
fn storyline_toml_is_applied() {
    let dir = empty_dir();
    let default = cluster_seeds(dir.path(), &[]);
    assert_eq!(default.code, 0, "{}", default.stderr);
    // No two articles are this similar: every seed opens its own event.
    fs::write(
        dir.path().join("storyline.toml"),
        "[cluster]\nthreshold = 2.0\n",
    )
    .unwrap();
    let strict = cluster_seeds(dir.path(), &[]);
    assert_eq!(strict.code, 0, "{}", strict.stderr);
    let events = |stdout: &str| {
        stdout
            .lines()
            .map(|l| {
                let v: serde_json::Value = serde_json::from_str(l).expect("JSON");
                v["event"].as_str().expect("an event").to_string()
            })
            .collect::<std::collections::BTreeSet<_>>()
            .len()
    };
    assert_eq!(events(&default.stdout), 2);
    assert_eq!(events(&strict.stdout), 5);
}
