//! The aerolite process under test: started from its release binary on a free port, measured
//! through /proc, stopped when dropped.

use crate::BenchError;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

pub struct Server {
    child: Child,
    pub seeds: String,
}

/// Resident memory of a process, from `/proc/<pid>/status`, in KiB.
#[derive(Debug, Clone, Copy)]
pub struct Memory {
    pub rss_kib: u64,
    pub hwm_kib: u64,
}

impl Server {
    /// Starts `binary --nodes 1 --port 0` and waits for its `aerolite ready` line.
    pub fn start(binary: &Path) -> Result<Server, BenchError> {
        let mut child = Command::new(binary)
            .args(["--nodes", "1", "--port", "0"])
            .env("AEROLITE_LOG", "warn")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .map_err(|e| BenchError::Start(format!("{}: {e}", binary.display())))?;
        let stdout = child.stdout.take().expect("stdout is piped");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if let Some(seeds) = line.strip_prefix("aerolite ready ") {
                    let _ = tx.send(seeds.trim().to_string());
                }
            }
        });
        let seeds = match rx.recv_timeout(Duration::from_secs(30)) {
            Ok(s) => s,
            Err(_) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(BenchError::Start(
                    "no 'aerolite ready' line within 30 s".into(),
                ));
            }
        };
        Ok(Server { child, seeds })
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    pub fn memory(&self) -> Result<Memory, BenchError> {
        let path = format!("/proc/{}/status", self.pid());
        let status = std::fs::read_to_string(&path)
            .map_err(|e| BenchError::Measure(format!("{path}: {e}")))?;
        let field = |name: &str| -> Result<u64, BenchError> {
            status
                .lines()
                .find_map(|l| l.strip_prefix(name))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
                .ok_or_else(|| BenchError::Measure(format!("{path} has no {name}")))
        };
        Ok(Memory {
            rss_kib: field("VmRSS:")?,
            hwm_kib: field("VmHWM:")?,
        })
    }
}

impl Server {
    /// CPU time aerolite has used so far (user + system, all threads).
    pub fn cpu_seconds(&self) -> Result<f64, BenchError> {
        cpu_seconds(&self.pid().to_string())
    }
}

/// CPU time of process `pid` ("self": this one) from `/proc/<pid>/stat`: user + system of all
/// its threads, in seconds.
pub fn cpu_seconds(pid: &str) -> Result<f64, BenchError> {
    let path = format!("/proc/{pid}/stat");
    let stat =
        std::fs::read_to_string(&path).map_err(|e| BenchError::Measure(format!("{path}: {e}")))?;
    // Fields after the command name, which is in parentheses and may hold spaces; utime and
    // stime are fields 14 and 15 of the line, in clock ticks (USER_HZ, 100 on Linux).
    let rest = stat
        .rsplit_once(')')
        .map(|(_, r)| r)
        .ok_or_else(|| BenchError::Measure(format!("{path}: no command field")))?;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| -> Result<f64, BenchError> {
        fields
            .get(i)
            .and_then(|v| v.parse::<f64>().ok())
            .ok_or_else(|| BenchError::Measure(format!("{path}: field {}", i + 3)))
    };
    Ok((ticks(11)? + ticks(12)?) / 100.0)
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
