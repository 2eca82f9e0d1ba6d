//! Speaker attribution scored on hand-labelled quotes of news-cluster-en
//! (`quotes_en.tsv`): each labelled paragraph is compared as an article of
//! its own, and the quotes found are matched to the labels by their words.
//! Precision: of the quotes given a speaker, how many have the right one;
//! recall: how many labelled quotes are found with the right speaker.

use std::collections::BTreeMap;
use std::path::Path;

use pipeline::compare::{compare, Source};
use pipeline::Lang;

struct Label {
    speaker: String,
    words: String,
}

/// Quote marks and case do not matter when matching words.
fn norm(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '“' | '”' | '„' | '«' | '»' => '"',
            '‘' | '’' => '\'',
            c => c,
        })
        .collect::<String>()
        .to_lowercase()
}

/// The same speaker: one name holds the other's last word ("a rabbi at
/// the synagogue" and "rabbi", "Dai" and "Xinyu Dai").
fn same_speaker(found: &str, label: &str) -> bool {
    let last = |s: &str| {
        norm(s)
            .split_whitespace()
            .last()
            .unwrap_or_default()
            .to_string()
    };
    let (f, l) = (norm(found), norm(label));
    f.contains(&last(label)) || l.contains(&last(found))
}

#[test]
fn speakers_of_hand_labelled_english_quotes() {
    let data = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/data/news-cluster-en"
    ));
    assert!(
        data.is_dir(),
        "the shared data set is missing: {}",
        data.display()
    );
    let mut paragraphs: BTreeMap<(String, String), Vec<Label>> = BTreeMap::new();
    for line in include_str!("quotes_en.tsv")
        .lines()
        .skip_while(|l| l.starts_with('#'))
        .skip(1)
    {
        let cols: Vec<&str> = line.split('\t').collect();
        assert_eq!(cols.len(), 4, "{line}");
        paragraphs
            .entry((cols[0].to_string(), cols[1].to_string()))
            .or_default()
            .push(Label {
                speaker: cols[2].to_string(),
                words: cols[3].to_string(),
            });
    }
    let files: Vec<String> = std::fs::read_dir(data)
        .expect("the data set")
        .map(|e| {
            e.expect("an entry")
                .file_name()
                .to_string_lossy()
                .to_string()
        })
        .collect();
    let (mut labelled, mut recalled, mut attributed, mut right) = (0, 0, 0, 0);
    let mut misses = Vec::new();
    for ((prefix, start), labels) in &paragraphs {
        let file = files
            .iter()
            .find(|f| f.starts_with(prefix.as_str()))
            .unwrap_or_else(|| panic!("no article {prefix}"));
        let json: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(data.join(file)).expect("a file"))
                .expect("JSON");
        let text = json["text"].as_str().unwrap_or_default();
        let paragraph = text
            .lines()
            .map(str::trim)
            .find(|l| l.starts_with(start.as_str()))
            .unwrap_or_else(|| panic!("no paragraph {start:?} in {prefix}"));
        let comparison = compare(&[Source {
            id: prefix.clone(),
            title: String::new(),
            body: paragraph.to_string(),
            lang: Lang::from_code("en").expect("en"),
            outlet: None,
            published: None,
            copy_of: None,
        }]);
        for q in &comparison.quotes {
            let Some(speaker) = &q.speaker else { continue };
            attributed += 1;
            let ok = labels.iter().any(|l| {
                norm(&q.text).contains(&norm(&l.words)) && same_speaker(speaker, &l.speaker)
            });
            if ok {
                right += 1;
            } else {
                misses.push(format!("wrong: {speaker}: {}", q.text));
            }
        }
        for l in labels {
            labelled += 1;
            let found = comparison.quotes.iter().any(|q| {
                norm(&q.text).contains(&norm(&l.words))
                    && q.speaker
                        .as_deref()
                        .is_some_and(|s| same_speaker(s, &l.speaker))
            });
            if found {
                recalled += 1;
            } else {
                misses.push(format!("missed: {}: {}", l.speaker, l.words));
            }
        }
    }
    let precision = right as f64 / attributed.max(1) as f64;
    let recall = recalled as f64 / labelled.max(1) as f64;
    println!(
        "speaker precision {precision:.3} ({right}/{attributed}), recall {recall:.3} ({recalled}/{labelled})"
    );
    for m in &misses {
        println!("  {m}");
    }
    assert!(labelled >= 50, "{labelled} labelled quotes");
    assert!(precision >= 0.9, "speaker precision {precision:.3}");
    assert!(recall >= 0.8, "speaker recall {recall:.3}");
}
