//! The working directory under WASI, where the npm package's `plimsoll` bin runs this CLI. A
//! WASI module starts in `/` whatever its host's directory; the bin grants it the file system
//! from `/` and passes its own directory in `PWD`, so that relative paths are read, found and
//! printed as natively.

/// Enters `$PWD`; an error when it cannot.
pub fn enter() -> Result<(), String> {
    let Some(dir) = std::env::var_os("PWD") else {
        return Ok(());
    };
    std::env::set_current_dir(&dir).map_err(|e| {
        format!(
            "cannot enter the working directory {}: {e}",
            crate::printable::one_line(&dir.to_string_lossy())
        )
    })
}
