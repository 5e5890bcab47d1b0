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

/// Shows the error's own message only, not its cause: whoever prints the
/// error walks [`std::error::Error::source`] (the CLI prints each cause on a
/// `caused by:` line), so the cause is shown once. To put the whole chain in
/// one string (an error record, a Python exception), use [`display_chain`].
impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// An error and its causes on one line, `message: cause: cause`, for places
/// that keep an error as text (error records, messages of other errors).
/// A cause whose text the previous message already ends with is not
/// repeated.
pub fn display_chain(err: &(dyn std::error::Error + 'static)) -> String {
    let mut out = err.to_string();
    let mut next = err.source();
    while let Some(cause) = next {
        let text = cause.to_string();
        if !text.is_empty() && !out.ends_with(&text) {
            out.push_str(": ");
            out.push_str(&text);
        }
        next = cause.source();
    }
    out
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_is_the_message_and_the_cause_is_the_source() {
        let cause = std::io::Error::new(std::io::ErrorKind::NotFound, "No such file");
        let e = Error::io("cannot open in.warc", cause);
        assert_eq!(e.to_string(), "cannot open in.warc");
        let src = std::error::Error::source(&e).expect("a source");
        assert_eq!(src.to_string(), "No such file");
        assert_eq!(display_chain(&e), "cannot open in.warc: No such file");
        let outer = Error::config("step `x`").with_source(e);
        assert_eq!(
            display_chain(&outer),
            "step `x`: cannot open in.warc: No such file"
        );
        assert_eq!(display_chain(&Error::data("bad")), "bad");
    }
}
