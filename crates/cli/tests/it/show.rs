//! `storyline show` on stored events: the comparison of the seeds' 30
//! December event holds what issue 5 asks (troop counts in conflict, the
//! call's length agreed, the January meetings, one Ushakov, the quotes'
//! speakers), and snapshots of the text output on the seeds and on three
//! English events of news-cluster-en, chosen by their gold labels.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde_json::Value;

use crate::{empty_dir, seeds, shared, storyline};

fn ingest(data: &Path, path: &Path) {
    let d = data.display().to_string();
    let p = path.display().to_string();
    let out = storyline(data.parent().unwrap(), ["ingest", "--data", &d, &p]);
    assert_eq!(out.code, 0, "{}", out.stderr);
}

fn show(data: &Path, id: &str, format: &str) -> String {
    let d = data.display().to_string();
    let out = storyline(
        data.parent().unwrap(),
        ["show", id, "--format", format, "--data", &d],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    out.stdout
}

/// The stored event holding most of `articles`.
fn event_of(data: &Path, articles: &BTreeSet<String>) -> String {
    let d = data.display().to_string();
    let out = storyline(
        data.parent().unwrap(),
        ["events", "--format", "json", "--data", &d],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let events: Value = serde_json::from_str(&out.stdout).expect("JSON");
    events
        .as_array()
        .expect("an array")
        .iter()
        .max_by_key(|e| {
            let held = e["articles"]
                .as_array()
                .expect("articles")
                .iter()
                .filter(|a| articles.contains(a.as_str().unwrap_or_default()))
                .count();
            // Most held; on ties the first event.
            (
                held,
                std::cmp::Reverse(e["id"].as_str().unwrap_or_default().to_string()),
            )
        })
        .and_then(|e| e["id"].as_str())
        .expect("an event")
        .to_string()
}

/// The seeds labelled with the 30 December call, from `labels.tsv`.
fn call_seeds() -> BTreeSet<String> {
    let labels = std::fs::read_to_string(seeds().join("labels.tsv")).expect("labels.tsv");
    labels
        .lines()
        .skip(1)
        .filter_map(|l| {
            let cols: Vec<&str> = l.split('\t').collect();
            (cols.get(1) == Some(&"biden-putin-call-2021-12-30")).then(|| cols[0].to_string())
        })
        .collect()
}

fn id_starting(ids: &BTreeSet<String>, prefix: &str) -> String {
    ids.iter()
        .find(|i| i.starts_with(prefix))
        .unwrap_or_else(|| panic!("no seed {prefix}"))
        .clone()
}

/// The facts of `kind` whose subject is `subject`.
fn facts<'a>(view: &'a Value, kind: &str, subject: &str) -> Vec<&'a Value> {
    view["facts"]
        .as_array()
        .expect("facts")
        .iter()
        .filter(|f| f["kind"] == kind && f["subject"] == subject)
        .collect()
}

/// The report of `article` in a fact.
fn report<'a>(fact: &'a Value, article: &str) -> &'a Value {
    fact["reports"]
        .as_array()
        .expect("reports")
        .iter()
        .find(|r| r["article"] == article)
        .unwrap_or_else(|| panic!("no report of {article} in {fact}"))
}

#[test]
fn the_seeds_call_compared() {
    let tmp = empty_dir();
    let data = tmp.path().join("data");
    ingest(&data, &seeds());
    let call = call_seeds();
    assert_eq!(call.len(), 4);
    let (s0, s1, s2, s4) = (
        id_starting(&call, "000_"),
        id_starting(&call, "001_"),
        id_starting(&call, "002_"),
        id_starting(&call, "004_"),
    );
    let event = event_of(&data, &call);
    let view: Value = serde_json::from_str(&show(&data, &event, "json")).expect("JSON");
    for key in [
        "entities", "quotes", "facts", "summary", "timeline", "langs", "first",
    ] {
        assert!(view.get(key).is_some(), "{key} missing");
    }

    // Troops near Ukraine: 100,000 against 60,000–90,000, in conflict.
    let troops = facts(&view, "count", "soldiers");
    assert_eq!(troops.len(), 1, "{troops:?}");
    assert_eq!(troops[0]["status"], "conflict");
    let washington = report(troops[0], &s0);
    assert_eq!(washington["value"], 100000.0);
    assert_eq!(washington["attribution"], "Selon Washington");
    let kyiv = report(troops[0], &s1);
    assert_eq!(kyiv["value"]["min"], 60000.0);
    assert_eq!(kyiv["value"]["max"], 90000.0);
    // The ~10,000 said to withdraw are another fact.
    let withdrawn = facts(&view, "count", "soldiers, withdrawn");
    assert_eq!(withdrawn.len(), 1);
    assert_eq!(report(withdrawn[0], &s1)["value"], 10000.0);

    // The call's length: 50, 50 and "une cinquantaine".
    let length = facts(&view, "duration", "minutes");
    assert_eq!(length.len(), 1);
    assert_eq!(length[0]["status"], "agree");
    for s in [&s0, &s1, &s2] {
        assert_eq!(report(length[0], s)["value"], 50.0);
    }

    // The January meetings: 10 January (9 and 10 in one article), 12, 13.
    let dates: Vec<&Value> = view["facts"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["kind"] == "date")
        .collect();
    let holding = |day: &str| -> Vec<&Value> {
        dates
            .iter()
            .copied()
            .filter(|f| {
                f["reports"].as_array().unwrap().iter().any(|r| {
                    r["value"] == day || r["value"]["min"] == day || r["value"]["max"] == day
                })
            })
            .collect()
    };
    let talks = holding("2022-01-10");
    assert_eq!(talks.len(), 1, "{talks:?}");
    assert_eq!(talks[0]["status"], "variant");
    for s in [&s0, &s2, &s4] {
        assert_eq!(report(talks[0], s)["value"], "2022-01-10");
    }
    assert_eq!(report(talks[0], &s1)["value"]["min"], "2022-01-09");
    for day in ["2022-01-12", "2022-01-13"] {
        let fact = holding(day);
        assert_eq!(fact.len(), 1, "{day}: {fact:?}");
        assert!(report(fact[0], &s0)["value"] == day);
    }

    // One Ushakov, whatever the spelling.
    let ushakov: Vec<&Value> = view["entities"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| {
            let v = e["variants"].to_string();
            v.contains("Ouchakov") || v.contains("Ushakov")
        })
        .collect();
    assert_eq!(ushakov.len(), 1, "{ushakov:?}");
    assert_eq!(ushakov[0]["kind"], "person");
    let variants = ushakov[0]["variants"].to_string();
    assert!(variants.contains("Iouri Ouchakov") && variants.contains("Yuri Ushakov"));

    // Quotes of Poutine, Biden, Jen Psaki and Ouchakov.
    let speakers: BTreeSet<&str> = view["quotes"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|q| q["speaker"].as_str())
        .collect();
    let name = ushakov[0]["name"].as_str().unwrap();
    for who in ["Vladimir Poutine", "Joe Biden", "Jen Psaki", name] {
        assert!(speakers.contains(who), "{who} not among {speakers:?}");
    }
    assert!(!view["summary"].as_array().unwrap().is_empty());
    assert_eq!(view["timeline"].as_array().unwrap().len(), 2);

    insta::assert_snapshot!("seeds_call_text", show(&data, &event, "text"));
    insta::assert_snapshot!("seeds_call_md", show(&data, &event, "md"));
}

#[test]
fn three_english_events_compared() {
    let news = shared().join("data/news-cluster-en");
    let tmp = empty_dir();
    let data = tmp.path().join("data");
    ingest(&data, &news);
    let mut gold: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for entry in std::fs::read_dir(&news).expect("the data set") {
        let path = entry.expect("an entry").path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let v: Value =
            serde_json::from_str(&std::fs::read_to_string(&path).expect("a file")).expect("JSON");
        let label = v["newsCluster"]["Event"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        let id = path.file_stem().unwrap().to_string_lossy().to_string();
        gold.entry(label).or_default().insert(id);
    }
    // Events rich in figures and quotes: a breach, a shooting, a crash.
    for label in [
        "hack_equifax_breach",
        "las_vegas_shooting",
        "new_york_family_of_5_among_12_killed_in_costa_rica_plane_crash",
    ] {
        let articles = gold
            .get(label)
            .unwrap_or_else(|| panic!("no gold event {label}"));
        let event = event_of(&data, articles);
        let view: Value = serde_json::from_str(&show(&data, &event, "json")).expect("JSON");
        assert!(
            !view["facts"].as_array().unwrap().is_empty(),
            "{label}: no facts"
        );
        assert!(
            !view["quotes"].as_array().unwrap().is_empty(),
            "{label}: no quotes"
        );
        insta::assert_snapshot!(format!("en_{label}"), show(&data, &event, "text"));
    }
}

/// The multilingual fixture's earthquake, told in five languages: the
/// death toll agrees across them, and Marco Ferrante's words are one quote
/// with its translations.
#[test]
fn the_quake_compared_across_languages() {
    let fixture = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/multilingual"
    ));
    let dir = empty_dir();
    let data = dir.path().join("data");
    ingest(&data, fixture);
    let quake: BTreeSet<String> = ["quake-fr", "quake-en", "quake-de", "quake-es", "quake-it"]
        .map(String::from)
        .into();
    let event = event_of(&data, &quake);
    let view: Value = serde_json::from_str(&show(&data, &event, "json")).expect("JSON");
    let dead = facts(&view, "count", "dead");
    assert_eq!(dead.len(), 1, "{:#}", view["facts"]);
    assert_eq!(dead[0]["status"], "agree", "{:#}", dead[0]);
    let articles: BTreeSet<&str> = dead[0]["reports"]
        .as_array()
        .expect("reports")
        .iter()
        .filter_map(|r| r["article"].as_str())
        .collect();
    assert!(articles.len() >= 3, "{:#}", dead[0]);
    let ferrante: Vec<&Value> = view["quotes"]
        .as_array()
        .expect("quotes")
        .iter()
        .filter(|q| q["speaker"] == "Marco Ferrante")
        .collect();
    assert_eq!(ferrante.len(), 1, "{:#}", view["quotes"]);
    let translations = ferrante[0]["translations"]
        .as_array()
        .expect("translations");
    assert!(translations.len() >= 2, "{:#}", ferrante[0]);
    let text = show(&data, &event, "text");
    assert!(text.contains("    en: “We are still searching"), "{text}");
}
