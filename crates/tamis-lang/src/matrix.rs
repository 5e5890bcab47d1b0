//! Embedding matrices: dense (`.bin`) and product-quantized (`.ftz`).
//!
//! The arithmetic follows fastText's `DenseMatrix`/`QuantMatrix`/
//! `ProductQuantizer` operation for operation (f32, same order), so sums are
//! bit-identical to fastText's.

use tamis_core::{Error, Result};

use crate::reader::Reader;

/// Centroids per sub-quantizer (fastText's `ksub_`, fixed at 2^8).
const KSUB: usize = 256;

/// A matrix of `rows × cols` f32, dense or product-quantized.
pub(crate) enum Matrix {
    Dense(Dense),
    Quant(Quant),
}

impl Matrix {
    pub(crate) fn rows(&self) -> usize {
        match self {
            Matrix::Dense(d) => d.rows,
            Matrix::Quant(q) => q.rows,
        }
    }
    pub(crate) fn cols(&self) -> usize {
        match self {
            Matrix::Dense(d) => d.cols,
            Matrix::Quant(q) => q.pq.dim,
        }
    }
    pub(crate) fn load(r: &mut Reader<'_>, quantized: bool, what: &str) -> Result<Matrix> {
        Ok(if quantized {
            Matrix::Quant(Quant::load(r, what)?)
        } else {
            Matrix::Dense(Dense::load(r, what)?)
        })
    }
    /// `<row i, x>` as fastText's `dotRow` computes it (sequential f32 sum).
    #[inline]
    pub(crate) fn dot_row(&self, x: &[f32], i: usize) -> f32 {
        match self {
            Matrix::Dense(d) => d.dot_row(x, i),
            Matrix::Quant(q) => q.dot_row(x, i),
        }
    }
}

/// A dense row-major matrix.
pub(crate) struct Dense {
    pub(crate) rows: usize,
    pub(crate) cols: usize,
    data: Vec<f32>,
}

fn dims(r: &mut Reader<'_>, what: &str) -> Result<(usize, usize)> {
    let m = r.i64(what)?;
    let n = r.i64(what)?;
    let (Ok(m), Ok(n)) = (usize::try_from(m), usize::try_from(n)) else {
        return Err(Error::data(format!(
            "fastText model: {what} has negative dimensions {m} x {n}"
        )));
    };
    Ok((m, n))
}

impl Dense {
    fn load(r: &mut Reader<'_>, what: &str) -> Result<Dense> {
        let (rows, cols) = dims(r, what)?;
        let n = rows.checked_mul(cols).filter(|n| n.saturating_mul(4) <= r.remaining()).ok_or_else(|| {
            Error::data(format!(
                "fastText model: {what} of {rows} x {cols} floats does not fit in the {} bytes left",
                r.remaining()
            ))
        })?;
        let data = r.f32s(n, what)?;
        Ok(Dense { rows, cols, data })
    }

    #[inline]
    pub(crate) fn row(&self, i: usize) -> &[f32] {
        let start = i.saturating_mul(self.cols);
        self.data
            .get(start..start.saturating_add(self.cols))
            .unwrap_or_default()
    }

    /// `x += row i`.
    #[inline]
    pub(crate) fn add_row(&self, x: &mut [f32], i: usize) {
        for (a, b) in x.iter_mut().zip(self.row(i)) {
            *a += *b;
        }
    }

    #[inline]
    fn dot_row(&self, x: &[f32], i: usize) -> f32 {
        let mut d = 0.0f32;
        for (a, b) in self.row(i).iter().zip(x) {
            d += a * b;
        }
        d
    }
}

/// fastText's `ProductQuantizer`: `nsubq` sub-vectors of `dsub` floats (the
/// last one `lastdsub`), 256 centroids each.
pub(crate) struct Pq {
    dim: usize,
    nsubq: usize,
    dsub: usize,
    lastdsub: usize,
    centroids: Vec<f32>,
    /// The centroids again as pairs when every sub-vector has 2 floats
    /// (fastText's default `dsub`, lid.176): indexing by a `u8` code needs no
    /// bounds check.
    pairs: Option<Vec<[[f32; 2]; KSUB]>>,
}

impl Pq {
    fn load(r: &mut Reader<'_>, what: &str) -> Result<Pq> {
        let bad = |m: String| Error::data(format!("fastText model: {what}: {m}"));
        let dim = r.i32(what)?;
        let nsubq = r.i32(what)?;
        let dsub = r.i32(what)?;
        let lastdsub = r.i32(what)?;
        if dim <= 0 || nsubq <= 0 || dsub <= 0 || lastdsub <= 0 {
            return Err(bad(format!(
                "bad quantizer shape dim={dim} nsubq={nsubq} dsub={dsub} lastdsub={lastdsub}"
            )));
        }
        let (dim, nsubq, dsub, lastdsub) = (
            dim as usize,
            nsubq as usize,
            dsub as usize,
            lastdsub as usize,
        );
        // fastText's layout: sub-vector m covers x[m*dsub ..], the last one lastdsub wide.
        if (nsubq - 1)
            .checked_mul(dsub)
            .and_then(|v| v.checked_add(lastdsub))
            != Some(dim)
        {
            return Err(bad(format!(
                "quantizer shape nsubq={nsubq} dsub={dsub} lastdsub={lastdsub} does not add up to dim={dim}"
            )));
        }
        let n = dim
            .checked_mul(KSUB)
            .filter(|n| n.saturating_mul(4) <= r.remaining())
            .ok_or_else(|| {
                bad(format!(
                    "{dim} x 256 centroids do not fit in the {} bytes left",
                    r.remaining()
                ))
            })?;
        let centroids = r.f32s(n, what)?;
        let pairs = (dsub == 2 && lastdsub == 2).then(|| {
            centroids
                .chunks_exact(2 * KSUB)
                .map(|sub| {
                    let mut p = [[0f32; 2]; KSUB];
                    for (dst, src) in p.iter_mut().zip(sub.chunks_exact(2)) {
                        dst.copy_from_slice(src);
                    }
                    p
                })
                .collect()
        });
        Ok(Pq {
            dim,
            nsubq,
            dsub,
            lastdsub,
            centroids,
            pairs,
        })
    }

    /// Centroid `c` of sub-quantizer `m` (fastText's `get_centroids`).
    #[inline]
    fn centroid(&self, m: usize, c: u8) -> &[f32] {
        let c = c as usize;
        let (start, len) = if m + 1 == self.nsubq {
            (m * KSUB * self.dsub + c * self.lastdsub, self.lastdsub)
        } else {
            ((m * KSUB + c) * self.dsub, self.dsub)
        };
        self.centroids.get(start..start + len).unwrap_or_default()
    }
}

/// fastText's `QuantMatrix`: one code byte per sub-quantizer per row, and
/// optionally a quantized norm per row (`qnorm`).
pub(crate) struct Quant {
    pub(crate) rows: usize,
    codes: Vec<u8>,
    pq: Pq,
    /// Per-row norm code and the 256 norm centroids.
    norms: Option<(Vec<u8>, Vec<f32>)>,
}

impl Quant {
    fn load(r: &mut Reader<'_>, what: &str) -> Result<Quant> {
        let qnorm = r.bool(what)?;
        let (rows, cols) = dims(r, what)?;
        let codesize = r.i32(what)?;
        let codesize = r.count(codesize as i64, 1, what)?;
        let codes = r.bytes(codesize, what)?.to_vec();
        let pq = Pq::load(r, what)?;
        if pq.dim != cols || rows.checked_mul(pq.nsubq) != Some(codesize) {
            return Err(Error::data(format!(
                "fastText model: {what}: {codesize} code bytes for {rows} x {cols} with {} sub-quantizers of dim {}",
                pq.nsubq, pq.dim
            )));
        }
        let norms = if qnorm {
            let rows_n = r.count(rows as i64, 1, what)?;
            let norm_codes = r.bytes(rows_n, what)?.to_vec();
            let npq = Pq::load(r, what)?;
            if npq.dim != 1 || npq.nsubq != 1 {
                return Err(Error::data(format!(
                    "fastText model: {what}: norm quantizer must be 1-dimensional"
                )));
            }
            Some((norm_codes, npq.centroids))
        } else {
            None
        };
        Ok(Quant {
            rows,
            codes,
            pq,
            norms,
        })
    }

    /// Keeps rows `0..nwords`, then rows `nwords + order[r]` for each r, in
    /// that order (see `Dictionary::make_prune_direct`). Rows must have been
    /// validated against `rows` (out-of-range ones would become zeros).
    pub(crate) fn reorder_tail(&mut self, nwords: usize, order: &[u32]) {
        let w = self.pq.nsubq;
        let mut codes = Vec::with_capacity((nwords + order.len()) * w);
        codes.extend_from_slice(self.codes.get(..nwords * w).unwrap_or_default());
        for &v in order {
            let row = nwords + v as usize;
            match self.codes.get(row * w..(row + 1) * w) {
                Some(c) => codes.extend_from_slice(c),
                None => codes.resize(codes.len() + w, 0),
            }
        }
        if let Some((norm_codes, _)) = &mut self.norms {
            let mut n: Vec<u8> = norm_codes.get(..nwords).unwrap_or_default().to_vec();
            n.extend(
                order
                    .iter()
                    .map(|&v| norm_codes.get(nwords + v as usize).copied().unwrap_or(0)),
            );
            *norm_codes = n;
        }
        self.codes = codes;
        self.rows = nwords + order.len();
    }

    #[inline]
    fn norm(&self, i: usize) -> f32 {
        match &self.norms {
            None => 1.0,
            Some((codes, cent)) => codes
                .get(i)
                .and_then(|&c| cent.get(c as usize))
                .copied()
                .unwrap_or(1.0),
        }
    }

    #[inline]
    fn codes(&self, i: usize) -> &[u8] {
        let start = i.saturating_mul(self.pq.nsubq);
        self.codes
            .get(start..start.saturating_add(self.pq.nsubq))
            .unwrap_or_default()
    }

    /// `x += norm(i) * row i` (fastText's `addRowToVector` → `addcode`).
    #[inline]
    pub(crate) fn add_row(&self, x: &mut [f32], i: usize) {
        let alpha = self.norm(i);
        let dsub = self.pq.dsub;
        if let Some(pairs) = &self.pq.pairs {
            // fastText's default layout (lid.176): pairs of floats. Same
            // arithmetic, no bounds checks.
            for ((sub, &c), xs) in pairs.iter().zip(self.codes(i)).zip(x.chunks_exact_mut(2)) {
                if let [x0, x1] = xs {
                    let [c0, c1] = sub[c as usize];
                    *x0 += alpha * c0;
                    *x1 += alpha * c1;
                }
            }
            return;
        }
        for (m, &c) in self.codes(i).iter().enumerate() {
            let cen = self.pq.centroid(m, c);
            let xs = x.get_mut(m * dsub..).unwrap_or_default();
            for (a, b) in xs.iter_mut().zip(cen) {
                *a += alpha * b;
            }
        }
    }

    /// fastText's `mulcode`: `norm(i) * <row i, x>`.
    #[inline]
    fn dot_row(&self, x: &[f32], i: usize) -> f32 {
        let alpha = self.norm(i);
        let dsub = self.pq.dsub;
        let mut res = 0.0f32;
        for (m, &c) in self.codes(i).iter().enumerate() {
            let cen = self.pq.centroid(m, c);
            let xs = x.get(m * dsub..).unwrap_or_default();
            for (a, b) in xs.iter().zip(cen) {
                res += a * b;
            }
        }
        res * alpha
    }
}
