//! Clustering is deterministic and online: the same documents in the same
//! order give the same places, and a later document never moves an earlier
//! one.

use proptest::prelude::*;

use crate::{articles, places, run};

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn two_engines_agree(docs in articles()) {
        let first = places(&run(&docs));
        let second = places(&run(&docs));
        prop_assert_eq!(first, second);
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
