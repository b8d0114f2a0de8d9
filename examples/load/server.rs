//! An example server as a child process: started from the binary beside the load client's own
//! (`target/<profile>/examples/<api>-server`), so that its memory is its own and can be read
//! from `/proc/<pid>/status`.

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

/// A running example server; killed when dropped.
pub struct Server {
    child: Child,
    pub address: SocketAddr,
}

impl Server {
    /// Starts `<api>-server` on a free port of 127.0.0.1, accepting the bearer token `token`,
    /// and waits for its `listening on http://…` line.
    pub fn start(api: &str, token: &str) -> Result<Server, String> {
        let binary = binary(api)?;
        let mut child = Command::new(&binary)
            .env("PORT", "0")
            .env("TOKEN", token)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .map_err(|err| format!("cannot start {}: {err}", binary.display()))?;
        let stdout = child
            .stdout
            .take()
            .ok_or_else(|| format!("{api}-server: no stdout"))?;
        let mut line = String::new();
        let read = BufReader::new(stdout).read_line(&mut line);
        let address = line
            .trim()
            .strip_prefix("listening on http://")
            .and_then(|address| address.parse().ok());
        match (read, address) {
            (Ok(_), Some(address)) => Ok(Server { child, address }),
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                Err(format!(
                    "{api}-server did not say where it listens (it printed {line:?})"
                ))
            }
        }
    }

    /// The server's resident set size in bytes (`VmRSS` of `/proc/<pid>/status`).
    pub fn resident_bytes(&self) -> Result<u64, String> {
        let path = format!("/proc/{}/status", self.child.id());
        let status =
            std::fs::read_to_string(&path).map_err(|err| format!("cannot read {path}: {err}"))?;
        status
            .lines()
            .find_map(|line| line.strip_prefix("VmRSS:"))
            .and_then(|value| value.trim().strip_suffix("kB"))
            .and_then(|kib| kib.trim().parse::<u64>().ok())
            .map(|kib| kib * 1024)
            .ok_or_else(|| format!("no VmRSS in {path}"))
    }

    /// Whether the server is still running (it has not crashed).
    pub fn running(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `<api>-server` in the folder of the running binary (cargo puts every example of a profile
/// in `target/<profile>/examples/`).
fn binary(api: &str) -> Result<PathBuf, String> {
    let me = std::env::current_exe().map_err(|err| format!("cannot find myself: {err}"))?;
    let folder = me
        .parent()
        .ok_or_else(|| format!("{} has no folder", me.display()))?;
    let binary = folder.join(format!("{api}-server{}", std::env::consts::EXE_SUFFIX));
    if binary.is_file() {
        Ok(binary)
    } else {
        Err(format!(
            "{} is missing: build the example servers in the load client's profile \
             (`cargo build --release --examples`, or `cargo xtask load`)",
            binary.display()
        ))
    }
}
