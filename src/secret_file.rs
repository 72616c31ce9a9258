//! Secrets the server keeps in its data directory (the invite key, the
//! generated admin token): read if the file is there, otherwise made once
//! and written so that only this user can read it (mode 0600), so that a
//! restart keeps them.

use std::io::{self, Read, Write};
use std::path::Path;

/// Whether a secret file was read or just made.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SecretOrigin {
    Read,
    Made,
}

/// The text of the secret file at `path`, or `make()`'s, written there
/// first. A file that cannot be read is an error, never silently replaced.
pub fn read_or_make(
    path: &Path,
    make: impl FnOnce() -> String,
) -> io::Result<(String, SecretOrigin)> {
    match std::fs::File::open(path) {
        Ok(mut file) => {
            let mut text = String::new();
            file.read_to_string(&mut text)?;
            Ok((text.trim().to_owned(), SecretOrigin::Read))
        }
        Err(error) if error.kind() == io::ErrorKind::NotFound => {
            let text = make();
            let mut options = std::fs::OpenOptions::new();
            options.write(true).create_new(true);
            #[cfg(unix)]
            std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
            let mut file = options.open(path)?;
            file.write_all(text.as_bytes())?;
            file.sync_all()?;
            Ok((text, SecretOrigin::Made))
        }
        Err(error) => Err(error),
    }
}
