//! Writing: the engine restored from the last checkpoint, batches of placed
//! articles, checkpoints, and the index kept in step.

use std::hash::Hasher;

use pipeline::{Article, Engine, Placement, RawDoc, Settings};
use rusqlite::{params, OptionalExtension};
use tracing::{debug, info};

use crate::index::Entry;
use crate::{day_number, Error, Result, Store};

/// A stable hash of what a reader gave: the same article read twice, from
/// anywhere, has the same hash.
pub fn content_hash(raw: &RawDoc) -> String {
    let mut h = fnv::FnvHasher::default();
    h.write(raw.title.as_deref().unwrap_or_default().as_bytes());
    h.write_u8(0);
    h.write(raw.text.as_bytes());
    format!("{:016x}", h.finish())
}

/// The raw text as stored: empty where it is the body (text and JSON
/// input, mostly), which it then stands for (schema version 2). Half the
/// bytes of such an article were the same text twice.
fn raw_text<'a>(raw: &'a RawDoc, article: &Article) -> &'a str {
    if raw.text == article.body {
        ""
    } else {
        &raw.text
    }
}

/// Articles indexed per index commit.
const INDEX_CHUNK: u64 = 5000;

impl Store {
    /// The engine as the stored articles left it: the last checkpoint's
    /// state, then the articles stored after it, placed again. Each replayed
    /// article must land where it was stored.
    pub fn engine(&self, settings: &Settings) -> Result<Engine> {
        let saved: Option<Vec<u8>> = self
            .db
            .query_row("SELECT state FROM checkpoint", [], |r| r.get(0))
            .optional()?;
        let mut engine = match saved {
            Some(bytes) => Engine::restore(settings.clone(), &bytes)?,
            None => Engine::new(settings.clone()),
        };
        let from = engine.placed() as i64;
        let mut stmt = self.db.prepare(
            "SELECT seq, id, raw_path, raw_title, iif(raw_text = '', body, raw_text),
                    raw_date, raw_url, raw_source, raw_lang, event, copy_of
             FROM articles WHERE seq >= ?1 ORDER BY seq",
        )?;
        let mut rows = stmt.query([from])?;
        let mut replayed = 0;
        while let Some(r) = rows.next()? {
            let seq: u64 = r.get(0)?;
            let raw = RawDoc {
                id: r.get(1)?,
                path: r.get(2)?,
                title: r.get(3)?,
                text: r.get(4)?,
                date: r.get(5)?,
                url: r.get(6)?,
                source: r.get(7)?,
                lang: r.get(8)?,
            };
            let (event, copy_of): (u32, Option<String>) = (r.get(9)?, r.get(10)?);
            let diverged = |why: String| Error::Diverged {
                id: raw.id.clone(),
                seq,
                why,
            };
            if seq != engine.placed() as u64 {
                return Err(diverged(format!(
                    "follows a gap: the engine expected number {}",
                    engine.placed()
                )));
            }
            let doc = pipeline::prepare(&raw, settings)
                .map_err(|reason| diverged(format!("is now rejected ({reason})")))?;
            let placed = engine.place(doc);
            if placed.event.0 != event || placed.copy_of != copy_of {
                return Err(diverged(format!(
                    "now lands in {} (copy of {:?}), not e{event} (copy of {copy_of:?})",
                    placed.event, placed.copy_of
                )));
            }
            replayed += 1;
        }
        if replayed > 0 {
            info!(
                replayed,
                "replayed articles stored after the last checkpoint"
            );
        }
        Ok(engine)
    }

    /// The id of a stored article that `raw` repeats: the same URL, or the
    /// same content.
    pub fn known(&self, raw: &RawDoc) -> Result<Option<String>> {
        self.known_as(raw.url.as_deref(), &content_hash(raw))
    }

    /// The id of a stored article with this URL or this content hash.
    pub(crate) fn known_as(&self, url: Option<&str>, hash: &str) -> Result<Option<String>> {
        if let Some(url) = url {
            let mut by_url = self
                .db
                .prepare_cached("SELECT id FROM articles WHERE raw_url = ?1")?;
            let id = by_url.query_row([url], |r| r.get(0)).optional()?;
            if id.is_some() {
                return Ok(id);
            }
        }
        let mut by_hash = self
            .db
            .prepare_cached("SELECT id FROM articles WHERE hash = ?1")?;
        Ok(by_hash.query_row([hash], |r| r.get(0)).optional()?)
    }

    /// `id` if no stored article has it, else the first free `id~N`.
    pub fn free_id(&self, id: &str) -> Result<String> {
        let mut by_id = self
            .db
            .prepare_cached("SELECT 1 FROM articles WHERE id = ?1")?;
        let mut taken = |candidate: &str| -> Result<bool> { Ok(by_id.exists([candidate])?) };
        if !taken(id)? {
            return Ok(id.to_string());
        }
        let mut n = 2;
        loop {
            let candidate = format!("{id}~{n}");
            if !taken(&candidate)? {
                return Ok(candidate);
            }
            n += 1;
        }
    }

    /// Stores a batch of placed articles, in the order the engine placed
    /// them, with the events and stories they open: all or nothing.
    pub fn add(&mut self, batch: &[(RawDoc, Placement)]) -> Result<()> {
        let tx = self.db.transaction()?;
        // Articles are numbered from 0 without gaps, so the next number is
        // one past the largest: a look-up, where a count reads a whole index.
        let first: u64 =
            tx.query_row("SELECT coalesce(max(seq) + 1, 0) FROM articles", [], |r| {
                r.get(0)
            })?;
        {
            let mut story = tx.prepare_cached("INSERT OR IGNORE INTO stories (id) VALUES (?1)")?;
            let mut event =
                tx.prepare_cached("INSERT OR IGNORE INTO events (id, story) VALUES (?1, ?2)")?;
            let mut article = tx.prepare_cached(
                "INSERT INTO articles (seq, id, hash, event, copy_of, title, body, lang,
                     published, day, outlet, url, raw_path, raw_title, raw_text, raw_date,
                     raw_url, raw_source, raw_lang)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,
                     ?16, ?17, ?18, ?19)",
            )?;
            for (i, (raw, p)) in batch.iter().enumerate() {
                let a = &p.doc.article;
                story.execute([p.story.0])?;
                event.execute([p.event.0, p.story.0])?;
                article.execute(params![
                    first + i as u64,
                    a.id,
                    content_hash(raw),
                    p.event.0,
                    p.copy_of,
                    a.title,
                    a.body,
                    a.lang.code(),
                    a.published.map(|d| d.to_string()),
                    a.published.map(|d| d.date().to_string()),
                    a.outlet,
                    a.url,
                    raw.path,
                    raw.title,
                    raw_text(raw, a),
                    raw.date,
                    raw.url,
                    raw.source,
                    raw.lang,
                ])?;
            }
        }
        tx.commit()?;
        debug!(articles = batch.len(), first, "stored batch");
        // The index takes the batch on its own thread; it is committed at the
        // next checkpoint, and caught up from the database after a crash.
        if self.pending == Some(first) {
            let entries = batch.iter().enumerate().map(|(i, (_, p))| {
                let a = &p.doc.article;
                Entry {
                    seq: first + i as u64,
                    lang: a.lang.code(),
                    outlet: a.outlet.as_deref(),
                    day: a.published.map(|d| day_number(d.date())),
                    title: &a.title,
                    body: &a.body,
                }
            });
            self.index.add(entries, false)?;
            self.pending = Some(first + batch.len() as u64);
        }
        Ok(())
    }

    /// Saves the engine's state, so a later run need not replay what it
    /// has placed, and brings the search index up to date.
    pub fn checkpoint(&mut self, engine: &Engine) -> Result<()> {
        let stored = self.articles()?;
        if engine.placed() as u64 != stored {
            return Err(Error::Diverged {
                id: String::new(),
                seq: stored,
                why: format!(
                    "is the count of stored articles, but the engine placed {}",
                    engine.placed()
                ),
            });
        }
        if self.pending != Some(stored) {
            save_state(&self.db, engine, stored)?;
            return self.sync_index();
        }
        // The index writer finishes its segment (its backlog, then writing
        // it out) on threads of its own while the engine's state is saved:
        // one after the other, each left a core idle.
        let index = &mut self.index;
        let committed = std::thread::scope(|scope| {
            let commit = scope.spawn(move || index.commit(stored));
            let saved = save_state(&self.db, engine, stored);
            let committed = commit
                .join()
                .unwrap_or_else(|p| std::panic::resume_unwind(p));
            saved.and(committed)
        });
        committed?;
        info!(upto = stored, "search index committed");
        Ok(())
    }

    /// Indexes the stored articles the search index does not hold yet
    /// (all of them again if the index claims more than the database has);
    /// from then on, stored batches go to the index as they are stored.
    pub fn sync_index(&mut self) -> Result<()> {
        let stored = self.articles()?;
        let indexed = self.index.indexed()?;
        if indexed == stored {
            self.pending = Some(stored);
            return Ok(());
        }
        let (mut from, mut reset) = if indexed > stored {
            (0, true)
        } else {
            (indexed, false)
        };
        // In chunks, each committed: memory stays bounded, and a crash
        // loses at most one chunk's work.
        let mut stmt = self.db.prepare(
            "SELECT seq, lang, outlet, day, title, body FROM articles
             WHERE seq >= ?1 ORDER BY seq LIMIT ?2",
        )?;
        while from < stored || reset {
            let rows = stmt
                .query_map(params![from, INDEX_CHUNK], |r| {
                    Ok((
                        r.get::<_, u64>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, Option<String>>(2)?,
                        r.get::<_, Option<String>>(3)?,
                        r.get::<_, String>(4)?,
                        r.get::<_, String>(5)?,
                    ))
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            let upto = rows.last().map_or(from, |r| r.0 + 1);
            let entries = rows
                .iter()
                .map(|(seq, lang, outlet, day, title, body)| Entry {
                    seq: *seq,
                    lang,
                    outlet: outlet.as_deref(),
                    day: day.as_deref().and_then(|d| d.parse().ok()).map(day_number),
                    title,
                    body,
                });
            self.index.add(entries, reset)?;
            self.index.commit(upto)?;
            info!(articles = rows.len(), upto, "search index updated");
            if rows.is_empty() {
                break;
            }
            from = upto;
            reset = false;
        }
        self.pending = Some(stored);
        Ok(())
    }
}

/// Records the engine's state as of `stored` articles placed.
fn save_state(db: &rusqlite::Connection, engine: &Engine, stored: u64) -> Result<()> {
    let state = engine.save();
    db.execute(
        "INSERT INTO checkpoint (one, placed, state) VALUES (1, ?1, ?2)
         ON CONFLICT (one) DO UPDATE SET placed = excluded.placed, state = excluded.state",
        params![stored, state],
    )?;
    debug!(placed = stored, bytes = state.len(), "saved engine state");
    Ok(())
}
