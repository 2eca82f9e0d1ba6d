//! Documents waiting for the engine. The engine takes documents in
//! publication order, and the order is known only once each is extracted
//! (extraction finds the date); so documents are extracted in parallel as
//! they are read, batch by batch, and each is put aside (in memory as it
//! is, then past [`MEMORY_BUDGET`] encoded in a temporary file) while the
//! queue keeps only what decides its turn: publication
//! time, id, path and where it lies. Then [`Queue::place`] sorts those and
//! analyses the documents ahead of the calling thread, which places them in
//! order: analysis and placement overlap, and memory holds a thousand
//! analysed documents, not the corpus.
//!
//! `cluster` (through the command line's `run`) and [`crate::Store::ingest`]
//! both go this way; the store also keeps each raw document, to save it.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::os::unix::fs::FileExt;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, Timelike, Weekday};
use pipeline::{Article, DayMention, Doc, Lang, Precision, Published, RawDoc, Settings};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

/// Documents kept in memory up to about this many bytes of text; the rest
/// go, encoded, to a temporary file (which the page cache holds as long as
/// memory allows, without counting it to this process).
const MEMORY_BUDGET: usize = 128 << 20;

/// The temporary file of waiting documents could not be written or read.
#[derive(Debug, thiserror::Error)]
#[error("the temporary file of documents waiting to be placed: {0}")]
pub struct SpillError(#[from] std::io::Error);

/// Extracted documents waiting to be analysed and placed in publication
/// order.
pub struct Queue {
    keys: Vec<Key>,
    spill: Spill,
    /// The languages met, so that a document keeps its `Lang` as an index.
    langs: Vec<Lang>,
    keep_raw: bool,
    /// Bytes kept in memory before the file takes over.
    budget: usize,
}

/// What decides a document's turn, and where it lies.
struct Key {
    published: Option<Published>,
    /// The id, then the path: one allocation.
    names: Box<str>,
    id_len: u32,
    at: At,
}

impl Key {
    fn order(&self) -> (Option<Published>, &str, &str) {
        let (id, path) = self.names.split_at(self.id_len as usize);
        (self.published, id, path)
    }
}

/// Where documents are put aside: in memory as they are, until they would
/// hold more than the budget; then they all move, encoded, to a temporary
/// file, where the rest go too. (Encoding and decoding the documents kept
/// in memory was 2.5 % of a run.)
#[derive(Default)]
struct Spill {
    memory: Vec<Kept>,
    /// Bytes of text held in memory.
    held: usize,
    /// The file, once the memory is full, and its length.
    file: Option<(BufWriter<File>, u64)>,
}

/// A document put aside in memory: its article, language (the queue's
/// index) and raw form if kept.
struct Kept {
    article: Article,
    lang: u16,
    raw: Option<RawDoc>,
}

impl Kept {
    /// About what it holds, in bytes: its texts and a little for the rest.
    fn size(&self) -> usize {
        let a = &self.article;
        let texts = [&a.id, &a.path, &a.title, &a.body]
            .map(|t| t.len())
            .iter()
            .sum::<usize>()
            + a.url.as_ref().map_or(0, String::len)
            + a.outlet.as_ref().map_or(0, String::len);
        let raw = self.raw.as_ref().map_or(0, |r| {
            r.id.len()
                + r.path.len()
                + r.text.len()
                + [&r.title, &r.date, &r.url, &r.source, &r.lang]
                    .iter()
                    .map(|f| f.as_ref().map_or(0, String::len))
                    .sum::<usize>()
        });
        texts + raw + 16 * (a.mentions.len() + a.weekdays.len()) + 256
    }

    fn encode(self) -> std::io::Result<Box<[u8]>> {
        let record = Record {
            article: StoredArticle::from_article(self.article, self.lang),
            raw: self.raw.map(StoredRaw),
        };
        let bytes = postcard::to_stdvec(&record).map_err(std::io::Error::other)?;
        Ok(bytes.into_boxed_slice())
    }
}

/// Where a document lies.
#[derive(Clone, Copy)]
enum At {
    /// In memory, the `n`th kept there.
    Memory(usize),
    /// In the file, its bytes from `offset`.
    File { offset: u64, len: u32 },
}

impl Queue {
    /// An empty queue; with `keep_raw`, each document's raw form comes back
    /// with its analysis.
    pub fn new(keep_raw: bool) -> Queue {
        Queue {
            keys: Vec::new(),
            spill: Spill::default(),
            langs: Vec::new(),
            keep_raw,
            budget: MEMORY_BUDGET,
        }
    }

    /// Documents queued.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// Whether no document is queued.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// Extracts `raws` in parallel and queues them; adds a line for each
    /// rejected document to `rejected`, in the order of `raws`.
    pub fn extract(
        &mut self,
        raws: Vec<RawDoc>,
        settings: &Settings,
        rejected: &mut Vec<String>,
    ) -> Result<(), SpillError> {
        let keep_raw = self.keep_raw;
        let extracted: Vec<Result<(Article, Option<RawDoc>), String>> = raws
            .into_par_iter()
            .map(
                |raw| match pipeline::extract::extract(&raw, &settings.extract) {
                    Ok(article) => Ok((article, keep_raw.then_some(raw))),
                    Err(reason) => Err(format!("{}: {reason}", raw.path)),
                },
            )
            .collect();
        // Each language gets its index in the order met. Documents stay as
        // they are while they fit in memory; past the budget they are
        // encoded in parallel, a chunk at a time, and only writing them is
        // left to one core.
        let mut kept = Vec::with_capacity(extracted.len());
        for item in extracted {
            match item {
                Ok((article, raw)) => {
                    let lang = self.lang_index(article.lang);
                    kept.push(Kept { article, lang, raw });
                }
                Err(line) => rejected.push(line),
            }
        }
        let mut kept = kept.into_iter().peekable();
        while self.spill.file.is_none() {
            let Some(doc) = kept.next() else {
                return Ok(());
            };
            let mut key = key_of(&doc.article);
            let size = doc.size();
            if self.spill.held + size <= self.budget {
                key.at = self.spill.keep(doc, size);
            } else {
                let moved = self.spill.move_to_file()?;
                for key in &mut self.keys {
                    if let At::Memory(n) = key.at {
                        key.at = moved[n];
                    }
                }
                key.at = self.spill.write(&doc.encode()?)?;
            }
            self.keys.push(key);
        }
        while kept.peek().is_some() {
            let chunk: Vec<Kept> = kept.by_ref().take(ENCODE_CHUNK).collect();
            let encoded: Vec<(Key, Box<[u8]>)> = chunk
                .into_par_iter()
                .map(|doc| Ok((key_of(&doc.article), doc.encode()?)))
                .collect::<Result<_, std::io::Error>>()?;
            for (mut key, bytes) in encoded {
                key.at = self.spill.write(&bytes)?;
                self.keys.push(key);
            }
        }
        Ok(())
    }

    /// The index of a language among those met, adding it if new.
    fn lang_index(&mut self, lang: Lang) -> u16 {
        let i = match self.langs.iter().position(|l| *l == lang) {
            Some(i) => i,
            None => {
                self.langs.push(lang);
                self.langs.len() - 1
            }
        };
        i as u16
    }

    /// Analyses the queued documents, weighs each with `weigh` and gives
    /// what it gave to `place` (with the raw form if kept), in publication
    /// order, `place` on the calling thread. The first error of `place`
    /// stops the run.
    ///
    /// Analysis is the larger share of the work and placement is one
    /// thread's: the other cores analyse ahead, and the placing thread too,
    /// whenever the document it needs next is not ready yet, so that no
    /// core waits while there is a document to analyse. At most [`AHEAD`]
    /// documents wait analysed: memory holds a few thousand texts, not the
    /// corpus. `weigh` takes the documents one at a time and in order too:
    /// on the placing thread, or on another when that one has no document
    /// left to analyse within the window, up to [`WEIGHED_AHEAD`] documents
    /// ahead of `place` (see [`Ahead::work`] for why analysis comes
    /// first).
    pub fn place<W: Send, E: From<SpillError> + Send>(
        self,
        settings: &Settings,
        weigh: impl FnMut(Doc) -> W + Send,
        mut place: impl FnMut(Option<RawDoc>, W) -> Result<(), E>,
    ) -> Result<(), E> {
        let Queue {
            mut keys,
            spill,
            langs,
            ..
        } = self;
        keys.sort_by(|a, b| pipeline::order_of(a.order(), b.order()));
        // In order, only where each lies is needed any more.
        let places: Vec<At> = keys.iter().map(|k| k.at).collect();
        drop(keys);
        let spill = spill.finish().map_err(SpillError::from)?;
        let analyse = |i: usize| -> Analysed<Doc> {
            let (article, raw) = spill.read(places[i], &langs)?;
            Ok((raw, pipeline::analyze::analyze(article, &settings.analyze)))
        };
        let mut weigh = weigh;
        let weigher = Mutex::new(move |analysed: Analysed<Doc>| -> Analysed<W> {
            analysed.map(|(raw, doc)| (raw, weigh(doc)))
        });
        let ahead = Ahead::new(places.len(), AHEAD, WEIGHED_AHEAD);
        let helpers = std::thread::available_parallelism().map_or(1, |n| n.get().max(2) - 1);
        let work = Work {
            analyse: &analyse,
            weigh: &weigher,
        };
        std::thread::scope(|scope| {
            for _ in 0..helpers {
                scope.spawn(|| ahead.work(&work));
            }
            // Analysis stops however placing ends, a panic included.
            let _stop = Stop(&ahead);
            (0..places.len()).try_for_each(|i| {
                let (raw, weighed) = ahead.take(i, &work)?;
                place(raw, weighed)
            })
        })
    }
}

/// Documents encoded in parallel at a time.
const ENCODE_CHUNK: usize = 512;

/// A document's key, but for where it lies.
fn key_of(article: &Article) -> Key {
    Key {
        published: article.published,
        names: format!("{}{}", article.id, article.path).into_boxed_str(),
        id_len: article.id.len() as u32,
        at: At::Memory(0),
    }
}

/// Documents analysed ahead of placement, at most this many.
const AHEAD: usize = 1024;

/// Documents weighed ahead of placement, at most this many: a weighed
/// document is larger than an analysed one (the engine's weighed vectors
/// come with look-up tables), and a few keep the placing thread fed.
const WEIGHED_AHEAD: usize = 64;

/// A document read back and analysed (or weighed), with its raw form if
/// kept.
type Analysed<D> = Result<(Option<RawDoc>, D), SpillError>;

/// The two steps before placing: analysing document `i`, which any thread
/// may do in any order, then weighing it, one document at a time and in
/// order (whence the lock).
struct Work<'a, A, F> {
    analyse: &'a A,
    weigh: &'a Mutex<F>,
}

impl<A, F> Work<'_, A, F> {
    fn weigh<T, U>(&self, analysed: T) -> U
    where
        F: FnMut(T) -> U,
    {
        // A thread that panicked while weighing ends the run anyway.
        let mut weigh = self.weigh.lock().unwrap_or_else(PoisonError::into_inner);
        weigh(analysed)
    }
}

/// Documents analysed and weighed ahead of the placing thread, by rank in
/// publication order: a helping thread takes the next one to analyse, or
/// when the window is full the next one to weigh; the placing thread
/// weighs the next one to place, or analyses while it is not ready.
struct Ahead<T, U> {
    /// How many documents there are.
    len: usize,
    /// How many may wait analysed or weighed.
    window: usize,
    /// How many may wait weighed.
    weighed_window: usize,
    /// The next document to analyse.
    next: AtomicUsize,
    state: Mutex<AheadState<T, U>>,
    /// A document analysed, weighed or placed, or the run stopped.
    changed: Condvar,
}

struct AheadState<T, U> {
    /// Analysed documents not yet weighed, by rank.
    analysed: HashMap<usize, T>,
    /// Weighed documents not yet placed, by rank.
    weighed: HashMap<usize, U>,
    /// The next document to weigh.
    to_weigh: usize,
    /// A thread is weighing document `to_weigh`.
    weighing: bool,
    /// Documents placed so far.
    placed: usize,
    /// The placing side is done (or failed): analysis stops.
    stopped: bool,
    /// Threads waiting for a change: a change wakes them only if there
    /// are any (a wake-up is a system call, three a document otherwise).
    waiting: usize,
}

impl<T, U> Ahead<T, U> {
    fn new(len: usize, window: usize, weighed_window: usize) -> Ahead<T, U> {
        Ahead {
            len,
            window,
            weighed_window,
            next: AtomicUsize::new(0),
            state: Mutex::new(AheadState {
                analysed: HashMap::new(),
                weighed: HashMap::new(),
                to_weigh: 0,
                weighing: false,
                placed: 0,
                stopped: false,
                waiting: 0,
            }),
            changed: Condvar::new(),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, AheadState<T, U>> {
        // A thread that panicked holding the lock left the state whole.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Claims the next document to analyse, if any is left.
    fn claim(&self) -> Option<usize> {
        let i = self.next.fetch_add(1, Ordering::Relaxed);
        (i < self.len).then_some(i)
    }

    /// Whether a document is left to analyse and fewer than `window` wait
    /// analysed or claimed.
    fn has_room(&self, state: &AheadState<T, U>) -> bool {
        let next = self.next.load(Ordering::Relaxed);
        next < self.len && next < state.placed + self.window
    }

    /// Claims the next document to weigh, if it is analysed, nobody weighs
    /// it yet and fewer than `weighed_window` wait weighed.
    fn claim_weighing(&self, state: &mut AheadState<T, U>) -> Option<(usize, T)> {
        let i = state.to_weigh;
        if state.weighing || i >= state.placed + self.weighed_window {
            return None;
        }
        let analysed = state.analysed.remove(&i)?;
        state.weighing = true;
        Some((i, analysed))
    }

    /// Whether there is a document to weigh now.
    fn can_weigh(&self, state: &AheadState<T, U>) -> bool {
        !state.weighing
            && state.to_weigh < state.placed + self.weighed_window
            && state.analysed.contains_key(&state.to_weigh)
    }

    fn analysed(&self, i: usize, analysed: T) {
        let mut state = self.lock();
        state.analysed.insert(i, analysed);
        self.changed_in(state);
    }

    /// Wakes the waiting threads, if any, to a change made in `state`. A
    /// thread counts itself waiting under the lock, before it waits: so
    /// either it saw the change, or it is counted here.
    fn changed_in(&self, state: MutexGuard<'_, AheadState<T, U>>) {
        let waiting = state.waiting > 0;
        drop(state);
        if waiting {
            self.changed.notify_all();
        }
    }

    fn weighed(&self, state: &mut AheadState<T, U>, i: usize) {
        state.to_weigh = i + 1;
        state.weighing = false;
    }

    /// Waits for a change while `blocked` holds.
    fn wait_while<'a>(
        &self,
        mut state: MutexGuard<'a, AheadState<T, U>>,
        blocked: impl FnMut(&mut AheadState<T, U>) -> bool,
    ) -> MutexGuard<'a, AheadState<T, U>> {
        state.waiting += 1;
        let mut state = self
            .changed
            .wait_while(state, blocked)
            .unwrap_or_else(PoisonError::into_inner);
        state.waiting -= 1;
        state
    }

    /// A helping thread: analyses the next document while fewer than
    /// `window` wait, else weighs the next one when it can, until all are
    /// weighed or the placing side stops. Analysis comes first: whatever a
    /// helper leaves of it, the placing thread does, and each thread knows
    /// the words of its own documents only (a word first met costs a
    /// stemming and a dictionary look-up), so the fewer documents the
    /// placing thread analyses, the fewer words two threads learn each.
    /// Weighing instead takes the placing thread's time only.
    fn work<A, F>(&self, work: &Work<'_, A, F>)
    where
        A: Fn(usize) -> T,
        F: FnMut(T) -> U,
    {
        loop {
            let mut state = self.wait_while(self.lock(), |s| {
                !s.stopped && s.to_weigh < self.len && !self.can_weigh(s) && !self.has_room(s)
            });
            if state.stopped || state.to_weigh >= self.len {
                return;
            }
            let to_weigh = if self.has_room(&state) {
                None
            } else {
                self.claim_weighing(&mut state)
            };
            if let Some((i, analysed)) = to_weigh {
                drop(state);
                let weighed = work.weigh(analysed);
                let mut state = self.lock();
                state.weighed.insert(i, weighed);
                self.weighed(&mut state, i);
                self.changed_in(state);
                continue;
            }
            drop(state);
            if let Some(i) = self.claim() {
                self.analysed(i, (work.analyse)(i));
            }
        }
    }

    /// The placing thread: document `i` weighed, analysing others (or it)
    /// while it is not ready and fewer than `window` wait, and weighing it
    /// when nobody else does.
    fn take<A, F>(&self, i: usize, work: &Work<'_, A, F>) -> U
    where
        A: Fn(usize) -> T,
        F: FnMut(T) -> U,
    {
        loop {
            let mut state = self.lock();
            if let Some(weighed) = state.weighed.remove(&i) {
                state.placed = i + 1;
                self.changed_in(state);
                return weighed;
            }
            // Every document before `i` is placed, so weighed: `i` is the
            // next to weigh.
            if let Some((j, analysed)) = self.claim_weighing(&mut state) {
                debug_assert_eq!(i, j);
                drop(state);
                return self.weigh_and_take(i, analysed, work);
            }
            if state.weighing || state.analysed.contains_key(&i) {
                // Another thread weighs it.
                drop(self.wait_while(state, |s| !s.weighed.contains_key(&i)));
                continue;
            }
            // With no room ahead, or no document left, `i` is claimed
            // (it lies within the window): wait for it.
            match self.has_room(&state).then(|| self.claim()).flatten() {
                Some(j) if j == i => {
                    // Nobody else can weigh a document not analysed.
                    state.weighing = true;
                    drop(state);
                    let analysed = (work.analyse)(i);
                    return self.weigh_and_take(i, analysed, work);
                }
                Some(j) => {
                    drop(state);
                    self.analysed(j, (work.analyse)(j));
                }
                None => drop(self.wait_while(state, |s| {
                    !s.analysed.contains_key(&i) && !s.weighed.contains_key(&i)
                })),
            }
        }
    }

    /// The placing thread weighs document `i` itself (claimed for
    /// weighing) and takes it.
    fn weigh_and_take<A, F>(&self, i: usize, analysed: T, work: &Work<'_, A, F>) -> U
    where
        F: FnMut(T) -> U,
    {
        let weighed = work.weigh(analysed);
        let mut state = self.lock();
        self.weighed(&mut state, i);
        state.placed = i + 1;
        self.changed_in(state);
        weighed
    }
}

/// Stops the analysing threads when dropped.
struct Stop<'a, T, U>(&'a Ahead<T, U>);

impl<T, U> Drop for Stop<'_, T, U> {
    fn drop(&mut self) {
        let mut state = self.0.lock();
        state.stopped = true;
        self.0.changed_in(state);
    }
}

/// Documents put aside, ready to be read back.
struct Written {
    /// The documents kept in memory, each until it is read.
    memory: Vec<Mutex<Option<Kept>>>,
    file: Option<File>,
}

impl Spill {
    /// Moves the documents held in memory to a new file (encoded in
    /// parallel), giving where each now lies; the memory is freed, and
    /// later documents go to the file.
    fn move_to_file(&mut self) -> std::io::Result<Vec<At>> {
        self.file = Some((BufWriter::with_capacity(1 << 20, tempfile::tempfile()?), 0));
        self.held = 0;
        let mut moved = Vec::with_capacity(self.memory.len());
        let mut memory = std::mem::take(&mut self.memory).into_iter().peekable();
        while memory.peek().is_some() {
            let chunk: Vec<Kept> = memory.by_ref().take(ENCODE_CHUNK).collect();
            let encoded: Vec<Box<[u8]>> = chunk
                .into_par_iter()
                .map(Kept::encode)
                .collect::<std::io::Result<_>>()?;
            for bytes in encoded {
                moved.push(self.write(&bytes)?);
            }
        }
        Ok(moved)
    }

    /// Keeps a document in memory, giving where.
    fn keep(&mut self, doc: Kept, size: usize) -> At {
        self.held += size;
        self.memory.push(doc);
        At::Memory(self.memory.len() - 1)
    }

    /// Writes an encoded document to the file, giving where.
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<At> {
        let (file, len) = self
            .file
            .as_mut()
            .expect("documents are written once the file is made");
        file.write_all(bytes)?;
        let at = At::File {
            offset: *len,
            len: bytes.len() as u32,
        };
        *len += bytes.len() as u64;
        Ok(at)
    }

    fn finish(self) -> std::io::Result<Written> {
        let file = match self.file {
            Some((file, _)) => Some(file.into_inner().map_err(|e| e.into_error())?),
            None => None,
        };
        Ok(Written {
            memory: self
                .memory
                .into_iter()
                .map(|doc| Mutex::new(Some(doc)))
                .collect(),
            file,
        })
    }
}

impl Written {
    /// The document at `at`, with its raw form if kept; a document kept in
    /// memory is taken (each is read once).
    fn read(&self, at: At, langs: &[Lang]) -> Result<(Article, Option<RawDoc>), SpillError> {
        let invalid = |e: postcard::Error| {
            SpillError(std::io::Error::new(std::io::ErrorKind::InvalidData, e))
        };
        let record: Record = match at {
            At::Memory(n) => {
                let taken = self.memory[n]
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .take();
                let doc = taken.ok_or_else(|| {
                    SpillError(std::io::Error::other("a waiting document was read twice"))
                })?;
                return Ok((doc.article, doc.raw));
            }
            At::File { offset, len } => {
                let file = self
                    .file
                    .as_ref()
                    .expect("a document put in the file made it");
                let mut bytes = vec![0; len as usize];
                file.read_exact_at(&mut bytes, offset)?;
                postcard::from_bytes(&bytes).map_err(invalid)?
            }
        };
        let article = record.article.into_article(langs)?;
        Ok((article, record.raw.map(|StoredRaw(raw)| raw)))
    }
}

/// A document as put aside: the article, and the raw form if kept.
#[derive(Serialize, Deserialize)]
struct Record {
    article: StoredArticle,
    raw: Option<StoredRaw>,
}

/// An [`Article`], field for field; the language as an index into the
/// queue's, the time as (days from the common era, seconds, nanoseconds).
#[derive(Serialize, Deserialize)]
struct StoredArticle {
    id: String,
    path: String,
    title: String,
    body: String,
    lang: u16,
    published: Option<(i32, u32, u32, u8, bool)>,
    mentions: Vec<(Option<i32>, u32, u32)>,
    weekdays: Vec<u8>,
    url: Option<String>,
    outlet: Option<String>,
}

impl StoredArticle {
    fn from_article(a: Article, lang: u16) -> StoredArticle {
        let precision = |p: Precision| match p {
            Precision::Month => 0,
            Precision::Day => 1,
            Precision::Time => 2,
        };
        StoredArticle {
            id: a.id,
            path: a.path,
            title: a.title,
            body: a.body,
            lang,
            published: a.published.map(|p| {
                (
                    p.at.date().num_days_from_ce(),
                    p.at.time().num_seconds_from_midnight(),
                    p.at.time().nanosecond(),
                    precision(p.precision),
                    p.inferred,
                )
            }),
            mentions: a
                .mentions
                .iter()
                .map(|m| (m.year, m.month, m.day))
                .collect(),
            weekdays: a
                .weekdays
                .iter()
                .map(|w| w.num_days_from_monday() as u8)
                .collect(),
            url: a.url,
            outlet: a.outlet,
        }
    }

    fn into_article(self, langs: &[Lang]) -> Result<Article, SpillError> {
        let bad = |what: &str| {
            SpillError(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!("a waiting document's {what} reads wrong"),
            ))
        };
        let published = match self.published {
            None => None,
            Some((days, secs, nanos, precision, inferred)) => {
                let date = NaiveDate::from_num_days_from_ce_opt(days).ok_or_else(|| bad("date"))?;
                let time = NaiveTime::from_num_seconds_from_midnight_opt(secs, nanos)
                    .ok_or_else(|| bad("time"))?;
                let precision = match precision {
                    0 => Precision::Month,
                    1 => Precision::Day,
                    2 => Precision::Time,
                    _ => return Err(bad("precision")),
                };
                Some(Published {
                    at: NaiveDateTime::new(date, time),
                    precision,
                    inferred,
                })
            }
        };
        let weekdays = self
            .weekdays
            .into_iter()
            .map(|w| Weekday::try_from(w).map_err(|_| bad("weekday")))
            .collect::<Result<_, _>>()?;
        Ok(Article {
            id: self.id,
            path: self.path,
            title: self.title,
            body: self.body,
            lang: *langs
                .get(self.lang as usize)
                .ok_or_else(|| bad("language"))?,
            published,
            mentions: self
                .mentions
                .into_iter()
                .map(|(year, month, day)| DayMention { year, month, day })
                .collect(),
            weekdays,
            url: self.url,
            outlet: self.outlet,
        })
    }
}

/// A [`RawDoc`] as put aside: its fields, by serde's remote derive (the
/// engine's types carry no serde).
#[derive(Serialize, Deserialize)]
#[serde(remote = "RawDoc")]
struct RawDocDef {
    id: String,
    path: String,
    title: Option<String>,
    text: String,
    date: Option<String>,
    url: Option<String>,
    source: Option<String>,
    lang: Option<String>,
}

#[derive(Serialize, Deserialize)]
struct StoredRaw(#[serde(with = "RawDocDef")] RawDoc);

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(id: &str, date: Option<&str>, text: &str) -> RawDoc {
        RawDoc {
            id: id.into(),
            path: format!("{id}.txt"),
            text: text.into(),
            date: date.map(str::to_string),
            url: Some(format!("https://example.org/{id}")),
            ..RawDoc::default()
        }
    }

    /// Every document comes back whole, in publication order, whether it
    /// waited in memory or in the file; gives how many waited in memory,
    /// their bytes, and whether the file was used.
    fn check(budget: usize) -> (usize, usize, bool) {
        let settings = Settings::default();
        let body = "Kerbrieuc closes its harbour\nThe council of Kerbrieuc voted on \
                    Monday, 3 March 2025, to close the harbour after the storm, officials said.\n\
                    Fishermen will be paid for the days lost, the mayor added on Tuesday.";
        let raws = [
            raw("c", Some("2025-03-05T10:00:00"), body),
            raw("a", Some("2025-03-04"), body),
            raw(
                "undated",
                None,
                "Le port de Kerbrieuc reste fermé\nLe conseil a voté la fermeture du port \
                 après la tempête, selon la mairie.\nLes pêcheurs seront indemnisés.",
            ),
            raw("empty", Some("2025-03-01"), "  "),
            raw("b", Some("2025-03-04"), body),
        ];
        let expected: Vec<(RawDoc, Doc)> = {
            let mut docs: Vec<(RawDoc, Doc)> = raws
                .iter()
                .filter_map(|r| Some((r.clone(), pipeline::prepare(r, &settings).ok()?)))
                .collect();
            docs.sort_by(|a, b| pipeline::publication_order(&a.1, &b.1));
            docs
        };
        let mut queue = Queue::new(true);
        queue.budget = budget;
        let mut rejected = Vec::new();
        let (first, second) = raws.split_at(2);
        queue
            .extract(first.to_vec(), &settings, &mut rejected)
            .unwrap();
        queue
            .extract(second.to_vec(), &settings, &mut rejected)
            .unwrap();
        assert_eq!(rejected.len(), 1, "{rejected:?}");
        assert!(rejected[0].starts_with("empty.txt"), "{rejected:?}");
        assert_eq!(queue.len(), 4);
        let spill = &queue.spill;
        let spilled = (spill.memory.len(), spill.held, spill.file.is_some());
        let mut placed = Vec::new();
        queue
            .place(
                &settings,
                |doc| doc,
                |raw, doc| {
                    placed.push((raw.expect("kept"), doc));
                    Ok::<(), SpillError>(())
                },
            )
            .unwrap();
        let ids = |docs: &[(RawDoc, Doc)]| -> Vec<String> {
            docs.iter().map(|(_, d)| d.article.id.clone()).collect()
        };
        assert_eq!(ids(&placed), ["a", "b", "c", "undated"]);
        assert_eq!(placed, expected);
        spilled
    }

    #[test]
    fn documents_analysed_ahead_come_in_order_weighed_in_order_and_never_too_many_wait() {
        let (len, window, weighed_window) = (500, 8, 3);
        let ahead = Ahead::new(len, window, weighed_window);
        let (most, most_weighed) = (AtomicUsize::new(0), AtomicUsize::new(0));
        let pause = |i: usize, by: u64| {
            std::thread::sleep(std::time::Duration::from_micros((i as u64 * by) % 200));
        };
        // Uneven work, so that threads overtake one another.
        let analyse = |i: usize| {
            pause(i, 37);
            let state = ahead.lock();
            most.fetch_max(
                state.analysed.len() + state.weighed.len(),
                Ordering::Relaxed,
            );
            i * 2
        };
        let seen = Mutex::new(Vec::new());
        let weigher = Mutex::new(|analysed: usize| {
            pause(analysed, 53);
            most_weighed.fetch_max(ahead.lock().weighed.len(), Ordering::Relaxed);
            seen.lock().unwrap().push(analysed);
            analysed + 1
        });
        let work = Work {
            analyse: &analyse,
            weigh: &weigher,
        };
        let taken: Vec<usize> = std::thread::scope(|scope| {
            for _ in 0..3 {
                scope.spawn(|| ahead.work(&work));
            }
            let _stop = Stop(&ahead);
            (0..len).map(|i| ahead.take(i, &work)).collect()
        });
        assert_eq!(taken, (0..len).map(|i| i * 2 + 1).collect::<Vec<_>>());
        // Each weighed once, in order, whichever thread weighed it.
        assert_eq!(
            *seen.lock().unwrap(),
            (0..len).map(|i| i * 2).collect::<Vec<_>>()
        );
        // The window, plus what the four threads may claim at once.
        assert!(most.load(Ordering::Relaxed) <= window + 4, "{most:?}");
        assert!(
            most_weighed.load(Ordering::Relaxed) <= weighed_window,
            "{most_weighed:?}"
        );
    }

    #[test]
    fn a_helper_analyses_while_there_is_room_and_weighs_only_when_there_is_none() {
        let (len, window, weighed_window) = (20, 8, 3);
        let ahead = Ahead::new(len, window, weighed_window);
        let done = Mutex::new(Vec::new());
        let analyse = |i: usize| {
            done.lock().unwrap().push(('a', i));
            i
        };
        let weigher = Mutex::new(|i: usize| {
            done.lock().unwrap().push(('w', i));
            i
        });
        let work = Work {
            analyse: &analyse,
            weigh: &weigher,
        };
        std::thread::scope(|scope| {
            scope.spawn(|| ahead.work(&work));
            let _stop = Stop(&ahead);
            // The placing side takes nothing until the helper has done all
            // it may.
            let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
            while done.lock().unwrap().len() < window + weighed_window
                && std::time::Instant::now() < deadline
            {
                std::thread::sleep(std::time::Duration::from_millis(1));
            }
            let expected: Vec<(char, usize)> = (0..window)
                .map(|i| ('a', i))
                .chain((0..weighed_window).map(|i| ('w', i)))
                .collect();
            assert_eq!(*done.lock().unwrap(), expected);
            for i in 0..len {
                assert_eq!(ahead.take(i, &work), i);
            }
        });
    }

    #[test]
    fn a_placing_error_stops_the_analysis() {
        let settings = Settings::default();
        let mut queue = Queue::new(false);
        let raws: Vec<RawDoc> = (0..50)
            .map(|i| {
                raw(
                    &format!("d{i}"),
                    Some("2025-03-04"),
                    "Kerbrieuc closes its harbour\nThe council voted.",
                )
            })
            .collect();
        queue.extract(raws, &settings, &mut Vec::new()).unwrap();
        let mut placed = 0;
        let result = queue.place(
            &settings,
            |doc| doc,
            |_, _| {
                placed += 1;
                if placed == 3 {
                    return Err(SpillError(std::io::Error::other("full disk")));
                }
                Ok(())
            },
        );
        assert!(result.is_err());
        assert_eq!(placed, 3);
    }

    #[test]
    fn documents_come_back_whole_and_in_order_from_memory_from_the_file_or_moved_there() {
        let (in_memory, held, file) = check(MEMORY_BUDGET);
        assert_eq!((in_memory, file), (4, false));
        assert_eq!(check(0), (0, 0, true));
        // The first documents held in memory move to the file with the rest.
        assert_eq!(check(held / 2), (0, 0, true));
    }
}
