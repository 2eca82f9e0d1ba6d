//! Where the news happened: two rounds of talks between the same people,
//! told in the same words, are two happenings when their titles place them
//! in two cities; a report that places its news in the event's city, or
//! nowhere, or whose title names the event's city anywhere, still joins.

use pipeline::Settings;

use crate::archive::{article, events_of};

const GENEVA: &str = "Russia and the West end talks in Geneva without a breakthrough\n\
     Deputy foreign minister Sergei Ryabkov said Russia had no intention of invading \
     Ukraine, after eight hours of talks with Western envoys. Moscow again demanded \
     guarantees that NATO would not expand eastward, which the West rejected as a \
     non-starter.";

const GENEVA_AGAIN: &str = "Ryabkov says Russia has no plan to invade\n\
     In Geneva, Sergei Ryabkov told Western envoys after eight hours of talks that \
     Russia had no intention of invading Ukraine. Moscow demanded guarantees that NATO \
     would not expand eastward; the West called the demand a non-starter.";

const UNPLACED: &str = "Ryabkov: no intention of invading Ukraine\n\
     Russia has no intention of invading Ukraine, Sergei Ryabkov told Western envoys \
     after eight hours of talks. Moscow demanded guarantees that NATO would not expand \
     eastward, a demand the West rejected as a non-starter.";

const FROM_MOSCOW: &str = "In Moscow, the Kremlin calls the Geneva talks a failure\n\
     Russia has no intention of invading Ukraine, deputy foreign minister Sergei Ryabkov \
     told Western envoys after eight hours of talks. Moscow demanded guarantees that \
     NATO would not expand eastward, a demand the West rejected as a non-starter.";

const BRUSSELS: &str = "Russia and NATO end council talks in Brussels without a breakthrough\n\
     Deputy foreign minister Alexander Grushko said Russia had no intention of invading \
     Ukraine, after four hours of talks with the alliance's envoys. Moscow again \
     demanded guarantees that NATO would not expand eastward, which Jens Stoltenberg \
     rejected as a non-starter.";

/// Dated only to their month, naming no day, the reports leave the clusterer
/// nothing of time to tell them apart by: only their words and their city.
fn docs() -> Vec<pipeline::RawDoc> {
    vec![
        article("geneva", "2022-01", GENEVA),
        article("geneva-again", "2022-01", GENEVA_AGAIN),
        article("unplaced", "2022-01", UNPLACED),
        article("brussels", "2022-01", BRUSSELS),
        article("from-moscow", "2022-01", FROM_MOSCOW),
    ]
}

#[test]
fn talks_in_another_city_are_a_happening_of_their_own() {
    let got = events_of(docs(), Settings::default());
    assert_eq!(
        got[1], got[0],
        "a report whose body opens in Geneva joins: {got:?}"
    );
    assert_eq!(got[2], got[0], "a report that names no city joins: {got:?}");
    assert_ne!(
        got[3], got[0],
        "the talks in Brussels are another happening: {got:?}"
    );
    assert_eq!(
        got[4], got[0],
        "a report from Moscow whose title names Geneva joins the talks there: {got:?}"
    );
    // What keeps them apart is the city, not the words.
    let mut blind = Settings::default();
    blind.cluster.place_mismatch = 1.0;
    let words_only = events_of(docs(), blind.clone());
    assert_eq!(words_only[3], words_only[0], "{words_only:?}");
    // The same with the two rounds alone, one after the other.
    let pair = || {
        vec![
            article("geneva", "2022-01", GENEVA),
            article("brussels", "2022-01", BRUSSELS),
        ]
    };
    let got = events_of(pair(), Settings::default());
    assert_ne!(got[1], got[0], "{got:?}");
    let words_only = events_of(pair(), blind);
    assert_eq!(words_only[1], words_only[0], "{words_only:?}");
}
