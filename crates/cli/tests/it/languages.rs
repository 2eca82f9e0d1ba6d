//! Across languages: the same happening told in five languages is one event,
//! a look-alike happening (another earthquake, five days later, elsewhere)
//! another, a follow-up (the reconstruction money) another event of the same
//! story; two sets that share no happening never mix.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::{empty_dir, seeds, shared, storyline};

/// Short articles written for these tests (`labels.tsv` beside them).
fn fixture() -> PathBuf {
    Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/multilingual"
    ))
    .to_path_buf()
}

/// The bilingual dictionaries the engine reads by default.
fn require_dictionaries() {
    for code in ["fra", "deu", "spa", "ita"] {
        let index = Path::new("/usr/share/dictd").join(format!("freedict-{code}-eng.index"));
        assert!(
            index.is_file(),
            "{} is missing: install Debian's dict-freedict-{code}-eng (scripts/setup does)",
            index.display()
        );
    }
}

fn eval(dir: &Path, config: Option<&Path>) -> Value {
    eval_of(dir, config, &[fixture()], &fixture().join("labels.tsv"))
}

fn eval_of(dir: &Path, config: Option<&Path>, paths: &[PathBuf], gold: &Path) -> Value {
    let mut args: Vec<String> = Vec::new();
    if let Some(c) = config {
        args.extend(["--config".into(), c.display().to_string()]);
    }
    args.push("eval".into());
    args.extend(paths.iter().map(|p| p.display().to_string()));
    args.extend(["--gold".into(), gold.display().to_string()]);
    args.extend(["--format".into(), "json".into()]);
    let out = storyline(dir, &args);
    assert_eq!(out.code, 0, "{}", out.stderr);
    serde_json::from_str(&out.stdout).expect("a JSON report")
}

/// The report on one fixture folder of these tests, with the seeds or
/// alone, against its labels.
fn eval_fixture(name: &str, with_seeds: bool) -> Value {
    require_dictionaries();
    let dir = empty_dir();
    let folder = fixture().with_file_name(name);
    let mut paths = vec![folder.clone()];
    if with_seeds {
        paths.push(seeds());
    }
    eval_of(dir.path(), None, &paths, &folder.join("labels.tsv"))
}

/// An event-level BCubed measure ("precision", "recall") of a report.
fn event_bcubed(report: &Value, measure: &str) -> Option<f64> {
    report["event"]["bcubed"][measure].as_f64()
}

fn f1(report: &Value, level: &str) -> f64 {
    report[level]["bcubed"]["f1"].as_f64().expect("an F1")
}

#[test]
fn one_happening_in_five_languages_is_one_event_and_a_look_alike_is_another() {
    require_dictionaries();
    let dir = empty_dir();
    let report = eval(dir.path(), None);
    assert_eq!(report["articles"], 12, "{report}");
    assert_eq!(f1(&report, "event"), 1.0, "{report}");
    assert_eq!(f1(&report, "story"), 1.0, "{report}");
    let signals = report["signals"].as_str().expect("signals");
    for lang in ["de", "es", "fr", "it"] {
        assert!(signals.contains(&format!("{lang} (")), "{signals}");
    }
}

/// The seeds' story told again, in the words of this test, by outlets in
/// English, German, Spanish, Italian and Portuguese: the 30 December call
/// and the 7 December video call.
#[test]
fn the_seeds_call_in_six_languages_is_one_event_of_one_story() {
    let report = eval_fixture("seeds-story", true);
    assert_eq!(report["articles"], 12, "{report}");
    assert_eq!(f1(&report, "story"), 1.0, "{report}");
    assert_eq!(
        event_bcubed(&report, "precision"),
        Some(1.0),
        "no article of one call joins the other: {report}"
    );
    // All ten reports of the 30 December call, in six languages, are one
    // event, and the French report of the video call, undated and in Title
    // Case, joins the English and German ones: pivot cosines weigh 1.4
    // times the same language's, making up part of what translation loses.
    assert_eq!(f1(&report, "event"), 1.0, "{report}");
}

/// Ten happenings of the winter 2021–22 told by outlets in six languages,
/// in articles of 220–450 words written for this test, with the seeds: the
/// five rounds of US–Russia talks of one story (a video call, a phone call,
/// Geneva on a Monday, Brussels two days later, Geneva again), the fall of
/// Kazakhstan's government and its president's order to shoot two days
/// later, the Tonga eruption and the aid flights five days later, and
/// Djokovic's expulsion. Headers give the day, only the month, or nothing;
/// the text names the day by its weekday ("nesta sexta-feira (21)"), in
/// full ("Mercredi 5 janvier"), or both.
#[test]
fn ten_happenings_of_one_winter_in_six_languages_are_ten_events_of_four_stories() {
    let report = eval_fixture("winter", true);
    assert_eq!(report["articles"], 47, "{report}");
    assert_eq!(f1(&report, "story"), 1.0, "{report}");
    assert_eq!(
        event_bcubed(&report, "precision"),
        Some(1.0),
        "no two happenings share an event: {report}"
    );
    assert!(f1(&report, "event") >= 0.95, "{report}");
}

/// Nine happenings of January and February 2022 in five languages, one
/// fixture seen only after the rules above were set: five of them are
/// the Ukraine story (the OSCE's warning, the cyberattack on Kyiv's
/// ministries, troops on alert, the written answers, Macron at the
/// Kremlin). The cyberattack comes first in German, whose words meet the
/// story's (none German) only in the pivot language: weighed as events
/// weigh it, that match links it. Two follow-ups say so in their titles
/// (Djokovic "deported after losing court fight" two days after his visa
/// was cancelled, ECOWAS suspending Burkina Faso "tras el golpe" four days
/// after it) and keep out of their first happening's event; an Italian
/// report of the suspension, whose lead names the coup's day first, still
/// joins the coup.
#[test]
fn a_story_told_in_five_languages_links_every_event_of_it() {
    let report = eval_fixture("winter2", false);
    assert_eq!(report["articles"], 32, "{report}");
    assert_eq!(f1(&report, "story"), 1.0, "{report}");
    assert!(f1(&report, "event") >= 0.95, "{report}");
}

/// Twelve happenings of November 2021 to February 2022 in six languages,
/// written by other hands for a first measure on unseen articles: three
/// of the seeds' story (Russia's draft treaties, Blinken in Kyiv, London's
/// claim about Murayev), Sweden's prime minister resigning and elected again
/// five days later, Prince Andrew's titles and his settlement, Scholz's
/// election, Omicron, Austria's vaccine law, Hamdok's resignation, ECOWAS
/// sanctions on Mali. A third of the headers give only the month and a
/// third nothing: the texts date themselves ("ce lundi … le mercredi 24
/// novembre", "el sábado … el viernes 21 de enero", "jeudi 20 janvier").
#[test]
fn twelve_happenings_dated_by_their_texts_stay_apart() {
    let report = eval_fixture("winter3", false);
    assert_eq!(report["articles"], 36, "{report}");
    assert_eq!(
        event_bcubed(&report, "precision"),
        Some(1.0),
        "no two happenings share an event: {report}"
    );
    // German reports meet the others through translations its dictionary
    // writes after a label (" [geogr.] Germany"). A report dated only to
    // its month whose lead's weekday is not that of the first day it names
    // recalls that day: it has no news day there (BENCHMARKS "Follow-ups
    // that say so", rule 4), and every happening is whole.
    assert!(f1(&report, "event") >= 0.98, "{report}");
    assert!(f1(&report, "story") >= 0.95, "{report}");
}

/// Twelve happenings of January and February 2022 in six languages, a
/// fourth unseen set, longer and messier (datelines, agency bylines,
/// related headlines, a live blog): six of the seeds' story, three of them
/// calls with Putin (Macron's and Biden's of Saturday 12 February, Macron's
/// of Sunday 20 February), Biden's "minor incursion", the troops sent to
/// Poland and Romania, Scholz at the Kremlin; Johnson's apology and Sue
/// Gray's report; Mattarella re-elected; Costa's majority; Canada's
/// Emergencies Act and Ottawa cleared four days later. A report joins the
/// event of its news day over one of another day that it recalls; one
/// without its day is held to its lead's weekday; the first report of the
/// 20th, whose title tells its news as "après une journée de tractations",
/// keeps out of the calls of the 12th. The two calls of one Saturday still
/// share an event (BENCHMARKS "A fifth winter", "Follow-ups that say
/// so").
#[test]
fn follow_ups_that_recall_their_first_happening_keep_to_their_own_day() {
    let report = eval_fixture("winter4", false);
    assert_eq!(report["articles"], 48, "{report}");
    assert_eq!(f1(&report, "story"), 1.0, "{report}");
    assert!(f1(&report, "event") >= 0.95, "{report}");
}

/// Twelve happenings of December 2021 to February 2022 in six languages,
/// a fifth unseen set: six of the seeds' story (Putin's press conference,
/// Truss with Lavrov and the Belarus drills of the same Thursday,
/// Zelensky in Munich, the recognition of Donetsk and Luhansk, Nord Stream
/// 2 halted the next day), Pécresse's nomination and Zemmour's rally the
/// next day, Tutu's death and funeral, Valieva's positive test and her
/// appeal. The stories are exact: the German report of Nord Stream halted
/// finds its story by its terms, and a Portuguese report of the appeal is
/// not dated to the day the sample was taken; the French report of the
/// test, dated only to February, is of its lead's "ce vendredi", not of
/// the "mardi" named before it. The close happenings of one story still
/// share events (BENCHMARKS "A fifth winter").
#[test]
fn close_happenings_of_one_story_keep_to_their_story() {
    let report = eval_fixture("winter5", false);
    assert_eq!(report["articles"], 48, "{report}");
    assert_eq!(f1(&report, "story"), 1.0, "{report}");
    assert!(
        event_bcubed(&report, "recall").is_some_and(|r| r >= 0.9),
        "{report}"
    );
    assert!(f1(&report, "event") >= 0.79, "{report}");
}

/// The seeds' two calls with Putin (7 and 30 December) among the
/// happenings around them, a sixth unseen set of longer reports (450–800
/// words) in six languages: Biden's calls with Zelensky two and three days
/// after each, the G7's warning in Liverpool and the EU's four days later.
/// The seeds keep their split (000, 001, 002 and 004 one event, 003
/// another), no event holds reports of both calls, and the story is one.
/// A call with Zelensky whose lead says "two days after" (or three) the
/// call with Putin keeps out of that call's event, and reports dated only
/// to their month join their call by their lead's weekday; the EU's
/// warning in Brussels keeps apart from the G7's in Liverpool by the city
/// their titles place them in, which an Italian title's "a Mosca" ("to
/// Moscow") does not blur (BENCHMARKS "A sixth winter", "Follow-ups that
/// say so", "Where").
#[test]
fn the_seeds_calls_stay_apart_among_their_follow_ups() {
    let report = eval_fixture("winter6", true);
    assert_eq!(report["articles"], 41, "{report}");
    assert_eq!(f1(&report, "story"), 1.0, "{report}");
    assert!(
        event_bcubed(&report, "recall").is_some_and(|r| r >= 0.95),
        "{report}"
    );
    assert!(f1(&report, "event") >= 0.98, "{report}");

    let dir = empty_dir();
    let folder = fixture().with_file_name("winter6");
    let out = storyline(
        dir.path(),
        [
            "cluster".as_ref(),
            folder.as_os_str(),
            seeds().as_os_str(),
            "--format".as_ref(),
            "jsonl".as_ref(),
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let gold: HashMap<String, String> = std::fs::read_to_string(folder.join("labels.tsv"))
        .unwrap()
        .lines()
        .skip(1)
        .filter_map(|l| {
            let mut cols = l.split('\t');
            Some((cols.next()?.to_string(), cols.next()?.to_string()))
        })
        .collect();
    let mut event_of: HashMap<String, String> = HashMap::new();
    // The calls (with Putin, with Zelensky) each event holds reports of.
    let mut calls: HashMap<String, HashSet<String>> = HashMap::new();
    for line in out.stdout.lines() {
        let v: Value = serde_json::from_str(line).unwrap();
        let (id, event) = (v["id"].as_str().unwrap(), v["event"].as_str().unwrap());
        event_of.insert(id.to_string(), event.to_string());
        if let Some(call) = gold.get(id).filter(|g| g.starts_with("biden-")) {
            calls
                .entry(event.to_string())
                .or_default()
                .insert(call.clone());
        }
    }
    let seed = |n: &str| {
        event_of
            .iter()
            .find(|(id, _)| id.starts_with(n))
            .map(|(_, e)| e.clone())
            .unwrap()
    };
    for n in ["001_", "002_", "004_"] {
        assert_eq!(seed(n), seed("000_"), "{n}: {event_of:?}");
    }
    assert_ne!(seed("003_"), seed("000_"), "{event_of:?}");
    let holds = |c: &HashSet<String>, day: &str| c.iter().any(|g| g.ends_with(day));
    for c in calls.values() {
        assert!(
            !(holds(c, "2021-12-07") && holds(c, "2021-12-30")),
            "{calls:?}"
        );
        // Each call with Putin and the call with Zelensky after it.
        assert!(
            !(holds(c, "2021-12-07") && holds(c, "2021-12-09")),
            "{calls:?}"
        );
        assert!(
            !(holds(c, "2021-12-30") && holds(c, "2022-01-02")),
            "{calls:?}"
        );
    }
}

/// Twelve happenings of December 2021 to February 2022 in six languages, a
/// seventh unseen set (21 reports by each of two hands): Webb's launch and
/// its arrival at L2 "a month after", Boric's election, Holmes's verdict,
/// Russian troops reaching Belarus, Biden's call with Zelensky of 27
/// January, Putin with Xi and the Olympics' opening on one Friday, the
/// shelled kindergarten and the evacuation of Donbas the next day, Storms
/// Dudley and Eunice two days apart. A third of the reports are dated to
/// the day, a third to the month, a third not at all. A weekday paragraphs
/// into an undated report is its background's, a month-dated report does
/// not take the drills it announces for February for its news, and a
/// month counts 28 to 31 days (BENCHMARKS "A seventh winter").
#[test]
fn a_seventh_winter_keeps_its_neighbours_apart() {
    let report = eval_fixture("winter7", false);
    assert_eq!(report["articles"], 42, "{report}");
    assert_eq!(f1(&report, "story"), 1.0, "{report}");
    assert!(f1(&report, "event") >= 0.95, "{report}");
}

/// Eight happenings of the seeds' story, December 2021 to February 2022,
/// an eighth unseen set written like the hidden one is said to be: five
/// reports each, three of them French (one a rewrite of another's agency
/// dispatch), one English, one in another language. Putin before his
/// defence board, the three rounds of talks of 10, 12 and 13 January
/// (Geneva, the NATO-Russia Council, the OSCE), Macron at the Kremlin and
/// in Kyiv the next day, the Normandy advisers in Berlin, Biden's call of
/// 12 February. The story is one; the rounds of talks and Macron's two
/// days are told apart by the city their titles place them in (0.77
/// without it; BENCHMARKS "Where"), but for the English reports, whose
/// titles name no city, and the Weimar triangle's meeting in Berlin that
/// the labels count as Macron's day in Kyiv.
#[test]
fn an_eighth_winter_of_one_story_in_french_keeps_its_story() {
    let report = eval_fixture("winter8", false);
    assert_eq!(report["articles"], 40, "{report}");
    assert_eq!(f1(&report, "story"), 1.0, "{report}");
    assert!(
        event_bcubed(&report, "recall").is_some_and(|r| r >= 0.85),
        "{report}"
    );
    assert!(f1(&report, "event") >= 0.88, "{report}");
}

/// A ninth unseen set: eight happenings of January and February 2022,
/// five reports each (two French, one English, two in German, Spanish,
/// Italian or Portuguese): three leaders' visits to Kyiv within two weeks
/// (Johnson, Erdoğan, Scholz), the Normandy advisers in Paris, the US
/// embassy's families ordered out of Kyiv, the Marshall fire, the Bronx
/// fire, the stadium crush in Yaoundé. At first contact one report stood
/// apart: an Italian report dated to the month took its day from
/// Erdoğan's visit, named as background past its lead (0.959; BENCHMARKS
/// "A ninth winter").
#[test]
fn a_ninth_winter_keeps_three_visits_to_kyiv_apart() {
    let report = eval_fixture("winter9", false);
    assert_eq!(report["articles"], 40, "{report}");
    assert_eq!(f1(&report, "story"), 1.0, "{report}");
    assert!(f1(&report, "event") >= 0.98, "{report}");
}

#[test]
fn without_dictionaries_the_engine_says_so_and_keeps_happenings_apart() {
    let dir = empty_dir();
    let config = dir.path().join("storyline.toml");
    std::fs::write(&config, "[lexicon]\nenabled = false\n").unwrap();
    let report = eval(dir.path(), Some(&config));
    let signals = report["signals"].as_str().expect("signals");
    assert!(signals.contains("dictionaries: off"), "{signals}");
    // Names, numbers and days still tell the two earthquakes apart.
    assert_eq!(event_bcubed(&report, "precision"), Some(1.0), "{report}");
}

#[test]
fn the_seeds_and_the_english_set_share_no_event_and_no_story() {
    let dir = empty_dir();
    let news = shared().join("data/news-cluster-en");
    let out = storyline(
        dir.path(),
        [
            "cluster".as_ref(),
            seeds().as_os_str(),
            news.as_os_str(),
            "--format".as_ref(),
            "jsonl".as_ref(),
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let mut sets: HashMap<(String, String), HashSet<bool>> = HashMap::new();
    for line in out.stdout.lines() {
        let v: Value = serde_json::from_str(line).unwrap();
        let from_seeds = v["path"].as_str().unwrap().contains("seeds");
        for level in ["event", "story"] {
            let id = v[level].as_str().unwrap().to_string();
            sets.entry((level.into(), id))
                .or_default()
                .insert(from_seeds);
        }
    }
    assert!(sets.len() > 60, "{} groups", sets.len());
    let both: HashSet<bool> = sets.values().flatten().copied().collect();
    assert_eq!(both.len(), 2, "articles of both sets");
    let mixed: Vec<_> = sets.iter().filter(|(_, s)| s.len() > 1).collect();
    assert!(mixed.is_empty(), "mixed: {mixed:?}");
}
