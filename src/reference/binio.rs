//! A tiny binary container for reference caches: named sections of little-endian arrays
//! and string tables, so that a national-size table loads with a few large copies
//! instead of millions of allocations.

use std::io::{Read, Write};

use anyhow::{Context, bail};

const MAGIC: &[u8; 8] = b"SPGCACHE";

/// Strings stored end to end with their end offsets.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StrTable {
    data: String,
    ends: Vec<u32>,
}

impl StrTable {
    pub fn push(&mut self, s: &str) -> u32 {
        self.data.push_str(s);
        self.ends.push(self.data.len() as u32);
        (self.ends.len() - 1) as u32
    }

    pub fn get(&self, i: u32) -> &str {
        let i = i as usize;
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.data[start..self.ends[i] as usize]
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }
}

/// A four-byte value stored little-endian.
pub trait Word: Copy {
    fn to_le(self) -> [u8; 4];
    fn from_le(b: [u8; 4]) -> Self;
}

impl Word for u32 {
    fn to_le(self) -> [u8; 4] {
        self.to_le_bytes()
    }
    fn from_le(b: [u8; 4]) -> Self {
        u32::from_le_bytes(b)
    }
}

impl Word for i32 {
    fn to_le(self) -> [u8; 4] {
        self.to_le_bytes()
    }
    fn from_le(b: [u8; 4]) -> Self {
        i32::from_le_bytes(b)
    }
}

impl Word for f32 {
    fn to_le(self) -> [u8; 4] {
        self.to_le_bytes()
    }
    fn from_le(b: [u8; 4]) -> Self {
        f32::from_le_bytes(b)
    }
}

/// Writes sections in order, straight to a file or buffer.
pub struct Writer<W: Write> {
    out: W,
}

impl<W: Write> Writer<W> {
    pub fn new(mut out: W, kind: &str) -> std::io::Result<Self> {
        out.write_all(MAGIC)?;
        let mut w = Writer { out };
        w.bytes(kind.as_bytes())?;
        Ok(w)
    }

    fn len(&mut self, n: usize) -> std::io::Result<()> {
        self.out.write_all(&(n as u64).to_le_bytes())
    }

    pub fn bytes(&mut self, b: &[u8]) -> std::io::Result<()> {
        self.len(b.len())?;
        self.out.write_all(b)
    }

    /// Four-byte words in little-endian order.
    pub fn words<T: Word>(&mut self, v: &[T]) -> std::io::Result<()> {
        self.len(v.len())?;
        for chunk in v.chunks(1 << 16) {
            let bytes: Vec<u8> = chunk.iter().flat_map(|x| x.to_le()).collect();
            self.out.write_all(&bytes)?;
        }
        Ok(())
    }

    pub fn strs(&mut self, t: &StrTable) -> std::io::Result<()> {
        self.bytes(t.data.as_bytes())?;
        self.words(&t.ends)
    }

    pub fn finish(mut self) -> std::io::Result<W> {
        self.out.flush()?;
        Ok(self.out)
    }
}

/// Reads sections in the order they were written, each straight into its own buffer.
pub struct Reader<R: Read> {
    input: R,
    /// Bytes left in the input, so a corrupt length cannot ask for more than exists.
    left: u64,
}

impl<R: Read> Reader<R> {
    pub fn new(mut input: R, size: u64, kind: &str) -> anyhow::Result<Self> {
        let mut magic = [0u8; 8];
        input
            .read_exact(&mut magic)
            .context("cache file is truncated")?;
        if &magic != MAGIC {
            bail!("not a spendgap cache file");
        }
        let mut r = Reader {
            input,
            left: size.saturating_sub(8),
        };
        if r.bytes()? != kind.as_bytes() {
            bail!("cache holds another kind of table");
        }
        Ok(r)
    }

    fn take(&mut self, width: u64) -> anyhow::Result<usize> {
        let mut raw = [0u8; 8];
        self.input
            .read_exact(&mut raw)
            .context("cache file is truncated")?;
        let n = u64::from_le_bytes(raw);
        self.left = self
            .left
            .checked_sub(8)
            .context("cache file is truncated")?;
        let need = n.checked_mul(width).context("cache file is corrupt")?;
        self.left = self
            .left
            .checked_sub(need)
            .context("cache file is truncated")?;
        Ok(n as usize)
    }

    pub fn bytes(&mut self) -> anyhow::Result<Vec<u8>> {
        let n = self.take(1)?;
        let mut out = vec![0u8; n];
        self.input
            .read_exact(&mut out)
            .context("cache file is truncated")?;
        Ok(out)
    }

    /// Four-byte words written by [`Writer::words`].
    pub fn words<T: Word>(&mut self) -> anyhow::Result<Vec<T>> {
        let n = self.take(4)?;
        let mut raw = vec![0u8; n * 4];
        self.input
            .read_exact(&mut raw)
            .context("cache file is truncated")?;
        Ok(raw
            .chunks_exact(4)
            .map(|c| T::from_le([c[0], c[1], c[2], c[3]]))
            .collect())
    }

    pub fn strs(&mut self) -> anyhow::Result<StrTable> {
        let data = String::from_utf8(self.bytes()?).context("cache text is not UTF-8")?;
        let ends: Vec<u32> = self.words()?;
        let mut prev = 0u32;
        for e in &ends {
            if *e < prev || !data.is_char_boundary(*e as usize) {
                bail!("cache string table is inconsistent");
            }
            prev = *e;
        }
        if ends.last().is_some_and(|e| *e as usize != data.len()) {
            bail!("cache string table is inconsistent");
        }
        Ok(StrTable { data, ends })
    }
}

/// A low-cardinality text column: each distinct value stored once, rows hold its index.
#[derive(Debug, Clone, Default)]
pub struct Dict {
    pub values: StrTable,
    index: std::collections::HashMap<String, u32>,
}

impl Dict {
    pub fn id(&mut self, value: &str) -> u32 {
        if let Some(i) = self.index.get(value) {
            return *i;
        }
        let i = self.values.push(value);
        self.index.insert(value.to_string(), i);
        i
    }

    pub fn from_values(values: StrTable) -> Self {
        Dict {
            values,
            index: Default::default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write_sample() -> Vec<u8> {
        let mut t = StrTable::default();
        t.push("OX4 2JY");
        t.push("");
        t.push("Café");
        let mut w = Writer::new(Vec::new(), "test").unwrap();
        w.words(&[1u32, 2, 3]).unwrap();
        w.words(&[51.75f32, f32::NAN]).unwrap();
        w.strs(&t).unwrap();
        w.finish().unwrap()
    }

    fn read_all(bytes: &[u8], kind: &str) -> anyhow::Result<(Vec<u32>, Vec<f32>, StrTable)> {
        let mut r = Reader::new(bytes, bytes.len() as u64, kind)?;
        Ok((r.words()?, r.words()?, r.strs()?))
    }

    #[test]
    fn round_trip_and_truncation() {
        let bytes = write_sample();
        let (u, f, t) = read_all(&bytes, "test").unwrap();
        assert_eq!(u, vec![1, 2, 3]);
        assert_eq!(f[0], 51.75);
        assert_eq!((t.get(0), t.get(1), t.get(2)), ("OX4 2JY", "", "Café"));
        for cut in 0..bytes.len() {
            assert!(
                read_all(&bytes[..cut], "test").is_err(),
                "truncated at {cut} must fail, not panic"
            );
        }
        assert!(read_all(&bytes, "other").is_err());
    }
}
