//! Sets of small integers (anchors, months) as bits in runs of 64-bit words inside one
//! flat vector, one run per owner (a market, a supplier, a name).

/// Sets bit `i` of the run of words starting at `base`.
pub fn set_bit(bits: &mut [u64], base: usize, i: usize) {
    bits[base + i / 64] |= 1 << (i % 64);
}

/// The bits set among `n` words from `base`, in order.
pub fn bits_of(bits: &[u64], base: usize, n: usize) -> impl Iterator<Item = usize> + '_ {
    (0..n * 64).filter(move |i| bits[base + i / 64] & (1 << (i % 64)) != 0)
}
