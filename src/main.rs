//! `specforge`: the command line, for any repository. `specforge generate` turns the specs of a
//! folder into crates and docs, `specforge import` turns documented pages into specs; both are
//! [`specforge::cli`], which calls the library.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use specforge::cli::{self, Context, GenerateArgs, ImportArgs};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "specforge",
    version,
    about = "specforge: OpenAPI specs to Rust crates and docs, and documented pages to OpenAPI"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    Generate(GenerateArgs),
    Import(ImportArgs),
}

fn main() -> ExitCode {
    cli::tune_process();
    let context = Context {
        root: PathBuf::new(),
        command: "specforge".to_owned(),
    };
    let result = match Cli::parse().command {
        Command::Generate(args) => cli::generate(&args, &context),
        Command::Import(args) => cli::import(&args, &context),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}
