//! `check`: everything the store promises, verified, with what is wrong said
//! in words.

use pipeline::Settings;

use crate::{Result, Store};

impl Store {
    /// What is wrong with the store, a sentence a problem; empty when the
    /// database is sound, every article is in one event and every event in
    /// one story, the engine's state agrees with the articles, and the
    /// search index is in step with the database.
    pub fn check(&self, settings: &Settings) -> Result<Vec<String>> {
        let mut problems = Vec::new();
        let mut stmt = self.db.prepare("PRAGMA integrity_check")?;
        for line in stmt.query_map([], |r| r.get::<_, String>(0))? {
            let line = line?;
            if line != "ok" {
                problems.push(format!("database: {line}"));
            }
        }
        let counts: &[(&str, &str)] = &[
            (
                "SELECT count(*) FROM articles a LEFT JOIN events e ON e.id = a.event
                 WHERE e.id IS NULL",
                "articles in no known event",
            ),
            (
                "SELECT count(*) FROM events e LEFT JOIN stories s ON s.id = e.story
                 WHERE s.id IS NULL",
                "events in no known story",
            ),
            (
                "SELECT count(*) FROM events e WHERE NOT EXISTS
                 (SELECT 1 FROM articles a WHERE a.event = e.id)",
                "events without articles",
            ),
            (
                "SELECT count(*) FROM stories s WHERE NOT EXISTS
                 (SELECT 1 FROM events e WHERE e.story = s.id)",
                "stories without events",
            ),
            (
                "SELECT count(*) FROM articles a WHERE a.copy_of IS NOT NULL AND NOT EXISTS
                 (SELECT 1 FROM articles o WHERE o.id = a.copy_of)",
                "copies of an article that is not stored",
            ),
            (
                "SELECT count(*) FROM articles WHERE seq < 0 OR seq >= (SELECT count(*) FROM articles)",
                "articles numbered out of sequence (a gap in the numbering)",
            ),
        ];
        for (sql, what) in counts {
            let n: u64 = self.db.query_row(sql, [], |r| r.get(0))?;
            if n > 0 {
                problems.push(format!("{n} {what}"));
            }
        }
        let stored = self.articles()?;
        let checkpoint: Option<u64> =
            self.db
                .query_row("SELECT max(placed) FROM checkpoint", [], |r| r.get(0))?;
        if checkpoint.is_some_and(|c| c > stored) {
            problems.push(format!(
                "the engine's checkpoint covers {} articles, but {stored} are stored",
                checkpoint.unwrap_or_default()
            ));
        } else if let Err(e) = self.engine(settings) {
            problems.push(format!("engine state: {e}"));
        }
        let indexed = self.index.indexed()?;
        let docs = self.index.num_docs()?;
        if indexed != stored || docs != stored {
            problems.push(format!(
                "the search index holds {docs} articles (and records {indexed}), the database \
                 {stored}; the next `storyline ingest` brings it up to date"
            ));
        }
        Ok(problems)
    }
}
