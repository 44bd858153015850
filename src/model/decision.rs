//! The regime's decision problem (`best-response`): what a release is worth to it, now
//! and in the months it gives up, solved once per batch by backward induction.
//!
//! A release moves three things the regime cares about:
//! - its **own state**: the hardliners' discontent, which decays, costs
//!   `payoffs.regime.hardliner_discontent` a unit a month, and past the threshold makes
//!   them block every release for `block_months` (000); the legitimacy the release earns
//!   (`[regime.legitimacy]`); the opponents it is rid of by deporting them;
//! - the **West's answer**: measures lifted because of it, now or after a delay, which
//!   depends on each actor's type (priced by the strategy, [`annuity`] here);
//! - in a deal, the **relief** agreed.
//!
//! This module solves the first on a grid: the value `S_t(d)` of entering month `t` with
//! discontent `d` (after its decay), by backward induction from the horizon over every
//! action of the menu, holiday pardons included where they fall; months blocked by a veto
//! add their discontent's cost in closed form. Legitimacy is linear in releases and
//! independent of discontent, so its worth is a closed form ([`Tables::legitimacy`]),
//! not a dimension of the table. Later months' choices are the regime's own quantal
//! choices at the same precision (the value of a state is the expected value of its
//! logit choice; at infinite precision the maximum), so the tables are those of the
//! player that uses them.
//!
//! What the tables leave out, and the strategy adds at the moment of choice: the West's
//! answer to this month's release and this round's deal. They assume no relief from later
//! releases: the regime prices the answers it can foresee this month, not a campaign of
//! releases towards a distant benchmark (`docs/model.md`, section 10).

use super::choice;
use crate::scenario::{Hardliners, Legitimacy, ReleaseMode};

/// One action of the menu: hold, or release `count` prisoners of the target class.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MenuItem {
    /// Prisoners ordered (0: hold).
    pub count: u64,
    /// At home or deported.
    pub mode: ReleaseMode,
}

impl MenuItem {
    /// Holding: no release.
    pub const HOLD: MenuItem = MenuItem {
        count: 0,
        mode: ReleaseMode::Home,
    };
}

/// What the tables are built from: the scenario's numbers for the regime's own state.
#[derive(Debug, Clone)]
pub struct Problem {
    /// Months in the horizon.
    pub horizon_months: u32,
    /// Monthly discount factor, `payoffs.discount_per_month`.
    pub discount: f64,
    /// `[regime.hardliners]`.
    pub hardliners: Hardliners,
    /// `payoffs.regime.hardliner_discontent`: the cost of a unit of discontent a month.
    pub discontent_weight: f64,
    /// Discontent a prisoner of the target class adds: `discontent_per_release` times the
    /// class's `value_to_regime`.
    pub discontent_per_prisoner: f64,
    /// The same for a holiday pardon (the first class).
    pub discontent_per_pardon: f64,
    /// `[regime.legitimacy]`.
    pub legitimacy: Legitimacy,
    /// `payoffs.regime.legitimacy`: a unit's worth a month.
    pub legitimacy_weight: f64,
    /// Legitimacy a prisoner of the target class earns: `per_release` times its
    /// `value_to_regime`; and a pardoned one (the first class).
    pub legitimacy_per_prisoner: f64,
    /// The same for a holiday pardon.
    pub legitimacy_per_pardon: f64,
    /// `payoffs.regime.deportation`: the worth of an opponent deported.
    pub deportation_weight: f64,
    /// `payoffs.regime.hardliner_veto`: the cost of a veto.
    pub veto_weight: f64,
    /// `releases.refusal_probability`: a deportee's chance of refusing.
    pub refusal_probability: f64,
    /// Prisoners pardoned in each month of the horizon (0 outside holiday months).
    pub pardons: Vec<u64>,
    /// Month indices of elections, ascending.
    pub elections: Vec<u32>,
    /// The menu: hold first, then each release.
    pub menu: Vec<MenuItem>,
    /// Purges it weighs at the start of each month besides none: arrests ordered to
    /// reassure the hardliners, each taking `appeasement` off their discontent.
    pub purges: Vec<u64>,
    /// `regime.hardliners.appeasement_per_arrest`.
    pub appeasement: f64,
    /// `payoffs.regime.purge_arrest`: the cost of an arrest ordered, besides holding.
    pub purge_weight: f64,
    /// `payoffs.regime.prisoner_month`: the cost of holding a prisoner a month.
    pub holding_weight: f64,
    /// Logit precision of the regime's choices.
    pub precision: f64,
    /// Relief that comes when the prisoners released since the start reach a number: a
    /// Western actor's incremental benchmark, weighted by the chance that the actor is a
    /// type that answers it.
    pub milestones: Vec<Milestone>,
}

/// Relief the regime expects once releases since the start reach `releases`.
#[derive(Debug, Clone, PartialEq)]
pub struct Milestone {
    /// Prisoners released since the start, by any route, that meet it.
    pub releases: u64,
    /// What meeting it in month `t` is worth at `t`, for each month of the horizon.
    pub value: Vec<f64>,
}

/// Points of the progress grid (prisoners released since the start) at most.
const PROGRESS_GRID: usize = 65;

/// Points of the discontent grid (61: a step of about 6 under the default threshold of
/// 300 plus a month's largest release).
const GRID: usize = 61;

/// The solved tables.
#[derive(Debug, Clone)]
pub struct Tables {
    problem: Problem,
    /// Top of the discontent grid; above it the value is extrapolated flat.
    d_max: f64,
    /// `(GRID - 1) / d_max`: grid points per unit of discontent, divided once.
    d_scale: f64,
    /// Top of the progress grid: the last milestone (0 without any).
    p_max: f64,
    /// Points of the progress grid.
    p_points: usize,
    /// `S_t(p, d)` at the grid points: month by month (`horizon + 1` of them, the last
    /// 0), progress point by progress point, [`GRID`] discontent points each.
    open: Vec<f64>,
    /// `R_t(p, d)`, the value of the month's release stage, laid out as `open`, when the
    /// regime weighs purges first (`S_t` is then the value of its purge choice); empty
    /// otherwise, when `S_t = R_t`.
    release: Vec<f64>,
    /// The worth, at month `t`, of a unit of legitimacy earned in month `t`.
    legit: Vec<f64>,
    /// [`Tables::holding`] from this month and from the next, month by month: computed
    /// once, not at every cell.
    hold: [Vec<f64>; 2],
}

/// How a release leaves the regime's own state.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct After {
    /// Discontent at the end of the month's releases.
    pub discontent: f64,
    /// Whether the hardliners vetoed: releases blocked for `block_months` from next month.
    pub vetoed: bool,
}

impl Problem {
    /// Discontent after `released` prisoners adding `per` each, from `d`, and whether it
    /// passes the threshold, when the hardliners veto (as
    /// [`super::hardliners::InnerCircle`]).
    pub fn add(&self, d: f64, released: f64, per: f64) -> After {
        let h = &self.hardliners;
        let d = d + released * per;
        After {
            discontent: d,
            vetoed: d > h.threshold && h.block_months > 0,
        }
    }

    /// Prisoners expected to leave for an order of `item` (deportees may refuse).
    pub fn expected_released(&self, item: MenuItem) -> f64 {
        match item.mode {
            ReleaseMode::Home => item.count as f64,
            ReleaseMode::Deportation => item.count as f64 * (1.0 - self.refusal_probability),
        }
    }

    /// Largest discontent the regime can carry: the threshold, or when the hardliners never
    /// block, what the largest release and pardons every month would pile up.
    fn discontent_ceiling(&self) -> f64 {
        let h = &self.hardliners;
        let largest = self.menu.iter().map(|m| m.count).max().unwrap_or(0) as f64;
        let pardon = self.pardons.iter().copied().max().unwrap_or(0) as f64;
        let monthly = largest * self.discontent_per_prisoner + pardon * self.discontent_per_pardon;
        let months = if h.decay_per_month < 1.0 {
            (1.0 / (1.0 - h.decay_per_month)).min(f64::from(self.horizon_months.max(1)))
        } else {
            f64::from(self.horizon_months.max(1))
        };
        let pile = monthly * months;
        // A release may pass the threshold by the largest release; above that nothing more
        // is released until it fades.
        let cap = if h.block_months > 0 {
            (h.threshold + monthly).min(pile)
        } else {
            pile
        };
        cap.max(1.0)
    }

    /// How much a unit of legitimacy is worth a month in month `t`: more in the window
    /// before an election.
    fn legitimacy_worth(&self, t: u32) -> f64 {
        self.legitimacy_weight
            * super::payoffs::election_multiplier(&self.legitimacy, &self.elections, t)
    }
}

impl Tables {
    /// Solves `problem` by backward induction over the months.
    pub fn solve(problem: Problem) -> Tables {
        let horizon = problem.horizon_months as usize;
        let d_max = problem.discontent_ceiling();
        let delta = problem.discount;
        let decay_l = problem.legitimacy.decay_per_month;
        // Legitimacy earned in month t is held from t on, decaying: its worth is the sum of
        // delta^s decay^s worth(t + s).
        let mut legit = vec![0.0; horizon + 1];
        for t in (0..horizon).rev() {
            legit[t] = problem.legitimacy_worth(t as u32) + delta * decay_l * legit[t + 1];
        }
        let p_max = problem
            .milestones
            .iter()
            .map(|m| m.releases)
            .max()
            .unwrap_or(0);
        let p_points = (p_max as usize + 1).min(PROGRESS_GRID);
        let mut tables = Tables {
            d_max,
            d_scale: (GRID - 1) as f64 / d_max,
            p_max: p_max as f64,
            p_points,
            open: vec![0.0; (horizon + 1) * p_points * GRID],
            release: Vec::new(),
            legit,
            hold: [0, 1].map(|from| {
                (0..=horizon as u32)
                    .map(|t| holding(&problem, t, from))
                    .collect()
            }),
            problem,
        };
        let purging = !tables.problem.purges.is_empty();
        if purging {
            tables.release = vec![0.0; (horizon + 1) * p_points * GRID];
        }
        let mut q = Vec::with_capacity(tables.problem.menu.len());
        let mut p = Vec::with_capacity(tables.problem.menu.len());
        for t in (0..horizon).rev() {
            let t32 = t as u32;
            for j in 0..p_points {
                let progress = tables.progress_point(j);
                for i in 0..GRID {
                    let d = tables.grid_point(i);
                    tables.q_values_into(t32, d, progress, &mut q);
                    let value = expected_choice(&q, tables.problem.precision, &mut p);
                    let at = (t * p_points + j) * GRID + i;
                    if purging {
                        tables.release[at] = value;
                    } else {
                        tables.open[at] = value;
                    }
                }
                if purging {
                    for i in 0..GRID {
                        let d = tables.grid_point(i);
                        tables.purge_values_into(t32, d, progress, &mut q);
                        tables.open[(t * p_points + j) * GRID + i] =
                            expected_choice(&q, tables.problem.precision, &mut p);
                    }
                }
            }
        }
        tables
    }

    /// What ordering `arrests` in month `t` costs besides the discontent it removes: the
    /// purge's weight, the legitimacy it loses, and holding them (`prisoner_month`) from
    /// next month to the horizon.
    pub fn purge_cost(&self, t: u32, arrests: u64) -> f64 {
        let pr = &self.problem;
        let legitimacy = pr.legitimacy.per_purge_arrest * self.legitimacy(t);
        arrests as f64 * (pr.purge_weight + legitimacy + self.holding(t, 1))
    }

    /// The value of each purge in month `t` from discontent `d` and `progress` (none
    /// first, then each of `purges`): its cost, and the release stage's value `R_t` from
    /// the discontent it leaves. Written into `q`.
    pub fn purge_values_into(&self, t: u32, d: f64, progress: f64, q: &mut Vec<f64>) {
        let pr = &self.problem;
        q.clear();
        q.push(self.release_value(t as usize, d, progress));
        for &n in &pr.purges {
            let left = (d - n as f64 * pr.appeasement).max(0.0);
            q.push(self.release_value(t as usize, left, progress) - self.purge_cost(t, n));
        }
    }

    /// `R_t(p, d)`: the value of month `t`'s release stage, as [`Tables::open_value`].
    fn release_value(&self, t: usize, d: f64, progress: f64) -> f64 {
        if self.release.is_empty() {
            self.interpolate(&self.open, t, d, progress)
        } else {
            self.interpolate(&self.release, t, d, progress)
        }
    }

    fn progress_point(&self, j: usize) -> f64 {
        if self.p_points <= 1 {
            0.0
        } else {
            self.p_max * j as f64 / (self.p_points - 1) as f64
        }
    }

    /// What the milestones met by going from `from` to `to` released are worth in month
    /// `t`.
    pub fn milestones_met(&self, t: u32, from: f64, to: f64) -> f64 {
        self.problem
            .milestones
            .iter()
            .filter(|m| from < m.releases as f64 && m.releases as f64 <= to)
            .map(|m| m.value.get(t as usize).copied().unwrap_or(0.0))
            .sum()
    }

    /// The problem solved.
    pub fn problem(&self) -> &Problem {
        &self.problem
    }

    fn grid_point(&self, i: usize) -> f64 {
        self.d_max * i as f64 / (GRID - 1) as f64
    }

    /// `S_t(p, d)`, linear between grid points in both, extrapolated flat beyond the top.
    fn open_value(&self, t: usize, d: f64, progress: f64) -> f64 {
        self.interpolate(&self.open, t, d, progress)
    }

    /// A table laid out as `open` at `(t, progress, d)`, linear between grid points in
    /// both, extrapolated flat beyond the top.
    #[inline(always)]
    fn interpolate(&self, table: &[f64], t: usize, d: f64, progress: f64) -> f64 {
        let x = (d * self.d_scale).clamp(0.0, (GRID - 1) as f64);
        let i = (x as usize).min(GRID - 2);
        let f = x - i as f64;
        if self.p_points <= 1 {
            let row = &table[t * GRID + i..][..2];
            return row[0] + f * (row[1] - row[0]);
        }
        let top = (self.p_points - 1) as f64;
        let y = (progress / self.p_max * top).clamp(0.0, top);
        let j = (y as usize).min(self.p_points - 2);
        let g = y - j as f64;
        // The two progress rows' cells, read from one slice: one bounds check.
        let rows = &table[(t * self.p_points + j) * GRID + i..][..GRID + 2];
        let lo = rows[0] + f * (rows[1] - rows[0]);
        let hi = rows[GRID] + f * (rows[GRID + 1] - rows[GRID]);
        lo + g * (hi - lo)
    }

    /// The value of entering month `t` (after the decay) with discontent `d`, `progress`
    /// released since the start, and releases blocked for `blocked` more months.
    pub fn start_value(&self, t: u32, d: f64, progress: f64, blocked: usize) -> f64 {
        let pr = &self.problem;
        let horizon = pr.horizon_months as usize;
        let (mut t, mut d) = (t as usize, d);
        // Blocked months: no release, no pardon; the discontent costs and fades.
        let mut value = 0.0;
        let mut weight = 1.0;
        for _ in 0..blocked {
            if t >= horizon {
                return value;
            }
            value -= weight * pr.discontent_weight * d;
            weight *= pr.discount;
            d *= pr.hardliners.decay_per_month;
            t += 1;
        }
        if t >= horizon {
            return value;
        }
        value + weight * self.open_value(t, d, progress)
    }

    /// The value, from the end of month `t`'s releases, of ending them with discontent `d`,
    /// `progress` released since the start and releases blocked for `blocked_next` months
    /// from next month: this month's discontent cost plus next month's value, discounted.
    pub fn end(&self, t: u32, d: f64, progress: f64, blocked_next: usize) -> f64 {
        let pr = &self.problem;
        -pr.discontent_weight * d
            + pr.discount
                * self.start_value(
                    t + 1,
                    d * pr.hardliners.decay_per_month,
                    progress,
                    blocked_next,
                )
    }

    /// [`Tables::end`] after `after`, with the cost of a veto if there was one.
    pub fn end_after(&self, t: u32, after: After, progress: f64) -> f64 {
        let pr = &self.problem;
        let (blocked, veto) = if after.vetoed {
            (pr.hardliners.block_months as usize, pr.veto_weight)
        } else {
            (0, 0.0)
        };
        self.end(t, after.discontent, progress, blocked) - veto
    }

    /// The worth, at month `t`, of a unit of legitimacy earned in month `t` and held as it
    /// decays: `Σ_s discount^s decay^s w(t + s)`, `w` doubled (by the election multiplier)
    /// in election windows.
    pub fn legitimacy(&self, t: u32) -> f64 {
        self.legit.get(t as usize).copied().unwrap_or(0.0)
    }

    /// What releasing `released` prisoners in `mode` earns at once, besides discontent:
    /// their legitimacy, the cost of holding them saved, and the worth of the deportees.
    pub fn release_gain(&self, t: u32, released: f64, mode: ReleaseMode) -> f64 {
        let pr = &self.problem;
        let deported = if mode == ReleaseMode::Deportation {
            released * pr.deportation_weight
        } else {
            0.0
        };
        released * (pr.legitimacy_per_prisoner * self.legitimacy(t) + self.holding(t, 0)) + deported
    }

    /// What holding one more prisoner from month `t + from` to the horizon costs, worth at
    /// `t`, at `prisoner_month` a month (the stock is charged at the end of each month): a
    /// release in month `t` saves it from `t` on, a purge's arrests, made next month, add it
    /// from `t + 1`.
    pub fn holding(&self, t: u32, from: u32) -> f64 {
        match self.hold.get(from as usize) {
            Some(by_month) => by_month.get(t as usize).copied().unwrap_or(0.0),
            None => holding(&self.problem, t, from),
        }
    }

    /// The value of each menu item in month `t` from discontent `d` and `progress`
    /// released since the start (not blocked), with this month's holiday pardons after
    /// it: its own state and the milestones it meets (the rest of the West's answer is the
    /// caller's). Written into `q`, in menu order.
    pub fn q_values_into(&self, t: u32, d: f64, progress: f64, q: &mut Vec<f64>) {
        let pr = &self.problem;
        q.clear();
        let pardons = pr.pardons.get(t as usize).copied().unwrap_or(0) as f64;
        // The month's worth of a prisoner released and of the pardons, the same for every
        // item ([`Tables::release_gain`]): computed once.
        let legitimacy = self.legitimacy(t);
        let per_released = pr.legitimacy_per_prisoner * legitimacy + self.holding(t, 0);
        let pardoned = pardons * pr.legitimacy_per_pardon * legitimacy;
        for item in &pr.menu {
            let released = pr.expected_released(*item);
            let deported = if item.mode == ReleaseMode::Deportation {
                released * pr.deportation_weight
            } else {
                0.0
            };
            let gain = released * per_released + deported;
            let after = pr.add(d, released, pr.discontent_per_prisoner);
            let (after, pardon_gain, total) = if after.vetoed || pardons == 0.0 {
                (after, 0.0, released)
            } else {
                let a = pr.add(after.discontent, pardons, pr.discontent_per_pardon);
                (a, pardoned, released + pardons)
            };
            let reached = progress + total;
            q.push(
                gain + pardon_gain
                    + self.milestones_met(t, progress, reached)
                    + self.end_after(t, after, reached.min(self.p_max)),
            );
        }
    }
}

/// [`Tables::holding`] computed: the annuity of `prisoner_month` from `t + from`.
fn holding(pr: &Problem, t: u32, from: u32) -> f64 {
    annuity(
        1.0,
        1.0,
        pr.discount,
        pr.holding_weight,
        t,
        from,
        pr.horizon_months,
    )
}

/// The expected value of a logit choice among `q` at `precision` (`p`: scratch for the
/// probabilities); at infinite precision the largest.
fn expected_choice(q: &[f64], precision: f64, p: &mut Vec<f64>) -> f64 {
    p.resize(q.len(), 0.0);
    choice::probabilities(q, precision, p);
    q.iter().zip(p.iter()).map(|(q, p)| q * p).sum()
}

/// The worth at month `t` of a measure worth `value` a month now, lifted from month
/// `t + delay` to the horizon: its bite eroding by `erosion` a month, discounted by
/// `discount`, weighted by `weight` (the regime's `sanctions_cost`).
pub fn annuity(
    value: f64,
    erosion: f64,
    discount: f64,
    weight: f64,
    t: u32,
    delay: u32,
    horizon: u32,
) -> f64 {
    let start = t.saturating_add(delay);
    if start >= horizon {
        return 0.0;
    }
    let r = discount * erosion;
    let n = f64::from(horizon - start);
    let sum = if (r - 1.0).abs() < 1e-12 {
        n
    } else {
        (1.0 - r.powf(n)) / (1.0 - r)
    };
    weight * value * (discount * erosion).powi(delay as i32) * sum
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(menu: Vec<MenuItem>, precision: f64) -> Problem {
        Problem {
            horizon_months: 12,
            discount: 0.9,
            hardliners: Hardliners {
                discontent_per_release: 1.0,
                decay_per_month: 0.5,
                threshold: 1e9,
                block_months: 0,
                crackdown_arrests: 0.0,
                appeasement_per_arrest: 1.0,
            },
            discontent_weight: 1.0,
            discontent_per_prisoner: 1.0,
            discontent_per_pardon: 1.0,
            legitimacy: Legitimacy {
                per_release: 1.0,
                per_deal: 0.0,
                per_envoy_visit: 0.0,
                per_top_contact: 0.0,
                per_purge_arrest: 0.0,
                decay_per_month: 0.0,
                election_window_months: 0,
                election_multiplier: 1.0,
            },
            legitimacy_weight: 0.0,
            legitimacy_per_prisoner: 1.0,
            legitimacy_per_pardon: 1.0,
            deportation_weight: 0.0,
            veto_weight: 0.0,
            refusal_probability: 0.0,
            pardons: vec![0; 12],
            elections: vec![],
            menu,
            purges: vec![],
            appeasement: 1.0,
            purge_weight: 0.0,
            holding_weight: 0.0,
            precision,
            milestones: vec![],
        }
    }

    fn release(count: u64) -> MenuItem {
        MenuItem {
            count,
            mode: ReleaseMode::Home,
        }
    }

    #[test]
    fn a_release_costs_its_discontent_summed_over_the_months_it_lasts() {
        // Discontent d from a release costs d, d/2, d/4... discounted by 0.9, to the
        // horizon: d * (1 - 0.45^n) / (1 - 0.45) with n months left.
        let tables = Tables::solve(problem(vec![MenuItem::HOLD, release(10)], f64::INFINITY));
        let mut q = Vec::new();
        tables.q_values_into(0, 0.0, 0.0, &mut q);
        let closed = -10.0 * (1.0 - 0.45f64.powi(12)) / (1.0 - 0.45);
        assert_eq!(q[0], 0.0);
        assert!((q[1] - closed).abs() < 1e-9, "{} vs {closed}", q[1]);
        // Holding is the best response everywhere: the table is 0.
        assert_eq!(tables.start_value(0, 0.0, 0.0, 0), 0.0);
    }

    #[test]
    fn one_decision_between_two_actions_matches_its_closed_form_and_the_logit() {
        // One month left; legitimacy worth 3 a prisoner against discontent 1 each:
        // releasing 10 is worth 30 - 10 = 20, holding 0.
        let mut pr = problem(vec![MenuItem::HOLD, release(10)], f64::INFINITY);
        pr.horizon_months = 1;
        pr.pardons = vec![0];
        pr.legitimacy_weight = 3.0;
        let tables = Tables::solve(pr.clone());
        let mut q = Vec::new();
        tables.q_values_into(0, 0.0, 0.0, &mut q);
        assert_eq!(q, vec![0.0, 20.0]);
        assert_eq!(
            tables.start_value(0, 0.0, 0.0, 0),
            20.0,
            "the best response"
        );
        // At precision 0.1 the release is chosen with probability 1 / (1 + e^-2), and the
        // state is worth that share of 20.
        pr.precision = 0.1;
        let tables = Tables::solve(pr);
        let p = 1.0 / (1.0 + (-2.0f64).exp());
        assert!((tables.start_value(0, 0.0, 0.0, 0) - 20.0 * p).abs() < 1e-12);
    }

    #[test]
    fn a_purge_is_weighed_first_and_matches_its_closed_form_and_the_logit() {
        // One month left, discontent 5 costing 1 a unit: no purge leaves -5; a purge of 2
        // (appeasing 1 each, costing 0.5 each) leaves -3 - 1 = -4. The release of 10 is
        // never worth it (it only adds discontent).
        let mut pr = problem(vec![MenuItem::HOLD, release(10)], f64::INFINITY);
        pr.horizon_months = 1;
        pr.pardons = vec![0];
        pr.purges = vec![2];
        pr.purge_weight = 0.5;
        let tables = Tables::solve(pr.clone());
        let mut q = Vec::new();
        tables.purge_values_into(0, 5.0, 0.0, &mut q);
        assert_eq!(q, vec![-5.0, -4.0]);
        assert_eq!(
            tables.start_value(0, 5.0, 0.0, 0),
            -4.0,
            "the best response"
        );
        // From no discontent a purge only costs: none is best.
        assert_eq!(tables.start_value(0, 0.0, 0.0, 0), 0.0);
        // At precision 1 the purge is chosen with probability 1 / (1 + e^-1); the release
        // stage is quantal too, and costs its chance of releasing 10 for nothing, `c`,
        // whatever the discontent.
        pr.precision = 1.0;
        let tables = Tables::solve(pr.clone());
        let c = 10.0 * (-10.0f64).exp() / (1.0 + (-10.0f64).exp());
        let p = 1.0 / (1.0 + (-1.0f64).exp());
        let expected = -4.0 * p - 5.0 * (1.0 - p) - c;
        assert!((tables.start_value(0, 5.0, 0.0, 0) - expected).abs() < 1e-12);
        // Holding the arrested costs `prisoner_month` a month from the next to the horizon,
        // and the legitimacy lost is worth what a release's would have earned.
        pr.horizon_months = 12;
        pr.pardons = vec![0; 12];
        pr.holding_weight = 0.01;
        pr.legitimacy.per_purge_arrest = 2.0;
        pr.legitimacy_weight = 0.3;
        let tables = Tables::solve(pr);
        let held: f64 = (1..12).map(|s| 0.01 * 0.9f64.powi(s)).sum();
        let legit = 2.0 * tables.legitimacy(0);
        assert!(legit > 0.0);
        assert!((tables.purge_cost(0, 3) - 3.0 * (0.5 + held + legit)).abs() < 1e-12);
        assert_eq!(tables.purge_cost(11, 1), 0.5 + 2.0 * tables.legitimacy(11));
        // A release saves holding from this month's end on: one month more than a purge adds.
        let saved: f64 = (0..12).map(|s| 0.01 * 0.9f64.powi(s)).sum();
        assert!((tables.holding(0, 0) - saved).abs() < 1e-12);
        assert!((tables.holding(0, 0) - tables.holding(0, 1) - 0.01).abs() < 1e-12);
    }

    #[test]
    fn near_the_threshold_a_release_that_triggers_the_veto_forfeits_the_releases_after() {
        // Releases earn 3 and cost 1 of discontent each; a veto blocks for 12 months. Far
        // below the threshold releasing is worth more than holding; just below it a
        // release that passes the threshold is worth less than one that stays under.
        let mut pr = problem(
            vec![MenuItem::HOLD, release(10), release(40)],
            f64::INFINITY,
        );
        pr.legitimacy_weight = 3.0;
        pr.hardliners.threshold = 50.0;
        pr.hardliners.block_months = 12;
        pr.horizon_months = 24;
        pr.pardons = vec![0; 24];
        let tables = Tables::solve(pr);
        let mut q = Vec::new();
        tables.q_values_into(0, 0.0, 0.0, &mut q);
        assert!(q[2] > q[1] && q[1] > q[0], "{q:?}");
        tables.q_values_into(0, 30.0, 0.0, &mut q);
        assert!(q[1] > q[2], "40 more passes the threshold: {q:?}");
        assert!(tables.start_value(0, 0.0, 0.0, 2) < tables.start_value(0, 0.0, 0.0, 0));
    }

    #[test]
    fn a_milestone_is_paid_once_when_met_and_planned_for_before() {
        // Relief worth 100 once 30 have been released since the start.
        let mut pr = problem(vec![MenuItem::HOLD, release(10)], f64::INFINITY);
        pr.milestones = vec![Milestone {
            releases: 30,
            value: vec![100.0; 12],
        }];
        let tables = Tables::solve(pr.clone());
        let mut q = Vec::new();
        // The last month, 20 released: releasing 10 meets it and costs 10 of discontent.
        pr.horizon_months = 1;
        pr.pardons = vec![0];
        pr.milestones[0].value = vec![100.0];
        let last = Tables::solve(pr);
        last.q_values_into(0, 0.0, 20.0, &mut q);
        assert_eq!(q, vec![0.0, 90.0]);
        // Met already: no more relief.
        last.q_values_into(0, 0.0, 30.0, &mut q);
        assert_eq!(q, vec![0.0, -10.0]);
        // From nothing, a release is a step of a campaign that pays: worth more than
        // holding, though it earns nothing at once.
        tables.q_values_into(0, 0.0, 0.0, &mut q);
        assert!(q[1] > q[0], "{q:?}");
        let without = Tables::solve(problem(vec![MenuItem::HOLD, release(10)], f64::INFINITY));
        without.q_values_into(0, 0.0, 0.0, &mut q);
        assert!(q[1] < q[0], "{q:?}");
    }

    #[test]
    fn legitimacy_is_worth_more_in_the_window_before_an_election() {
        let mut pr = problem(vec![MenuItem::HOLD], f64::INFINITY);
        pr.legitimacy_weight = 1.0;
        pr.legitimacy.decay_per_month = 0.0;
        pr.legitimacy.election_window_months = 2;
        pr.legitimacy.election_multiplier = 3.0;
        pr.elections = vec![5];
        let tables = Tables::solve(pr);
        let worth: Vec<f64> = (0..8).map(|t| tables.legitimacy(t)).collect();
        assert_eq!(worth, vec![1.0, 1.0, 1.0, 1.0, 3.0, 3.0, 1.0, 1.0]);
    }

    #[test]
    fn deportees_earn_their_worth_less_those_who_refuse() {
        let mut pr = problem(vec![MenuItem::HOLD], f64::INFINITY);
        pr.deportation_weight = 2.0;
        pr.refusal_probability = 0.25;
        let item = MenuItem {
            count: 100,
            mode: ReleaseMode::Deportation,
        };
        assert_eq!(pr.expected_released(item), 75.0);
        let tables = Tables::solve(pr);
        assert_eq!(
            tables.release_gain(0, 75.0, ReleaseMode::Deportation),
            150.0
        );
        assert_eq!(tables.release_gain(0, 75.0, ReleaseMode::Home), 0.0);
    }

    #[test]
    fn an_annuity_sums_the_eroding_discounted_bite_to_the_horizon() {
        // 10 a month, no erosion, no discount, 4 months left from month 6 of 10.
        assert_eq!(annuity(10.0, 1.0, 1.0, 1.0, 6, 0, 10), 40.0);
        // Delayed two months: 2 months left.
        assert_eq!(annuity(10.0, 1.0, 1.0, 1.0, 6, 2, 10), 20.0);
        // Halving each month: 10 + 5 + 2.5 + 1.25.
        assert!((annuity(10.0, 0.5, 1.0, 1.0, 6, 0, 10) - 18.75).abs() < 1e-12);
        assert_eq!(annuity(10.0, 1.0, 1.0, 1.0, 10, 0, 10), 0.0);
    }
}
