//! Every file the command line writes goes through [`write_output`] (and the `-o` / `--force`
//! flags of every command that writes one through [`OutputArgs`]), so that no command loses a
//! file:
//!
//! - **Never over an input.** The output may not be the same file as any input of the same
//!   command (`parley report my.toml -o my.toml`), compared by file identity (device and inode
//!   on Unix, so hard links and symbolic links count too) and by canonical path. `--force`
//!   does not lift this.
//! - **Never over an existing file without `--force`.** The error names the file.
//! - **Atomic.** The bytes go to a temporary file in the output's own directory
//!   (`.NAME.parley-PID-N.tmp`), which is flushed to disk (`fsync`) and then renamed over the
//!   output. A failure at any point (a full disk, a file size limit, a read-only directory)
//!   removes the temporary file and leaves the previous output as it was, or no output at
//!   all: never a truncated file. A symbolic link as output is followed: its target is
//!   replaced and the link kept. A replaced file keeps its permissions.
//! - **Regular files only.** A directory, FIFO or device as output is refused: `-o` is for
//!   files; pipes and devices take standard output. So is `-o -` (standard output is what
//!   leaving out `-o` gives; a file named `-` is `-o ./-`).
//!
//! Refusals are usage errors (exit code 2: the command line asks for something Parley will
//! not do; another name or `--force` fixes it); a failed write is exit code 1. Both are listed
//! in `docs/errors.md`.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::cli::Failure;

/// The `-o FILE` and `--force` flags, shared by every command that can write a file.
#[derive(Debug, Clone, Default, clap::Args)]
pub(crate) struct OutputArgs {
    /// Write to FILE instead of standard output. The write is atomic (a temporary file, then a
    /// rename); an existing FILE is kept unless --force, and an input is never replaced.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Replace FILE given with -o if it exists (never an input of the same command).
    #[arg(long, requires = "output")]
    pub force: bool,
}

impl OutputArgs {
    /// Refuses at once an `-o` that [`write_output`] would refuse (an input, an existing file
    /// without `--force`, a directory or device), before a command spends time computing
    /// what it would write. The write checks again.
    pub(crate) fn check(&self, inputs: &[&Path]) -> Result<(), Failure> {
        match &self.output {
            Some(path) => check_target(path, self.force, inputs).map(|_| ()),
            None => Ok(()),
        }
    }

    /// Writes `bytes` to the `-o` file (see [`write_output`]) and says so on stderr with
    /// `what` (e.g. "42 KB"), or prints them on stdout when there is no `-o`.
    pub(crate) fn emit(&self, bytes: &[u8], what: &str, inputs: &[&Path]) -> Result<(), Failure> {
        match &self.output {
            Some(path) => {
                write_output(path, bytes, self.force, inputs)?;
                eprintln!("wrote {} ({what})", path.display());
                Ok(())
            }
            None => crate::cli::emit_bytes(bytes),
        }
    }
}

/// A size for people: "812 bytes", "42 KB".
pub(crate) fn size(bytes: usize) -> String {
    if bytes < 1024 {
        format!("{bytes} bytes")
    } else {
        format!("{} KB", bytes / 1024)
    }
}

/// Writes `bytes` to `path` atomically, refusing to replace any of `inputs` and, unless
/// `force`, any existing file. See the module documentation for the guarantees.
pub(crate) fn write_output(
    path: &Path,
    bytes: &[u8],
    force: bool,
    inputs: &[&Path],
) -> Result<(), Failure> {
    let shown = path.display();
    let target = check_target(path, force, inputs)?;
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| Failure::usage(format!("error: -o {shown}: not a file name")))?;
    let fail = |e: std::io::Error| {
        Failure::input(format!(
            "error: cannot write {shown}: {e}; {}",
            if target.exists() {
                "the file is unchanged"
            } else {
                "nothing was written"
            }
        ))
    };
    let (tmp, mut file) = temporary(&dir, &name).map_err(fail)?;
    let written = (|| {
        file.write_all(bytes)?;
        if let Ok(old) = std::fs::metadata(&target) {
            file.set_permissions(old.permissions())?;
        }
        file.sync_all()?;
        drop(file);
        std::fs::rename(&tmp, &target)
    })();
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(fail(e));
    }
    // The rename is durable once the directory is: best effort (not every platform and file
    // system can open a directory for syncing).
    if let Ok(d) = File::open(&dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// The file to replace: `path`, or the target of the symbolic link `path`; or a refusal.
fn check_target(path: &Path, force: bool, inputs: &[&Path]) -> Result<PathBuf, Failure> {
    let shown = path.display();
    // `-` is standard input where a file is read, so `-o -` reads as "standard output"; a
    // file named "-" left in the working directory would surprise everyone.
    if path.as_os_str() == crate::cli::input::STDIN {
        return Err(Failure::usage(
            "error: -o -: leave out -o to print on standard output (a file named '-' is \
             written as -o ./-)",
        ));
    }
    for input in inputs {
        if same_file(path, input) {
            return Err(Failure::usage(format!(
                "error: refusing to write {shown}: it is {} this command reads; choose another output file",
                if Path::new(input) == path {
                    "the input file".to_owned()
                } else {
                    format!("the input file {}", input.display())
                }
            )));
        }
    }
    let meta = match std::fs::metadata(path) {
        Ok(meta) => meta,
        // Nothing there (or a dangling link, which the rename replaces).
        Err(_) => return Ok(path.to_path_buf()),
    };
    if !meta.is_file() {
        return Err(Failure::usage(format!(
            "error: cannot write {shown}: it is {}, not a regular file; -o writes files (leave out -o to print on standard output)",
            crate::cli::input::kind(&meta)
        )));
    }
    if !force {
        return Err(Failure::usage(format!(
            "error: {shown} exists; pass --force to replace it, or choose another output file"
        )));
    }
    std::fs::canonicalize(path)
        .map_err(|e| Failure::input(format!("error: cannot write {shown}: {e}")))
}

/// True when `a` and `b` name the same existing file.
fn same_file(a: &Path, b: &Path) -> bool {
    let (Ok(ma), Ok(mb)) = (std::fs::metadata(a), std::fs::metadata(b)) else {
        return false;
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if ma.dev() == mb.dev() && ma.ino() == mb.ino() {
            return true;
        }
    }
    let _ = (ma, mb);
    matches!(
        (std::fs::canonicalize(a), std::fs::canonicalize(b)),
        (Ok(x), Ok(y)) if x == y
    )
}

/// Creates a new temporary file beside the output; never opens an existing one.
fn temporary(dir: &Path, name: &str) -> std::io::Result<(PathBuf, File)> {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    loop {
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let tmp = dir.join(format!(".{name}.parley-{}-{n}.tmp", std::process::id()));
        match OpenOptions::new().write(true).create_new(true).open(&tmp) {
            Ok(file) => return Ok((tmp, file)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && n < 1000 => {}
            Err(e) => return Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("parley-output-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn leftovers(dir: &Path) -> Vec<String> {
        std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".tmp"))
            .collect()
    }

    #[test]
    fn writes_a_new_file_and_replaces_only_with_force() {
        let dir = scratch("force");
        let out = dir.join("out.txt");
        write_output(&out, b"one", false, &[]).unwrap();
        assert_eq!(std::fs::read(&out).unwrap(), b"one");
        let refused = write_output(&out, b"two", false, &[]).err().unwrap();
        assert_eq!(refused.code, 2);
        assert!(
            refused.message.contains("out.txt exists"),
            "{}",
            refused.message
        );
        assert!(refused.message.contains("--force"));
        assert_eq!(std::fs::read(&out).unwrap(), b"one");
        write_output(&out, b"two", true, &[]).unwrap();
        assert_eq!(std::fs::read(&out).unwrap(), b"two");
        assert!(leftovers(&dir).is_empty());
    }

    #[test]
    fn never_replaces_an_input_even_with_force() {
        let dir = scratch("input");
        let input = dir.join("in.toml");
        std::fs::write(&input, "keep").unwrap();
        // The same file under another spelling of its path.
        let other = dir.join(".").join("in.toml");
        for force in [false, true] {
            let f = write_output(&other, b"x", force, &[&input]).err().unwrap();
            assert_eq!(f.code, 2);
            assert!(f.message.contains("refusing to write"), "{}", f.message);
        }
        #[cfg(unix)]
        {
            let link = dir.join("link.toml");
            std::os::unix::fs::symlink(&input, &link).unwrap();
            assert!(write_output(&link, b"x", true, &[&input]).is_err());
            // A symbolic link that is not an input keeps the link and replaces its target.
            let target = dir.join("target.txt");
            std::fs::write(&target, "old").unwrap();
            let link2 = dir.join("link2.txt");
            std::os::unix::fs::symlink(&target, &link2).unwrap();
            write_output(&link2, b"new", true, &[&input]).unwrap();
            assert!(
                std::fs::symlink_metadata(&link2)
                    .unwrap()
                    .file_type()
                    .is_symlink()
            );
            assert_eq!(std::fs::read(&target).unwrap(), b"new");
        }
        assert_eq!(std::fs::read(&input).unwrap(), b"keep");
    }

    #[test]
    fn a_dash_is_refused_rather_than_written_as_a_file_named_dash() {
        // `-` means standard input as an input; as `-o` it made a file called "-". Checked
        // without writing, so a regression leaves no stray file behind.
        let args = OutputArgs {
            output: Some(PathBuf::from("-")),
            force: true,
        };
        let f = args.check(&[]).err().unwrap();
        assert_eq!(f.code, 2);
        assert!(f.message.contains("standard output"), "{}", f.message);
        // A file really named "-" is still written when spelt as a path.
        let dir = scratch("dash");
        write_output(&dir.join("-"), b"x", false, &[]).unwrap();
        assert_eq!(std::fs::read(dir.join("-")).unwrap(), b"x");
    }

    #[test]
    fn refuses_a_directory_and_a_missing_directory_leaves_nothing() {
        let dir = scratch("dir");
        let f = write_output(&dir, b"x", true, &[]).err().unwrap();
        assert_eq!(f.code, 2);
        assert!(f.message.contains("a directory"), "{}", f.message);
        let missing = dir.join("no/such/dir/out.txt");
        let f = write_output(&missing, b"x", false, &[]).err().unwrap();
        assert_eq!(f.code, 1);
        assert!(f.message.contains("cannot write"), "{}", f.message);
        assert!(f.message.contains("nothing was written"), "{}", f.message);
    }
}
