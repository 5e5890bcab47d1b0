use std::fmt;

/// A convenient alias for results in tamis libraries.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// An error from a tamis library: a kind to match on and a message for people.
#[derive(Debug)]
pub struct Error {
    kind: ErrorKind,
    message: String,
    source: Option<Box<dyn std::error::Error + Send + Sync + 'static>>,
}

/// What went wrong, broadly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A configuration value is missing, unknown or out of range.
    Config,
    /// Reading or writing a file failed.
    Io,
    /// Input data is malformed (a bad record, a bad model file).
    Data,
    /// A size or time cap was hit.
    Limit,
    /// Anything else.
    Other,
}

impl Error {
    /// A new error of `kind` with a message.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Error {
        Error {
            kind,
            message: message.into(),
            source: None,
        }
    }
    /// A configuration error.
    pub fn config(message: impl Into<String>) -> Error {
        Error::new(ErrorKind::Config, message)
    }
    /// A malformed-data error.
    pub fn data(message: impl Into<String>) -> Error {
        Error::new(ErrorKind::Data, message)
    }
    /// An I/O error with the path or action that failed as context.
    pub fn io(context: impl Into<String>, err: std::io::Error) -> Error {
        Error {
            kind: ErrorKind::Io,
            message: context.into(),
            source: Some(Box::new(err)),
        }
    }
    /// Attach an underlying cause.
    pub fn with_source(mut self, err: impl std::error::Error + Send + Sync + 'static) -> Error {
        self.source = Some(Box::new(err));
        self
    }
    /// The kind of error.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }
    /// The message, without the source chain.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        if let Some(src) = &self.source {
            write!(f, ": {src}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source
            .as_deref()
            .map(|e| e as &(dyn std::error::Error + 'static))
    }
}

impl From<std::io::Error> for Error {
    fn from(err: std::io::Error) -> Error {
        Error::io("I/O error", err)
    }
}
