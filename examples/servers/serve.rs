//! Serving a router on 127.0.0.1 at `$PORT` (default 8080; `0` picks a free port), as every
//! example server does.

use std::net::SocketAddr;

/// The port from `PORT`, or 8080.
fn port() -> Result<u16, String> {
    match std::env::var("PORT") {
        Ok(text) => text
            .parse()
            .map_err(|_| format!("PORT must be a port number, found {text:?}")),
        Err(_) => Ok(8080),
    }
}

/// The bearer token the example servers accept: `$TOKEN`, or `secret`.
pub fn accepted_token() -> String {
    std::env::var("TOKEN").unwrap_or_else(|_| "secret".to_owned())
}

/// Binds, prints `listening on http://127.0.0.1:<port>` once bound, and serves until killed.
pub async fn serve(router: axum::Router) -> Result<(), String> {
    let address = SocketAddr::from(([127, 0, 0, 1], port()?));
    let listener = tokio::net::TcpListener::bind(address)
        .await
        .map_err(|err| format!("cannot listen on {address}: {err}"))?;
    let bound = listener
        .local_addr()
        .map_err(|err| format!("cannot read the bound address: {err}"))?;
    println!("listening on http://{bound}");
    // The runtime's server loop, with its defaults: a client has 10 s to send a request's
    // headers and 30 s for its body, and at most 1024 connections are served at a time.
    specforge_runtime::server::Server::new(listener)
        .serve(router)
        .await
        .map_err(|err| format!("server failed: {err}"))
}
