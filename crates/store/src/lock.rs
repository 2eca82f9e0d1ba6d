//! One writer at a time: an advisory lock on a file in the data directory,
//! which the operating system releases when the holder dies, even by kill -9.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, Write};
use std::path::Path;

use crate::{Error, Result};

/// The lock file's name in the data directory.
pub(crate) const LOCK_FILE: &str = "writer.lock";

/// Takes the writer lock of `dir`, or says who holds it.
pub(crate) fn acquire(dir: &Path) -> Result<File> {
    let path = dir.join(LOCK_FILE);
    let io = |source| Error::Io {
        path: path.clone(),
        source,
    };
    let mut file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
        .map_err(io)?;
    match file.try_lock() {
        Ok(()) => {}
        Err(TryLockError::WouldBlock) => {
            let mut holder = String::new();
            // The holder wrote its pid; an unreadable file still tells that
            // somebody holds the lock.
            let _ = file.read_to_string(&mut holder);
            let holder = match holder.trim() {
                "" => "another process".to_string(),
                h => h.to_string(),
            };
            return Err(Error::Locked {
                path: dir.to_path_buf(),
                holder,
            });
        }
        Err(TryLockError::Error(e)) => return Err(io(e)),
    }
    file.set_len(0).map_err(io)?;
    file.rewind().map_err(io)?;
    write!(file, "storyline process {}", std::process::id()).map_err(io)?;
    file.flush().map_err(io)?;
    Ok(file)
}
