//! `storyline demo`: the built-in sample corpus, clustered and scored.

use crate::{empty_dir, storyline};

#[test]
fn demo_clusters_and_scores_the_samples() {
    let dir = empty_dir();
    let out = storyline(dir.path(), ["demo"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("Scores against"), "{}", out.stdout);
    assert!(
        out.stdout.contains("articles scored: 19"),
        "every sample article is scored: {}",
        out.stdout
    );
}
