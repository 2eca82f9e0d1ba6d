//! No input panics: whatever a reader hands over, extraction and analysis
//! return a document or a rejection, and the engine places or rejects it.

use pipeline::{Engine, RawDoc, Settings};
use proptest::prelude::*;

/// Text of any kind: arbitrary strings, lines of printable characters, and
/// word-like text with digits, dates, quotes and markup mixed in.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "(\\PC{0,60}\n){0,8}",
        "([A-Za-zÀ-ÿ]{1,12}[ ,.;:!?«»\"'()\\-]{1,2}|[0-9]{1,4}[ ./-]|(le|on|the|am) [0-9]{1,2} (janvier|March|mai|Dezember) [0-9]{4} |<p>|&amp;|\n){0,80}",
    ]
}

/// Dates as metadata writes them, well formed or not.
fn date() -> impl Strategy<Value = Option<String>> {
    prop::option::of(prop_oneof![
        3 => "(19|20)[0-9]{2}-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?(T[01][0-9]:[0-5][0-9]:[0-5][0-9])?",
        1 => any::<String>(),
        1 => "[0-9]{4}-[0-9]{2}(-[0-9]{2})?",
        1 => "[0-9]{1,6}-[0-9]{1,3}-[0-9]{1,3}(T[0-9]{2}:[0-9]{2}:[0-9]{2}(Z|[+-][0-9]{2}:[0-9]{2})?)?",
        1 => Just("0000-00-00".to_string()),
        1 => Just("2021-02-30".to_string()),
        1 => Just("262143-12-31".to_string()),
        1 => Just("-2021-12".to_string()),
    ])
}

fn raw_doc() -> impl Strategy<Value = RawDoc> {
    (
        "[a-z0-9]{1,8}",
        text(),
        prop::option::of(any::<String>()),
        date(),
        prop::option::of(prop_oneof![
            any::<String>(),
            "https?://[a-z.:@]{0,20}/[a-z/?#]{0,10}"
        ]),
        prop::option::of(any::<String>()),
        prop::option::of(prop_oneof![any::<String>(), "[a-z]{2,3}"]),
    )
        .prop_map(|(id, text, title, date, url, source, lang)| RawDoc {
            path: format!("{id}.txt"),
            id,
            title,
            text,
            date,
            url,
            source,
            lang,
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn prepare_never_panics(raw in raw_doc()) {
        let settings = Settings::default();
        if let Ok(doc) = pipeline::prepare(&raw, &settings) {
            prop_assert_eq!(&doc.article.id, &raw.id);
            prop_assert!(!doc.article.body.trim().is_empty());
        }
    }

    #[test]
    fn the_engine_never_panics(raws in prop::collection::vec(raw_doc(), 0..12)) {
        let mut engine = Engine::new(Settings::default());
        for raw in raws {
            let _ = engine.process(raw);
        }
    }

    #[test]
    fn the_engine_never_panics_on_articles(docs in crate::articles()) {
        // Generated articles are real text: every one is placed.
        let outcomes = crate::run(&docs);
        prop_assert!(crate::places(&outcomes).iter().all(Option::is_some));
    }
}
