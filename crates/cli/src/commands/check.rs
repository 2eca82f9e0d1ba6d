//! `storyline check [--data DIR]`: verifies the data directory and says what
//! is wrong; exit status 1 when anything is.

use std::process::ExitCode;

use pipeline::Settings;
use store::{Mode, Store};

use super::DataArgs;

#[derive(clap::Args)]
pub(crate) struct Args {
    #[command(flatten)]
    data: DataArgs,
}

pub(crate) fn run(args: Args, settings: &Settings) -> anyhow::Result<ExitCode> {
    let store = Store::open(&args.data.data, Mode::Read)?;
    let problems = store.check(settings)?;
    let dir = args.data.data.display();
    if problems.is_empty() {
        println!("{dir}: ok ({} articles)", store.articles()?);
        return Ok(ExitCode::SUCCESS);
    }
    for p in &problems {
        println!("{dir}: {p}");
    }
    Ok(ExitCode::FAILURE)
}
