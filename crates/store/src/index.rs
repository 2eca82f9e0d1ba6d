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
            None => self.writer.insert(
                self.index
                    .writer_with_num_threads::<TantivyDocument>(WRITER_THREADS, WRITER_MEMORY)?,
            ),
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
        let mut commit = writer.prepare_commit()?;
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
