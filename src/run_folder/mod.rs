//! A run folder is one run's complete output, or the last good one untouched: the stages
//! write into a staging folder beside it, and only a run that succeeds replaces the folder,
//! in one step. A lock keeps a second run out meanwhile; leftovers of a killed run are swept
//! away by the next.

mod lock;
mod manifest;

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use anyhow::Context;

use lock::Lock;
pub use manifest::{MANIFEST, Manifest};

/// Staging folder → the folder it will become, for messages: people are told where their
/// files will be, not where they are being written.
static SHOWN: Mutex<Option<(PathBuf, PathBuf)>> = Mutex::new(None);

/// `path` as people should read it: inside the output folder, not its staging folder.
pub fn shown(path: &Path) -> PathBuf {
    match &*SHOWN.lock().unwrap_or_else(|e| e.into_inner()) {
        Some((staging, out)) => match path.strip_prefix(staging) {
            Ok(rest) => out.join(rest),
            Err(_) => path.to_path_buf(),
        },
        None => path.to_path_buf(),
    }
}

/// A run being written: its staging folder, the folder it replaces, and the lock.
#[derive(Debug)]
pub struct Staged {
    out: PathBuf,
    staging: PathBuf,
    committed: bool,
    _lock: Lock,
}

/// The hidden names beside `out`: `.NAME.lock`, `.NAME.staging-PID`, `.NAME.old-PID`.
fn beside(out: &Path, what: &str) -> anyhow::Result<PathBuf> {
    let name = out
        .file_name()
        .with_context(|| format!("{} is not a folder name", out.display()))?
        .to_string_lossy();
    Ok(parent(out).join(format!(".{name}.{what}")))
}

fn parent(out: &Path) -> PathBuf {
    match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Removes what killed runs into `out` left beside it: staging and old folders of
/// processes that are gone.
fn sweep(out: &Path) -> anyhow::Result<()> {
    let name = out.file_name().unwrap_or_default().to_string_lossy();
    let Ok(entries) = std::fs::read_dir(parent(out)) else {
        return Ok(());
    };
    for e in entries.flatten() {
        let file = e.file_name().to_string_lossy().to_string();
        for kind in ["staging", "old"] {
            let prefix = format!(".{name}.{kind}-");
            if lock::left_by_dead_process(&file, &prefix) {
                std::fs::remove_dir_all(e.path()).with_context(|| {
                    format!(
                        "cannot remove {}, left by a run that was stopped",
                        e.path().display()
                    )
                })?;
            }
        }
    }
    Ok(())
}

/// What `out` holds now, for the last line of a run that changed nothing.
pub fn holds(out: &Path) -> String {
    let when = std::fs::metadata(out.join(MANIFEST))
        .or_else(|_| std::fs::metadata(out))
        .and_then(|m| m.modified())
        .ok()
        .map(|t| {
            chrono::DateTime::<chrono::Local>::from(t)
                .format("%Y-%m-%d %H:%M")
                .to_string()
        });
    match when {
        Some(t) if out.is_dir() => {
            format!(
                "{} still holds the run of {t}; nothing was changed",
                out.display()
            )
        }
        _ => format!("nothing was written to {}", out.display()),
    }
}

impl Staged {
    /// Locks `out`, sweeps what killed runs left, and makes an empty staging folder beside
    /// it. Fails, writing nothing, when `out` is not a folder or cannot be written beside.
    pub fn begin(out: &Path) -> anyhow::Result<Staged> {
        if out.exists() && !out.is_dir() {
            anyhow::bail!("{} is a file, not an output folder", out.display());
        }
        let dir = parent(out);
        std::fs::create_dir_all(&dir).with_context(|| {
            format!(
                "cannot create the output folder {}: cannot create {}",
                out.display(),
                dir.display()
            )
        })?;
        let started = chrono::Local::now().format("%Y-%m-%d %H:%M:%S").to_string();
        let lock = Lock::take(&beside(out, "lock")?, out, &started)?;
        sweep(out)?;
        let staging = beside(out, &format!("staging-{}", std::process::id()))?;
        if staging.exists() {
            std::fs::remove_dir_all(&staging)
                .with_context(|| format!("cannot clear {}", staging.display()))?;
        }
        std::fs::create_dir(&staging).with_context(|| {
            format!(
                "cannot write beside the output folder: cannot create {}",
                staging.display()
            )
        })?;
        *SHOWN.lock().unwrap_or_else(|e| e.into_inner()) = Some((staging.clone(), out.into()));
        Ok(Staged {
            out: out.to_path_buf(),
            staging,
            committed: false,
            _lock: lock,
        })
    }

    /// [`Staged::begin`], the staging folder holding the output folder's files as they are
    /// (hard links, so nothing is copied): for a stage run on its own, which rewrites some
    /// tables and keeps the others. Every writer puts a new file in place by renaming it, so
    /// the earlier run's files are never written through the links.
    pub fn begin_keeping(out: &Path) -> anyhow::Result<Staged> {
        let staged = Staged::begin(out)?;
        // A stage on its own builds on the folder: only on the run its manifest describes.
        manifest::verify(out)?;
        if out.is_dir() {
            link_tree(out, &staged.staging)?;
        }
        Ok(staged)
    }

    /// Where the stages write.
    pub fn staging(&self) -> &Path {
        &self.staging
    }

    /// Writes the manifest and puts the staging folder in place of the output folder in
    /// one step (an exchange of the two names where the system has one).
    pub fn commit(
        mut self,
        manifest: impl FnOnce(&Path) -> anyhow::Result<Manifest>,
    ) -> anyhow::Result<()> {
        manifest(&self.staging)?.write(&self.staging)?;
        if self.out.exists() {
            if !exchange(&self.staging, &self.out)? {
                // No exchange here: set the old folder aside, then move the new one in.
                let old = beside(&self.out, &format!("old-{}", std::process::id()))?;
                std::fs::rename(&self.out, &old).with_context(|| {
                    format!("cannot move the earlier run out of {}", self.out.display())
                })?;
                std::fs::rename(&self.staging, &self.out).with_context(|| {
                    format!("cannot move the new run into {}", self.out.display())
                })?;
                std::fs::rename(&old, &self.staging)?;
            }
            // The staging name now holds the earlier run.
            std::fs::remove_dir_all(&self.staging).with_context(|| {
                format!(
                    "cannot remove the earlier run, set aside as {}",
                    self.staging.display()
                )
            })?;
        } else {
            std::fs::rename(&self.staging, &self.out)
                .with_context(|| format!("cannot move the new run into {}", self.out.display()))?;
        }
        self.committed = true;
        Ok(())
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        *SHOWN.lock().unwrap_or_else(|e| e.into_inner()) = None;
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.staging);
        }
    }
}

/// Every file under `from` linked (or, across devices, copied) to the same place under `to`.
fn link_tree(from: &Path, to: &Path) -> anyhow::Result<()> {
    for e in std::fs::read_dir(from).with_context(|| format!("cannot list {}", from.display()))? {
        let e = e?;
        let (src, dst) = (e.path(), to.join(e.file_name()));
        if e.file_type()?.is_dir() {
            std::fs::create_dir(&dst)
                .with_context(|| format!("cannot create {}", dst.display()))?;
            link_tree(&src, &dst)?;
        } else if std::fs::hard_link(&src, &dst).is_err() {
            std::fs::copy(&src, &dst)
                .with_context(|| format!("cannot copy {} to {}", src.display(), dst.display()))?;
        }
    }
    Ok(())
}

/// Runs `work` into a staging folder for `out` and puts it in place when it succeeds, with
/// the manifest `manifest` makes; on failure, `out` is left as it was and the error says
/// so. `keep`: start from `out`'s files (a stage run on its own), else from nothing.
pub fn staged_run(
    out: &Path,
    keep: bool,
    work: impl FnOnce(&Path) -> anyhow::Result<std::process::ExitCode>,
    manifest: impl FnOnce(&Path) -> anyhow::Result<Manifest>,
) -> anyhow::Result<std::process::ExitCode> {
    let staged = if keep {
        Staged::begin_keeping(out)?
    } else {
        Staged::begin(out)?
    };
    match work(staged.staging()) {
        Ok(code) => {
            staged.commit(manifest)?;
            Ok(code)
        }
        Err(e) => {
            // Messages name the folder people know, not the staging folder that is gone.
            let cause = format!("{e:#}").replace(
                &staged.staging().display().to_string(),
                &out.display().to_string(),
            );
            drop(staged);
            // The cause, then what the folder still holds, as the last line.
            Err(anyhow::anyhow!("{cause}\n{}", holds(out)))
        }
    }
}

/// Swaps two folders' names atomically; false where the system cannot.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> anyhow::Result<bool> {
    use std::os::unix::ffi::OsStrExt;
    let c = |p: &Path| std::ffi::CString::new(p.as_os_str().as_bytes());
    let (ca, cb) = (c(a)?, c(b)?);
    // SAFETY: two valid NUL-terminated paths, resolved against the working directory.
    let r = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            ca.as_ptr(),
            libc::AT_FDCWD,
            cb.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if r == 0 {
        return Ok(true);
    }
    let err = std::io::Error::last_os_error();
    match err.raw_os_error() {
        Some(libc::ENOSYS) | Some(libc::EINVAL) => Ok(false),
        _ => {
            Err(err).with_context(|| format!("cannot put the new run in place of {}", b.display()))
        }
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> anyhow::Result<bool> {
    Ok(false)
}
