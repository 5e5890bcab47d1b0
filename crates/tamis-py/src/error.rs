//! tamis errors as Python exceptions.

use pyo3::exceptions::{PyOSError, PyRuntimeError, PyValueError};
use pyo3::PyErr;
use tamis_core::{display_chain, Error, ErrorKind};

/// Maps a tamis error to the Python exception a caller would expect:
/// configuration and data problems are `ValueError`, file problems
/// `OSError`, anything else `RuntimeError`. The message is tamis's own,
/// followed by its causes (`message: cause`).
pub fn to_py_err(e: Error) -> PyErr {
    let msg = display_chain(&e);
    match e.kind() {
        ErrorKind::Config | ErrorKind::Data | ErrorKind::Limit => PyValueError::new_err(msg),
        ErrorKind::Io => PyOSError::new_err(msg),
        _ => PyRuntimeError::new_err(msg),
    }
}
