//! Every file a person names is read through one helper, under a size cap,
//! in bounded memory: `--file /dev/zero` ends at the cap, not at memory's end.

use std::io::Read;
use std::path::Path;

/// Largest JSON create body (`--file`): far above any body the APIs take.
pub const JSON_BODY_MAX: u64 = 1024 * 1024;
/// Largest upload rows file: SPEC §6 and seed 003 state no limit, so a
/// generous one that still fits in memory.
pub const UPLOAD_ROWS_MAX: u64 = 10 * 1024 * 1024;
/// Largest keywords file. Far above what 1,000 keyword characters need, so
/// only a wrong file reaches it.
pub const KEYWORDS_FILE_MAX: u64 = 64 * 1024;
/// Largest `config.toml`.
pub const CONFIG_FILE_MAX: u64 = 1024 * 1024;

/// Why a capped file was not read.
#[derive(Debug)]
pub enum CapError {
    /// It could not be opened or read.
    Io(std::io::Error),
    /// It holds more than the cap.
    TooLarge,
    /// It is not UTF-8 text.
    NotText,
}

/// A cap in words: `64 KiB`, `1 MiB`.
pub fn show_cap(cap: u64) -> String {
    if cap >= 1024 * 1024 && cap % (1024 * 1024) == 0 {
        format!("{} MiB", cap / (1024 * 1024))
    } else {
        format!("{} KiB", cap / 1024)
    }
}

/// Reads a text file of at most `cap` bytes; never more than `cap + 1`
/// bytes are held, whatever the file is (a pipe, `/dev/zero`).
pub fn read_capped(path: &Path, cap: u64) -> Result<String, CapError> {
    let file = std::fs::File::open(path).map_err(CapError::Io)?;
    let mut buf = Vec::new();
    file.take(cap + 1).read_to_end(&mut buf).map_err(CapError::Io)?;
    if buf.len() as u64 > cap {
        return Err(CapError::TooLarge);
    }
    String::from_utf8(buf).map_err(|_| CapError::NotText)
}

/// [`read_capped`] with the error as a sentence naming the flag, the file,
/// and the cap of `what` (`a JSON body`).
pub fn read_flag_file(flag: &str, path: &Path, cap: u64, what: &str) -> Result<String, String> {
    let shown = path.display();
    read_capped(path, cap).map_err(|e| match e {
        CapError::Io(e) => format!("{flag} {shown}: {e}"),
        CapError::TooLarge => format!("{flag} {shown}: larger than the {} cap of {what}", show_cap(cap)),
        CapError::NotText => format!("{flag} {shown}: not UTF-8 text"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_endless_file_stops_at_the_cap() {
        let e = read_flag_file("--file", Path::new("/dev/zero"), JSON_BODY_MAX, "a JSON body").unwrap_err();
        assert_eq!(e, "--file /dev/zero: larger than the 1 MiB cap of a JSON body");
    }

    #[test]
    fn caps_in_words() {
        assert_eq!(show_cap(KEYWORDS_FILE_MAX), "64 KiB");
        assert_eq!(show_cap(UPLOAD_ROWS_MAX), "10 MiB");
    }
}
