//! Copies: the same wire story on another outlet's site is a copy of the
//! first and sits in its event; an outlet republishing its own text is not.

use pipeline::{Outcome, Placement, RawDoc};

use crate::run;

const STORY: &str = "Storm Ilona hits Kerbrieuc\n\
A violent storm hit the Breton port of Kerbrieuc on Monday night, the prefecture said, \
leaving one fisherman dead and two others injured.\n\
Winds of up to 150 kilometres an hour tore roofs off houses along the harbour and \
flooded the lower town, where firefighters evacuated more than two hundred residents.\n\
The mayor of Kerbrieuc, Anne Le Goff, said the town would ask the government for \
emergency aid as soon as the damage had been counted.";

fn article(id: &str, url: &str) -> RawDoc {
    RawDoc {
        id: id.into(),
        path: format!("{id}.txt"),
        text: STORY.into(),
        date: Some("2025-03-03".into()),
        url: Some(url.into()),
        ..RawDoc::default()
    }
}

pub(crate) fn placed(outcomes: Vec<Outcome>) -> Vec<Placement> {
    outcomes
        .into_iter()
        .map(|o| match o {
            Outcome::Placed(p) => *p,
            Outcome::Rejected { id, reason } => panic!("{id} rejected: {reason}"),
        })
        .collect()
}

#[test]
fn the_same_text_on_another_outlet_is_a_copy() {
    let got = placed(run(&[
        article("wire", "https://wire.example/storm-ilona"),
        article("paper", "https://www.paper.example/region/storm.html"),
        article("radio", "https://radio.example/news?id=3"),
    ]));
    assert_eq!(got[0].copy_of, None);
    assert!(got[0].new_event);
    for copy in &got[1..] {
        assert_eq!(
            copy.copy_of.as_deref(),
            Some("wire"),
            "{}",
            copy.doc.article.id
        );
        assert_eq!(copy.event, got[0].event);
        assert_eq!(copy.story, got[0].story);
        assert!(!copy.new_event);
    }
}

#[test]
fn the_same_text_on_the_same_outlet_is_not_a_copy() {
    let got = placed(run(&[
        article("first", "https://paper.example/storm"),
        article("again", "https://www.paper.example/storm-updated"),
    ]));
    assert_eq!(got[0].doc.article.outlet, got[1].doc.article.outlet);
    assert_eq!(got[1].copy_of, None);
    assert_eq!(
        got[1].event, got[0].event,
        "the same text is the same event"
    );
}
