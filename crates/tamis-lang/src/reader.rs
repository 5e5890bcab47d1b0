//! A bounds-checked little-endian reader over a model file held in memory.
//!
//! Every length read from the file is checked against the bytes that are
//! left before anything is allocated, so a hostile file cannot make us
//! allocate more than about its own size.

use tamis_core::{Error, Result};

/// Reads fastText's binary layout (little-endian, as written on x86/ARM).
pub(crate) struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    pub(crate) fn new(buf: &'a [u8]) -> Reader<'a> {
        Reader { buf, pos: 0 }
    }

    /// Bytes not read yet.
    pub(crate) fn remaining(&self) -> usize {
        self.buf.len() - self.pos
    }

    /// Current offset, for error messages.
    pub(crate) fn offset(&self) -> usize {
        self.pos
    }

    fn err(&self, what: &str) -> Error {
        Error::data(format!(
            "fastText model: truncated or malformed file reading {what} at byte {} (file has {} bytes)",
            self.pos,
            self.buf.len()
        ))
    }

    pub(crate) fn bytes(&mut self, n: usize, what: &str) -> Result<&'a [u8]> {
        let end = self
            .pos
            .checked_add(n)
            .filter(|&e| e <= self.buf.len())
            .ok_or_else(|| self.err(what))?;
        let s = self.buf.get(self.pos..end).ok_or_else(|| self.err(what))?;
        self.pos = end;
        Ok(s)
    }

    fn array<const N: usize>(&mut self, what: &str) -> Result<[u8; N]> {
        let s = self.bytes(N, what)?;
        let mut a = [0u8; N];
        a.copy_from_slice(s);
        Ok(a)
    }

    pub(crate) fn u8(&mut self, what: &str) -> Result<u8> {
        Ok(self.array::<1>(what)?[0])
    }

    pub(crate) fn bool(&mut self, what: &str) -> Result<bool> {
        match self.u8(what)? {
            0 => Ok(false),
            1 => Ok(true),
            b => Err(Error::data(format!(
                "fastText model: {what} is {b}, expected a boolean (0 or 1)"
            ))),
        }
    }

    pub(crate) fn i32(&mut self, what: &str) -> Result<i32> {
        Ok(i32::from_le_bytes(self.array(what)?))
    }

    pub(crate) fn i64(&mut self, what: &str) -> Result<i64> {
        Ok(i64::from_le_bytes(self.array(what)?))
    }

    pub(crate) fn f64(&mut self, what: &str) -> Result<f64> {
        Ok(f64::from_le_bytes(self.array(what)?))
    }

    /// A NUL-terminated byte string (a dictionary entry).
    pub(crate) fn cstr(&mut self, what: &str) -> Result<&'a [u8]> {
        let rest = self.buf.get(self.pos..).unwrap_or_default();
        let n = rest
            .iter()
            .position(|&b| b == 0)
            .ok_or_else(|| self.err(what))?;
        let s = self.bytes(n, what)?;
        self.pos += 1;
        Ok(s)
    }

    /// `n` little-endian `f32`s; `n` is checked against the bytes left first.
    pub(crate) fn f32s(&mut self, n: usize, what: &str) -> Result<Vec<f32>> {
        let len = n.checked_mul(4).ok_or_else(|| self.err(what))?;
        let s = self.bytes(len, what)?;
        Ok(s.chunks_exact(4)
            .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect())
    }

    /// A non-negative count that must fit in what is left of the file when
    /// each item takes at least `min_item_bytes`.
    pub(crate) fn count(&mut self, value: i64, min_item_bytes: usize, what: &str) -> Result<usize> {
        let n = usize::try_from(value)
            .map_err(|_| Error::data(format!("fastText model: {what} is negative ({value})")))?;
        if n.saturating_mul(min_item_bytes.max(1)) > self.remaining() {
            return Err(Error::data(format!(
                "fastText model: {what} = {n} does not fit in the {} bytes left of the file",
                self.remaining()
            )));
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_and_rejects_truncation() {
        let mut r = Reader::new(&[1, 0, 0, 0, b'a', b'b', 0, 7]);
        assert_eq!(r.i32("x").unwrap(), 1);
        assert_eq!(r.cstr("w").unwrap(), b"ab");
        assert_eq!(r.u8("b").unwrap(), 7);
        assert!(r.i32("y").unwrap_err().to_string().contains("truncated"));
        let mut r = Reader::new(&[0; 16]);
        assert!(r.count(5, 4, "n").is_err());
        assert_eq!(r.count(4, 4, "n").unwrap(), 4);
        assert!(r
            .count(-1, 4, "n")
            .unwrap_err()
            .to_string()
            .contains("negative"));
        assert!(r.f32s(usize::MAX, "m").is_err());
        assert!(Reader::new(&[2]).bool("q").is_err());
    }
}
