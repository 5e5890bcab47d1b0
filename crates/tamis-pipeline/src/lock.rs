//! A lock file on the shared output folder, so that two processes (array
//! tasks on different machines) never run the same reduce or finish at once.
//!
//! Taking it is an exclusive create (`O_EXCL`, atomic on local file systems
//! and on NFSv3+/Lustre/GPFS). The holder refreshes the file's modification
//! time every [`HEARTBEAT`]; a lock not refreshed for [`STALE`], or whose
//! holder is a dead process on this host, was left by a killed process and
//! is broken.
//!
//! A lock may end as a record that the work is done ([`Lock::complete`]): the
//! file stays, says `done`, and every later attempt gets [`Acquire::Done`].
//! The exclusive create is decided by the file server, not by a client's
//! cache, so on NFS this is a reliable "already done" even when a client
//! still caches "no such file" for a marker created elsewhere a moment ago.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::thread::JoinHandle;
use std::time::{Duration, SystemTime};

use tamis_core::{Error, Result};

/// How often the holder touches the lock file.
pub(crate) const HEARTBEAT: Duration = Duration::from_secs(10);
/// A lock older than this (no heartbeat) is considered abandoned.
pub(crate) const STALE: Duration = Duration::from_secs(90);

/// A held lock; released (file removed) on drop.
pub(crate) struct Lock {
    path: PathBuf,
    stop: Option<mpsc::Sender<()>>,
    beat: Option<JoinHandle<()>>,
    completed: bool,
}

/// The result of trying to take a lock.
pub(crate) enum Acquire {
    Got(Lock),
    /// Someone else holds it: their description (host, pid, since).
    Busy(String),
    /// The work was completed under this lock earlier.
    Done,
}

/// This machine's name (for lock files and temporary names).
pub(crate) fn hostname() -> String {
    fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .or_else(|| std::env::var("HOSTNAME").ok())
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "localhost".to_owned())
}

/// Tries once to take the lock at `path` (breaking an abandoned one).
pub(crate) fn try_lock(path: &Path) -> Result<Acquire> {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir)
            .map_err(|e| Error::io(format!("cannot create {}", dir.display()), e))?;
    }
    for _ in 0..2 {
        match fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(path)
        {
            Ok(mut f) => {
                let since = SystemTime::now()
                    .duration_since(SystemTime::UNIX_EPOCH)
                    .map_or(0, |d| d.as_secs());
                let me = format!("{} {} {since}\n", hostname(), std::process::id());
                f.write_all(me.as_bytes())
                    .map_err(|e| Error::io(format!("cannot write {}", path.display()), e))?;
                return Ok(Acquire::Got(Lock::hold(path.to_owned())));
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                let holder = fs::read_to_string(path).unwrap_or_default();
                if holder.starts_with("done") {
                    return Ok(Acquire::Done);
                }
                if abandoned(path, &holder) {
                    let _ = fs::remove_file(path);
                    continue;
                }
                return Ok(Acquire::Busy(describe(&holder)));
            }
            Err(e) => {
                return Err(Error::io(
                    format!("cannot create lock {}", path.display()),
                    e,
                ))
            }
        }
    }
    Ok(Acquire::Busy(describe(
        &fs::read_to_string(path).unwrap_or_default(),
    )))
}

fn describe(holder: &str) -> String {
    let mut it = holder.split_whitespace();
    match (it.next(), it.next()) {
        (Some(host), Some(pid)) => format!("process {pid} on {host}"),
        _ => "another process".to_owned(),
    }
}

/// No heartbeat for [`STALE`], or a holder on this host that no longer runs.
fn abandoned(path: &Path, holder: &str) -> bool {
    let age = fs::metadata(path)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.elapsed().ok());
    if age.is_some_and(|a| a > STALE) {
        return true;
    }
    let mut it = holder.split_whitespace();
    if let (Some(host), Some(pid)) = (it.next(), it.next()) {
        if host == hostname() && Path::new("/proc/self").exists() {
            return !Path::new("/proc").join(pid).exists();
        }
    }
    false
}

impl Lock {
    fn hold(path: PathBuf) -> Lock {
        let (tx, rx) = mpsc::channel::<()>();
        let p = path.clone();
        let beat = std::thread::Builder::new()
            .name("tamis-lock".into())
            .spawn(move || {
                while let Err(mpsc::RecvTimeoutError::Timeout) = rx.recv_timeout(HEARTBEAT) {
                    if let Ok(f) = fs::OpenOptions::new().write(true).open(&p) {
                        let _ = f.set_modified(SystemTime::now());
                    }
                }
            })
            .ok();
        Lock {
            path,
            stop: Some(tx),
            beat,
            completed: false,
        }
    }

    /// Marks the work done: the lock file stays, saying so, and later
    /// attempts get [`Acquire::Done`].
    pub(crate) fn complete(mut self) -> Result<()> {
        self.stop_heartbeat();
        let me = format!("done {} {}\n", hostname(), std::process::id());
        let mut f = fs::OpenOptions::new()
            .write(true)
            .truncate(true)
            .open(&self.path)
            .map_err(|e| Error::io(format!("cannot write {}", self.path.display()), e))?;
        f.write_all(me.as_bytes())
            .and_then(|_| f.sync_all())
            .map_err(|e| Error::io(format!("cannot write {}", self.path.display()), e))?;
        self.completed = true;
        Ok(())
    }

    fn stop_heartbeat(&mut self) {
        drop(self.stop.take());
        if let Some(h) = self.beat.take() {
            let _ = h.join();
        }
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        self.stop_heartbeat();
        if !self.completed {
            let _ = fs::remove_file(&self.path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exclusive_until_dropped_and_dead_holders_are_broken() {
        let tmp = tempfile::tempdir().unwrap();
        let p = tmp.path().join("locks").join("reduce0");
        let Acquire::Got(lock) = try_lock(&p).unwrap() else {
            panic!("first take")
        };
        match try_lock(&p).unwrap() {
            Acquire::Busy(who) => assert!(who.contains(&std::process::id().to_string()), "{who}"),
            _ => panic!("taken twice"),
        }
        drop(lock);
        assert!(!p.exists());
        // A lock left by a process of this host that is gone: broken.
        fs::write(&p, format!("{} 4000000000 0\n", hostname())).unwrap();
        assert!(matches!(try_lock(&p).unwrap(), Acquire::Got(_)));
        // A fresh lock of another host: respected.
        fs::write(&p, "elsewhere 12 0\n").unwrap();
        assert!(matches!(try_lock(&p).unwrap(), Acquire::Busy(w) if w.contains("elsewhere")));
        // The same, without heartbeat for longer than STALE: broken.
        let f = fs::OpenOptions::new().write(true).open(&p).unwrap();
        f.set_modified(SystemTime::now() - STALE - Duration::from_secs(1))
            .unwrap();
        let Acquire::Got(lock) = try_lock(&p).unwrap() else {
            panic!("stale lock not broken")
        };
        // Completed: stays, and says so to everyone after, however old.
        lock.complete().unwrap();
        assert!(fs::read_to_string(&p).unwrap().starts_with("done"));
        assert!(matches!(try_lock(&p).unwrap(), Acquire::Done));
        let f = fs::OpenOptions::new().write(true).open(&p).unwrap();
        f.set_modified(SystemTime::now() - STALE - Duration::from_secs(1))
            .unwrap();
        assert!(matches!(try_lock(&p).unwrap(), Acquire::Done));
    }
}
