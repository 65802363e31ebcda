//! The building blocks of the per-row passes over millions of payments (classify,
//! measure, gaps): text columns as integer codes, per-day lookups, sums by cell, bit
//! sets, and runs of rows split over threads and merged in row order, so that every
//! result is the same whatever the thread count.

pub mod bits;
pub mod cells;
pub mod codes;
pub mod days;
pub mod runs;
