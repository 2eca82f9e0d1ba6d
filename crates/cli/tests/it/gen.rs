//! `storyline gen`: synthetic corpora that are reproducible, shaped like
//! news, and readable by the engine.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use serde_json::Value;

use crate::{empty_dir, samples, seeds, shared, storyline};

/// Writes word lists made of the words of real articles (the shared data
/// and the samples), under the names Debian gives its lists.
fn word_lists(dir: &Path) {
    let words_of = |paths: Vec<std::path::PathBuf>| -> String {
        let mut words = HashSet::new();
        for path in paths {
            let text = std::fs::read_to_string(&path).expect("a readable article");
            for w in text.split(|c: char| !c.is_alphabetic()) {
                words.insert(w.to_string());
            }
        }
        let mut words: Vec<String> = words.into_iter().collect();
        words.sort();
        words.join("\n")
    };
    let files = |dir: &Path, keep: &dyn Fn(&str) -> bool| {
        std::fs::read_dir(dir)
            .expect("a folder")
            .map(|e| e.expect("an entry").path())
            .filter(|p| keep(&p.file_name().unwrap().to_string_lossy()))
            .collect::<Vec<_>>()
    };
    let english = files(&shared().join("data/news-cluster-en"), &|n| {
        n.ends_with(".json")
    });
    let mut french = files(&seeds(), &|n| n.ends_with(".txt"));
    french.extend(files(&samples().join("articles"), &|n| n.contains("-fr-")));
    std::fs::write(dir.join("american-english"), words_of(english)).unwrap();
    std::fs::write(dir.join("french"), words_of(french)).unwrap();
}

/// An empty folder holding only `dict/` with the word lists, and the path
/// of `dict/`.
fn work_with_word_lists() -> (tempfile::TempDir, std::path::PathBuf) {
    let work = empty_dir();
    let words = work.path().join("dict");
    std::fs::create_dir(&words).unwrap();
    word_lists(&words);
    (work, words)
}

fn lines(dir: &Path) -> Vec<Value> {
    let text = std::fs::read_to_string(dir.join("articles-0000.jsonl")).expect("a corpus file");
    text.lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object a line"))
        .collect()
}

#[test]
fn the_same_seed_gives_the_same_corpus_and_another_seed_another() {
    let (work, words) = work_with_word_lists();
    let gen = |seed: &str, out: &str| {
        let run = storyline(
            work.path(),
            [
                "gen",
                "--articles",
                "600",
                "--langs",
                "fr,en",
                "--seed",
                seed,
                "--out",
                out,
            ]
            .into_iter()
            .chain(["--words", words.to_str().unwrap()]),
        );
        assert_eq!(run.code, 0, "{}", run.stderr);
        std::fs::read_to_string(work.path().join(out).join("articles-0000.jsonl")).unwrap()
    };
    let (a, b, c) = (gen("5", "a"), gen("5", "b"), gen("6", "c"));
    assert_eq!(a, b);
    assert_ne!(a, c);
}

#[test]
fn a_corpus_is_shaped_like_news_and_the_engine_finds_its_events() {
    let (work, words) = work_with_word_lists();
    let out = work.path().join("corpus");
    let run = storyline(
        work.path(),
        [
            "gen",
            "--articles",
            "1500",
            "--events",
            "120",
            "--langs",
            "fr,en",
            "--seed",
            "3",
        ]
        .into_iter()
        .chain([
            "--words",
            words.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ]),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let articles = lines(&out);
    assert_eq!(articles.len(), 1500);
    let labels = std::fs::read_to_string(out.join("labels.tsv")).unwrap();
    assert_eq!(
        labels.lines().count(),
        1501,
        "a header and one line per article"
    );

    let field = |a: &Value, k: &str| a[k].as_str().map(str::to_string);
    let by_id: HashMap<String, &Value> = articles
        .iter()
        .map(|a| (field(a, "id").unwrap(), a))
        .collect();
    let dates: Vec<String> = articles.iter().map(|a| field(a, "date").unwrap()).collect();
    assert!(dates.windows(2).all(|w| w[0] <= w[1]), "publication order");
    let events: HashSet<String> = articles
        .iter()
        .map(|a| field(a, "event").unwrap())
        .collect();
    assert_eq!(events.len(), 120, "every event has an article");
    let mut sizes: HashMap<String, usize> = HashMap::new();
    for a in &articles {
        *sizes.entry(field(a, "event").unwrap()).or_default() += 1;
    }
    let largest = *sizes.values().max().unwrap();
    assert!(
        largest >= 30,
        "a long tail of event sizes: the largest has {largest}"
    );
    let langs: HashSet<String> = articles.iter().map(|a| field(a, "lang").unwrap()).collect();
    assert_eq!(langs.len(), 2);
    let mean_bytes = articles
        .iter()
        .map(|a| field(a, "text").unwrap().len())
        .sum::<usize>()
        / 1500;
    assert!(
        (2400..3600).contains(&mean_bytes),
        "about 3 KB: {mean_bytes}"
    );

    // Wire copies: an earlier article of the same event and language, on
    // another outlet, with most of its text.
    let copies: Vec<&Value> = articles
        .iter()
        .filter(|a| !a["copy_of"].is_null())
        .collect();
    assert!(copies.len() > 100, "{} copies", copies.len());
    for copy in &copies {
        let original = by_id[&field(copy, "copy_of").unwrap()];
        assert!(field(original, "date") <= field(copy, "date"));
        for same in ["event", "lang"] {
            assert_eq!(field(original, same), field(copy, same));
        }
        assert_ne!(field(original, "source"), field(copy, "source"));
        let words = |a: &Value| -> HashSet<String> {
            field(a, "text")
                .unwrap()
                .split(' ')
                .map(str::to_string)
                .collect()
        };
        let shared = words(copy).intersection(&words(original)).count();
        assert!(shared * 2 > words(copy).len(), "a light rewrite");
    }

    // The engine reads the corpus as it is and finds most of its events.
    let eval = storyline(
        work.path(),
        [
            "eval",
            out.to_str().unwrap(),
            "--gold",
            out.join("labels.tsv").to_str().unwrap(),
        ]
        .into_iter()
        .chain(["--format", "json"]),
    );
    assert_eq!(eval.code, 0, "{}", eval.stderr);
    let report: Value = serde_json::from_str(&eval.stdout).unwrap();
    let f1 = report["event"]["bcubed"]["f1"].as_f64().unwrap();
    assert!(f1 > 0.8, "event BCubed F1 {f1}");
}

#[test]
fn a_missing_word_list_names_the_package_to_install() {
    let work = empty_dir();
    let run = storyline(
        work.path(),
        [
            "gen",
            "--articles",
            "10",
            "--langs",
            "de",
            "--out",
            "x",
            "--words",
            ".",
        ],
    );
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("wamerican"), "{}", run.stderr);
    assert!(!work.path().join("x").exists(), "nothing written");
}

#[test]
fn bench_reports_the_median_of_its_runs_and_their_range() {
    let (work, words) = work_with_word_lists();
    let run = storyline(
        work.path(),
        [
            "bench",
            "--articles",
            "800",
            "--langs",
            "fr,en",
            "--stages",
            "cluster",
            "--runs",
            "3",
            "--format",
            "json",
            "--words",
            words.to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stderr.matches("bench: cluster 800:").count(), 3);
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    let measures = report.as_array().expect("one measure a stage and size");
    assert_eq!(measures.len(), 1);
    let m = &measures[0];
    assert_eq!(
        (m["stage"].as_str(), m["articles"].as_u64()),
        (Some("cluster"), Some(800))
    );
    assert_eq!(m["runs"].as_u64(), Some(3));
    let speed = |k: &str| m[k].as_f64().unwrap();
    assert!(speed("articles_per_second_min") <= speed("articles_per_second"));
    assert!(speed("articles_per_second") <= speed("articles_per_second_max"));
    assert!(m["event_bcubed_f1"].as_f64().unwrap() > 0.8);
}
