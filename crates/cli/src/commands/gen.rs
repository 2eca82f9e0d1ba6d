//! `storyline gen --articles N --out DIR`: writes a synthetic corpus with
//! known events and stories, for measuring speed and scale.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context};
use chrono::NaiveDate;
use rayon::prelude::*;
use serde::Serialize;

#[derive(clap::Args)]
pub(crate) struct Args {
    /// Number of articles.
    #[arg(long, default_value_t = 10_000)]
    articles: usize,
    /// Number of events (default: one for every ten articles).
    #[arg(long, default_value_t = 0)]
    events: usize,
    /// Languages, each written with its own word list.
    #[arg(long, value_delimiter = ',', default_value = "fr,en,de,es")]
    langs: Vec<String>,
    /// The seed: the same seed and options give the same corpus.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// The folder to write (created; must be empty or new).
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// Where the word lists are (Debian's wamerican, wfrench, wngerman,
    /// wspanish… packages).
    #[arg(long, value_name = "DIR", default_value = "/usr/share/dict")]
    words: PathBuf,
    /// Articles per day, on average.
    #[arg(long, default_value_t = 100_000)]
    per_day: usize,
    /// Target size of an article's text, in bytes.
    #[arg(long, default_value_t = 3_000)]
    bytes: usize,
    /// The corpus's first day.
    #[arg(long)]
    start: Option<NaiveDate>,
}

/// Articles per JSON Lines file.
const PER_FILE: usize = 50_000;

impl Args {
    /// The generator's configuration.
    pub(crate) fn config(&self) -> synth::Config {
        let defaults = synth::Config::default();
        synth::Config {
            articles: self.articles,
            events: self.events,
            langs: self.langs.clone(),
            seed: self.seed,
            start: self.start.unwrap_or(defaults.start),
            per_day: self.per_day,
            bytes: self.bytes,
            ..defaults
        }
    }
}

/// One article as written: the fields the JSON reader knows, plus the gold
/// labels.
#[derive(Serialize)]
struct Line<'a> {
    id: &'a str,
    title: &'a str,
    text: &'a str,
    date: String,
    url: &'a str,
    source: &'a str,
    lang: &'a str,
    event: String,
    story: String,
    copy_of: Option<&'a str>,
}

pub(crate) fn run(args: Args) -> anyhow::Result<ExitCode> {
    let config = args.config();
    let written = write(&config, &args.words, &args.out)?;
    eprintln!(
        "{}: {written} articles in {} files, labels in labels.tsv",
        args.out.display(),
        written.div_ceil(PER_FILE)
    );
    Ok(ExitCode::SUCCESS)
}

/// Writes the corpus to `out` as JSON Lines files and `labels.tsv`;
/// returns the number of articles.
pub(crate) fn write(config: &synth::Config, words: &Path, out: &Path) -> anyhow::Result<usize> {
    let words = synth::Words::load(words, &config.langs, config.seed)?;
    let corpus = synth::Corpus::plan(config, &words)?;
    if out.exists() && out.read_dir()?.next().is_some() {
        bail!("{}: not empty; give a new folder", out.display());
    }
    std::fs::create_dir_all(out).with_context(|| format!("{}: cannot create", out.display()))?;
    let create = |name: &str| -> anyhow::Result<BufWriter<File>> {
        let path = out.join(name);
        let file = File::create(&path).with_context(|| format!("{}", path.display()))?;
        Ok(BufWriter::new(file))
    };
    let mut labels = create("labels.tsv")?;
    writeln!(labels, "id\tevent\tstory")?;
    for (n, start) in (0..corpus.len()).step_by(PER_FILE).enumerate() {
        let end = (start + PER_FILE).min(corpus.len());
        let lines: Vec<(String, String)> = (start..end)
            .into_par_iter()
            .map(|i| {
                let a = corpus.article(i);
                let line = Line {
                    id: &a.id,
                    title: &a.title,
                    text: &a.text,
                    date: a.published.format("%Y-%m-%dT%H:%M:%S").to_string(),
                    url: &a.url,
                    source: &a.outlet,
                    lang: &a.lang,
                    event: format!("ev{}", a.event),
                    story: format!("st{}", a.story),
                    copy_of: a.copy_of.as_deref(),
                };
                let json = serde_json::to_string(&line).expect("serialisable");
                let label = format!("{}\t{}\t{}\n", line.id, line.event, line.story);
                (json, label)
            })
            .collect();
        let mut file = create(&format!("articles-{n:04}.jsonl"))?;
        for (json, label) in lines {
            writeln!(file, "{json}")?;
            labels.write_all(label.as_bytes())?;
        }
        file.flush()?;
    }
    labels.flush()?;
    Ok(corpus.len())
}
