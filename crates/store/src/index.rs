//! The full-text index (tantivy): every article's title and body, analysed
//! with its language's stemmer, so that `négociation` finds `négociations`.
//! SQLite is the truth; the index records in its commit how many articles
//! (by sequence number) it holds, and catches up from the database.

use std::ops::Bound;
use std::path::Path;

use rust_stemmers::Algorithm;
use tantivy::collector::TopDocs;
use tantivy::directory::MmapDirectory;
use tantivy::query::{BooleanQuery, Occur, Query, QueryParser, RangeQuery, TermQuery};
use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, Value, FAST, INDEXED, STORED,
    STRING,
};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{doc, Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};

use crate::stem::Analyzer;
use crate::{Error, Filter, Result};

/// The languages with a stemmer, by ISO 639-1 code.
const STEMMED: &[(&str, Algorithm)] = &[
    ("ar", Algorithm::Arabic),
    ("da", Algorithm::Danish),
    ("de", Algorithm::German),
    ("el", Algorithm::Greek),
    ("en", Algorithm::English),
    ("es", Algorithm::Spanish),
    ("fi", Algorithm::Finnish),
    ("fr", Algorithm::French),
    ("hu", Algorithm::Hungarian),
    ("it", Algorithm::Italian),
    ("nl", Algorithm::Dutch),
    ("no", Algorithm::Norwegian),
    ("pt", Algorithm::Portuguese),
    ("ro", Algorithm::Romanian),
    ("ru", Algorithm::Russian),
    ("sv", Algorithm::Swedish),
    ("ta", Algorithm::Tamil),
    ("tr", Algorithm::Turkish),
];

/// The text field (and tokenizer) of languages without a stemmer.
const OTHER: &str = "other";

/// Memory the index writer may use.
const WRITER_MEMORY: usize = 64 * 1024 * 1024;

/// Threads the index writer indexes on, each into a segment of its own.
/// When the ingest is over, writing out the last segments is all that is
/// left to do: with two, two cores share it (on one, it took a third of a
/// second at 10,000 articles while the other core waited).
const WRITER_THREADS: usize = 2;

/// How much lower than the ingest's own the priority of the index writer's
/// threads is (a nice value, added). The thread that stores and places the
/// articles is what an ingest waits for; the writer's two threads, beside
/// it and the analysing thread on two cores, took their equal share of a
/// core from it, while their own work could wait: the writer has a bounded
/// backlog, and whatever is left of it is done at the commit. With their
/// priority lowered they take what the others leave (10k ingest: 2.22 →
/// 2.04 s; BENCHMARKS "the eleventh session").
#[cfg_attr(not(target_os = "linux"), allow(dead_code))]
const WRITER_NICENESS: i32 = 10;

/// One article as the index takes it.
pub(crate) struct Entry<'a> {
    pub(crate) seq: u64,
    pub(crate) lang: &'a str,
    pub(crate) outlet: Option<&'a str>,
    pub(crate) day: Option<i64>,
    pub(crate) title: &'a str,
    pub(crate) body: &'a str,
}

pub(crate) struct SearchIndex {
    index: Index,
    seq: Field,
    lang: Field,
    outlet: Field,
    day: Field,
    /// One text field a language (code, field), then the unstemmed one.
    texts: Vec<(&'static str, Field)>,
    /// Open while writing: it indexes on a thread of its own.
    writer: Option<IndexWriter>,
}

fn schema() -> Schema {
    let mut b = Schema::builder();
    b.add_u64_field("seq", INDEXED | STORED | FAST);
    b.add_text_field("lang", STRING);
    b.add_text_field("outlet", STRING);
    b.add_i64_field("day", INDEXED | FAST);
    for code in STEMMED.iter().map(|(c, _)| *c).chain([OTHER]) {
        let indexing = TextFieldIndexing::default()
            .set_tokenizer(&format!("text_{code}"))
            .set_index_option(IndexRecordOption::WithFreqsAndPositions);
        b.add_text_field(
            &format!("text_{code}"),
            TextOptions::default().set_indexing_options(indexing),
        );
    }
    b.build()
}

/// The text field of a language, or the unstemmed one.
fn text_field(texts: &[(&'static str, Field)], lang: &str) -> Field {
    texts
        .iter()
        .find(|(code, _)| *code == lang)
        .or_else(|| texts.last())
        .map(|(_, f)| *f)
        .expect("the unstemmed field is always there")
}

/// Split into words, lower case, stem, then fold accents, so that a query
/// typed without them still matches (see [`Analyzer`]).
fn text_analyzer(language: Option<Algorithm>) -> TextAnalyzer {
    TextAnalyzer::from(Analyzer::new(language))
}

/// Runs `f`, which may start the index writer's threads, on a thread of
/// its own whose priority is lowered by [`WRITER_NICENESS`]: tantivy starts
/// them from the thread that creates the writer and from the one that
/// commits, and a thread is born with the priority of the thread that
/// starts it.
fn with_writer_priority<T: Send>(f: impl FnOnce() -> T + Send) -> T {
    std::thread::scope(|scope| {
        scope
            .spawn(|| {
                lower_priority();
                f()
            })
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    })
}

/// Lowers the calling thread's priority: on Linux a nice value is a
/// thread's (elsewhere it is the whole process's, so nothing is changed
/// there). Lowering needs no privilege; where it is refused anyway, the
/// index is written the same, only at the same priority.
#[cfg(target_os = "linux")]
fn lower_priority() {
    if let Err(error) = rustix::process::nice(WRITER_NICENESS) {
        tracing::debug!(%error, "the index writer's priority stays as it is");
    }
}

#[cfg(not(target_os = "linux"))]
fn lower_priority() {}

impl SearchIndex {
    /// Opens the index in `dir`, creating it when `create`.
    pub(crate) fn open(dir: &Path, create: bool) -> Result<SearchIndex> {
        if create {
            std::fs::create_dir_all(dir).map_err(|source| Error::Io {
                path: dir.to_path_buf(),
                source,
            })?;
        } else if !dir.join("meta.json").exists() {
            return Err(Error::Missing {
                path: dir.to_path_buf(),
            });
        }
        let directory = MmapDirectory::open(dir).map_err(tantivy::TantivyError::from)?;
        let index = Index::open_or_create(directory, schema())?;
        for (code, language) in STEMMED {
            index
                .tokenizers()
                .register(&format!("text_{code}"), text_analyzer(Some(*language)));
        }
        index
            .tokenizers()
            .register(&format!("text_{OTHER}"), text_analyzer(None));
        let s = index.schema();
        let field = |name: &str| s.get_field(name).expect("field of our own schema");
        let texts = STEMMED
            .iter()
            .map(|(c, _)| *c)
            .chain([OTHER])
            .map(|code| (code, field(&format!("text_{code}"))))
            .collect();
        Ok(SearchIndex {
            seq: field("seq"),
            lang: field("lang"),
            outlet: field("outlet"),
            day: field("day"),
            texts,
            index,
            writer: None,
        })
    }

    /// How many articles (sequence numbers 0 to n − 1) the index holds.
    pub(crate) fn indexed(&self) -> Result<u64> {
        let metas = self.index.load_metas()?;
        Ok(metas
            .payload
            .as_deref()
            .and_then(|p| p.parse().ok())
            .unwrap_or(0))
    }

    /// The number of documents in the index.
    pub(crate) fn num_docs(&self) -> Result<u64> {
        Ok(self.reader()?.searcher().num_docs())
    }

    /// Hands `entries` to the index writer, which indexes them on its own
    /// thread while the caller goes on; nothing is visible before
    /// [`SearchIndex::commit`]. With `reset`, everything indexed before goes.
    pub(crate) fn add<'a>(
        &mut self,
        entries: impl Iterator<Item = Entry<'a>>,
        reset: bool,
    ) -> Result<()> {
        let writer = match &mut self.writer {
            Some(w) => w,
            None => {
                let index = &self.index;
                let writer = with_writer_priority(|| {
                    index.writer_with_num_threads::<TantivyDocument>(WRITER_THREADS, WRITER_MEMORY)
                })?;
                self.writer.insert(writer)
            }
        };
        if reset {
            writer.delete_all_documents()?;
        }
        for e in entries {
            let text = text_field(&self.texts, e.lang);
            let mut doc = doc!(
                self.seq => e.seq,
                self.lang => e.lang,
                text => format!("{}\n{}", e.title, e.body),
            );
            if let Some(outlet) = e.outlet {
                doc.add_text(self.outlet, outlet);
            }
            if let Some(day) = e.day {
                doc.add_i64(self.day, day);
            }
            writer.add_document(doc)?;
        }
        Ok(())
    }

    /// Makes what was added visible, recording that the index now holds
    /// `upto` articles.
    pub(crate) fn commit(&mut self, upto: u64) -> Result<()> {
        let Some(writer) = &mut self.writer else {
            return Ok(());
        };
        // Preparing the commit starts the writer's next threads.
        let mut commit = with_writer_priority(|| writer.prepare_commit())?;
        commit.set_payload(&upto.to_string());
        commit.commit()?;
        Ok(())
    }

    fn reader(&self) -> Result<IndexReader> {
        Ok(self
            .index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?)
    }

    /// The sequence numbers of the best `limit` articles for `query`, with
    /// their scores, best first. Every word must match (in any language's
    /// field); quotes make a phrase.
    pub(crate) fn search(
        &self,
        query: &str,
        filter: &Filter,
        limit: usize,
    ) -> Result<Vec<(u64, f32)>> {
        let fields = self.texts.iter().map(|(_, f)| *f).collect();
        let mut parser = QueryParser::for_index(&self.index, fields);
        parser.set_conjunction_by_default();
        let text = parser.parse_query(query).map_err(|e| Error::Query {
            query: query.to_string(),
            why: e.to_string(),
        })?;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, text)];
        let term = |field, value: &str| -> Box<dyn Query> {
            Box::new(TermQuery::new(
                Term::from_field_text(field, value),
                IndexRecordOption::Basic,
            ))
        };
        if let Some(lang) = &filter.lang {
            clauses.push((Occur::Must, term(self.lang, lang)));
        }
        if let Some(outlet) = &filter.outlet {
            clauses.push((Occur::Must, term(self.outlet, outlet)));
        }
        if filter.since.is_some() || filter.until.is_some() {
            let bound = |d: Option<i64>| match d {
                Some(d) => Bound::Included(Term::from_field_i64(self.day, d)),
                None => Bound::Unbounded,
            };
            let range = RangeQuery::new(
                bound(filter.since.map(crate::day_number)),
                bound(filter.until.map(crate::day_number)),
            );
            clauses.push((Occur::Must, Box::new(range)));
        }
        let searcher = self.reader()?.searcher();
        let top = searcher.search(&BooleanQuery::new(clauses), &TopDocs::with_limit(limit))?;
        let mut hits = Vec::with_capacity(top.len());
        for (score, address) in top {
            let doc: TantivyDocument = searcher.doc(address)?;
            if let Some(seq) = doc.get_first(self.seq).and_then(|v| v.as_u64()) {
                hits.push((seq, score));
            }
        }
        Ok(hits)
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;

    /// The nice value of a thread, from its `/proc` folder.
    fn nice_of(task: &str) -> i32 {
        let stat = std::fs::read_to_string(format!("{task}/stat")).unwrap();
        // The fields after the name (in parentheses, which may hold
        // spaces) start at the third; the nice value is the nineteenth.
        let (_, fields) = stat.rsplit_once(')').unwrap();
        fields.split_whitespace().nth(16).unwrap().parse().unwrap()
    }

    /// The nice values of the index writers' indexing threads alive now,
    /// once there are at least `least` (a thread takes its name once it
    /// runs, a moment after it is started).
    fn writer_threads(least: usize) -> Vec<i32> {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        loop {
            let found: Vec<i32> = std::fs::read_dir("/proc/self/task")
                .unwrap()
                .filter_map(|task| {
                    let task = format!("/proc/self/task/{}", task.ok()?.file_name().to_str()?);
                    let comm = std::fs::read_to_string(format!("{task}/comm")).ok()?;
                    comm.starts_with("thrd-tantivy").then(|| nice_of(&task))
                })
                .collect();
            if found.len() >= least || std::time::Instant::now() > deadline {
                return found;
            }
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
    }

    #[test]
    fn the_writers_threads_run_below_the_caller_from_the_start_and_after_a_commit() {
        let dir = tempfile::tempdir().unwrap();
        let mut index = SearchIndex::open(dir.path(), true).unwrap();
        let entry = |seq| Entry {
            seq,
            lang: "fr",
            outlet: None,
            day: None,
            title: "Appel entre Biden et Poutine",
            body: "Les deux présidents se sont parlé.",
        };
        let own = nice_of("/proc/thread-self");
        let lowered = (own + WRITER_NICENESS).min(19);
        index.add([entry(0)].into_iter(), false).unwrap();
        let started = writer_threads(WRITER_THREADS);
        assert!(started.len() >= WRITER_THREADS, "{started:?}");
        assert!(
            started.iter().all(|n| *n == lowered),
            "{started:?}, caller at {own}"
        );
        index.commit(1).unwrap();
        index.add([entry(1)].into_iter(), false).unwrap();
        let after = writer_threads(WRITER_THREADS);
        assert!(
            after.iter().all(|n| *n == lowered),
            "{after:?}, caller at {own}"
        );
        index.commit(2).unwrap();
        assert_eq!(index.num_docs().unwrap(), 2);
    }
}
