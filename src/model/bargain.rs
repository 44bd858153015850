//! How a deal splits its surplus: the Nash bargaining solution and alternating offers.
//!
//! A deal between the regime and a Western actor is possible when the regime's reservation
//! price `r_low` (relief per prisoner) is at most the West's `r_high`. The surplus
//! `r_high - r_low` is split by a [`Protocol`]: [`shares`] gives the regime's share `s_R`
//! when it proposes and the West's `s_W` when it does, which set the price at
//! `r_low + s_R (r_high - r_low)` or `r_high - s_W (r_high - r_low)`. Under Nash
//! bargaining `power` is the regime's whoever proposes (`s_W = 1 - s_R`); under
//! alternating offers each is the first proposer's share ([`proposer_share`]). That
//! conversion, and the choice of who proposes, belong to the engine.
//!
//! This module owns the solutions themselves: Rubinstein's closed form
//! ([`rubinstein_share`]), the finite alternating-offers game solved by backward induction
//! and played forward ([`alternating_offers`]), and the generalised Nash solution over any
//! Pareto frontier ([`nash_solution`]). It must not draw random numbers, print, or know
//! about prisoners: every function is pure and works on a pie of 1 (or a frontier in
//! payoff units).
//!
//! Discount factors are per round: 1 is perfect patience, 0 means a later deal is
//! worthless. Values outside `[0, 1]` are clamped into it, because a factor above 1 would
//! reward delay without bound and one below 0 has no meaning. Inputs are not otherwise
//! validated here; [`Protocol::check`] validates what a user writes. [`Protocol`] itself is
//! a scenario's setting and lives in [`crate::scenario::protocol`].

pub use crate::scenario::protocol::{MAX_ROUNDS, Protocol};

/// The outcome of an alternating-offers game over a pie of 1.
///
/// Shares are of the pie as it stands in the round of agreement (they sum to 1 when a deal
/// is struck); `proposer_share` is always the first proposer's, whoever proposed in the
/// round of agreement. `round` counts from 1; `round == 0` means no deal was struck.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Agreement {
    /// The first proposer's share.
    pub proposer_share: f64,
    /// The first responder's share.
    pub responder_share: f64,
    /// The round of agreement (1-based), or 0 for no deal.
    pub round: u32,
}

/// Clamps a discount factor into `[0, 1]`; NaN stays NaN (`f64::clamp` passes it through),
/// so a bad input shows up as a NaN result rather than a plausible number.
fn discount(d: f64) -> f64 {
    d.clamp(0.0, 1.0)
}

/// Rubinstein's closed form: the first proposer's share `(1 - d2) / (1 - d1 d2)` of a pie
/// of 1 in the unique subgame-perfect equilibrium of the infinite alternating-offers game,
/// where `d1` is the proposer's and `d2` the responder's per-round discount factor
/// (Rubinstein 1982, "Perfect Equilibrium in a Bargaining Model", Econometrica 50(1),
/// 97-109, Theorem 1; Osborne and Rubinstein 1990, *Bargaining and Markets*, ch. 3).
///
/// The formula needs `d1 d2 < 1`. With `d1 = d2 = 1` (neither side discounts) every split is
/// an equilibrium and the formula is 0/0; we return 0.5, the limit of `1 / (1 + d)` along
/// `d1 = d2 = d -> 1`, i.e. two equally patient sides. It is also the limit of
/// Binmore, Rubinstein and Wolinsky (1986, RAND Journal of Economics 17(2), 176-188) as the
/// time between offers shrinks with equal discount rates, where Rubinstein's split tends to
/// the symmetric Nash solution. The limit depends on the path: with only `d1 = 1` the
/// formula gives 1 (the patient proposer takes all), with only `d2 = 1` it gives 0.
pub fn rubinstein_share(d1: f64, d2: f64) -> f64 {
    let (d1, d2) = (discount(d1), discount(d2));
    if d1 == 1.0 && d2 == 1.0 {
        return 0.5;
    }
    (1.0 - d2) / (1.0 - d1 * d2)
}

/// The discount factor of the responder in `round` (1-based): the first proposer proposes
/// in odd rounds, so the first responder (`d2`) responds then, and `d1` in even rounds.
fn responder_discount(d1: f64, d2: f64, round: u32) -> f64 {
    if round % 2 == 1 { d2 } else { d1 }
}

/// The share that the proposer of `round` gets, in that round's money, in the
/// subgame-perfect equilibrium of the game that starts there, by backward induction from
/// the last round (Ståhl 1972, *Bargaining Theory*; Osborne and Rubinstein 1990, ch. 3):
/// in the last round the responder's alternative is 0, so the proposer takes the whole pie
/// (`v = 1`); in any earlier round the proposer keeps what the responder does not need,
/// `v(t) = 1 - d_responder(t) v(t + 1)`.
///
/// Needs `1 <= round <= rounds`. Time is linear in `rounds - round` at worst, and usually
/// far less: once `v(t) == v(t + 2)` exactly, the recurrence (same inputs, same parity,
/// same floating-point operations) repeats itself with period 2 all the way down, so the
/// answer is read off without running the rest. The shortcut is exact, not approximate.
fn proposer_value(d1: f64, d2: f64, rounds: u32, round: u32) -> f64 {
    let mut next = 1.0; // v(rounds): the ultimatum round.
    let mut after_next = f64::NAN; // v(t + 2), none yet; NaN never compares equal.
    for t in (round..rounds).rev() {
        let v = 1.0 - responder_discount(d1, d2, t) * next;
        if v == after_next {
            // From here down v alternates between `v` (rounds of t's parity) and `next`.
            return if (t - round).is_multiple_of(2) {
                v
            } else {
                next
            };
        }
        after_next = next;
        next = v;
    }
    next
}

/// What the responder in `round` can get by refusing, in that round's money: nothing after
/// the last round, otherwise its proposer's value next round, discounted by one round.
fn responder_continuation(d1: f64, d2: f64, rounds: u32, round: u32) -> f64 {
    if round >= rounds {
        0.0
    } else {
        responder_discount(d1, d2, round) * proposer_value(d1, d2, rounds, round + 1)
    }
}

/// The outcome of an alternating-offers game over a pie of 1 with discount factors `d1`
/// (first proposer) and `d2`, played for at most `rounds` rounds (after the last, both get
/// 0), solved by backward induction and then played forward: each round the proposer
/// offers the responder exactly the responder's continuation value (less would be refused,
/// more would be given away), and the responder accepts iff the offer is at least its
/// continuation value. In equilibrium the first offer is accepted, so a deal is struck in
/// round 1 (Rubinstein 1982; Ståhl 1972 for the finite game).
///
/// As `rounds` grows the first proposer's share tends to [`rubinstein_share`]; the gap
/// shrinks by `d1 d2` every two rounds. Edge cases:
/// - `rounds == 1` is the ultimatum game: the proposer takes all.
/// - `d1 = d2 = 1` (no discounting): the last proposer takes all, so the first proposer
///   gets 1 when `rounds` is odd and 0 when it is even; unlike [`rubinstein_share`] there
///   is no limit to fall back on, the finite game has this one answer.
/// - `rounds == 0`: no round is played, no deal, both get 0 (`round == 0`).
/// - a NaN discount factor: NaN shares and `round == 0`, so the bad input is visible.
///
/// Memory is constant. Time is linear in `rounds` at worst, and usually far less: the
/// backward induction stops as soon as it becomes exactly periodic (see `proposer_value`),
/// after at most 3,202 rounds for discount factors in `[0.01, 0.99]` (measured), about
/// 30,000 at 0.999.
pub fn alternating_offers(d1: f64, d2: f64, rounds: u32) -> Agreement {
    let (d1, d2) = (discount(d1), discount(d2));
    if d1.is_nan() || d2.is_nan() {
        return Agreement {
            proposer_share: f64::NAN,
            responder_share: f64::NAN,
            round: 0,
        };
    }
    for round in 1..=rounds {
        let continuation = responder_continuation(d1, d2, rounds, round);
        let offer = continuation;
        if offer >= continuation {
            let (proposer_now, responder_now) = (1.0 - offer, offer);
            // Report the split from the first proposer's side.
            let (proposer_share, responder_share) = if round % 2 == 1 {
                (proposer_now, responder_now)
            } else {
                (responder_now, proposer_now)
            };
            return Agreement {
                proposer_share,
                responder_share,
                round,
            };
        }
    }
    Agreement {
        proposer_share: 0.0,
        responder_share: 0.0,
        round: 0,
    }
}

/// Intervals in the grid that [`nash_solution`] scans before refining: dense enough to
/// find a feasible set a thousandth of the range wide and the right hump of a frontier
/// with several, cheap enough to call once per deal.
const NASH_GRID: u32 = 1_000;

/// The generalised Nash bargaining solution over a Pareto frontier `u2 = frontier(u1)`,
/// `u1` in `[lo, hi]`, with disagreement point `(dis1, dis2)` and player 1's bargaining
/// power `power`: the point that maximises `(u1 - dis1)^power (u2 - dis2)^(1 - power)`
/// among those where both gains are non-negative (Nash 1950, "The Bargaining Problem",
/// Econometrica 18(2), 155-162; the asymmetric form: Kalai 1977, International Journal of
/// Game Theory 6, 129-133). Returns `(u1, u2)`, or `None` if no point gives both players at
/// least their disagreement payoff, or if the inputs make no sense (`lo > hi`, a bound or
/// the disagreement point not finite, `power` outside `[0, 1]`).
///
/// The search maximises the log of the product, so power 0 or 1 drops a factor (`0^0` would
/// otherwise be ambiguous) and a zero gain is `-inf`. In three steps:
/// 1. a grid of 1,000 intervals (`NASH_GRID`) finds the feasible points and the best of them;
/// 2. golden-section search (Kiefer 1953, Proc. AMS 4, 502-506) narrows the two grid
///    intervals around it, keeping the best point seen;
/// 3. comparing values can only place a smooth maximum to about the square root of the
///    machine epsilon, near 1e-8, because the top is flat (Press et al., *Numerical
///    Recipes*, 3rd ed., §10.2); so for `0 < power < 1` the point is polished by bisection
///    on the sign of the derivative, taken by the five-point central difference
///    `8 (f(u + h) - f(u - h)) - (f(u + 2h) - f(u - 2h))` (Fornberg 1988, Mathematics of
///    Computation 51, 699-706), which keeps its sign until within about 1e-10 of the
///    maximum. Its error is `O(h^4)`: the three-point difference, `O(h^2)`, was off by
///    3e-9 when the maximum sat 1e-4 from a zero gain, where the log-product bends
///    sharply. Endpoints of `[lo, hi]` close by are then compared directly, since a
///    maximum may sit on the boundary.
///
/// For a frontier whose log-product is unimodal (any concave frontier) the result is within
/// about 1e-10 of the maximiser, in units of `hi - lo` (measured: at most 5e-11 over
/// 10,000 powers on the linear frontier and on `sqrt(1 - u1)`). If every feasible grid
/// point leaves a weighted player with zero gain, the first such point is returned; a
/// feasible set narrower than a grid interval can be missed, giving `None`. Cost: about
/// 1,100 calls of `frontier` (some 10 microseconds for a simple closure).
pub fn nash_solution(
    frontier: impl Fn(f64) -> f64,
    lo: f64,
    hi: f64,
    dis1: f64,
    dis2: f64,
    power: f64,
) -> Option<(f64, f64)> {
    let inputs_ok = lo.is_finite()
        && hi.is_finite()
        && lo <= hi
        && dis1.is_finite()
        && dis2.is_finite()
        && (0.0..=1.0).contains(&power);
    if !inputs_ok {
        return None;
    }
    let gains = |u1: f64| (u1 - dis1, frontier(u1) - dis2);
    // Written so that NaN (a frontier undefined at u1) is infeasible too.
    let feasible = |(g1, g2): (f64, f64)| g1 >= 0.0 && g2 >= 0.0 && g2.is_finite();
    let log_product = |u1: f64| -> f64 {
        let g = gains(u1);
        if !feasible(g) {
            return f64::NEG_INFINITY;
        }
        let mut value = 0.0;
        if power > 0.0 {
            value += power * g.0.ln();
        }
        if power < 1.0 {
            value += (1.0 - power) * g.1.ln();
        }
        value
    };
    let span = hi - lo;
    let at = |i: u32| {
        if i == NASH_GRID {
            hi
        } else {
            lo + span * f64::from(i) / f64::from(NASH_GRID)
        }
    };

    // 1. Grid.
    let mut first_feasible = None;
    let mut best_index = 0;
    let mut best_value = f64::NEG_INFINITY;
    let last = if span > 0.0 { NASH_GRID } else { 0 };
    for i in 0..=last {
        let u1 = at(i);
        if first_feasible.is_none() && feasible(gains(u1)) {
            first_feasible = Some(u1);
        }
        let value = log_product(u1);
        if value > best_value {
            best_index = i;
            best_value = value;
        }
    }
    let first_feasible = first_feasible?;
    if best_value == f64::NEG_INFINITY || span == 0.0 {
        return Some((first_feasible, frontier(first_feasible)));
    }

    // 2. Golden section on the two grid intervals around the best grid point.
    let mut best = (at(best_index), best_value);
    let mut keep = |u1: f64, value: f64| {
        if value > best.1 {
            best = (u1, value);
        }
    };
    let inv_phi = (5f64.sqrt() - 1.0) / 2.0;
    let (mut a, mut b) = (
        at(best_index.saturating_sub(1)),
        at((best_index + 1).min(last)),
    );
    let mut c = b - inv_phi * (b - a);
    let mut d = a + inv_phi * (b - a);
    let (mut fc, mut fd) = (log_product(c), log_product(d));
    keep(c, fc);
    keep(d, fd);
    // About 50 iterations reach the tolerance; the cap is only a guard.
    for _ in 0..200 {
        if b - a <= 1e-13 * span {
            break;
        }
        if fc >= fd {
            b = d;
            (d, fd) = (c, fc);
            c = b - inv_phi * (b - a);
            fc = log_product(c);
            keep(c, fc);
        } else {
            a = c;
            (c, fc) = (d, fd);
            d = a + inv_phi * (b - a);
            fd = log_product(d);
            keep(d, fd);
        }
    }
    let (golden, _) = best;

    // 3. Polish, then compare with nearby endpoints of the frontier.
    // h balances rounding in the difference (~1e-16 / h) against its truncation (~h^4);
    // the window is wide enough to hold the maximum given golden section's ~1e-8.
    let h = 1e-6 * span;
    let window = 1e-5 * span;
    let mut u1 = golden;
    if power > 0.0 && power < 1.0 {
        let slope = |u: f64| {
            8.0 * (log_product(u + h) - log_product(u - h))
                - (log_product(u + 2.0 * h) - log_product(u - 2.0 * h))
        };
        let mut left = (golden - window).max(lo + 2.0 * h);
        let mut right = (golden + window).min(hi - 2.0 * h);
        if left < right && slope(left) > 0.0 && slope(right) < 0.0 {
            for _ in 0..100 {
                let mid = 0.5 * (left + right);
                if mid <= left || mid >= right {
                    break; // adjacent floats: done
                }
                let s = slope(mid);
                if s > 0.0 {
                    left = mid;
                } else if s < 0.0 {
                    right = mid;
                } else {
                    left = mid;
                    right = mid;
                    break;
                }
            }
            u1 = 0.5 * (left + right);
        }
    }
    let mut value = log_product(u1);
    for end in [lo, hi] {
        if (end - golden).abs() <= window {
            let end_value = log_product(end);
            if end_value > value {
                (u1, value) = (end, end_value);
            }
        }
    }
    if value == f64::NEG_INFINITY {
        // Unreachable in practice (the best point seen has a finite value and polishing
        // only moves between points with a rising and a falling side), but never return
        // an infeasible point.
        u1 = best.0;
    }
    Some((u1, frontier(u1)))
}

/// The regime's share of the surplus when it proposes and the West's when it proposes,
/// `(s_R, s_W)`, with the regime's and the West's per-round discount factors.
///
/// - Nash: the axiomatic solution has no proposer: `power` is the regime's bargaining
///   power whoever speaks first, so `s_R = power` and `s_W = 1 - power` (the price is
///   `ask + power (bid - ask)` either way), in closed form.
/// - Alternating offers: each side's share as the first proposer
///   ([`proposer_share`]), which is where moving first is worth something.
///
/// ```
/// use leverage::model::bargain::{Protocol, shares};
///
/// let (r, w) = shares(&Protocol::Nash { power: 0.3 }, 0.95, 0.95);
/// assert!((r - 0.3).abs() < 1e-9 && (w - 0.7).abs() < 1e-9);
/// // Ultimatum: the proposer takes all, whoever it is.
/// assert_eq!(shares(&Protocol::AlternatingOffers { rounds: 1 }, 0.9, 0.8), (1.0, 1.0));
/// ```
pub fn shares(protocol: &Protocol, d_regime: f64, d_west: f64) -> (f64, f64) {
    match protocol {
        // On the linear frontier with disagreement at 0 the solution is `power` itself,
        // in closed form: the numerical search of [`nash_solution`] lands within 1e-10
        // of it (0.5000000000190734 for 0.5), which would price the two sides' proposals
        // apart.
        Protocol::Nash { power } => (*power, 1.0 - power),
        Protocol::AlternatingOffers { .. } => (
            proposer_share(protocol, d_regime, d_west),
            proposer_share(protocol, d_west, d_regime),
        ),
    }
}

/// The proposer's share of a linear surplus under `protocol`, given the two sides'
/// per-round discount factors.
///
/// - Nash: the solution of [`nash_solution`] on the frontier `u2 = 1 - u1` over `[0, 1]`
///   with disagreement `(0, 0)`, which is `power` itself. Patience does not enter the
///   axiomatic solution; `power` stands in for it (Binmore, Rubinstein and Wolinsky 1986
///   map discount rates `r1, r2` to power `r2 / (r1 + r2)`). NaN if `power` fails
///   [`Protocol::check`].
/// - Alternating offers: `alternating_offers(d_proposer, d_responder, rounds)
///   .proposer_share`, 0 for `rounds == 0` (no deal).
pub fn proposer_share(protocol: &Protocol, d_proposer: f64, d_responder: f64) -> f64 {
    match *protocol {
        Protocol::Nash { power } => {
            nash_solution(|u1| 1.0 - u1, 0.0, 1.0, 0.0, 0.0, power).map_or(f64::NAN, |(u1, _)| u1)
        }
        Protocol::AlternatingOffers { rounds } => {
            alternating_offers(d_proposer, d_responder, rounds).proposer_share
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Tolerance for the Nash search, as documented on `nash_solution`.
    const NASH_TOL: f64 = 1e-9;

    fn linear(u1: f64) -> f64 {
        1.0 - u1
    }

    /// Nash power is the regime's whoever proposes; the symmetric split is exactly a half
    /// to each, so that a West's counter is priced at the midpoint to the bit.
    #[test]
    fn nash_shares_are_the_regimes_power_and_its_complement() {
        for (power, regime, west) in [(0.5, 0.5, 0.5), (0.0, 0.0, 1.0), (1.0, 1.0, 0.0)] {
            assert_eq!(
                shares(&Protocol::Nash { power }, 0.9, 0.8),
                (regime, west),
                "{power}"
            );
        }
        let (r, w) = shares(&Protocol::Nash { power: 0.3 }, 0.9, 0.8);
        assert!((r - 0.3).abs() < NASH_TOL && (r + w - 1.0).abs() < 1e-15);
        // Alternating offers: moving first is worth something to either side.
        let (r, w) = shares(&Protocol::AlternatingOffers { rounds: 5000 }, 0.9, 0.8);
        assert!((r - rubinstein_share(0.9, 0.8)).abs() < 1e-9);
        assert!((w - rubinstein_share(0.8, 0.9)).abs() < 1e-9);
    }

    #[test]
    fn finite_game_played_long_converges_to_rubinstein() {
        for (d1, d2) in [(0.9, 0.9), (0.95, 0.8), (0.5, 0.99)] {
            let deal = alternating_offers(d1, d2, 2_000);
            let closed = rubinstein_share(d1, d2);
            assert!(
                (deal.proposer_share - closed).abs() <= 1e-9,
                "d = ({d1}, {d2}): played {} vs closed form {closed}",
                deal.proposer_share
            );
            assert_eq!(deal.round, 1);
            assert!((deal.proposer_share + deal.responder_share - 1.0).abs() <= 1e-15);
        }
    }

    #[test]
    fn ultimatum_proposer_takes_all() {
        for (d1, d2) in [(0.9, 0.9), (0.0, 0.0), (1.0, 1.0), (0.3, 0.7)] {
            let deal = alternating_offers(d1, d2, 1);
            assert_eq!(
                deal,
                Agreement {
                    proposer_share: 1.0,
                    responder_share: 0.0,
                    round: 1
                }
            );
        }
    }

    #[test]
    fn two_rounds_proposer_gets_one_minus_responder_discount_exactly() {
        for (d1, d2) in [(0.9, 0.9), (0.95, 0.8), (0.5, 0.99), (0.2, 0.0), (1.0, 1.0)] {
            let deal = alternating_offers(d1, d2, 2);
            assert_eq!(deal.proposer_share, 1.0 - d2);
            assert_eq!(deal.responder_share, d2);
            assert_eq!(deal.round, 1);
        }
    }

    #[test]
    fn three_rounds_match_backward_induction_by_hand() {
        // v3 = 1; v2 = 1 - d1; v1 = 1 - d2 (1 - d1).
        let (d1, d2) = (0.9, 0.8);
        let deal = alternating_offers(d1, d2, 3);
        assert_eq!(deal.proposer_share, 1.0 - d2 * (1.0 - d1));
    }

    #[test]
    fn without_discounting_the_last_proposer_takes_all() {
        for rounds in [1, 2, 3, 10, 11, 9_999, 10_000] {
            let deal = alternating_offers(1.0, 1.0, rounds);
            let first_is_last = rounds % 2 == 1;
            assert_eq!(deal.proposer_share, if first_is_last { 1.0 } else { 0.0 });
            assert_eq!(deal.round, 1);
        }
    }

    #[test]
    fn zero_rounds_is_no_deal() {
        let deal = alternating_offers(0.9, 0.9, 0);
        assert_eq!(
            deal,
            Agreement {
                proposer_share: 0.0,
                responder_share: 0.0,
                round: 0
            }
        );
    }

    #[test]
    fn nan_discount_gives_nan_shares_and_no_deal() {
        let deal = alternating_offers(f64::NAN, 0.9, 100);
        assert!(deal.proposer_share.is_nan() && deal.responder_share.is_nan());
        assert_eq!(deal.round, 0);
        assert!(rubinstein_share(0.9, f64::NAN).is_nan());
    }

    #[test]
    fn huge_round_counts_finish_quickly() {
        // The periodicity shortcut makes u32::MAX rounds as cheap as a few hundred.
        let deal = alternating_offers(0.9, 0.8, u32::MAX);
        assert!((deal.proposer_share - rubinstein_share(0.9, 0.8)).abs() <= 1e-12);
    }

    #[test]
    fn rubinstein_share_edge_cases() {
        assert_eq!(rubinstein_share(1.0, 1.0), 0.5);
        assert_eq!(rubinstein_share(1.0, 0.5), 1.0);
        assert_eq!(rubinstein_share(0.5, 1.0), 0.0);
        assert_eq!(rubinstein_share(0.0, 0.0), 1.0);
        assert_eq!(rubinstein_share(0.0, 0.5), 0.5);
        // Clamped: a factor above 1 is treated as 1.
        assert_eq!(rubinstein_share(1.5, 1.2), 0.5);
        // Equal discounts: 1 / (1 + d).
        assert!((rubinstein_share(0.9, 0.9) - 1.0 / 1.9).abs() <= 1e-15);
    }

    #[test]
    fn symmetric_nash_splits_a_linear_frontier_at_the_midpoint() {
        let (u1, u2) = nash_solution(linear, 0.0, 1.0, 0.0, 0.0, 0.5).unwrap();
        assert!((u1 - 0.5).abs() <= NASH_TOL, "u1 = {u1}");
        assert!((u2 - 0.5).abs() <= NASH_TOL, "u2 = {u2}");
    }

    #[test]
    fn nash_power_is_the_share_of_a_linear_frontier() {
        let (u1, _) = nash_solution(linear, 0.0, 1.0, 0.0, 0.0, 0.3).unwrap();
        assert!((u1 - 0.3).abs() <= NASH_TOL, "u1 = {u1}");
        for power in [0.0, 0.01, 0.1, 0.25, 0.5, 0.7, 0.9, 0.99, 1.0] {
            let (u1, _) = nash_solution(linear, 0.0, 1.0, 0.0, 0.0, power).unwrap();
            assert!((u1 - power).abs() <= NASH_TOL, "power {power}: u1 = {u1}");
        }
    }

    #[test]
    fn symmetric_nash_on_a_concave_frontier_matches_the_analytic_maximiser() {
        // Maximise u1 sqrt(1 - u1): 1 / u1 = 1 / (2 (1 - u1)), so u1 = 2/3.
        let (u1, u2) = nash_solution(|u| (1.0 - u).sqrt(), 0.0, 1.0, 0.0, 0.0, 0.5).unwrap();
        assert!((u1 - 2.0 / 3.0).abs() <= NASH_TOL, "u1 = {u1}");
        assert!((u2 - (1.0f64 / 3.0).sqrt()).abs() <= NASH_TOL, "u2 = {u2}");
    }

    #[test]
    fn disagreement_point_shifts_the_split() {
        // Maximise (u1 - 0.2)(1 - u1): u1 = 0.6.
        let (u1, u2) = nash_solution(linear, 0.0, 1.0, 0.2, 0.0, 0.5).unwrap();
        assert!((u1 - 0.6).abs() <= NASH_TOL, "u1 = {u1}");
        assert!((u2 - 0.4).abs() <= NASH_TOL, "u2 = {u2}");
    }

    #[test]
    fn no_solution_when_the_frontier_lies_below_the_disagreement_point() {
        assert_eq!(nash_solution(linear, 0.0, 1.0, 0.6, 0.6, 0.5), None);
        assert_eq!(nash_solution(|_| -1.0, 0.0, 1.0, 0.0, 0.0, 0.5), None);
    }

    #[test]
    fn maximum_on_the_boundary_is_found_exactly() {
        // Only u1 in [0, 0.4] is available; the symmetric product rises all the way.
        let (u1, _) = nash_solution(linear, 0.0, 0.4, 0.0, 0.0, 0.5).unwrap();
        assert_eq!(u1, 0.4);
    }

    #[test]
    fn all_power_to_one_side_takes_everything_the_other_side_can_spare() {
        // Power 1 with dis2 = 0.2: player 1 takes up to where player 2 is left with 0.2.
        let (u1, u2) = nash_solution(linear, 0.0, 1.0, 0.0, 0.2, 1.0).unwrap();
        assert!((u1 - 0.8).abs() <= NASH_TOL, "u1 = {u1}");
        assert!(u2 >= 0.2, "u2 = {u2}");
    }

    #[test]
    fn nash_rejects_nonsense_inputs() {
        assert_eq!(nash_solution(linear, 0.0, 1.0, 0.0, 0.0, 1.2), None);
        assert_eq!(nash_solution(linear, 0.0, 1.0, 0.0, 0.0, f64::NAN), None);
        assert_eq!(nash_solution(linear, 1.0, 0.0, 0.0, 0.0, 0.5), None);
        assert_eq!(
            nash_solution(linear, 0.0, f64::INFINITY, 0.0, 0.0, 0.5),
            None
        );
    }

    #[test]
    fn nash_on_a_single_point_frontier() {
        assert_eq!(
            nash_solution(linear, 0.25, 0.25, 0.0, 0.0, 0.5),
            Some((0.25, 0.75))
        );
        assert_eq!(nash_solution(linear, 0.25, 0.25, 0.5, 0.0, 0.5), None);
    }

    #[test]
    fn nash_ignores_points_where_the_frontier_is_undefined() {
        // sqrt(0.5 - u) is NaN beyond 0.5; the maximiser of u sqrt(0.5 - u) is u = 1/3.
        let (u1, _) = nash_solution(|u| (0.5 - u).sqrt(), 0.0, 1.0, 0.0, 0.0, 0.5).unwrap();
        assert!((u1 - 1.0 / 3.0).abs() <= NASH_TOL, "u1 = {u1}");
    }

    #[test]
    fn proposer_share_under_nash_is_the_power() {
        let share = proposer_share(&Protocol::Nash { power: 0.5 }, 0.9, 0.5);
        assert!((share - 0.5).abs() <= NASH_TOL, "share = {share}");
        assert!(proposer_share(&Protocol::Nash { power: 2.0 }, 0.9, 0.9).is_nan());
    }

    #[test]
    fn proposer_share_under_alternating_offers_with_equal_discounts() {
        let protocol = Protocol::AlternatingOffers { rounds: 5_000 };
        for d in [0.5, 0.9, 0.95, 0.99] {
            let share = proposer_share(&protocol, d, d);
            // The finite game differs from 1 / (1 + d) by d^5000 / (1 + d).
            assert!((share - 1.0 / (1.0 + d)).abs() <= 1e-12, "d = {d}: {share}");
        }
    }

    proptest! {
        #[test]
        fn long_finite_game_matches_rubinstein_for_any_discounts(
            d1 in 0.01f64..=0.99,
            d2 in 0.01f64..=0.99,
        ) {
            let deal = alternating_offers(d1, d2, 3_000);
            prop_assert!((deal.proposer_share - rubinstein_share(d1, d2)).abs() <= 1e-6);
            prop_assert!((0.0..=1.0).contains(&deal.proposer_share));
            prop_assert_eq!(deal.round, 1);
        }

        #[test]
        fn nash_share_of_a_linear_frontier_is_the_power(power in 0.0f64..=1.0) {
            let (u1, u2) = nash_solution(linear, 0.0, 1.0, 0.0, 0.0, power).expect("feasible");
            prop_assert!((u1 - power).abs() <= NASH_TOL, "power {}: u1 = {}", power, u1);
            prop_assert!((u1 + u2 - 1.0).abs() <= 1e-15);
        }

        #[test]
        fn nash_on_a_concave_frontier_matches_the_first_order_condition(
            power in 0.001f64..=0.999,
        ) {
            // Maximise p ln u1 + (1 - p) ln sqrt(1 - u1): u1 = 2p / (1 + p).
            let (u1, _) = nash_solution(|u| (1.0 - u).sqrt(), 0.0, 1.0, 0.0, 0.0, power)
                .expect("feasible");
            let expected = 2.0 * power / (1.0 + power);
            prop_assert!((u1 - expected).abs() <= NASH_TOL, "power {}: u1 = {}", power, u1);
        }
    }
}
