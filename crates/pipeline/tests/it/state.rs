//! Saving and restoring the engine: a run cut anywhere, saved and restored,
//! places every document exactly as one uninterrupted run does; and an
//! article that comes late still finds its event.

use pipeline::{Engine, Outcome, RawDoc, Settings, StateError};
use proptest::prelude::*;

use crate::{articles, places, run};

/// Feeds `docs` to an engine that is saved and restored after `cut` documents.
fn run_with_restart(docs: &[RawDoc], cut: usize) -> Vec<Outcome> {
    let mut engine = Engine::new(Settings::default());
    let mut out: Vec<Outcome> = docs[..cut]
        .iter()
        .map(|d| engine.process(d.clone()))
        .collect();
    let bytes = engine.save();
    let mut engine = Engine::restore(Settings::default(), &bytes).expect("restores");
    assert_eq!(engine.placed(), places(&out).iter().flatten().count());
    out.extend(docs[cut..].iter().map(|d| engine.process(d.clone())));
    out
}

proptest! {
    #[test]
    fn a_restored_engine_goes_on_as_if_never_stopped(
        docs in articles(),
        cut in any::<prop::sample::Index>(),
    ) {
        let cut = cut.index(docs.len() + 1);
        prop_assert_eq!(places(&run(&docs)), places(&run_with_restart(&docs, cut)));
    }
}

#[test]
fn saving_twice_gives_a_state_that_restores_the_same() {
    let docs = crate::archive_docs();
    let mut engine = Engine::new(Settings::default());
    for d in &docs {
        engine.process(d.clone());
    }
    let restored = Engine::restore(Settings::default(), &engine.save()).expect("restores");
    assert_eq!(restored.placed(), docs.len());
    assert_eq!(restored.active_events(), engine.active_events());
}

#[test]
fn foreign_bytes_are_refused_not_misread() {
    let bytes = Engine::new(Settings::default()).save();
    let mut other_version = bytes.clone();
    other_version[0] = 99;
    assert!(matches!(
        Engine::restore(Settings::default(), &other_version),
        Err(StateError::Version { found: 99 })
    ));
    assert!(matches!(
        Engine::restore(Settings::default(), &bytes[..bytes.len() - 1]),
        Err(StateError::Corrupt(_))
    ));
    assert!(Engine::restore(Settings::default(), b"").is_err());
}

fn article(id: &str, date: &str, host: &str, text: &str) -> RawDoc {
    RawDoc {
        id: id.into(),
        path: format!("{id}.txt"),
        text: text.into(),
        date: Some(date.into()),
        url: Some(format!("https://{host}/{id}")),
        ..RawDoc::default()
    }
}

/// A storm in March, a strike in December, and a late rewrite of the storm
/// news that arrives after December's.
fn late_docs() -> Vec<RawDoc> {
    vec![
        article(
            "storm",
            "2025-03-03",
            "harbour-news.example",
            "Storm Ilona kills fisherman in Kerbrieuc\n\
             Storm Ilona hit the Breton port of Kerbrieuc on Monday night, killing a fisherman \
             and injuring two others, the prefecture said. Winds tore roofs off harbour houses \
             and firefighters evacuated two hundred residents of the flooded lower town.",
        ),
        article(
            "strike",
            "2025-12-10",
            "city-paper.example",
            "Teachers strike over wages in Valdecarrasco\n\
             Teachers in Valdecarrasco walked out on Wednesday over wages, closing forty \
             schools, the union said. The regional minister promised talks next week.",
        ),
        article(
            "storm-late",
            "2025-03-04",
            "coast-daily.example",
            "Fishermen mourn a colleague after the storm\n\
             The storm that hit the Breton harbour on Monday night killed a fisherman, \
             and his colleagues gathered to mourn him. The prefecture said repairs to the port \
             would take weeks, and residents of the flooded lower town counted the damage.",
        ),
    ]
}

#[test]
fn a_late_article_joins_its_event_as_it_would_have_in_order() {
    let docs = late_docs();
    let events = |docs: &[RawDoc]| -> Vec<(String, u32)> {
        let mut out: Vec<(String, u32)> = crate::copies::placed(run(docs))
            .iter()
            .map(|p| (p.doc.article.id.clone(), p.event.0))
            .collect();
        out.sort();
        out
    };
    let late = events(&docs);
    let storm = late.iter().find(|(id, _)| id == "storm").unwrap().1;
    let storm_late = late.iter().find(|(id, _)| id == "storm-late").unwrap().1;
    assert_eq!(storm, storm_late, "{late:?}");
    let strike = late.iter().find(|(id, _)| id == "strike").unwrap().1;
    assert_ne!(storm, strike);
    let in_order = events(&[docs[0].clone(), docs[2].clone(), docs[1].clone()]);
    assert_eq!(in_order[1].1, in_order[0].1, "{in_order:?}");
}
