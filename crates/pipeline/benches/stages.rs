//! One benchmark per stage of the engine, on a generated corpus
//! ([`corpus::ARTICLES`] articles): extraction, analysis, copy detection,
//! and placement (copy detection, event clustering and story linking, the
//! engine's stateful half, fed in publication order). Each checks the work
//! it did, so a fast wrong run fails.
//!
//! ```sh
//! cargo bench -p pipeline --bench stages
//! ```

use std::collections::HashSet;
use std::sync::LazyLock;

use divan::counter::ItemsCount;
use divan::Bencher;
use pipeline::{analyze, extract, Article, Doc, Engine, RawDoc, Settings};

mod corpus;

fn main() {
    divan::main();
}

static RAW: LazyLock<(Vec<RawDoc>, usize)> = LazyLock::new(corpus::raw_docs);

static ARTICLES: LazyLock<Vec<Article>> = LazyLock::new(|| {
    let settings = Settings::default();
    RAW.0
        .iter()
        .map(|raw| extract::extract(raw, &settings.extract).expect("a generated article"))
        .collect()
});

static DOCS: LazyLock<Vec<Doc>> = LazyLock::new(|| {
    let settings = Settings::default();
    let mut docs: Vec<Doc> = ARTICLES
        .iter()
        .map(|a| analyze::analyze(a.clone(), &settings.analyze))
        .collect();
    docs.sort_by(pipeline::publication_order);
    docs
});

const SAMPLES: u32 = 5;

#[divan::bench(sample_count = SAMPLES, sample_size = 1)]
fn extract(bencher: Bencher) {
    let settings = Settings::default();
    bencher.counter(ItemsCount::new(RAW.0.len())).bench(|| {
        let articles = RAW
            .0
            .iter()
            .filter_map(|raw| extract::extract(raw, &settings.extract).ok())
            .filter(|a| !a.body.is_empty() && a.published.is_some())
            .count();
        assert_eq!(articles, corpus::ARTICLES, "every article extracted, dated");
    });
}

#[divan::bench(sample_count = SAMPLES, sample_size = 1)]
fn analyze(bencher: Bencher) {
    let settings = Settings::default();
    bencher
        .counter(ItemsCount::new(ARTICLES.len()))
        .with_inputs(|| ARTICLES.clone())
        .bench_local_values(|articles| {
            let docs = articles
                .into_iter()
                .map(|a| analyze::analyze(a, &settings.analyze))
                .filter(|d| !d.body_terms.is_empty() && !d.entities.is_empty())
                .count();
            assert_eq!(docs, corpus::ARTICLES, "every article has terms and names");
        });
}

#[divan::bench(sample_count = SAMPLES, sample_size = 1)]
fn dedup(bencher: Bencher) {
    let settings = Settings::default();
    bencher.counter(ItemsCount::new(DOCS.len())).bench(|| {
        let mut deduper = pipeline::Deduper::new(&settings.dedup);
        let copies = DOCS.iter().filter_map(|d| deduper.check(d)).count();
        // The generator makes 15 % of articles wire copies, a few of them
        // rewritten past the threshold.
        let (least, most) = (corpus::ARTICLES / 10, corpus::ARTICLES / 5);
        assert!((least..most).contains(&copies), "{copies} copies");
    });
}

#[divan::bench(sample_count = SAMPLES, sample_size = 1)]
fn place(bencher: Bencher) {
    bencher
        .counter(ItemsCount::new(DOCS.len()))
        .with_inputs(|| DOCS.clone())
        .bench_local_values(|docs| {
            let mut engine = Engine::new(Settings::default());
            let (mut events, mut stories) = (HashSet::new(), HashSet::new());
            for doc in docs {
                let placed = engine.place(doc);
                events.insert(placed.event);
                stories.insert(placed.story);
            }
            // Within a tenth of the planned events, in as many stories or fewer.
            let planned = RAW.1;
            assert!(
                events.len() * 10 >= planned * 9 && events.len() * 10 <= planned * 11,
                "{} events for {planned} planned",
                events.len()
            );
            assert!(!stories.is_empty() && stories.len() <= events.len());
            events.len()
        });
}
