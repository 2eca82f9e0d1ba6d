//! The benchmarks' input: a generated corpus (the `synth` crate, seed 1,
//! French, English, German and Spanish, 3 KB articles, 100,000 a day), made
//! in the process. The store's benchmark includes this file too.

use std::path::Path;

use pipeline::RawDoc;

/// Articles in the benchmarks' corpus.
pub(crate) const ARTICLES: usize = 2_000;

/// Where the word lists are: Debian's `wfrench`, `wamerican`, `wngerman`
/// and `wspanish` packages, or the folder `STORYLINE_WORDS` names.
fn words_dir() -> String {
    std::env::var("STORYLINE_WORDS").unwrap_or_else(|_| "/usr/share/dict".into())
}

/// The corpus as raw documents, in publication order, with the number of
/// events the generator planned.
pub(crate) fn raw_docs() -> (Vec<RawDoc>, usize) {
    let config = synth::Config {
        articles: ARTICLES,
        ..synth::Config::default()
    };
    let words = synth::Words::load(Path::new(&words_dir()), &config.langs, config.seed)
        .unwrap_or_else(|e| panic!("the benchmarks need word lists: {e}"));
    let corpus = synth::Corpus::plan(&config, &words).expect("a valid configuration");
    let mut events = std::collections::HashSet::new();
    let docs = corpus
        .articles()
        .map(|a| {
            events.insert(a.event);
            RawDoc {
                path: a.id.clone(),
                id: a.id,
                title: Some(a.title),
                text: a.text,
                date: Some(a.published.format("%Y-%m-%dT%H:%M:%S").to_string()),
                url: Some(a.url),
                source: Some(a.outlet),
                lang: Some(a.lang),
            }
        })
        .collect();
    (docs, events.len())
}
