//! Per-run random streams, one per purpose.
//!
//! Each stream is a `Xoshiro256PlusPlus` seeded from (master seed, run index, purpose)
//! through SplitMix64's finaliser, so that run `i` of two scenarios that differ only in
//! policy sees the same arrests, sentences and events: common random numbers for paired
//! comparisons. A purpose whose draws depend on policy (deaths depend on the stock,
//! refusals on the releases) has a stream of its own, so that it cannot shift the others.

use crate::stats::mix64;
use crate::strategy::StreamRng;
use rand::SeedableRng;

/// What a stream is for. The numbers are part of the output's identity: never renumber.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u64)]
pub enum Stream {
    /// Number of new political prisoners each month, and their sentences.
    Arrests = 1,
    /// Once the sentences' own stream; they now share the month generators of `Arrests`.
    /// Kept so that no other purpose takes its number.
    Sentences = 2,
    /// Deaths in custody.
    Deaths = 3,
    /// Ceasefire, repression waves and other exogenous events.
    Events = 4,
    /// Refusals of deportation.
    Refusals = 5,
    /// The regime's decisions.
    Regime = 6,
    /// The Western actors' decisions, in `WestActor` order: the US's.
    Us = 7,
    /// The EU's decisions.
    Eu = 8,
    /// Lithuania's decisions.
    Lithuania = 9,
    /// Poland's decisions.
    Poland = 10,
    /// Kept for Russia's decisions; no draw uses it yet (Moscow derailing a channel draws
    /// from `Bargaining`).
    Russia = 11,
    /// Channels opening, Moscow derailing them, relief withheld.
    Bargaining = 12,
    /// EU unanimity: members' vetoes of the EU's renewals and lifts
    /// (`sanctions.unanimity`). A number of its own, so that adding it moved no other
    /// stream's draws.
    Unanimity = 13,
}

/// The key of `stream` in run `run` of a batch with master seed `seed`.
pub fn stream_key(seed: u64, run: u64, stream: Stream) -> u64 {
    let run_key = mix64(mix64(seed) ^ mix64(run.wrapping_add(0x9e37_79b9_7f4a_7c15)));
    mix64(run_key ^ mix64(stream as u64 ^ 0x5851_f42d_4c95_7f2d))
}

/// The generator of `stream` in run `run` of a batch with master seed `seed`.
pub fn stream(seed: u64, run: u64, stream: Stream) -> StreamRng {
    StreamRng::seed_from_u64(stream_key(seed, run, stream))
}

/// A generator for one month of a stream: its draws in month `month` do not depend on how
/// many were drawn before, so a policy that changes the arrest rate in one month leaves
/// the following months' draws where they were.
pub fn month_stream(key: u64, month: u32) -> StreamRng {
    StreamRng::seed_from_u64(mix64(key ^ mix64(u64::from(month) ^ 0xd1b5_4a32_d192_ed03)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::Rng;

    #[test]
    fn streams_differ_by_seed_run_and_purpose() {
        let first = |s, r, p| stream(s, r, p).next_u64();
        let base = first(1, 0, Stream::Arrests);
        assert_ne!(base, first(2, 0, Stream::Arrests));
        assert_ne!(base, first(1, 1, Stream::Arrests));
        assert_ne!(base, first(1, 0, Stream::Sentences));
        // seed ^ run must not collide: (1, 2) and (2, 1) differ.
        assert_ne!(first(1, 2, Stream::Arrests), first(2, 1, Stream::Arrests));
        assert_eq!(base, first(1, 0, Stream::Arrests));
    }

    #[test]
    fn month_streams_differ_by_month_and_key() {
        let key = stream_key(1, 0, Stream::Arrests);
        let a = month_stream(key, 0).next_u64();
        assert_ne!(a, month_stream(key, 1).next_u64());
        assert_ne!(
            a,
            month_stream(stream_key(1, 0, Stream::Sentences), 0).next_u64()
        );
        assert_eq!(a, month_stream(key, 0).next_u64());
    }

    #[test]
    fn stream_values_are_pinned() {
        // Changing the derivation changes every result: this pin makes it deliberate.
        assert_eq!(stream(7, 0, Stream::Arrests).next_u64(), PINNED);
    }

    const PINNED: u64 = 2_531_590_765_478_048_818;

    #[test]
    fn the_unanimity_stream_is_new_and_leaves_the_others_where_they_were() {
        // Each stream's key depends on its own number only: the pin above, and every
        // other purpose's first draw, are what they were before the stream was added.
        let all = [
            Stream::Arrests,
            Stream::Sentences,
            Stream::Deaths,
            Stream::Events,
            Stream::Refusals,
            Stream::Regime,
            Stream::Us,
            Stream::Eu,
            Stream::Lithuania,
            Stream::Poland,
            Stream::Russia,
            Stream::Bargaining,
        ];
        let new = stream(7, 0, Stream::Unanimity).next_u64();
        for s in all {
            assert_ne!(new, stream(7, 0, s).next_u64(), "{s:?}");
        }
        assert_eq!(Stream::Unanimity as u64, 13);
    }
}
