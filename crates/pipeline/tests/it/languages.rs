//! Across languages: with a dictionary into the pivot language, a French and
//! an English report of one happening meet on their words, not only on
//! names; a different happening stays apart.

use std::sync::Arc;

use pipeline::{Dictionary, Engine, Lang, Lexicon, RawDoc, Settings};

use crate::copies::placed;

fn article(id: &str, lang: &str, text: &str) -> RawDoc {
    RawDoc {
        id: id.into(),
        path: format!("{id}.txt"),
        text: text.into(),
        date: Some("2025-05-06".into()),
        lang: Some(lang.into()),
        url: Some(format!("https://{id}.example/news")),
        ..RawDoc::default()
    }
}

/// No names: only their words can tell that the first two tell one story.
fn docs() -> Vec<RawDoc> {
    vec![
        article(
            "pipe-fr",
            "fr",
            "Une canalisation d'eau explose et inonde les rues du centre-ville\n\
             Une grosse canalisation d'eau a explosé dans la nuit sous le centre-ville, \
             inondant les rues et privant d'eau des milliers de foyers. Les pompiers ont \
             fermé la route principale et les écoles resteront fermées demain, le temps de \
             réparer la canalisation.",
        ),
        article(
            "pipe-en",
            "en",
            "Water pipe bursts and floods downtown streets\n\
             A large water pipe burst overnight under the town centre, flooding the streets \
             and leaving thousands of homes without water. Firefighters closed the main road \
             and schools will stay closed tomorrow while the pipe is repaired.",
        ),
        article(
            "fire-en",
            "en",
            "Fire destroys warehouse on industrial estate\n\
             A fire destroyed a furniture warehouse on the industrial estate overnight, \
             sending a column of black smoke over the valley. Nobody was hurt, and the owner \
             said he would rebuild the warehouse within a year.",
        ),
    ]
}

fn glossary() -> Dictionary {
    let fr = Lang::from_code("fr").expect("fr");
    Dictionary::from_pairs(
        fr,
        &[
            ("canalisation", "pipe"),
            ("eau", "water"),
            ("exploser", "burst"),
            ("inonder", "flood"),
            ("rue", "street"),
            ("centre-ville", "downtown"),
            ("nuit", "overnight"),
            ("foyer", "home"),
            ("millier", "thousand"),
            ("pompier", "firefighter"),
            ("fermer", "close"),
            ("route", "road"),
            ("principal", "main"),
            ("école", "school"),
            ("demain", "tomorrow"),
            ("réparer", "repair"),
        ],
    )
}

fn events(settings: Settings) -> Vec<u32> {
    let mut engine = Engine::new(settings);
    placed(docs().into_iter().map(|d| engine.process(d)).collect())
        .iter()
        .map(|p| p.event.0)
        .collect()
}

#[test]
fn a_dictionary_joins_two_languages_and_keeps_other_news_apart() {
    let mut settings = Settings::default();
    let fr = Lang::from_code("fr").expect("fr");
    let shared = Arc::new(std::sync::Mutex::new(Some(glossary())));
    settings.analyze.lexicon = Some(Arc::new(Lexicon::new(
        &[fr],
        Box::new(move |_| shared.lock().expect("lock").take()),
    )));
    let got = events(settings);
    assert_eq!(got[0], got[1], "one happening, two languages: {got:?}");
    assert_ne!(got[2], got[1], "another happening: {got:?}");
}

#[test]
fn without_a_dictionary_the_languages_stay_apart() {
    let got = events(Settings::default());
    assert_ne!(got[0], got[1], "{got:?}");
}
