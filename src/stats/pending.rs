//! What an accumulator has been given but not yet added into its sums and multiset: the
//! fast paths of `push` and `push_count`, a few instructions a value.
//!
//! Small integers are tallied in a window of counts, one increment each. A float goes
//! into a small cache of recent values, where a repeat is one increment: a monthly series
//! takes a handful of values over the runs (the same sanctions cost in most of them); a
//! value evicted from the cache waits in a list. All are added into the sums and the
//! multiset later, in bulk: when the accumulator is read or merged, or the list is full.
//! The sums are integers and the form of the multiset depends only on its values, so the
//! result is the same to the bit as adding each value as it came. Nothing here knows
//! about sums.

/// Integers tallied have magnitudes up to 2^26: their squares are exact in an f64, so that
/// `push(v as f64)` and `push_count(v)` add the same to the sums. Windows lie within
/// `-TALLY_LIMIT..=TALLY_LIMIT`, so that a value that finds its count is one of them.
pub(super) const TALLY_LIMIT: i64 = 1 << 26;
/// Widest window of the tally (32 KiB of counts); values beyond it are added at once.
const TALLY_MAX: usize = 1 << 12;
/// Narrowest window allocated (1 KiB).
const TALLY_MIN: usize = 128;
/// Widest first window.
const TALLY_FIRST_MAX: usize = 1024;

/// Counts of integers in a window that grows with room to spare.
#[derive(Debug, Clone, Default)]
pub(super) struct Tally {
    /// `counts[i]` counts the integer `offset + i`.
    offset: i64,
    counts: Vec<u64>,
}

impl Tally {
    /// Counts `v`; false, counting nothing, when the window cannot widen to hold it or its
    /// magnitude is over [`TALLY_LIMIT`].
    #[inline]
    pub(super) fn push(&mut self, v: i64) -> bool {
        // Below the offset, the index wraps to a huge one and misses.
        let i = v.wrapping_sub(self.offset) as u64 as usize;
        match self.counts.get_mut(i) {
            Some(c) => {
                *c += 1;
                true
            }
            None => self.push_widening(v),
        }
    }

    #[cold]
    fn push_widening(&mut self, v: i64) -> bool {
        if !self.widen(v, v) {
            return false;
        }
        self.counts[(v - self.offset) as usize] += 1;
        true
    }

    /// Widens the window to hold `lo..=hi` and what it holds, with room to spare; false,
    /// changing nothing, past [`TALLY_MAX`] or [`TALLY_LIMIT`].
    fn widen(&mut self, lo: i64, hi: i64) -> bool {
        let held = self.occupied().map(|(a, c)| (a, a + c.len() as i64 - 1));
        let (a, b) = held.map_or((lo, hi), |(a, b)| (a.min(lo), b.max(hi)));
        if a < -TALLY_LIMIT || b > TALLY_LIMIT || b - a >= TALLY_MAX as i64 {
            return false;
        }
        let needed = (b - a + 1) as usize;
        // A first window as wide as the value: values over runs spread about as far as
        // half their size (far less for counts of many). Every widening costs an
        // allocation and a copy, and every merge a pass over the window.
        let wanted = match held {
            Some(_) => 2 * needed,
            None => (a.unsigned_abs() as usize).min(TALLY_FIRST_MAX),
        };
        let len = wanted.max(needed).clamp(TALLY_MIN, TALLY_MAX);
        // Centred on the values, but not below 0 if none is (counts stay counts), nor past
        // the limits.
        let offset = a - (len - needed) as i64 / 2;
        let offset = if a >= 0 { offset.max(0) } else { offset };
        let offset = offset.clamp(-TALLY_LIMIT, TALLY_LIMIT + 1 - len as i64);
        let mut counts = vec![0; len];
        if let Some((first, c)) = self.occupied() {
            let at = (first - offset) as usize;
            counts[at..at + c.len()].copy_from_slice(c);
        }
        *self = Tally { offset, counts };
        true
    }

    /// The first integer counted and the counts from it to the last one counted (no zero
    /// at either end); `None` when nothing is counted.
    pub(super) fn occupied(&self) -> Option<(i64, &[u64])> {
        let c = &self.counts;
        // Blocks of zeros first (the OR of a block vectorises), then within the block.
        let zeros = |b: &[u64]| b.iter().fold(0, |a, x| a | x) == 0;
        let first = 8 * c.chunks(8).position(|b| !zeros(b))?;
        let first = first + c[first..].iter().position(|x| *x > 0)?;
        let end = c.len() - 8 * c.rchunks(8).position(|b| !zeros(b))?;
        let start = end.saturating_sub(8);
        let last = start + c[start..end].iter().rposition(|x| *x > 0)?;
        Some((self.offset + first as i64, &c[first..=last]))
    }

    pub(super) fn is_empty(&self) -> bool {
        self.counts.iter().all(|c| *c == 0)
    }

    /// Adds `other`'s counts; false, adding nothing, when the window cannot widen to hold
    /// them.
    pub(super) fn merge(&mut self, other: &Tally) -> bool {
        let Some((lo, counts)) = other.occupied() else {
            return true;
        };
        if !self.make_room(lo, counts.len()) {
            return false;
        }
        let at = (lo - self.offset) as usize;
        for (a, b) in self.counts[at..].iter_mut().zip(counts) {
            *a += b;
        }
        true
    }

    /// Moves `other`'s counts here, leaving `other` counting nothing in the same window;
    /// false, moving nothing, when the window cannot widen to hold them. Zeroing in the
    /// same pass costs a store a count; a memset after would cost a pass over the window.
    pub(super) fn take(&mut self, other: &mut Tally) -> bool {
        let Some((lo, len)) = other.occupied().map(|(lo, c)| (lo, c.len())) else {
            return true;
        };
        if !self.make_room(lo, len) {
            return false;
        }
        let at = (lo - self.offset) as usize;
        let from = (lo - other.offset) as usize;
        let theirs = &mut other.counts[from..from + len];
        for (a, b) in self.counts[at..at + len].iter_mut().zip(theirs) {
            *a += *b;
            *b = 0;
        }
        true
    }

    /// Whether the window holds `lo` and the `len - 1` integers after it, once widened if
    /// need be.
    fn make_room(&mut self, lo: i64, len: usize) -> bool {
        let hi = lo + len as i64 - 1;
        let end = self.offset + self.counts.len() as i64;
        (lo >= self.offset && hi < end) || self.widen(lo, hi)
    }

    pub(super) fn clear(&mut self) {
        *self = Tally::default();
    }

    /// Counts nothing, keeping the window.
    pub(super) fn zero(&mut self) {
        self.counts.fill(0);
    }
}

/// Slots of the cache of recent floats.
const RECENT_SLOTS: usize = 16;
/// The bits of an empty slot: a NaN, which no value pushed (finite) has.
const EMPTY: u64 = u64::MAX;

/// Values evicted from the cache kept before they must be settled: more than a chunk of
/// runs puts in one accumulator.
const EVICTED_MAX: usize = 256;

/// Floats pushed lately: a direct-mapped cache of `(value bits, count)`, the slot chosen
/// by the bits, so that a value that comes again finds its slot in one compare; and the
/// values evicted from it, kept in a list (a value that differs run by run is added into
/// a multiset once, the batch's, not once in a chunk's and again in the batch's).
#[derive(Debug, Clone)]
pub(super) struct Recent {
    slots: [(u64, u64); RECENT_SLOTS],
    evicted: Vec<(f64, u64)>,
}

impl Default for Recent {
    fn default() -> Self {
        Recent {
            slots: [(EMPTY, 0); RECENT_SLOTS],
            evicted: Vec::new(),
        }
    }
}

/// The slot of a value's bits: Fibonacci hashing, the top bits of the product.
#[inline]
fn slot_of(bits: u64) -> usize {
    (bits.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> (64 - RECENT_SLOTS.ilog2())) as usize
}

impl Recent {
    /// Counts one more `x` if its slot holds it; false, counting nothing, if not.
    #[inline]
    pub(super) fn again(&mut self, x: f64) -> bool {
        let bits = x.to_bits();
        let slot = &mut self.slots[slot_of(bits)];
        let hit = slot.0 == bits;
        slot.1 += u64::from(hit);
        hit
    }

    /// Counts `count` more of `x`, evicting the value its slot held; true when the list
    /// of evicted values is full, for the caller to settle it ([`Recent::take_evicted`]).
    #[inline]
    pub(super) fn add(&mut self, x: f64, count: u64) -> bool {
        let bits = x.to_bits();
        let slot = &mut self.slots[slot_of(bits)];
        if slot.0 == bits {
            slot.1 += count;
            return false;
        }
        let (old, n) = std::mem::replace(slot, (bits, count));
        if n > 0 {
            self.evicted.push((f64::from_bits(old), n));
        }
        self.evicted.len() >= EVICTED_MAX
    }

    /// The values in the cache and their counts.
    pub(super) fn cached(&self) -> impl Iterator<Item = (f64, u64)> + '_ {
        self.slots
            .iter()
            .filter(|(_, n)| *n > 0)
            .map(|(bits, n)| (f64::from_bits(*bits), *n))
    }

    /// The values evicted, and their counts.
    pub(super) fn evicted(&self) -> &[(f64, u64)] {
        &self.evicted
    }

    /// Every value held, and its count.
    pub(super) fn iter(&self) -> impl Iterator<Item = (f64, u64)> + '_ {
        self.cached().chain(self.evicted.iter().copied())
    }

    /// Empties the list of evicted values, handing them over.
    pub(super) fn take_evicted(&mut self) -> std::vec::Drain<'_, (f64, u64)> {
        self.evicted.drain(..)
    }

    pub(super) fn is_empty(&self) -> bool {
        self.evicted.is_empty() && self.slots.iter().all(|(_, n)| *n == 0)
    }

    /// Holds nothing, keeping the list's memory.
    pub(super) fn clear(&mut self) {
        self.slots = [(EMPTY, 0); RECENT_SLOTS];
        self.evicted.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn held(t: &Tally) -> Vec<(i64, u64)> {
        t.occupied().map_or(Vec::new(), |(lo, c)| {
            (lo..).zip(c.iter().copied()).filter(|x| x.1 > 0).collect()
        })
    }

    #[test]
    fn tally_widens_both_ways_up_to_its_limit() {
        let mut t = Tally::default();
        assert!(t.is_empty() && t.occupied().is_none());
        for v in [5, 5, -3, 40, 1000, 5] {
            assert!(t.push(v));
        }
        assert_eq!(held(&t), vec![(-3, 1), (5, 3), (40, 1), (1000, 1)]);
        // One past the widest window, from the lowest value held.
        assert!(!t.push(-3 + TALLY_MAX as i64));
        assert!(t.push(-4 + TALLY_MAX as i64));
        assert!(!t.push(-4));
        assert_eq!(t.occupied().unwrap().1.len(), TALLY_MAX);
        let mut low = Tally::default();
        assert!(low.push(-5));
        assert!(!t.merge(&low));
        assert_eq!(held(&t).len(), 5, "a refused merge adds nothing");
        let mut other = Tally::default();
        for v in [6, 7, 7] {
            other.push(v);
        }
        assert!(t.merge(&other));
        assert_eq!(held(&t)[1..3], [(5, 3), (6, 1)]);
        assert!(t.merge(&Tally::default()));
        t.clear();
        assert!(t.is_empty());
    }

    #[test]
    fn recent_counts_repeats_and_keeps_what_it_evicts() {
        let mut r = Recent::default();
        assert!(r.is_empty());
        let xs: Vec<f64> = (0..40).map(|i| 0.5 + f64::from(i)).collect();
        for x in xs.iter().chain(&xs) {
            assert!(!r.add(*x, 1), "the list is not full");
        }
        r.add(-0.0, 2);
        r.add(-0.0, 3);
        // Nothing lost: 80 values and 5 of -0.0, in the cache or the list.
        let held = |r: &Recent| r.iter().map(|(_, n)| n).sum::<u64>();
        assert_eq!(held(&r), 85);
        let minus_zero = (-0.0f64).to_bits();
        assert!(r.cached().any(|(x, n)| x.to_bits() == minus_zero && n == 5));
        // A value in its slot is counted again; one not there is not.
        let (x, n) = r.cached().find(|(x, _)| *x != 0.0).expect("a value cached");
        assert!(r.again(x));
        assert!(r.cached().any(|c| c == (x, n + 1)));
        assert!(!r.again(1234.5));
        // Past the limit of the list, `add` says so; what it hands over is what it held.
        let mut full = false;
        for i in 0..2 * EVICTED_MAX {
            full |= r.add(1e6 + i as f64, 1);
        }
        assert!(full);
        let before = held(&r);
        let taken: u64 = r.take_evicted().map(|(_, n)| n).sum();
        assert_eq!(taken + held(&r), before);
        assert!(r.evicted().is_empty());
        r.clear();
        assert!(r.is_empty());
    }
}
