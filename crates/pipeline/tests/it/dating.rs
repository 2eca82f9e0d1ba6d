//! Dates that mislead: a page dated when it was crawled, weeks after its
//! news, finds its event on content alone without dragging the event's span
//! to its date; a day that several live events name (a holiday) tells them
//! apart less than a day only one names.

use pipeline::{RawDoc, Settings};

use crate::archive::{article, events_of};

const STORM: &str = "Storm Ilona kills fisherman in Kerbrieuc\n\
     Storm Ilona hit the Breton port of Kerbrieuc on Monday night, killing a fisherman \
     and injuring two others, the prefecture said. Winds tore roofs off harbour houses \
     and firefighters evacuated two hundred residents of the flooded lower town. \
     Mayor Anne Le Goff asked the government for emergency aid.";

const STORM_AGAIN: &str = "One fisherman dead, two hurt: a night of terror in Kerbrieuc\n\
     A fisherman was killed and two were injured when Storm Ilona struck Kerbrieuc, \
     the Breton port, on Monday night. Firefighters evacuated two hundred residents as \
     the lower town flooded and roofs were torn off harbour houses, said the \
     prefecture. Mayor Anne Le Goff wants emergency aid from the government.";

const AID: &str = "Kerbrieuc gets state aid to rebuild its harbour\n\
     The government on Friday granted Kerbrieuc four million euros to rebuild the \
     harbour houses and the sea wall of the lower town, Mayor Anne Le Goff said. \
     Work on the roofs will start in July, and the fishermen's cooperative will get \
     new moorings before the winter.";

#[test]
fn a_page_dated_at_its_crawl_joins_its_event_without_stretching_it() {
    let got = events_of(
        vec![
            article("storm", "2025-03-04", STORM),
            article("crawled", "2025-05-30", STORM_AGAIN),
            article("aid", "2025-06-01", AID),
        ],
        Settings::default(),
    );
    assert_eq!(got[1], got[0], "the crawl-dated rewrite finds its event");
    assert_ne!(
        got[2], got[0],
        "the aid of June is its own happening: the crawl date did not make the storm recent"
    );
    // The same aid article right after the storm does join it: what keeps
    // it apart above is the time, not its words.
    let soon = events_of(
        vec![
            article("storm", "2025-03-04", STORM),
            article("aid", "2025-03-06", AID),
        ],
        Settings::default(),
    );
    assert_eq!(soon[1], soon[0]);
}

fn page(id: &str, date: &str, title: &str, body: &str) -> RawDoc {
    article(id, date, &format!("{title}\n{body}"))
}

fn berlin() -> RawDoc {
    page(
        "berlin",
        "2025-12-29",
        "Berlin sets up a safe zone for women at its New Year's Eve party",
        "Berlin will set up a safe zone for women at the Brandenburg Gate party on 31 \
         December, the city's police said. Hundreds of officers will patrol the crowd of \
         thousands expected for the celebrations, and counsellors will staff a tent near \
         the stage, police spokesman Thilo Cablitz said.",
    )
}

fn bondi() -> RawDoc {
    page(
        "bondi",
        "2026-01-01",
        "Fireworks malfunction injures two at Bondi party",
        "Two people were injured and thousands fled the party when fireworks \
         malfunctioned at Bondi on 31 December, police said. Officers closed the \
         promenade while the crowd left the celebrations.",
    )
}

#[test]
fn a_day_that_many_live_events_name_counts_for_less() {
    // Alone, Berlin's party and the Bondi accident share a few words and
    // their one day: enough to join.
    let alone = events_of(vec![berlin(), bondi()], Settings::default());
    assert_eq!(alone[1], alone[0]);
    // When other live events name that day too, the day says less, and the
    // few shared words are not enough.
    let tokyo = page(
        "tokyo",
        "2025-12-30",
        "Tokyo temples prepare the midnight bells",
        "Buddhist temples across Tokyo are preparing to ring their bells 108 times on 31 \
         December, as every year, monks at Zojoji said. Visitors will queue from the \
         evening and the temple will hand out hot sake.",
    );
    let rio = page(
        "rio",
        "2025-12-30",
        "Rio expects two million people on Copacabana beach",
        "Rio de Janeiro expects two million people on Copacabana beach on 31 December, the \
         city hall said. Twelve stages will host concerts and the navy will close the bay \
         to boats for the night.",
    );
    let busy = events_of(vec![berlin(), tokyo, rio, bondi()], Settings::default());
    assert_eq!(busy.len(), 4);
    assert!(
        busy[..3].iter().all(|e| *e != busy[3]),
        "the accident is news of its own: {busy:?}"
    );
}
