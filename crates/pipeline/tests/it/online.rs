//! Clustering is deterministic and online: the same documents in the same
//! order give the same places, and a later document never moves an earlier
//! one.

use proptest::prelude::*;

use pipeline::{Engine, Settings, Weighed};

use crate::{articles, places, run, Place};

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn two_engines_agree(docs in articles()) {
        let first = places(&run(&docs));
        let second = places(&run(&docs));
        prop_assert_eq!(first, second);
    }

    /// Weighing depends only on the documents before, never on where they
    /// were placed: all weighed first, then all placed, they land where
    /// they land one at a time (the queue weighs ahead on another thread).
    #[test]
    fn weighing_ahead_of_placing_changes_nothing(docs in articles()) {
        let one_by_one = places(&run(&docs));
        let mut engine = Engine::new(Settings::default());
        let (mut weigher, mut placer) = engine.split();
        let settings = Settings::default();
        let weighed: Vec<Option<Weighed>> = docs
            .iter()
            .map(|raw| pipeline::prepare(raw, &settings).ok().map(|doc| weigher.weigh(doc)))
            .collect();
        let ahead: Vec<Place> = weighed
            .into_iter()
            .map(|w| w.map(|w| {
                let p = placer.place(w);
                (p.event.0, p.story.0, p.copy_of)
            }))
            .collect();
        prop_assert_eq!(one_by_one, ahead);
    }

    #[test]
    fn later_documents_never_move_earlier_ones(
        docs in articles(),
        cut in any::<prop::sample::Index>(),
    ) {
        let k = cut.index(docs.len() + 1);
        let prefix = run(&docs[..k]);
        let full = run(&docs);
        prop_assert_eq!(&prefix[..], &full[..k]);
    }
}

/// The generator is worth its name: over a fixed set of seeds it produces
/// articles that join events, and copies.
#[test]
fn generated_articles_exercise_the_engine() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;

    let mut runner = TestRunner::deterministic();
    let (mut joined, mut copies) = (0, 0);
    for _ in 0..32 {
        let docs = articles().new_tree(&mut runner).expect("a value").current();
        for outcome in run(&docs) {
            if let pipeline::Outcome::Placed(p) = outcome {
                joined += usize::from(!p.new_event && p.copy_of.is_none());
                copies += usize::from(p.copy_of.is_some());
            }
        }
    }
    assert!(joined > 0, "no generated article joined an event");
    assert!(copies > 0, "no generated article was a copy");
}
