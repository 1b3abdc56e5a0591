//! Atomic file writes: a reader sees the old file or the whole new one, never a part.

use std::io::Write;
use std::path::Path;

use crate::LibraryError;

/// Writes `bytes` to `path` through a temporary file in the same folder, synced to disk and
/// then renamed over `path`. On error the temporary file is removed and `path` is untouched.
pub fn write(path: &Path, bytes: &[u8]) -> Result<(), LibraryError> {
    let err = |source| LibraryError::Write {
        path: path.to_path_buf(),
        source,
    };
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "export".to_owned());
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(err(e));
    }
    Ok(())
}
