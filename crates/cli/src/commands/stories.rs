//! `storyline stories [filters] [--format text|json]`: the stored stories.

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
    let stories = store.stories(&args.filter.filter())?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    match args.format {
        Format::Json => super::json(&mut out, &stories)?,
        Format::Text => {
            for s in &stories {
                writeln!(
                    out,
                    "{:<6} {} {:>3} events {:>4} articles  {}",
                    s.id,
                    super::span(&s.start, &s.end),
                    s.events.len(),
                    s.articles.len(),
                    s.title
                )?;
            }
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
