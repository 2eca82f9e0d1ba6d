//! `storyline events [filters] [--format text|json]`: the stored events.

use std::io::Write;
use std::process::ExitCode;

use store::{Mode, Store};

use super::{DataArgs, FilterArgs, Format};

#[derive(clap::Args)]
pub(crate) struct Args {
    #[command(flatten)]
    filter: FilterArgs,
    /// Output format: a table, or a JSON array.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    #[command(flatten)]
    data: DataArgs,
}

pub(crate) fn run(args: Args) -> anyhow::Result<ExitCode> {
    let store = Store::open(&args.data.data, Mode::Read)?;
    let events = store.events(&args.filter.filter())?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    match args.format {
        Format::Json => super::json(&mut out, &events)?,
        Format::Text => {
            for e in &events {
                writeln!(
                    out,
                    "{:<6} {:<5} {} {:>4}  {}  [{}]",
                    e.id,
                    e.story,
                    super::span(&e.start, &e.end),
                    e.articles.len(),
                    e.title,
                    e.outlets.join(", ")
                )?;
            }
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
