//! The archive: an event that left the active window takes a late article
//! only when it matches strongly; a mere return of its names opens a new event.

use pipeline::{Engine, RawDoc, Settings};

use crate::copies::placed;

pub(crate) fn article(id: &str, date: &str, text: &str) -> RawDoc {
    RawDoc {
        id: id.into(),
        path: format!("{id}.txt"),
        text: text.into(),
        date: Some(date.into()),
        // One outlet, so that the rewrite is not taken for a copy.
        url: Some(format!("https://harbour-news.example/{id}")),
        ..RawDoc::default()
    }
}

pub(crate) fn docs() -> Vec<RawDoc> {
    vec![
        article(
            "first",
            "2025-03-03",
            "Storm Ilona kills fisherman in Kerbrieuc\n\
             Storm Ilona hit the Breton port of Kerbrieuc on Monday night, killing a fisherman \
             and injuring two others, the prefecture said. Winds tore roofs off harbour houses \
             and firefighters evacuated two hundred residents of the flooded lower town. \
             Mayor Anne Le Goff asked the government for emergency aid.",
        ),
        article(
            "return",
            "2025-08-30",
            "Kerbrieuc festival draws record crowds\n\
             The summer music festival of Kerbrieuc drew a record forty thousand visitors this \
             weekend, organisers said. Mayor Anne Le Goff thanked the volunteers and promised \
             a larger stage next year, when the festival celebrates its twentieth edition.",
        ),
        article(
            "late",
            "2025-09-01",
            "Kerbrieuc fisherman killed as Storm Ilona floods harbour\n\
             A fisherman was killed and two were injured when Storm Ilona struck Kerbrieuc, \
             the Breton port, on Monday night. Firefighters evacuated two hundred residents as \
             the lower town flooded and roofs were torn off harbour houses, said the \
             prefecture. Mayor Anne Le Goff wants emergency aid from the government.",
        ),
    ]
}

fn events(settings: Settings) -> Vec<u32> {
    events_of(docs(), settings)
}

/// The event of each document, placed in the order given.
pub(crate) fn events_of(docs: Vec<RawDoc>, settings: Settings) -> Vec<u32> {
    let mut engine = Engine::new(settings);
    placed(docs.into_iter().map(|d| engine.process(d)).collect())
        .iter()
        .map(|p| p.event.0)
        .collect()
}

#[test]
fn a_strong_late_match_revives_an_archived_event() {
    let got = events(Settings::default());
    assert_ne!(
        got[1], got[0],
        "a new subject with the same names stays apart"
    );
    assert_eq!(got[2], got[0], "the late rewrite finds the archived event");
}

#[test]
fn without_the_archive_a_late_match_opens_a_new_event() {
    let mut settings = Settings::default();
    settings.cluster.revive_threshold = f32::INFINITY;
    let got = events(settings);
    assert_ne!(got[2], got[0]);
}

#[test]
fn an_undated_article_of_another_weekday_does_not_revive() {
    // After the first two, the first event is archived; the clock stands at
    // the second's date. The undated rewrites meet the archive only.
    let rewrite = docs()[2].clone();
    let undated = |id: &str, weekday: &str| RawDoc {
        id: id.into(),
        date: None,
        text: rewrite.text.replace("Monday", weekday),
        ..rewrite.clone()
    };
    let mut feed = docs();
    feed.truncate(2);
    feed.extend([undated("thursday", "Thursday"), undated("monday", "Monday")]);
    let mut engine = Engine::new(Settings::default());
    let got: Vec<u32> = placed(feed.into_iter().map(|d| engine.process(d)).collect())
        .iter()
        .map(|p| p.event.0)
        .collect();
    assert_ne!(got[2], got[0], "Thursday's news is another day's");
    assert_eq!(
        got[3], got[0],
        "an undated Monday rewrite revives the event"
    );
}
