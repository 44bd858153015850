//! Reading the files `leverage` is given or reads back: scenario files, the record's CSV
//! files, results files. Every whole-file read goes through [`read`] or
//! [`read_to_string`], which read only regular files and never more than a cap per kind
//! of file, so that a FIFO, a device (a scenario symlinked to `/dev/zero`) or a runaway
//! file fails at once with a message, instead of blocking for ever or filling memory.
//! A file streamed rather than read whole (a shard's `runs.csv`, which may be any size) is
//! opened with [`open_regular`]. Knows nothing of what the files hold; prints nothing.

use std::fs::{File, Metadata};
use std::io::{self, Read as _};
use std::path::Path;

/// A kind of file and the most bytes read of one.
#[derive(Debug, Clone, Copy)]
pub struct Kind {
    /// What the file is, as messages say it: "a scenario file".
    pub what: &'static str,
    /// The largest file of this kind read, bytes; a larger one is an error.
    pub max_bytes: u64,
}

/// A scenario file. The bundled ones are 2 to 12 KiB; 1 MiB leaves room for long
/// tables and comments.
pub const SCENARIO: Kind = Kind {
    what: "a scenario file",
    max_bytes: 1 << 20,
};

/// A CSV file of the record (`data/belarus/*.csv`, 1 to 5 KiB today): 64 MiB would hold
/// a daily series over centuries.
pub const DATA: Kind = Kind {
    what: "a data file",
    max_bytes: 64 << 20,
};

/// A results file read back (summary.json, monthly.csv, histograms.json, comparison.json,
/// sweep.json, SVG charts, ...). The largest the tool writes is the sweep.json of a
/// 100 x 100 grid, about 120 MB.
pub const RESULTS: Kind = Kind {
    what: "a results file",
    max_bytes: 1 << 30,
};

/// A shard's shard.json: the mergeable state of every accumulator. A few MB for 1,200
/// months (6.3 MB for 20,000 runs); the dense counts it may hold are bounded at about
/// 2 GB.
pub const SHARD: Kind = Kind {
    what: "a shard.json",
    max_bytes: 4 << 30,
};

/// The bytes of the regular file `path`, at most `kind.max_bytes` of them. The error says
/// what the path is when it is not a regular file, or how large it is; a missing file
/// keeps [`io::ErrorKind::NotFound`].
pub fn read(path: &Path, kind: &Kind) -> io::Result<Vec<u8>> {
    // Metadata first: opening a FIFO blocks until a writer comes.
    let len = regular(&std::fs::metadata(path)?)?.len();
    if len > kind.max_bytes {
        return Err(too_large(&size(len), kind));
    }
    let file = File::open(path)?;
    // The path may have been replaced between the two looks.
    regular(&file.metadata()?)?;
    let mut bytes = Vec::with_capacity(len as usize);
    // One byte over the cap tells a file that grew past it from one that fills it.
    file.take(kind.max_bytes + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > kind.max_bytes {
        return Err(too_large(&format!("over {}", size(kind.max_bytes)), kind));
    }
    Ok(bytes)
}

/// [`read`] as UTF-8 text.
pub fn read_to_string(path: &Path, kind: &Kind) -> io::Result<String> {
    String::from_utf8(read(path, kind)?)
        .map_err(|_| io::Error::new(io::ErrorKind::InvalidData, "it is not UTF-8 text"))
}

/// Opens the regular file `path` to stream it, whatever its size; the error says what the
/// path is when it is not a regular file.
pub fn open_regular(path: &Path) -> io::Result<File> {
    regular(&std::fs::metadata(path)?)?;
    let file = File::open(path)?;
    regular(&file.metadata()?)?;
    Ok(file)
}

/// `meta` if it is a regular file's, otherwise an error saying what it is.
fn regular(meta: &Metadata) -> io::Result<&Metadata> {
    if meta.is_file() {
        return Ok(meta);
    }
    Err(io::Error::new(
        io::ErrorKind::InvalidInput,
        format!("it is {}, not a regular file", file_type(meta)),
    ))
}

/// "a folder", "a FIFO (named pipe)", "a character device", ...
fn file_type(meta: &Metadata) -> &'static str {
    let t = meta.file_type();
    if t.is_dir() {
        return "a folder";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt as _;
        if t.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if t.is_char_device() {
            return "a character device";
        }
        if t.is_block_device() {
            return "a block device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    "a special file"
}

fn too_large(how_large: &str, kind: &Kind) -> io::Error {
    io::Error::new(
        io::ErrorKind::FileTooLarge,
        format!(
            "it is {how_large}; {} is at most {}",
            kind.what,
            size(kind.max_bytes)
        ),
    )
}

/// A size as people read it: "1 MiB", "3.2 GiB", "512 bytes".
pub fn size(bytes: u64) -> String {
    const UNITS: [&str; 5] = ["KiB", "MiB", "GiB", "TiB", "PiB"];
    if bytes < 1024 {
        return format!("{bytes} bytes");
    }
    let mut value = bytes as f64 / 1024.0;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    let text = format!("{value:.1}");
    let text = text.strip_suffix(".0").unwrap_or(&text);
    format!("{text} {}", UNITS[unit])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_people_say_them() {
        assert_eq!(size(0), "0 bytes");
        assert_eq!(size(1023), "1023 bytes");
        assert_eq!(size(1024), "1 KiB");
        assert_eq!(size(1 << 20), "1 MiB");
        assert_eq!(size(3_435_973_837), "3.2 GiB");
        assert_eq!(size(u64::MAX), "16384 PiB");
    }

    #[test]
    fn reads_a_file_up_to_its_cap_and_refuses_one_over_it() {
        let dir = tempfile::tempdir().unwrap();
        let kind = Kind {
            what: "a test file",
            max_bytes: 4,
        };
        let path = dir.path().join("f");
        std::fs::write(&path, b"abcd").unwrap();
        assert_eq!(read(&path, &kind).unwrap(), b"abcd");
        std::fs::write(&path, b"abcde").unwrap();
        let e = read(&path, &kind).unwrap_err();
        assert_eq!(
            e.to_string(),
            "it is 5 bytes; a test file is at most 4 bytes"
        );
    }

    #[test]
    fn a_folder_is_not_read_and_a_missing_file_stays_not_found() {
        let dir = tempfile::tempdir().unwrap();
        let e = read(dir.path(), &SCENARIO).unwrap_err();
        assert_eq!(e.to_string(), "it is a folder, not a regular file");
        let e = read(&dir.path().join("none"), &SCENARIO).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::NotFound);
    }

    #[cfg(unix)]
    #[test]
    fn a_device_is_not_read() {
        let e = read(Path::new("/dev/zero"), &SCENARIO).unwrap_err();
        assert_eq!(
            e.to_string(),
            "it is a character device, not a regular file"
        );
    }
}
