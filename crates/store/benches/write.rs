//! Writing to the data directory: placed articles stored in batches of 256
//! (one transaction each, with the events and stories they open; the search
//! index fed on its own thread), then one checkpoint (the engine's state
//! saved, the index committed), on a generated corpus. Placement happens
//! before the clock starts. The run checks what the store then holds.
//!
//! ```sh
//! cargo bench -p store --bench write
//! ```

use std::sync::LazyLock;

use divan::counter::ItemsCount;
use divan::Bencher;
use pipeline::{Engine, Placement, RawDoc, Settings};
use store::{Mode, Store};

// The pipeline's benchmarks and this one read the same corpus.
#[path = "../../pipeline/benches/corpus/mod.rs"]
mod corpus;

fn main() {
    divan::main();
}

/// The corpus placed by a fresh engine, and the engine.
static PLACED: LazyLock<(Vec<(RawDoc, Placement)>, Engine)> = LazyLock::new(|| {
    let settings = Settings::default();
    let mut docs: Vec<(RawDoc, pipeline::Doc)> = corpus::raw_docs()
        .0
        .into_iter()
        .map(|raw| {
            let doc = pipeline::prepare(&raw, &settings).expect("a generated article");
            (raw, doc)
        })
        .collect();
    docs.sort_by(|a, b| pipeline::publication_order(&a.1, &b.1));
    let mut engine = Engine::new(settings);
    let placed = docs
        .into_iter()
        .map(|(raw, doc)| (raw, engine.place(doc)))
        .collect();
    (placed, engine)
});

const BATCH: usize = 256;

#[divan::bench(sample_count = 5, sample_size = 1)]
fn add_and_checkpoint(bencher: Bencher) {
    let (placed, engine) = &*PLACED;
    let events: std::collections::HashSet<_> = placed.iter().map(|(_, p)| p.event).collect();
    bencher
        .counter(ItemsCount::new(placed.len()))
        .with_inputs(|| tempfile::tempdir().expect("a temp dir"))
        .bench_local_values(|dir| {
            let mut store = Store::open(&dir.path().join("data"), Mode::Write).expect("a store");
            for batch in placed.chunks(BATCH) {
                store.add(batch).expect("stored");
            }
            store.checkpoint(engine).expect("saved");
            assert_eq!(store.articles().expect("counted"), corpus::ARTICLES as u64);
            assert_eq!(store.events_stored().expect("counted"), events.len() as u64);
            dir
        });
}
