//! Reading what a run is given: regular files only, and never more than a limit, so a FIFO, a
//! device or an endless stream (a template linked to `/dev/zero`, say) can neither block the
//! run nor exhaust its memory.

use std::fs::{File, Metadata};
use std::io::{self, Read};
use std::path::Path;

/// Most bytes of a `plimsoll.toml`: a real one is a few hundred.
pub const CONFIG_LIMIT: usize = 1 << 20;

/// Most bytes of a parameter override file or a guard rule file: the template limit.
pub const FILE_LIMIT: usize = 16 << 20;

/// Why an input could not be read.
#[derive(Debug)]
pub enum ReadError {
    Io(io::Error),
    /// A FIFO, device, socket or directory: reading it could block or never end.
    NotRegular(&'static str),
    TooLarge {
        limit: usize,
    },
    /// Standard input was closed when the process started.
    StdinClosed,
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::Io(e) => match e.kind() {
                io::ErrorKind::NotFound => f.write_str("no such file or directory"),
                io::ErrorKind::PermissionDenied => f.write_str("permission denied"),
                io::ErrorKind::IsADirectory => f.write_str("is a directory"),
                _ => f.write_str(&crate::os_error::text(e)),
            },
            ReadError::NotRegular(kind) => write!(f, "not a regular file ({kind})"),
            ReadError::TooLarge { limit } => {
                write!(f, "larger than the {} limit", human_size(*limit))
            }
            ReadError::StdinClosed => f.write_str("standard input is closed"),
        }
    }
}

impl From<io::Error> for ReadError {
    fn from(e: io::Error) -> ReadError {
        ReadError::Io(e)
    }
}

/// The start of an input, up to one byte past a limit.
#[derive(Clone, Debug)]
pub struct Prefix {
    /// At most `limit + 1` bytes.
    pub bytes: Vec<u8>,
    /// The input is longer than the limit (`bytes` holds its first `limit + 1` bytes).
    pub over_limit: bool,
    /// The whole input's size, when the file system knows it.
    pub size: Option<u64>,
}

/// A regular file's content; anything else, or more than `limit` bytes, is an error.
pub fn read(path: &Path, limit: usize) -> Result<Vec<u8>, ReadError> {
    let prefix = read_prefix(path, limit)?;
    if prefix.over_limit {
        return Err(ReadError::TooLarge { limit });
    }
    Ok(prefix.bytes)
}

/// [`read`] as UTF-8 text.
pub fn read_text(path: &Path, limit: usize) -> Result<String, ReadError> {
    String::from_utf8(read(path, limit)?)
        .map_err(|_| ReadError::Io(io::Error::new(io::ErrorKind::InvalidData, "not UTF-8 text")))
}

/// The first `limit + 1` bytes of a regular file (templates: too large is a finding).
pub fn read_prefix(path: &Path, limit: usize) -> Result<Prefix, ReadError> {
    let file = open_regular(path)?;
    let size = file.metadata().ok().map(|m| m.len());
    let mut prefix = take(file, limit)?;
    prefix.size = size;
    Ok(prefix)
}

/// The first `limit + 1` bytes of standard input.
pub fn read_stdin_prefix(limit: usize, closed: bool) -> Result<Prefix, ReadError> {
    if closed {
        return Err(ReadError::StdinClosed);
    }
    take(io::stdin().lock(), limit)
}

fn take(reader: impl Read, limit: usize) -> Result<Prefix, ReadError> {
    let mut bytes = Vec::new();
    reader
        .take(limit as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    Ok(Prefix {
        over_limit: bytes.len() > limit,
        bytes,
        size: None,
    })
}

/// Opens `path` only when it is a regular file: looked at before opening (opening a FIFO
/// blocks until a writer comes), opened without blocking in case it was swapped meanwhile,
/// and looked at again through the open handle, which is what will be read.
fn open_regular(path: &Path) -> Result<File, ReadError> {
    if let Some(kind) = special_kind(&std::fs::metadata(path)?) {
        return Err(ReadError::NotRegular(kind));
    }
    let file = open_nonblocking(path)?;
    if let Some(kind) = special_kind(&file.metadata()?) {
        return Err(ReadError::NotRegular(kind));
    }
    Ok(file)
}

#[cfg(unix)]
fn open_nonblocking(path: &Path) -> io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    // For a regular file the flag changes nothing; for a FIFO it makes `open` return at once.
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
}

#[cfg(not(unix))]
fn open_nonblocking(path: &Path) -> io::Result<File> {
    File::open(path)
}

/// What a file is when it is not a regular file.
fn special_kind(metadata: &Metadata) -> Option<&'static str> {
    let kind = metadata.file_type();
    if kind.is_file() {
        return None;
    }
    if kind.is_dir() {
        return Some("a directory");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return Some("a FIFO");
        }
        if kind.is_char_device() {
            return Some("a character device");
        }
        if kind.is_block_device() {
            return Some("a block device");
        }
        if kind.is_socket() {
            return Some("a socket");
        }
    }
    Some("a special file")
}

/// `16 MiB` for whole mebibytes, else bytes.
pub fn human_size(bytes: usize) -> String {
    if bytes >= 1 << 20 && bytes.is_multiple_of(1 << 20) {
        format!("{} MiB", bytes >> 20)
    } else {
        format!("{bytes} bytes")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_regular_files_up_to_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        std::fs::write(&path, "12345").unwrap();
        assert_eq!(read(&path, 5).unwrap(), b"12345");
        let err = read(&path, 4).unwrap_err();
        assert_eq!(err.to_string(), "larger than the 4 bytes limit");
        let prefix = read_prefix(&path, 3).unwrap();
        assert_eq!(
            (prefix.bytes.as_slice(), prefix.over_limit),
            (&b"1234"[..], true)
        );
        assert_eq!(prefix.size, Some(5));
    }

    #[cfg(unix)]
    #[test]
    fn refuses_devices_and_directories_without_reading_them() {
        let err = read(Path::new("/dev/zero"), 10).unwrap_err();
        assert_eq!(err.to_string(), "not a regular file (a character device)");
        let dir = tempfile::tempdir().unwrap();
        let err = read(dir.path(), 10).unwrap_err();
        assert_eq!(err.to_string(), "not a regular file (a directory)");
        let err = read(&dir.path().join("missing"), 10).unwrap_err();
        assert_eq!(err.to_string(), "no such file or directory");
    }

    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(human_size(16 << 20), "16 MiB");
        assert_eq!(human_size(1000), "1000 bytes");
    }
}
