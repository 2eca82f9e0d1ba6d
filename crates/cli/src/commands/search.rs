//! `storyline search QUERY [filters] [--limit N] [--format text|json]`:
//! full-text search, results grouped by event.

use std::io::Write;
use std::process::ExitCode;

use store::{Mode, Store};

use super::{DataArgs, FilterArgs, Format};

#[derive(clap::Args)]
pub(crate) struct Args {
    /// Words that must all appear (stemmed in each language: `négociation`
    /// finds `négociations`); `"a phrase"` in quotes; `a OR b`; `-word`.
    query: String,
    #[command(flatten)]
    filter: FilterArgs,
    /// At most this many articles.
    #[arg(long, default_value_t = 50)]
    limit: usize,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    #[command(flatten)]
    data: DataArgs,
}

pub(crate) fn run(args: Args) -> anyhow::Result<ExitCode> {
    let store = Store::open(&args.data.data, Mode::Read)?;
    let groups = store.search(&args.query, &args.filter.filter(), args.limit)?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    match args.format {
        Format::Json => super::json(&mut out, &groups)?,
        Format::Text => {
            for g in &groups {
                let e = &g.event;
                writeln!(
                    out,
                    "{} (story {}) {}  {}",
                    e.id,
                    e.story,
                    super::span(&e.start, &e.end),
                    e.title
                )?;
                for (a, score) in &g.hits {
                    writeln!(out, "  {score:5.2}  {}", super::article_line(a))?;
                }
            }
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
