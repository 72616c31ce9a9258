//! The `rust-floor` binary: `rust-floor --listen 127.0.0.1:9003`.
//!
//! It serves until it receives Ctrl-C or SIGTERM.

use std::net::SocketAddr;

fn parse_listen_address() -> Result<SocketAddr, String> {
    let mut arguments = std::env::args().skip(1);
    let mut listen = "127.0.0.1:9003".to_string();
    while let Some(argument) = arguments.next() {
        match argument.as_str() {
            "--listen" => {
                listen = arguments.next().ok_or_else(|| {
                    "--listen needs an address such as 127.0.0.1:9003".to_string()
                })?;
            }
            "--help" | "-h" => {
                println!("usage: rust-floor [--listen ADDR]   (default 127.0.0.1:9003)");
                std::process::exit(0);
            }
            other => {
                return Err(format!(
                    "unknown argument {other:?}; usage: rust-floor [--listen ADDR]"
                ))
            }
        }
    }
    listen
        .parse()
        .map_err(|error| format!("--listen {listen:?} is not a socket address: {error}"))
}

#[tokio::main]
async fn main() {
    let listen = match parse_listen_address() {
        Ok(listen) => listen,
        Err(message) => {
            eprintln!("rust-floor: {message}");
            std::process::exit(2);
        }
    };
    let server = match rust_floor::start(listen).await {
        Ok(server) => server,
        Err(error) => {
            eprintln!("rust-floor: cannot listen on {listen}: {error}");
            std::process::exit(1);
        }
    };
    println!("rust-floor listening on {}", server.addr);

    let mut terminate = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        .expect("SIGTERM handler can be installed");
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        _ = terminate.recv() => {}
    }
    server.shutdown().await;
}
