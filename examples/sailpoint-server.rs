//! `cargo run --example sailpoint-server`: the generated SailPoint server stub, implemented by
//! an in-memory store, on 127.0.0.1 at `$PORT` (default 8080). It accepts the bearer token
//! `$TOKEN` (default `secret`).

// The tests use more of the store (its snapshots) than this binary does.
#[allow(dead_code)]
#[path = "servers/sailpoint.rs"]
mod sailpoint;
#[path = "servers/serve.rs"]
mod serve;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let store = sailpoint::Store::new(&serve::accepted_token());
    match serve::serve(sailpoint_server::router(store)).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            std::process::ExitCode::FAILURE
        }
    }
}
