//! `storyline serve [--data DIR] [--addr 127.0.0.1:8080]`: the HTTP API and
//! the web page over the data directory (the `server` crate does the work).

use std::net::SocketAddr;
use std::process::ExitCode;

use anyhow::Context;

use super::DataArgs;
use crate::config::Config;

#[derive(clap::Args)]
pub(crate) struct Args {
    /// Where to listen. An address beyond loopback needs a token.
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    #[command(flatten)]
    data: DataArgs,
}

/// The environment variable that gives the write API's token (it wins over
/// `[serve] token` in storyline.toml).
const TOKEN_VAR: &str = "STORYLINE_TOKEN";

pub(crate) fn run(args: Args, config: &Config) -> anyhow::Result<ExitCode> {
    let token = std::env::var(TOKEN_VAR)
        .ok()
        .filter(|t| !t.is_empty())
        .or_else(|| config.token.clone());
    let mut server_config = server::Config::new(args.data.data.clone(), args.addr);
    server_config.token = token;
    server_config.settings = config.settings.clone();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    runtime.block_on(async {
        let server = server::Server::bind(server_config)
            .await
            .with_context(|| format!("{}: cannot serve", args.data.data.display()))?;
        // The address goes to standard error in every case: scripts that
        // ask for port 0 read it there.
        eprintln!(
            "storyline: serving {} on http://{}/",
            args.data.data.display(),
            server.local_addr()
        );
        server.run(server::shutdown_signal()).await?;
        anyhow::Ok(())
    })?;
    Ok(ExitCode::SUCCESS)
}
