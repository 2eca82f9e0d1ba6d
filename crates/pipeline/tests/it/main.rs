//! Integration tests of the engine through its public API: no input panics,
//! placement is deterministic and online, copies are found across outlets,
//! archived events come back on a strong match.

mod across;
mod archive;
mod copies;
mod dating;
mod languages;
mod online;
mod places;
mod quotes;
mod robustness;
mod state;

pub(crate) use archive::docs as archive_docs;

use pipeline::{Engine, Outcome, RawDoc, Settings};
use proptest::prelude::*;

/// Where one document ended up, as far as a reader of the output can tell:
/// `None` for a rejected document, else its event, story and original.
pub(crate) type Place = Option<(u32, u32, Option<String>)>;

/// Feeds `docs` in order to a fresh engine.
pub(crate) fn run(docs: &[RawDoc]) -> Vec<Outcome> {
    let mut engine = Engine::new(Settings::default());
    docs.iter().map(|d| engine.process(d.clone())).collect()
}

/// The places of `outcomes`.
pub(crate) fn places(outcomes: &[Outcome]) -> Vec<Place> {
    outcomes
        .iter()
        .map(|o| match o {
            Outcome::Placed(p) => Some((p.event.0, p.story.0, p.copy_of.clone())),
            Outcome::Rejected { .. } => None,
        })
        .collect()
}

/// Real words, a few of them names, so that generated articles share terms
/// and entities and the clusterer has something to group.
const WORDS: &[&str] = &[
    "storm",
    "harbour",
    "fisherman",
    "boat",
    "coastguard",
    "rescue",
    "wind",
    "flood",
    "mayor",
    "council",
    "budget",
    "school",
    "teachers",
    "strike",
    "union",
    "wages",
    "fire",
    "factory",
    "smoke",
    "residents",
    "police",
    "investigation",
    "court",
    "judge",
    "election",
    "minister",
    "parliament",
    "vote",
    "reform",
    "Kerbrieuc",
    "Brest",
    "Valdecarrasco",
    "Aragon",
    "Biden",
    "Putin",
    "Ukraine",
    "Kremlin",
    "Paris",
    "said",
    "on",
    "Monday",
    "the",
    "of",
    "and",
    "in",
    "after",
    "officials",
    "two",
    "hundred",
    "people",
];

/// A sentence of 6 to 18 words from [`WORDS`].
fn sentence() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(WORDS), 6..18).prop_map(|words| {
        let mut s = words.join(" ");
        if let Some(first) = s.get_mut(0..1) {
            first.make_ascii_uppercase();
        }
        s + "."
    })
}

/// The specification of one generated article.
#[derive(Clone, Debug)]
struct Spec {
    title: String,
    body: Vec<String>,
    day: Option<u32>,
    host: Option<&'static str>,
    /// Copy the text of an earlier article (picked by this index), when
    /// there is one.
    copy: Option<prop::sample::Index>,
}

fn spec() -> impl Strategy<Value = Spec> {
    (
        sentence(),
        prop::collection::vec(sentence(), 2..6),
        prop::option::of(1u32..=10),
        prop::option::of(prop::sample::select(
            &["a.example", "b.example", "c.example"][..],
        )),
        prop::option::weighted(0.2, any::<prop::sample::Index>()),
    )
        .prop_map(|(title, body, day, host, copy)| Spec {
            title,
            body,
            day,
            host,
            copy,
        })
}

/// 1 to 24 articles on a few subjects over ten days of March 2024, some of
/// them copies of earlier ones.
pub(crate) fn articles() -> impl Strategy<Value = Vec<RawDoc>> {
    prop::collection::vec(spec(), 1..24).prop_map(|specs| {
        let mut docs: Vec<RawDoc> = Vec::with_capacity(specs.len());
        for (i, spec) in specs.into_iter().enumerate() {
            let text = match (&spec.copy, i) {
                (Some(index), 1..) => docs[index.index(i)].text.clone(),
                _ => format!("{}\n{}", spec.title, spec.body.join("\n")),
            };
            docs.push(RawDoc {
                id: format!("d{i:02}"),
                path: format!("gen/d{i:02}.txt"),
                text,
                date: spec.day.map(|d| format!("2024-03-{d:02}")),
                url: spec.host.map(|h| format!("https://{h}/news/{i}")),
                ..RawDoc::default()
            });
        }
        docs
    })
}
