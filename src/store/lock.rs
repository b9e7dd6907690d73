//! The writers' lock: one writer at a time per database file.
//!
//! A writer holds an exclusive lock on a side file, `DB.lock` beside
//! `DB` (std's `File::lock`, an advisory `flock` on Unix and `LockFileEx`
//! on Windows). The lock file is never removed: removing it would let two
//! writers lock two different files of the same name. The operating system
//! releases the lock when the process ends, however it ends (a `kill -9`
//! included), so a crashed writer never leaves the database locked.
//!
//! Readers take no lock: a write replaces the database file by renaming a
//! complete temporary file over it (see [`super::write_atomic`]), so a
//! reader opens either the old file or the new one, never a mix.

use std::ffi::OsString;
use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::error::{Error, Result};

/// How long a writer waits quietly before telling the user it is waiting.
pub const NOTICE_AFTER: Duration = Duration::from_secs(1);

/// What to do when another writer holds the lock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wait {
    /// Wait for it to finish.
    Block,
    /// Fail at once with [`Error::Locked`].
    NoWait,
}

/// An exclusive hold on a database's lock file; released when dropped.
#[derive(Debug)]
pub struct WriteLock {
    file: File,
    path: PathBuf,
}

impl WriteLock {
    /// The lock file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for WriteLock {
    fn drop(&mut self) {
        // Closing the file releases the lock too; unlocking first only makes
        // the release independent of when the handle is closed.
        let _ = self.file.unlock();
    }
}

/// The lock file of the database at `db`: `db` with `.lock` appended
/// (`my.egdb` → `my.egdb.lock`).
pub fn lock_path(db: &Path) -> PathBuf {
    let mut name: OsString = db.as_os_str().to_owned();
    name.push(".lock");
    PathBuf::from(name)
}

/// Takes the writers' lock of the database at `db`.
///
/// When another writer holds it: with [`Wait::NoWait`], fails at once with
/// [`Error::Locked`]; with [`Wait::Block`], waits, calling `on_wait` once
/// after [`NOTICE_AFTER`] so that the caller can tell the user why nothing
/// happens.
pub fn acquire(db: &Path, wait: Wait, on_wait: &mut dyn FnMut(&Path)) -> Result<WriteLock> {
    let path = lock_path(db);
    let file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
        .map_err(|e| Error::io(&path, e))?;
    let started = Instant::now();
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(WriteLock { file, path }),
            Err(TryLockError::Error(e)) => return Err(Error::io(&path, e)),
            Err(TryLockError::WouldBlock) => {}
        }
        if wait == Wait::NoWait {
            return Err(Error::Locked {
                path: db.to_path_buf(),
            });
        }
        if started.elapsed() >= NOTICE_AFTER {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    on_wait(&path);
    file.lock().map_err(|e| Error::io(&path, e))?;
    Ok(WriteLock { file, path })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn second_writer_fails_at_once_with_no_wait() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let db = dir.path().join("g.egdb");
        let held = acquire(&db, Wait::NoWait, &mut |_| {}).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(held.path(), dir.path().join("g.egdb.lock"));
        match acquire(&db, Wait::NoWait, &mut |_| {}) {
            Err(Error::Locked { path }) => assert_eq!(path, db),
            other => panic!("{other:?}"),
        }
        drop(held);
        assert!(acquire(&db, Wait::NoWait, &mut |_| {}).is_ok());
    }

    #[test]
    fn a_waiting_writer_is_told_and_then_gets_the_lock() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let db = dir.path().join("g.egdb");
        let held = acquire(&db, Wait::Block, &mut |_| {}).unwrap_or_else(|e| panic!("{e}"));
        let (told_tx, told_rx) = std::sync::mpsc::channel();
        let db2 = db.clone();
        let waiter = std::thread::spawn(move || {
            acquire(&db2, Wait::Block, &mut |p| {
                let _ = told_tx.send(p.to_path_buf());
            })
            .is_ok()
        });
        // Release only once the waiter has said it waits: no timing guess.
        let told = told_rx.recv().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(told, dir.path().join("g.egdb.lock"));
        drop(held);
        assert!(waiter.join().unwrap_or_else(|_| panic!("waiter panicked")));
    }

    #[test]
    fn an_unwritable_folder_is_an_io_error_naming_the_lock_file() {
        let missing = Path::new("/nonexistent-egov-dir/g.egdb");
        match acquire(missing, Wait::NoWait, &mut |_| {}) {
            Err(e @ Error::Io { .. }) => {
                assert!(e.to_string().contains("g.egdb.lock"), "{e}")
            }
            other => panic!("{other:?}"),
        }
    }
}
