//! The multiset of an accumulator's values, in the cheapest form that holds it exactly:
//! a dense window of integer counts, a map of exact values, or log-spaced buckets past
//! [`MAX_EXACT`] distinct values. The form depends only on the values
//! in it, never on the order they came in. No moments, no I/O.

use super::{MAX_EXACT, SKETCH_ACCURACY};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// A fast hasher for f64 bit patterns (SplitMix64's finaliser).
#[derive(Default, Clone, Copy)]
pub struct MixHasher(u64);

impl Hasher for MixHasher {
    fn finish(&self) -> u64 {
        mix64(self.0)
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 << 8 | u64::from(*b)) ^ (self.0 >> 56);
        }
    }
    fn write_u64(&mut self, i: u64) {
        self.0 = i;
    }
    fn write_i32(&mut self, i: i32) {
        self.0 = i as u64;
    }
}

type Map<K> = HashMap<K, u64, BuildHasherDefault<MixHasher>>;

/// SplitMix64's finaliser: a good 64-bit mixing function.
pub fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The multiset of values seen, in the cheapest form that still holds it exactly.
#[derive(Debug, Clone)]
pub(super) enum Values {
    /// Integers in a window: `counts[i]` is the count of `offset + i`. Most metrics are
    /// counts of people, so this is the common case, at a few nanoseconds a value.
    Dense { offset: i64, counts: Vec<u64> },
    /// Exact: value bits -> count.
    Exact(Map<u64>),
    /// Log buckets: signed bucket key -> count (0 holds values near zero).
    Buckets(Map<i32>),
}

/// Widest window of integers kept densely.
const MAX_DENSE: usize = 1 << 16;

/// `x` as an integer, if it is one that the dense form can hold.
fn as_int(x: f64) -> Option<i64> {
    // A cast and a compare, not a call to trunc.
    let i = x as i64;
    (i as f64 == x && x.abs() < 1e15).then_some(i)
}

impl Default for Values {
    fn default() -> Self {
        Values::Dense {
            offset: 0,
            counts: Vec::new(),
        }
    }
}

impl Values {
    #[inline]
    pub(super) fn push(&mut self, x: f64, count: u64) {
        match self {
            Values::Dense { offset, counts } => {
                if let Some(v) = as_int(x) {
                    if counts.is_empty() {
                        *offset = v;
                    }
                    let i = v - *offset;
                    if i >= 0 && (i as usize) < counts.len() {
                        counts[i as usize] += count;
                        return;
                    }
                    let (lo, hi) = (v.min(*offset), v.max(*offset + counts.len() as i64 - 1));
                    if ((hi - lo) as usize) < MAX_DENSE {
                        if i < 0 {
                            let mut grown = vec![0; (-i) as usize];
                            grown.append(counts);
                            *counts = grown;
                            *offset = v;
                            counts[0] += count;
                        } else {
                            counts.resize(i as usize + 1, 0);
                            counts[i as usize] += count;
                        }
                        return;
                    }
                }
                self.make_exact();
                self.push(x, count);
            }
            Values::Exact(map) => {
                *map.entry(x.to_bits()).or_insert(0) += count;
                if map.len() > MAX_EXACT {
                    self.make_buckets();
                }
            }
            Values::Buckets(map) => *map.entry(bucket_of(x)).or_insert(0) += count,
        }
    }

    /// Adds `counts[i]` of each integer `lo + i` (magnitudes below 10^15): in one step
    /// when the dense form can hold them all, else value by value.
    pub(super) fn add_dense(&mut self, lo: i64, counts: &[u64]) {
        let (Some(first), Some(last)) = (
            counts.iter().position(|c| *c > 0),
            counts.iter().rposition(|c| *c > 0),
        ) else {
            return;
        };
        let (lo, counts) = (lo + first as i64, &counts[first..=last]);
        if let Values::Dense {
            offset,
            counts: have,
        } = self
        {
            let hi = lo + counts.len() as i64 - 1;
            let (a, b) = if have.is_empty() {
                (lo, hi)
            } else {
                (lo.min(*offset), hi.max(*offset + have.len() as i64 - 1))
            };
            // The test of `push`: the window from the lowest to the highest value.
            if ((b - a) as usize) < MAX_DENSE {
                if have.is_empty() {
                    *offset = a;
                } else if a < *offset {
                    let mut grown = vec![0; (*offset - a) as usize];
                    grown.append(have);
                    *have = grown;
                    *offset = a;
                }
                have.resize((b - a + 1) as usize, 0);
                let at = (lo - a) as usize;
                for (h, c) in have[at..].iter_mut().zip(counts) {
                    *h += c;
                }
                return;
            }
        }
        for (v, c) in (lo..).zip(counts) {
            if *c > 0 {
                self.push(v as f64, *c);
            }
        }
    }

    /// Sorted (value, count) pairs: exact values, or bucket midpoints.
    pub(super) fn sorted(&self) -> Vec<(f64, u64)> {
        let mut v: Vec<(f64, u64)> = match self {
            Values::Dense { offset, counts } => {
                return counts
                    .iter()
                    .enumerate()
                    .filter(|(_, c)| **c > 0)
                    .map(|(i, c)| ((offset + i as i64) as f64, *c))
                    .collect();
            }
            Values::Exact(map) => map.iter().map(|(k, c)| (f64::from_bits(*k), *c)).collect(),
            Values::Buckets(map) => map.iter().map(|(k, c)| (bucket_value(*k), *c)).collect(),
        };
        v.sort_unstable_by(|a, b| a.0.total_cmp(&b.0));
        v
    }

    fn make_exact(&mut self) {
        if let Values::Dense { .. } = self {
            let items = self.sorted();
            *self = Values::Exact(Map::default());
            for (v, c) in items {
                self.push(v, c);
            }
        }
    }

    fn make_buckets(&mut self) {
        self.make_exact();
        if let Values::Exact(_) = self {
            // Sorted, so that the float work is done in one order whatever the hash map's.
            let items = self.sorted();
            let mut buckets = Map::default();
            for (v, c) in items {
                *buckets.entry(bucket_of(v)).or_insert(0) += c;
            }
            *self = Values::Buckets(buckets);
        }
    }

    /// Whether the exact form holds a -0.0 (the dense form counts it as 0, buckets as
    /// near 0).
    pub(super) fn has_negative_zero(&self) -> bool {
        matches!(self, Values::Exact(map) if map.contains_key(&(-0.0f64).to_bits()))
    }

    pub(super) fn rank(&self) -> u8 {
        match self {
            Values::Dense { .. } => 0,
            Values::Exact(_) => 1,
            Values::Buckets(_) => 2,
        }
    }

    pub(super) fn merge(&mut self, other: &Values) {
        if other.rank() == 2 {
            self.make_buckets();
        }
        match (&mut *self, other) {
            (Values::Buckets(a), Values::Buckets(b)) => {
                for (k, c) in b {
                    *a.entry(*k).or_insert(0) += c;
                }
            }
            (Values::Exact(a), Values::Exact(b)) => {
                for (k, c) in b {
                    *a.entry(*k).or_insert(0) += c;
                }
                if a.len() > MAX_EXACT {
                    self.make_buckets();
                }
            }
            (Values::Dense { .. }, Values::Dense { offset, counts }) => {
                self.add_dense(*offset, counts);
            }
            _ => {
                for (v, c) in other.sorted() {
                    self.push(v, c);
                }
            }
        }
    }
}

fn gamma() -> f64 {
    (1.0 + SKETCH_ACCURACY) / (1.0 - SKETCH_ACCURACY)
}

/// Magnitudes below this share the zero bucket.
const TINY: f64 = 1e-9;

pub(super) fn bucket_of(x: f64) -> i32 {
    if x.abs() < TINY {
        return 0;
    }
    // Keys start at 1 for |x| = TINY, signed by x.
    let k = ((x.abs() / TINY).ln() / gamma().ln()).ceil() as i32 + 1;
    if x > 0.0 { k } else { -k }
}

pub(super) fn bucket_value(k: i32) -> f64 {
    if k == 0 {
        return 0.0;
    }
    let g = gamma();
    let m = TINY * 2.0 * g.powi(k.abs() - 1) / (g + 1.0);
    if k > 0 { m } else { -m }
}
