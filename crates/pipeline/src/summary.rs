//! Extractive summaries of events and timelines of stories. A summary picks
//! the sentences that share the most content words with the other
//! articles' sentences (what most sources say), favouring the early ones
//! (news puts the gist first) and skipping near-repeats.

use std::collections::HashSet;

use crate::compare::Source;
use crate::lang::{self, Lang};
use crate::text;

/// Sentences shorter or longer than these (in words) are captions, datelines
/// or run-ons rather than summary material.
const MIN_WORDS: usize = 8;
const MAX_WORDS: usize = 60;
/// A sentence sharing this share of its content words with one already
/// chosen says the same thing again.
const REPEAT: f64 = 0.4;

struct Candidate {
    article: usize,
    index: usize,
    text: String,
    stems: HashSet<String>,
}

/// Three to five sentences (more articles, more sentences) of the sources
/// written in `lang`, in the order of the articles and their text.
pub fn summarize(sources: &[&Source], lang: Lang) -> Vec<String> {
    let profile = lang::profile(lang);
    let mut candidates: Vec<Candidate> = Vec::new();
    for (article, source) in sources.iter().enumerate().filter(|(_, s)| s.lang == lang) {
        let body = &source.body;
        for (index, range) in text::sentences(body, true).into_iter().enumerate() {
            let sentence = body[range].trim();
            let words = sentence.split_whitespace().count();
            let ends_well =
                sentence.ends_with(['.', '!', '»', '”', '"']) || !sentence.ends_with([':', '?']);
            if !(MIN_WORDS..=MAX_WORDS).contains(&words) || !ends_well || !text::is_prose(sentence)
            {
                continue;
            }
            let stems: HashSet<String> = lang::words(sentence, profile, false)
                .filter(|w| w.chars().count() > 2)
                .map(|w| lang::fold(&profile.stem(&w)))
                .collect();
            if stems.len() < 4 {
                continue;
            }
            candidates.push(Candidate {
                article,
                index,
                text: sentence.to_string(),
                stems,
            });
        }
    }
    let several = candidates
        .iter()
        .map(|c| c.article)
        .collect::<HashSet<_>>()
        .len()
        > 1;
    let mut scored: Vec<(f64, usize)> = candidates
        .iter()
        .enumerate()
        .map(|(i, c)| {
            // Centrality: mean overlap with the sentences of the other
            // articles (of all others when there is one article).
            let others: Vec<&Candidate> = candidates
                .iter()
                .enumerate()
                .filter(|(j, o)| *j != i && (!several || o.article != c.article))
                .map(|(_, o)| o)
                .collect();
            let centrality = if others.is_empty() {
                0.0
            } else {
                others
                    .iter()
                    .map(|o| {
                        let shared = c.stems.intersection(&o.stems).count() as f64;
                        shared / ((c.stems.len() * o.stems.len()) as f64).sqrt()
                    })
                    .sum::<f64>()
                    / others.len() as f64
            };
            let early = 1.0 + 1.0 / (1.0 + c.index as f64);
            (centrality * early, i)
        })
        .collect();
    scored.sort_by(|a, b| {
        b.0.total_cmp(&a.0)
            .then(candidates[a.1].article.cmp(&candidates[b.1].article))
            .then(candidates[a.1].index.cmp(&candidates[b.1].index))
    });
    let articles = sources.iter().filter(|s| s.lang == lang).count();
    let want = (articles + 2).clamp(3, 5);
    let mut chosen: Vec<usize> = Vec::new();
    for (_, i) in scored {
        if chosen.len() == want {
            break;
        }
        let c = &candidates[i];
        let repeats = chosen.iter().any(|&j| {
            let o = &candidates[j];
            let shared = c.stems.intersection(&o.stems).count() as f64;
            shared / c.stems.len().min(o.stems.len()) as f64 >= REPEAT
        });
        if !repeats {
            chosen.push(i);
        }
    }
    chosen.sort_by_key(|&i| (candidates[i].article, candidates[i].index));
    chosen
        .into_iter()
        .map(|i| candidates[i].text.clone())
        .collect()
}

/// One event of a story's timeline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimelineEntry {
    /// The event's id.
    pub event: String,
    /// Its first day, if dated.
    pub date: Option<String>,
    /// Its title.
    pub title: String,
    /// How many outlets report it.
    pub outlets: usize,
    /// How many articles it has.
    pub articles: usize,
}

/// A story's events in the order they happened (undated ones last, then
/// by id).
pub fn timeline(mut events: Vec<TimelineEntry>) -> Vec<TimelineEntry> {
    events.sort_by(|a, b| {
        a.date
            .is_none()
            .cmp(&b.date.is_none())
            .then(a.date.cmp(&b.date))
            .then(a.event.cmp(&b.event))
    });
    events
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(id: &str, body: &str) -> Source {
        Source {
            id: id.into(),
            title: String::new(),
            body: body.into(),
            lang: Lang::from_code("en").expect("en"),
            outlet: None,
            published: None,
            copy_of: None,
        }
    }

    fn check(sources: &[Source], expected: &[&str]) {
        let refs: Vec<&Source> = sources.iter().collect();
        let got = summarize(&refs, Lang::from_code("en").expect("en"));
        assert_eq!(got, expected);
    }

    #[test]
    fn summaries_take_shared_sentences_without_repeats() {
        check(
            &[
                source("a", "A storm hit the harbour city of Kerbrieuc on Monday, leaving one fisherman dead. \
                    The storm also cut power to thousands of homes across the region overnight. \
                    Local bakers said their sales of bread rose sharply during the long weekend."),
                source("b", "A violent storm hit the harbour of Kerbrieuc on Monday and one fisherman died. \
                    Thousands of homes in the region were left without power by the storm. \
                    The mayor will visit the harbour on Friday to meet the fishermen's families."),
            ],
            &[
                "A storm hit the harbour city of Kerbrieuc on Monday, leaving one fisherman dead.",
                "Local bakers said their sales of bread rose sharply during the long weekend.",
                "Thousands of homes in the region were left without power by the storm.",
                "The mayor will visit the harbour on Friday to meet the fishermen's families.",
            ],
        );
    }

    #[test]
    fn timelines_are_in_date_order() {
        let entry = |event: &str, date: Option<&str>| TimelineEntry {
            event: event.into(),
            date: date.map(String::from),
            title: String::new(),
            outlets: 1,
            articles: 1,
        };
        let got: Vec<String> = timeline(vec![
            entry("e2", None),
            entry("e1", Some("2021-12-30")),
            entry("e0", Some("2021-12-07")),
        ])
        .into_iter()
        .map(|e| e.event)
        .collect();
        assert_eq!(got, ["e0", "e1", "e2"]);
    }
}
