//! `storyline eval PATH... --gold LABELS | --gold-field FIELD`

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context};
use pipeline::eval::{self, Prf, Scores};
use pipeline::Settings;
use serde::Serialize;

use super::Format;
use crate::run;

#[derive(clap::Args)]
pub(crate) struct Args {
    /// Files or folders of articles.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Gold labels: a TSV file with a header naming the columns `id`, `event`
    /// and (optionally) `story`.
    #[arg(
        long,
        value_name = "LABELS",
        conflicts_with = "gold_field",
        required_unless_present = "gold_field"
    )]
    gold: Option<PathBuf>,
    /// Gold event labels inside the JSON articles, as a dotted path
    /// (e.g. `newsCluster.EventId`).
    #[arg(long, value_name = "FIELD")]
    gold_field: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

/// Gold labels of one article.
pub(super) struct Gold {
    event: String,
    story: Option<String>,
}

pub(crate) fn run(args: Args, settings: &Settings) -> anyhow::Result<ExitCode> {
    let options = ingest::Options {
        label_field: args.gold_field.clone(),
    };
    let result = run::run(&args.paths, settings, &options)?;
    result.report_rejected();
    let gold = match &args.gold {
        Some(path) => read_tsv(path)?,
        None => result
            .labels
            .iter()
            .map(|(id, e)| {
                (
                    id.clone(),
                    Gold {
                        event: e.clone(),
                        story: None,
                    },
                )
            })
            .collect(),
    };
    let report = evaluate(&result, &gold);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    match args.format {
        Format::Text => write_text(&mut out, &report)?,
        Format::Json => {
            serde_json::to_writer_pretty(&mut out, &report)?;
            writeln!(out)?;
        }
    }
    out.flush()?;
    Ok(super::exit_code(result.rejected.len()))
}

#[derive(Serialize)]
pub(super) struct Report {
    articles: usize,
    unlabelled: usize,
    /// What articles of different languages were compared on.
    signals: String,
    event: Level,
    story: Option<Level>,
}

#[derive(Serialize)]
struct Level {
    clusters: usize,
    gold_clusters: usize,
    pairwise: Measure,
    bcubed: Measure,
}

#[derive(Serialize)]
struct Measure {
    precision: f64,
    recall: f64,
    f1: f64,
}

impl From<Prf> for Measure {
    fn from(p: Prf) -> Measure {
        Measure {
            precision: p.precision,
            recall: p.recall,
            f1: p.f1,
        }
    }
}

impl From<Scores> for Level {
    fn from(s: Scores) -> Level {
        Level {
            clusters: s.predicted,
            gold_clusters: s.gold,
            pairwise: s.pairwise.into(),
            bcubed: s.bcubed.into(),
        }
    }
}

impl Report {
    /// The event-level BCubed F1.
    pub(super) fn event_bcubed_f1(&self) -> f64 {
        self.event.bcubed.f1
    }
}

/// Scores the placed articles that have gold labels.
pub(super) fn evaluate(result: &run::Run, gold: &HashMap<String, Gold>) -> Report {
    let placements = &result.placements;
    let labelled: Vec<(crate::placed::Placed, &Gold)> = placements
        .iter()
        .filter_map(|p| Some((p, gold.get(p.id())?)))
        .collect();
    let events: Vec<_> = labelled
        .iter()
        .map(|(p, g)| (p.event(), g.event.as_str()))
        .collect();
    let stories: Option<Vec<_>> = labelled
        .iter()
        .map(|(p, g)| Some((p.story(), g.story.as_deref()?)))
        .collect();
    Report {
        articles: labelled.len(),
        unlabelled: placements.len() - labelled.len(),
        signals: result.signals.clone(),
        event: eval::score(&events).into(),
        story: stories
            .filter(|s| !s.is_empty())
            .map(|s| eval::score(&s).into()),
    }
}

pub(super) fn write_text(out: &mut impl Write, report: &Report) -> anyhow::Result<()> {
    writeln!(
        out,
        "articles scored: {} (without gold label: {})",
        report.articles, report.unlabelled
    )?;
    writeln!(out, "across languages: {}", report.signals)?;
    writeln!(
        out,
        "{:<6} {:<9} {:>9} {:>7} {:>7} {:>9}",
        "level", "measure", "precision", "recall", "F1", "clusters"
    )?;
    let levels = [
        ("event", Some(&report.event)),
        ("story", report.story.as_ref()),
    ];
    for (name, level) in levels {
        let Some(level) = level else { continue };
        for (measure, m) in [("pairwise", &level.pairwise), ("bcubed", &level.bcubed)] {
            writeln!(
                out,
                "{name:<6} {measure:<9} {:>9.4} {:>7.4} {:>7.4} {:>4}/{:<4}",
                m.precision, m.recall, m.f1, level.clusters, level.gold_clusters
            )?;
        }
    }
    Ok(())
}

/// Reads a labels TSV: a header naming `id`, `event` and optionally `story`.
pub(super) fn read_tsv(path: &Path) -> anyhow::Result<HashMap<String, Gold>> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read labels {}", path.display()))?;
    let mut lines = text.lines().filter(|l| !l.trim().is_empty());
    let header: Vec<&str> = lines
        .next()
        .map(|h| h.split('\t').map(str::trim).collect())
        .unwrap_or_default();
    let column = |name: &str| header.iter().position(|h| h.eq_ignore_ascii_case(name));
    let (Some(id), Some(event)) = (column("id"), column("event")) else {
        bail!(
            "{}: the header must name the columns `id` and `event`",
            path.display()
        );
    };
    let story = column("story");
    let mut gold = HashMap::new();
    for (n, line) in lines.enumerate() {
        let cells: Vec<&str> = line.split('\t').map(str::trim).collect();
        let cell = |i: usize| cells.get(i).copied().filter(|c| !c.is_empty());
        let (Some(i), Some(e)) = (cell(id), cell(event)) else {
            bail!("{}:{}: missing id or event", path.display(), n + 2);
        };
        gold.insert(
            i.to_string(),
            Gold {
                event: e.to_string(),
                story: story.and_then(cell).map(str::to_string),
            },
        );
    }
    Ok(gold)
}
