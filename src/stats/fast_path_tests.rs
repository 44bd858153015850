//! The fast paths of [`Accumulator`] (the tally, the cache of recent values, merges that
//! move tallies) against what they stand for: every value added to the exact statistics
//! as it comes, the way [`Settled`] adds one, which is how every value was added before
//! there were fast paths. Equal means equal saved states and summaries, to the sign of a
//! zero (compared as text, since `-0.0 == 0.0`).

use super::*;
use proptest::prelude::*;

/// One value pushed.
#[derive(Debug, Clone, Copy)]
enum In {
    Value(f64),
    Count(u64),
}

/// The statistics of `ins`, every value added at once.
fn eager(ins: &[In]) -> Settled {
    let mut s = Settled::default();
    for i in ins {
        match *i {
            In::Value(x) => {
                s.take_extremes(x, x);
                s.add_repeats(x, 1);
            }
            In::Count(v) => s.push_count(v),
        }
    }
    s
}

fn fast(ins: &[In]) -> Accumulator {
    let mut a = Accumulator::new();
    for i in ins {
        match *i {
            In::Value(x) => a.push(x),
            In::Count(v) => a.push_count(v),
        }
    }
    a
}

/// What an accumulator says, as text: its saved state and its summary.
fn said(state: AccumulatorState, summary: Summary, exact: bool) -> String {
    let state = serde_json::to_string(&state).expect("a state serialises");
    format!("{state}\n{summary:?}\nexact: {exact}")
}

fn fast_said(a: &Accumulator) -> String {
    said(a.state(), a.summary(), a.is_exact())
}

fn eager_said(s: &Settled) -> String {
    said(s.state(), s.summary(), s.values.rank() < 2)
}

/// Counts and values near every limit of the fast paths.
const EDGE_COUNTS: [u64; 7] = [
    0,
    5_000,
    9_000,
    1 << 26,
    (1 << 26) + 1,
    100_000_001,
    3_000_000_000,
];
const EDGE_VALUES: [f64; 12] = [
    -0.0,
    0.0,
    0.5,
    -2.25,
    170.976611,
    67_108_864.0,
    -67_108_864.0,
    67_108_865.0,
    -67_108_865.0,
    100_000_001.0,
    4e15,
    -5_000.0,
];

fn input() -> impl Strategy<Value = In> {
    prop_oneof![
        4 => (0u64..300).prop_map(In::Count),
        2 => (-300i64..300).prop_map(|v| In::Value(v as f64)),
        // Few distinct floats, so that they repeat.
        2 => prop::sample::select(&EDGE_VALUES[..5]).prop_map(In::Value),
        1 => (-1e4f64..1e4).prop_map(In::Value),
        1 => prop::sample::select(&EDGE_VALUES[..]).prop_map(In::Value),
        1 => prop::sample::select(&EDGE_COUNTS[..]).prop_map(In::Count),
    ]
}

/// Three parts of `ins`, cut at `a` and `b` (clamped and ordered).
fn parts(ins: &[In], a: usize, b: usize) -> [&[In]; 3] {
    let (a, b) = (a.min(ins.len()), b.min(ins.len()));
    let (a, b) = (a.min(b), a.max(b));
    [&ins[..a], &ins[a..b], &ins[b..]]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn fast_paths_say_what_values_added_at_once_say(
        ins in prop::collection::vec(input(), 0..400),
    ) {
        prop_assert_eq!(fast_said(&fast(&ins)), eager_said(&eager(&ins)));
    }

    #[test]
    fn merges_and_absorbs_say_what_the_same_merges_at_once_say(
        ins in prop::collection::vec(input(), 0..300),
        a in 0usize..300,
        b in 0usize..300,
    ) {
        let [p, q, r] = parts(&ins, a, b);
        // (p + q) + r and p + (q + r), with += and with absorb.
        let mut left = eager(p);
        left.merge(&eager(q));
        left.merge(&eager(r));
        let mut tail = eager(q);
        tail.merge(&eager(r));
        let mut right = eager(p);
        right.merge(&tail);

        let mut fast_left = fast(p);
        fast_left += &fast(q);
        fast_left += &fast(r);
        prop_assert_eq!(fast_said(&fast_left), eager_said(&left));
        let mut fast_tail = fast(q);
        fast_tail.absorb(&mut fast(r));
        let mut fast_right = fast(p);
        fast_right.absorb(&mut fast_tail);
        prop_assert_eq!(fast_said(&fast_right), eager_said(&right));
        // Absorbed, an accumulator is empty, and as good as new.
        prop_assert_eq!(fast_said(&fast_tail), fast_said(&Accumulator::new()));
        fast_tail.push(2.5);
        fast_tail.push_count(7);
        prop_assert_eq!(fast_said(&fast_tail), fast_said(&fast(&[In::Value(2.5), In::Count(7)])));

        // Without -0.0 (whose extremes depend on order), every grouping is the whole.
        if !ins.iter().any(|i| matches!(i, In::Value(x) if x.to_bits() == (-0.0f64).to_bits())) {
            let whole = eager_said(&eager(&ins));
            prop_assert_eq!(eager_said(&left), whole.clone());
            prop_assert_eq!(eager_said(&right), whole);
        }
    }
}

#[test]
fn signed_zeros_keep_the_sign_values_added_at_once_give() {
    // Extremes order -0.0 below 0.0, in any order of the values.
    for xs in [[0.0, -0.0], [-0.0, 0.0]] {
        let s = fast(&xs.map(In::Value)).summary();
        assert_eq!((s.min.to_bits(), s.max.to_bits()), ((-0.0f64).to_bits(), 0));
    }
    let (neg, zero) = (In::Value(-0.0), In::Count(0));
    let cases: [&[In]; 6] = [
        &[zero, neg],
        &[neg, zero],
        &[zero, neg, zero],
        &[neg, zero, In::Value(0.0), In::Value(1.0), neg],
        &[In::Value(0.0), neg, In::Value(-1.0), zero],
        &[neg, neg, zero, zero],
    ];
    for ins in cases {
        assert_eq!(fast_said(&fast(ins)), eager_said(&eager(ins)), "{ins:?}");
        for cut in 0..=ins.len() {
            let (p, q) = ins.split_at(cut);
            let mut want = eager(p);
            want.merge(&eager(q));
            let mut got = fast(p);
            got += &fast(q);
            assert_eq!(fast_said(&got), eager_said(&want), "{p:?} + {q:?}");
            let mut got = fast(p);
            got.absorb(&mut fast(q));
            assert_eq!(fast_said(&got), eager_said(&want), "{p:?} absorbs {q:?}");
        }
    }
}

#[test]
fn values_past_the_tally_limits_are_added_at_once() {
    // Wider than a tally's window, and beyond the magnitudes it takes.
    let mut ins: Vec<In> = (0..10_000).map(|v| In::Count(v * 7 % 9_001)).collect();
    ins.extend(EDGE_COUNTS.map(In::Count));
    ins.extend(EDGE_VALUES.map(In::Value));
    ins.extend((0..50).map(|i| In::Value(f64::from(i) * 1e6 - 67_108_864.0)));
    let a = fast(&ins);
    assert_eq!(fast_said(&a), eager_said(&eager(&ins)));
    // A count and a value of the same large integer keep their different sums of squares.
    let (count, value) = (
        fast(&[In::Count(100_000_001)]),
        fast(&[In::Value(1e8 + 1.0)]),
    );
    assert_eq!(
        count.state().sum_sq,
        ((100_000_001i128).pow(2) << 32).to_string()
    );
    assert_eq!(
        value.state().sum_sq,
        fixed((1e8f64 + 1.0).powi(2)).to_string()
    );
    assert_ne!(count.state().sum_sq, value.state().sum_sq);
}

#[test]
fn empty_accumulators_merge_to_nothing() {
    let empty = Accumulator::new();
    assert_eq!(fast_said(&empty), eager_said(&Settled::default()));
    assert_eq!(empty.count(), 0);
    let mut e = Accumulator::new();
    e += &Accumulator::new();
    e.absorb(&mut Accumulator::new());
    assert_eq!(fast_said(&e), fast_said(&empty));
    let some = fast(&[In::Count(3), In::Value(0.5)]);
    let mut x = some.clone();
    x += &empty;
    x.absorb(&mut Accumulator::new());
    assert_eq!(fast_said(&x), fast_said(&some));
    let mut y = Accumulator::new();
    y += &some;
    assert_eq!(fast_said(&y), fast_said(&some));
}

#[test]
fn small_int_takes_integers_within_the_limit_but_not_minus_zero() {
    for (x, want) in [
        (0.0, Some(0)),
        (-0.0, None),
        (3.0, Some(3)),
        (-3.0, Some(-3)),
        (2.5, None),
        (-0.4, None),
        (1e-300, None),
        (67_108_864.0, Some(1 << 26)),
        (-67_108_864.0, Some(-(1 << 26))),
        (67_108_865.0, None),
        (4e15, None),
        (f64::MAX, None),
    ] {
        assert_eq!(small_int(x), want, "{x}");
    }
}
