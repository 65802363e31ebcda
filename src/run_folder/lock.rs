//! One run at a time per output folder: a lock file beside the folder, holding the
//! process id and start time of the run writing it, taken over when that process is gone.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;

/// The lock on one output folder, released when dropped.
#[derive(Debug)]
pub struct Lock {
    path: PathBuf,
}

/// Whether process `pid` is alive (signal 0 checks without signalling).
fn alive(pid: i32) -> bool {
    if pid <= 0 {
        return false;
    }
    // SAFETY: kill with signal 0 only checks that the process exists.
    let r = unsafe { libc::kill(pid, 0) };
    r == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}

/// The holder written in a lock file: process id and start time.
fn holder(path: &Path) -> Option<(i32, String)> {
    let text = std::fs::read_to_string(path).ok()?;
    let mut parts = text.trim().splitn(2, ' ');
    let pid = parts.next()?.parse().ok()?;
    Some((pid, parts.next().unwrap_or("").to_string()))
}

impl Lock {
    /// Takes the lock at `path` for the run into `out`. A live holder is an error naming
    /// it; a dead one's lock is taken over, with a note on standard error.
    pub fn take(path: &Path, out: &Path, started: &str) -> anyhow::Result<Lock> {
        for _ in 0..2 {
            match std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(path)
            {
                Ok(mut f) => {
                    writeln!(f, "{} {started}", std::process::id())
                        .with_context(|| format!("cannot write the lock {}", path.display()))?;
                    return Ok(Lock {
                        path: path.to_path_buf(),
                    });
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => match holder(path) {
                    Some((pid, since)) if alive(pid) => anyhow::bail!(
                        "another spendgap run (process {pid}, started {since}) is writing {}; \
                             wait for it to finish, or write this run elsewhere with --out \
                             (lock: {})",
                        out.display(),
                        path.display()
                    ),
                    held => {
                        let (pid, since) = held.unwrap_or((0, "at an unknown time".into()));
                        eprintln!(
                            "note: taking over the lock on {} left by process {pid} (started \
                                 {since}), which is no longer running",
                            out.display()
                        );
                        std::fs::remove_file(path).with_context(|| {
                            format!("cannot remove the stale lock {}", path.display())
                        })?;
                    }
                },
                Err(e) => {
                    return Err(e).with_context(|| {
                        format!(
                            "cannot write beside the output folder {} (lock {})",
                            out.display(),
                            path.display()
                        )
                    });
                }
            }
        }
        anyhow::bail!("cannot take the lock {}", path.display())
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        if holder(&self.path).is_some_and(|(pid, _)| pid == std::process::id() as i32) {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

/// Whether the process named in a leftover file name (`….staging-<pid>`) is gone.
pub fn left_by_dead_process(name: &str, prefix: &str) -> bool {
    name.strip_prefix(prefix)
        .and_then(|pid| pid.parse::<i32>().ok())
        .is_some_and(|pid| !alive(pid))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_live_holder_stops_a_second_run_and_a_dead_one_is_taken_over() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".out.lock");
        let out = dir.path().join("out");
        let first = Lock::take(&path, &out, "t0").unwrap();
        let second = Lock::take(&path, &out, "t1").unwrap_err().to_string();
        assert!(second.contains("is writing"), "{second}");
        drop(first);
        assert!(!path.exists());
        // A process id no process has.
        std::fs::write(&path, "2147483646 yesterday\n").unwrap();
        let taken = Lock::take(&path, &out, "t2").unwrap();
        assert!(std::fs::read_to_string(&path).unwrap().ends_with("t2\n"));
        drop(taken);
        assert!(left_by_dead_process(
            ".out.staging-2147483646",
            ".out.staging-"
        ));
        assert!(!left_by_dead_process(
            &format!(".out.staging-{}", std::process::id()),
            ".out.staging-"
        ));
    }
}
