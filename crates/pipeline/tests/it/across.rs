//! The comparison of an event's sources across languages: figures of one
//! subject meet whatever the language, and a quote and its translation are
//! one quote.

use pipeline::compare::{compare, compare_with, Source, Status};
use pipeline::{Dictionary, Lang, Lexicon};

fn source(id: &str, lang: &str, body: &str) -> Source {
    Source {
        id: id.into(),
        title: String::new(),
        body: body.into(),
        lang: Lang::from_code(lang).expect("lang"),
        outlet: Some(format!("{id}.example")),
        published: pipeline::dates::parse_given("2025-04-07"),
        copy_of: None,
    }
}

/// A small glossary of each language into English, instead of the FreeDict
/// files.
fn lexicon() -> Lexicon {
    let langs = ["fr", "de", "es"].map(|c| Lang::from_code(c).expect("lang"));
    Lexicon::new(
        &langs,
        Box::new(|lang| {
            let pairs: &[(&str, &str)] = match lang.code() {
                "fr" => &[
                    ("chercher", "search"),
                    ("encore", "still"),
                    ("personne", "people"),
                    ("décombres", "rubble"),
                    ("Italie", "Italy"),
                ],
                "de" => &[
                    ("suchen", "search"),
                    ("noch", "still"),
                    ("Mensch", "people"),
                    ("Menschen", "people"),
                    ("Trümmern", "rubble"),
                    ("Italien", "Italy"),
                ],
                "es" => &[
                    ("buscar", "search"),
                    ("buscando", "search"),
                    ("personas", "people"),
                    ("escombros", "rubble"),
                    ("Italia", "Italy"),
                ],
                _ => return None,
            };
            Some(Dictionary::from_pairs(lang, pairs))
        }),
    )
}

fn sources() -> Vec<Source> {
    vec![
        source(
            "fr",
            "fr",
            "Le séisme a fait au moins 14 morts et près de 200 blessés en Italie, selon la Protection civile. \
             « Nous cherchons encore des personnes sous les décombres », a déclaré Marco Ferrante. \
             La Russie a massé 100 000 soldats.",
        ),
        source(
            "en",
            "en",
            "The earthquake struck Italy, killing at least 14 people and injuring nearly 200. \
             \"We are still searching for people under the rubble,\" Marco Ferrante told reporters. \
             Russia has massed 60,000 troops.",
        ),
        source(
            "de",
            "de",
            "Das Erdbeben in Italien: Mindestens 14 Menschen kamen ums Leben. \
             „Wir suchen noch nach Menschen unter den Trümmern“, sagte Zivilschutzchef Marco Ferrante.",
        ),
        source(
            "es",
            "es",
            "El terremoto causó al menos 14 muertos y cerca de 200 heridos en Italia. \
             «Seguimos buscando a personas bajo los escombros», declaró Marco Ferrante.",
        ),
    ]
}

#[test]
fn figures_of_one_subject_meet_across_languages() {
    let c = compare(&sources());
    let fact = |subject: &str| {
        c.facts
            .iter()
            .find(|f| f.subject == subject)
            .unwrap_or_else(|| panic!("no fact {subject:?}: {:#?}", c.facts))
    };
    let dead = fact("dead");
    let articles: Vec<&str> = dead.reports.iter().map(|r| r.article.as_str()).collect();
    assert_eq!(articles, ["fr", "en", "de", "es"]);
    assert_eq!(dead.status, Status::Agree);
    let injured = fact("injured");
    let articles: Vec<&str> = injured.reports.iter().map(|r| r.article.as_str()).collect();
    assert_eq!(articles, ["fr", "en", "es"]);
    assert_eq!(injured.status, Status::Agree);
    // French "soldats" and English "troops" are one subject; 100 000 and
    // 60 000 cannot both be true.
    assert_eq!(fact("soldiers").status, Status::Conflict);
}

#[test]
fn a_quote_and_its_translations_are_one_quote() {
    let lexicon = lexicon();
    let c = compare_with(&sources(), Some(&lexicon));
    let ferrante: Vec<_> = c
        .quotes
        .iter()
        .filter(|q| q.speaker_key.as_deref() == Some("marco ferrante"))
        .collect();
    assert_eq!(ferrante.len(), 1, "{:#?}", c.quotes);
    let q = ferrante[0];
    assert_eq!(q.articles, ["fr", "en", "de", "es"]);
    assert!(q.text.starts_with("Nous cherchons"), "{}", q.text);
    let translations: Vec<(&str, &str)> = q
        .translations
        .iter()
        .map(|t| (t.lang.code(), t.articles[0].as_str()))
        .collect();
    assert_eq!(translations, [("en", "en"), ("de", "de"), ("es", "es")]);
    assert!(q.translations[0].text.starts_with("We are still searching"));
    // "Italie", "Italy", "Italien" and "Italia" are one place.
    let italy = c.entities.iter().find(|e| e.key == "italy").expect("Italy");
    assert_eq!(italy.articles, ["fr", "en", "de", "es"]);
}

#[test]
fn without_a_dictionary_translations_stay_apart() {
    let c = compare(&sources());
    let ferrante = c
        .quotes
        .iter()
        .filter(|q| q.speaker_key.as_deref() == Some("marco ferrante"))
        .count();
    assert_eq!(ferrante, 4, "{:#?}", c.quotes);
}
