//! Sanctions measures in force, their eroding bite, escalation and relief.
//!
//! A measure costs the regime `cost_per_month` at full bite, halving every
//! `erosion_half_life_months` since it was imposed as the economy reorients (004). Actors
//! add reserve packages (escalation) and lift negotiable measures (relief). Relief on a
//! sector under a transit veto (003) is worth only `relief_share` while the veto holder
//! keeps its own measure there. Russia's cushion (001) takes a share off whatever the
//! regime bears. Pure state and arithmetic; strategies decide, this module applies.

use crate::scenario::{Justification, Measure, MeasureStatus, TransitVeto, WestActor};

/// The bite of each measure by age in months, computed once per batch.
#[derive(Debug, Clone)]
pub struct BiteTables {
    /// Every measure's bites by age, USD millions a month, one measure after another.
    values: Vec<f64>,
    /// Per measure: where its bites start in `values`, and the last age they hold (older
    /// ages repeat it).
    rows: Vec<(usize, usize)>,
}

impl BiteTables {
    /// The bites of `measures` at every age a run of `horizon_months` can reach: from 0 to
    /// each measure's `age_at_start_months` plus the horizon.
    pub fn new(measures: &[Measure], horizon_months: u32) -> Self {
        let horizon = horizon_months as usize;
        let mut values = Vec::new();
        let mut rows = Vec::with_capacity(measures.len());
        for m in measures {
            let ages = m.age_at_start_months as usize + horizon + 1;
            rows.push((values.len(), ages - 1));
            values.extend((0..ages).map(|age| bite_at(m, age as f64)));
        }
        BiteTables { values, rows }
    }

    #[inline]
    fn get(&self, measure: usize, age: u32) -> f64 {
        let (start, last) = self.rows[measure];
        self.values[start + (age as usize).min(last)]
    }
}

/// Sorts `(measure, value)` pairs by value, smallest first, ties by measure index: a total
/// order, so the result does not depend on the order they came in.
pub fn sort_by_value(v: &mut [(usize, f64)]) {
    v.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
}

/// A measure's monthly cost at `age` months: `cost * 0.5^(age / half_life)`.
pub fn bite_at(m: &Measure, age: f64) -> f64 {
    if m.erosion_half_life_months.is_infinite() {
        m.cost_per_month
    } else {
        m.cost_per_month * (-std::f64::consts::LN_2 * age / m.erosion_half_life_months).exp()
    }
}

/// The share of a measure's bite left after a month: `0.5^(1 / half_life)`, 1 for a
/// measure that does not erode ([`bite_at`] at `age + 1` over `age`).
pub fn kept_per_month(m: &Measure) -> f64 {
    if m.erosion_half_life_months.is_infinite() {
        1.0
    } else {
        (-std::f64::consts::LN_2 / m.erosion_half_life_months).exp()
    }
}

/// The share of a lifted measure's bite that reaches the regime, given the transit veto
/// if it holds: relief on the vetoed sector by anyone but the veto's holder is worth only
/// `relief_share` (003), all other relief its full bite.
fn relief_share(holding_veto: Option<&TransitVeto>, m: &Measure) -> f64 {
    match holding_veto {
        Some(v) if v.sector_id == m.sector_id && v.actor != m.actor => v.relief_share,
        _ => 1.0,
    }
}

/// Where a measure stands in one run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MeasureState {
    /// A package not (yet) imposed.
    Reserve,
    /// In force; `imposed` is the month index it was first imposed (negative: before the
    /// start).
    Active {
        /// Month index of the first imposition: `-age_at_start_months` for a measure in
        /// force at the start. A re-imposition keeps it, so erosion goes on.
        imposed: i32,
    },
    /// Lifted; erosion still counts from `imposed`. `order` numbers the lifts of a run,
    /// so that the last lifted is re-imposed first.
    Lifted {
        /// Month index of the first imposition, as in `Active`.
        imposed: i32,
        /// The lift's number in the run, from 1: the highest is re-imposed first.
        order: u32,
    },
}

/// One month's sanctions account, USD millions.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct MonthCost {
    /// What the regime bears, net of the Russian cushion.
    pub net_cost: f64,
    /// What lifted measures are worth to the regime this month, net of the cushion.
    pub relief: f64,
    /// Relief by actor, indexed by [`WestActor::index`].
    pub relief_by_actor: [f64; 4],
    /// What the measures in force cost each sender this month (their `sender_costs`, not
    /// eroded, not cushioned), indexed by [`WestActor::index`].
    pub sender_cost: [f64; 4],
    /// Measures justified by security that are lifted this month, any actor's: a measure
    /// lifted in part counts its share.
    pub security_lifted: f64,
}

/// The measures of one run.
#[derive(Debug)]
pub struct SanctionsBook {
    state: Vec<MeasureState>,
    lifts: u32,
    /// Per measure: its actor's index and whether it is negotiable.
    owner: Vec<(usize, bool)>,
    /// Per actor: measures in reserve, active negotiable ones, lifted ones. Kept with every
    /// change of state, because strategies ask for them every month.
    counts: [[usize; 3]; 4],
    /// The active measures with the month each was imposed, and the lifted ones, in file
    /// order: the month's account walks these, not every measure. Rebuilt with every
    /// change of state (a few a run).
    active: Vec<(usize, i32)>,
    lifted: Vec<usize>,
    /// The parts a deal lifts a measure in (`bargaining.tranches_per_measure`).
    tranches: u32,
    /// Per measure in force: the parts of it lifted in deals (0 for every other measure;
    /// a measure whose last part is lifted is `Lifted`).
    relieved: Vec<u32>,
    /// Per measure: the number of the lift that took its last part, so that re-imposing
    /// takes the last lifted first, in part or whole.
    last_part: Vec<u32>,
    /// Per actor: its measures in force with a part lifted.
    partial: [usize; 4],
}

impl Clone for SanctionsBook {
    fn clone(&self) -> Self {
        SanctionsBook {
            state: self.state.clone(),
            lifts: self.lifts,
            owner: self.owner.clone(),
            counts: self.counts,
            active: self.active.clone(),
            lifted: self.lifted.clone(),
            tranches: self.tranches,
            relieved: self.relieved.clone(),
            last_part: self.last_part.clone(),
            partial: self.partial,
        }
    }

    /// Copies into the memory `self` already holds: a run starts from the prepared book
    /// without allocating.
    fn clone_from(&mut self, source: &Self) {
        self.state.clone_from(&source.state);
        self.lifts = source.lifts;
        self.owner.clone_from(&source.owner);
        self.counts = source.counts;
        self.active.clone_from(&source.active);
        self.lifted.clone_from(&source.lifted);
        self.tranches = source.tranches;
        self.relieved.clone_from(&source.relieved);
        self.last_part.clone_from(&source.last_part);
        self.partial = source.partial;
    }
}

const RESERVE: usize = 0;
const ACTIVE_NEGOTIABLE: usize = 1;
const LIFTED: usize = 2;

impl SanctionsBook {
    /// The book at the start of a run: `active` measures in force since
    /// `age_at_start_months` before the start, the rest in reserve.
    pub fn new(measures: &[Measure]) -> Self {
        let state = measures
            .iter()
            .map(|m| match m.status {
                MeasureStatus::Active => MeasureState::Active {
                    imposed: -(m.age_at_start_months as i32),
                },
                _ => MeasureState::Reserve,
            })
            .collect();
        let mut book = SanctionsBook {
            state,
            lifts: 0,
            owner: measures
                .iter()
                .map(|m| (m.actor.index(), m.negotiable))
                .collect(),
            counts: [[0; 3]; 4],
            active: Vec::with_capacity(measures.len()),
            lifted: Vec::with_capacity(measures.len()),
            tranches: 1,
            relieved: vec![0; measures.len()],
            last_part: vec![0; measures.len()],
            partial: [0; 4],
        };
        for i in 0..measures.len() {
            book.count(i, 1);
        }
        book.list();
        book
    }

    /// The book whose deals lift each measure in `tranches` equal parts
    /// (`bargaining.tranches_per_measure`; 1, the default, lifts whole measures).
    pub fn in_tranches(mut self, tranches: u32) -> Self {
        self.tranches = tranches.max(1);
        self
    }

    /// The share of measure `i`'s bite lifted while it stays in force: the parts lifted
    /// over the parts, 0 for a measure no deal has lifted in part.
    #[inline]
    pub fn share_lifted(&self, i: usize) -> f64 {
        match self.relieved[i] {
            0 => 0.0,
            k => f64::from(k) / f64::from(self.tranches),
        }
    }

    /// Rebuilds the lists of active and lifted measures from the states.
    fn list(&mut self) {
        self.active.clear();
        self.lifted.clear();
        for (i, s) in self.state.iter().enumerate() {
            match *s {
                MeasureState::Reserve => {}
                MeasureState::Active { imposed } => self.active.push((i, imposed)),
                MeasureState::Lifted { .. } => self.lifted.push(i),
            }
        }
    }

    /// Adds `sign` to the count measure `i`'s state falls under.
    fn count(&mut self, i: usize, sign: isize) {
        let (actor, negotiable) = self.owner[i];
        let slot = match self.state[i] {
            MeasureState::Reserve => Some(RESERVE),
            MeasureState::Active { .. } if negotiable => Some(ACTIVE_NEGOTIABLE),
            MeasureState::Active { .. } => None,
            MeasureState::Lifted { .. } => Some(LIFTED),
        };
        if let Some(k) = slot {
            let c = &mut self.counts[actor][k];
            *c = c.wrapping_add_signed(sign);
        }
    }

    /// Moves measure `i` to `new`, keeping the counts.
    fn set(&mut self, i: usize, new: MeasureState) {
        self.count(i, -1);
        self.state[i] = new;
        self.count(i, 1);
        self.set_relieved(i, 0);
        self.list();
    }

    /// Sets the parts of measure `i` lifted while it stays in force, keeping the counts.
    fn set_relieved(&mut self, i: usize, parts: u32) {
        let actor = self.owner[i].0;
        if self.relieved[i] > 0 {
            self.partial[actor] -= 1;
        }
        self.relieved[i] = parts;
        if parts > 0 {
            self.partial[actor] += 1;
        }
    }

    /// Where measure `measure` (its index in `measures`) stands now.
    pub fn state(&self, measure: usize) -> MeasureState {
        self.state[measure]
    }

    /// Imposes `actor`'s next reserve package (in file order) at month `month`; returns its
    /// index, or `None` if the actor has none left.
    pub fn impose_next(
        &mut self,
        measures: &[Measure],
        actor: WestActor,
        month: u32,
    ) -> Option<usize> {
        let i = measures
            .iter()
            .zip(&self.state)
            .position(|(m, s)| m.actor == actor && *s == MeasureState::Reserve)?;
        self.set(
            i,
            MeasureState::Active {
                imposed: month as i32,
            },
        );
        Some(i)
    }

    /// Reserve packages `actor` can still add.
    pub fn reserve_left(&self, _measures: &[Measure], actor: WestActor) -> usize {
        self.counts[actor.index()][RESERVE]
    }

    /// Lifts every active negotiable measure of `actor`, calling `lifted` with each index.
    pub fn lift_negotiable(
        &mut self,
        measures: &[Measure],
        actor: WestActor,
        mut lifted: impl FnMut(usize),
    ) {
        for i in 0..measures.len() {
            if self.liftable(measures, actor, i) {
                self.lift(i);
                lifted(i);
            }
        }
    }

    fn liftable(&self, measures: &[Measure], actor: WestActor, i: usize) -> bool {
        measures[i].actor == actor
            && measures[i].negotiable
            && matches!(self.state[i], MeasureState::Active { .. })
    }

    fn lift(&mut self, i: usize) {
        if let MeasureState::Active { imposed } = self.state[i] {
            self.lifts += 1;
            self.set(
                i,
                MeasureState::Lifted {
                    imposed,
                    order: self.lifts,
                },
            );
        }
    }

    /// Lifts one part of measure `i` (`1 / tranches` of its bite) if it is in force;
    /// true when that was its last part, so that it is now lifted whole.
    fn lift_part(&mut self, i: usize) -> bool {
        if !matches!(self.state[i], MeasureState::Active { .. }) {
            return false;
        }
        let parts = self.relieved[i] + 1;
        if parts >= self.tranches {
            self.lift(i);
            return true;
        }
        self.lifts += 1;
        self.last_part[i] = self.lifts;
        self.set_relieved(i, parts);
        false
    }

    /// What lifting measure `i` would be worth to the regime in month `month`, before the
    /// cushion: its bite, or its share of it while a transit veto holds; of a measure in
    /// force with parts lifted, what is left of it.
    pub fn relief_value(
        &self,
        measures: &[Measure],
        bites: &BiteTables,
        veto: Option<&TransitVeto>,
        i: usize,
        month: u32,
    ) -> f64 {
        let holding = veto.filter(|v| self.veto_holds(measures, v));
        self.relief_value_holding(measures, bites, holding, i, month)
    }

    /// [`Self::relief_value`] with the veto already known to hold (or not): the check
    /// walks every measure, so a caller valuing many measures makes it once.
    fn relief_value_holding(
        &self,
        measures: &[Measure],
        bites: &BiteTables,
        holding: Option<&TransitVeto>,
        i: usize,
        month: u32,
    ) -> f64 {
        let imposed = match self.state[i] {
            MeasureState::Active { imposed } | MeasureState::Lifted { imposed, .. } => imposed,
            MeasureState::Reserve => return 0.0,
        };
        let bite = bites.get(i, (month as i32 - imposed) as u32);
        let value = bite * relief_share(holding, &measures[i]);
        match self.relieved[i] {
            0 => value,
            k => value * f64::from(self.tranches - k) / f64::from(self.tranches),
        }
    }

    /// Parts of measure `i` a deal can still lift: `tranches` less those lifted for a
    /// measure in force, 0 for any other.
    pub fn parts_left(&self, i: usize) -> u32 {
        match self.state[i] {
            MeasureState::Active { .. } => self.tranches - self.relieved[i],
            _ => 0,
        }
    }

    /// The parts a deal can lift of the measures in `whole` (measure, value of what is
    /// left of it, as [`Self::negotiable_into`] lists them), into `out` (cleared first),
    /// smallest first: each measure's value shared equally among its parts left, one entry
    /// a part, so that sorted by value a measure's parts stay together. With whole
    /// measures (one part each) the list is `whole`, sorted.
    pub fn parts_into(&self, whole: &[(usize, f64)], out: &mut Vec<(usize, f64)>) {
        out.clear();
        // Each measure once at its part's value, sorted, then spread into its parts from
        // the back: the order of sorting every part, at the cost of sorting the measures.
        let parts = |i: usize| self.parts_left(i).max(1) as usize;
        out.extend(whole.iter().map(|&(i, value)| (i, value / parts(i) as f64)));
        sort_by_value(out);
        let measures = out.len();
        let total: usize = out.iter().map(|&(i, _)| parts(i)).sum();
        out.resize(total, (0, 0.0));
        let mut end = total;
        for k in (0..measures).rev() {
            // Every measure has a part, so its parts start at `k` or later: the measures
            // before it are still unread.
            let (i, each) = out[k];
            let n = parts(i);
            out[end - n..end].fill((i, each));
            end -= n;
        }
    }

    /// Lifts so far in the run, whole measures and parts alike: it changes with every
    /// lift, so a view of the measures on offer built at one count is current while it
    /// holds.
    pub fn lifts(&self) -> u32 {
        self.lifts
    }

    /// Whether deals lift measures in parts (`bargaining.tranches_per_measure` above 1).
    pub fn in_parts(&self) -> bool {
        self.tranches > 1
    }

    /// `actor`'s active negotiable measures, smallest relief value first (ties in file
    /// order).
    pub fn negotiable_by_value(
        &self,
        measures: &[Measure],
        bites: &BiteTables,
        veto: Option<&TransitVeto>,
        actor: WestActor,
        month: u32,
    ) -> Vec<(usize, f64)> {
        let mut v = Vec::new();
        self.negotiable_into(measures, bites, veto, actor, month, &mut v);
        sort_by_value(&mut v);
        v
    }

    /// Appends `actor`'s active negotiable measures with their relief values to `out`, in
    /// file order, without allocating when `out` has room.
    pub fn negotiable_into(
        &self,
        measures: &[Measure],
        bites: &BiteTables,
        veto: Option<&TransitVeto>,
        actor: WestActor,
        month: u32,
        out: &mut Vec<(usize, f64)>,
    ) {
        if self.counts[actor.index()][ACTIVE_NEGOTIABLE] == 0 {
            return;
        }
        let holding = veto.filter(|v| self.veto_holds(measures, v));
        out.extend(
            self.active
                .iter()
                .filter(|&&(i, _)| self.owner[i] == (actor.index(), true))
                .map(|&(i, _)| {
                    (
                        i,
                        self.relief_value_holding(measures, bites, holding, i, month),
                    )
                }),
        );
    }

    /// [`Self::negotiable_into`] for every actor at once, into `outs` by
    /// [`WestActor::index`] (each cleared first), leaving out the actors `skip` marks: one
    /// pass over the measures in force, the veto checked once.
    pub fn negotiable_each_into(
        &self,
        measures: &[Measure],
        bites: &BiteTables,
        veto: Option<&TransitVeto>,
        month: u32,
        skip: [bool; 4],
        outs: &mut [Vec<(usize, f64)>; 4],
    ) {
        let mut wanted = [false; 4];
        for (a, out) in outs.iter_mut().enumerate() {
            out.clear();
            wanted[a] = !skip[a] && self.counts[a][ACTIVE_NEGOTIABLE] > 0;
        }
        if !wanted.contains(&true) {
            return;
        }
        let holding = veto.filter(|v| self.veto_holds(measures, v));
        for &(i, _) in &self.active {
            let (a, negotiable) = self.owner[i];
            if negotiable && wanted[a] {
                let value = self.relief_value_holding(measures, bites, holding, i, month);
                outs[a].push((i, value));
            }
        }
    }

    /// Lifts up to `n` of `actor`'s negotiable measures, smallest relief value first.
    #[allow(clippy::too_many_arguments)]
    pub fn lift_smallest(
        &mut self,
        measures: &[Measure],
        bites: &BiteTables,
        veto: Option<&TransitVeto>,
        actor: WestActor,
        n: u32,
        month: u32,
        mut lifted: impl FnMut(usize),
    ) {
        let order = self.negotiable_by_value(measures, bites, veto, actor, month);
        for (i, _) in order.into_iter().take(n as usize) {
            self.lift(i);
            lifted(i);
        }
    }

    /// Lifts the measures in `chosen`, indices of active measures as
    /// [`Self::negotiable_into`] lists them (any other is left as it is), and calls
    /// `lifted` with every index in `chosen`.
    pub fn lift_these(&mut self, chosen: &[usize], mut lifted: impl FnMut(usize)) {
        for &i in chosen {
            self.lift(i);
            lifted(i);
        }
    }

    /// Lifts one part of each measure in `chosen` for each time it is named there (the
    /// parts of [`Self::parts_into`]; with whole measures, the measure), calling `lifted`
    /// with its index and whether that part was its last, so that it is now lifted whole.
    /// A measure not in force is left as it is.
    pub fn lift_parts(&mut self, chosen: &[usize], mut lifted: impl FnMut(usize, bool)) {
        for &i in chosen {
            if matches!(self.state[i], MeasureState::Active { .. }) {
                let whole = self.lift_part(i);
                lifted(i, whole);
            }
        }
    }

    /// `actor`'s measures with relief to take back, with the number of the lift that
    /// gave their last part: those lifted whole and those in force with parts lifted.
    fn relieved_of(
        &self,
        measures: &[Measure],
        actor: WestActor,
    ) -> impl Iterator<Item = (u32, usize)> {
        let partial = self.partial[actor.index()] > 0;
        let whole = self
            .lifted
            .iter()
            .filter_map(move |&i| match self.state[i] {
                MeasureState::Lifted { order, .. } if measures[i].actor == actor => {
                    Some((order, i))
                }
                _ => None,
            });
        let parts = self
            .active
            .iter()
            .filter(move |&&(i, _)| partial && self.relieved[i] > 0 && measures[i].actor == actor)
            .map(|&(i, _)| (self.last_part[i], i));
        whole.chain(parts)
    }

    /// Re-imposes up to `n` of `actor`'s lifted measures, the last lifted first: a measure
    /// lifted whole is in force again, one in force with parts lifted has them back.
    pub fn reimpose_last(
        &mut self,
        measures: &[Measure],
        actor: WestActor,
        n: u32,
        mut reimposed: impl FnMut(usize),
    ) {
        for _ in 0..n {
            let Some((_, i)) = self.relieved_of(measures, actor).max() else {
                return;
            };
            match self.state[i] {
                MeasureState::Lifted { imposed, .. } => {
                    self.set(i, MeasureState::Active { imposed });
                }
                _ => self.set_relieved(i, 0),
            }
            reimposed(i);
        }
    }

    /// `actor`'s next reserve package, the one [`Self::impose_next`] would impose.
    pub fn next_reserve(&self, measures: &[Measure], actor: WestActor) -> Option<usize> {
        if self.counts[actor.index()][RESERVE] == 0 {
            return None;
        }
        measures
            .iter()
            .zip(&self.state)
            .position(|(m, s)| m.actor == actor && *s == MeasureState::Reserve)
    }

    /// `actor`'s measure lifted last (whole or in part) and not re-imposed, the one
    /// [`Self::reimpose_last`] would re-impose first.
    pub fn last_lifted(&self, measures: &[Measure], actor: WestActor) -> Option<usize> {
        self.relieved_of(measures, actor).max().map(|(_, i)| i)
    }

    /// `actor`'s measures with relief to take back: lifted whole and not re-imposed, or in
    /// force with parts lifted.
    pub fn lifted(&self, _measures: &[Measure], actor: WestActor) -> usize {
        let a = actor.index();
        self.counts[a][LIFTED] + self.partial[a]
    }

    /// Active negotiable measures of `actor`.
    pub fn active_negotiable(&self, _measures: &[Measure], actor: WestActor) -> usize {
        self.counts[actor.index()][ACTIVE_NEGOTIABLE]
    }

    /// Whether the transit veto holds: its holder keeps an active measure in its sector.
    pub fn veto_holds(&self, measures: &[Measure], veto: &TransitVeto) -> bool {
        self.active.iter().any(|&(i, _)| {
            let m = &measures[i];
            m.actor == veto.actor && m.sector_id == veto.sector_id
        })
    }

    /// The account of month `month` with the Russian cushion `cushion_share`.
    #[inline(always)]
    pub fn month_cost(
        &self,
        measures: &[Measure],
        bites: &BiteTables,
        veto: Option<&TransitVeto>,
        cushion_share: f64,
        month: u32,
    ) -> MonthCost {
        let age = |imposed: i32| (month as i32 - imposed) as u32;
        let mut gross = 0.0;
        let mut out = MonthCost::default();
        let any_partial = self.partial.iter().any(|n| *n > 0);
        for &(i, imposed) in &self.active {
            // The part of a measure that deals lifted is relief, the rest still bites (a
            // whole measure keeps all: times 1, exactly). The sender's loss is the trade it
            // gives up, which the regime's rerouting does not bring back: it does not erode
            // with the bite.
            let kept = 1.0 - self.share_lifted(i);
            gross += bites.get(i, age(imposed)) * kept;
            for (total, c) in out.sender_cost.iter_mut().zip(measures[i].sender_costs) {
                *total += c * kept;
            }
        }
        if !self.lifted.is_empty() || any_partial {
            let veto = veto.filter(|v| self.veto_holds(measures, v));
            let whole = self.lifted.iter().filter_map(|&i| match self.state[i] {
                MeasureState::Lifted { imposed, .. } => Some((i, imposed, 1.0)),
                _ => None,
            });
            let parts = self
                .active
                .iter()
                .filter(|&&(i, _)| any_partial && self.relieved[i] > 0)
                .map(|&(i, imposed)| (i, imposed, self.share_lifted(i)));
            for (i, imposed, lifted) in whole.chain(parts) {
                let m = &measures[i];
                if m.justification == Justification::Security {
                    out.security_lifted += lifted;
                }
                let bite = bites.get(i, age(imposed)) * lifted;
                // Relief that cannot reach the market through the vetoed route is worth
                // only its share; the rest of the cost stays with the regime.
                let share = relief_share(veto, m);
                gross += bite * (1.0 - share);
                let relief = bite * share * (1.0 - cushion_share);
                out.relief += relief;
                out.relief_by_actor[m.actor.index()] += relief;
            }
        }
        out.net_cost = gross * (1.0 - cushion_share);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tests' sectors, numbered as a scenario would number them.
    fn sector_id(sector: &str) -> u32 {
        let sectors = ["potash", "trade", "aviation", "finance", "s"];
        sectors
            .iter()
            .position(|s| *s == sector)
            .expect("a test sector") as u32
    }

    fn measure(name: &str, actor: WestActor, sector: &str, cost: f64, half_life: f64) -> Measure {
        Measure {
            name: name.into(),
            actor,
            sector: sector.into(),
            sector_id: sector_id(sector),
            justification: Justification::Repression,
            cost_per_month: cost,
            status: MeasureStatus::Active,
            age_at_start_months: 0,
            negotiable: true,
            erosion_half_life_months: half_life,
            sender_costs: [0.0; 4],
        }
    }

    fn tables(measures: &[Measure], horizon: u32) -> BiteTables {
        BiteTables::new(measures, horizon)
    }

    /// The counts kept with every change of state equal a recount, through any sequence of
    /// impositions, lifts and re-impositions.
    #[test]
    fn kept_counts_equal_a_recount() {
        let actors = WestActor::ALL;
        let mut ms = Vec::new();
        for k in 0..24 {
            let mut m = measure(&format!("m{k}"), actors[k % 4], "s", 1.0 + k as f64, 12.0);
            m.status = if k % 3 == 0 {
                MeasureStatus::Reserve
            } else {
                MeasureStatus::Active
            };
            m.negotiable = k % 5 != 0;
            ms.push(m);
        }
        let t = tables(&ms, 24);
        // Deals lift measures in three parts here: the counts hold through parts too.
        let mut book = SanctionsBook::new(&ms).in_tranches(3);
        let recount = |book: &SanctionsBook, a: WestActor| {
            let of = |f: &dyn Fn(&Measure, MeasureState) -> bool| {
                (0..ms.len())
                    .filter(|&i| ms[i].actor == a && f(&ms[i], book.state(i)))
                    .count()
            };
            (
                of(&|_, s| s == MeasureState::Reserve),
                of(&|m, s| m.negotiable && matches!(s, MeasureState::Active { .. })),
                of(&|_, s| matches!(s, MeasureState::Lifted { .. }))
                    + (0..ms.len())
                        .filter(|&i| ms[i].actor == a && book.share_lifted(i) > 0.0)
                        .count(),
            )
        };
        let mut x: u64 = 7;
        for month in 0..200u32 {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let a = actors[(x >> 60) as usize % 4];
            match (x >> 40) % 6 {
                5 => {
                    // A deal's parts: the two smallest of the actor's.
                    let whole = book.negotiable_by_value(&ms, &t, None, a, month);
                    let mut parts = Vec::new();
                    book.parts_into(&whole, &mut parts);
                    let chosen: Vec<usize> = parts.iter().map(|(i, _)| *i).take(2).collect();
                    book.lift_parts(&chosen, |_, _| {});
                }
                0 => {
                    book.impose_next(&ms, a, month);
                }
                1 => book.lift_negotiable(&ms, a, |_| {}),
                2 => book.lift_smallest(&ms, &t, None, a, 2, month, |_| {}),
                3 => book.reimpose_last(&ms, a, 1, |_| {}),
                _ => {
                    let chosen: Vec<usize> = book
                        .negotiable_by_value(&ms, &t, None, a, month)
                        .into_iter()
                        .map(|(i, _)| i)
                        .take(1)
                        .collect();
                    book.lift_these(&chosen, |_| {});
                }
            }
            for a in actors {
                assert_eq!(
                    (
                        book.reserve_left(&ms, a),
                        book.active_negotiable(&ms, a),
                        book.lifted(&ms, a)
                    ),
                    recount(&book, a),
                    "month {month}, {a:?}"
                );
            }
            // The account walks the kept lists; a walk over every measure agrees.
            let cost = book.month_cost(&ms, &t, None, 0.25, month);
            let (mut gross, mut relief) = (0.0, 0.0);
            for (i, m) in ms.iter().enumerate() {
                match book.state(i) {
                    MeasureState::Reserve => {}
                    MeasureState::Active { imposed } => {
                        let bite = bite_at(m, f64::from(month as i32 - imposed).min(24.0));
                        let part = book.share_lifted(i);
                        gross += bite * (1.0 - part);
                        relief += bite * part * 0.75;
                    }
                    MeasureState::Lifted { imposed, .. } => {
                        relief += bite_at(m, f64::from(month as i32 - imposed).min(24.0)) * 0.75
                    }
                }
            }
            assert!((cost.net_cost - gross * 0.75).abs() < 1e-9, "month {month}");
            assert!((cost.relief - relief).abs() < 1e-9, "month {month}");
        }
    }

    #[test]
    fn sender_costs_are_borne_while_in_force_and_do_not_erode() {
        let mut ms = vec![
            measure("us-potash", WestActor::Us, "potash", 100.0, 12.0),
            measure("lt-transit", WestActor::Lithuania, "potash", 60.0, 12.0),
            measure("pl-border", WestActor::Poland, "trade", 5.0, 12.0),
        ];
        ms[0].sender_costs = [0.5, 0.0, 1.0, 0.0];
        ms[1].sender_costs = [0.0, 0.0, 6.0, 0.0];
        ms[1].justification = Justification::Security;
        ms[2].sender_costs = [0.0, 0.0, 0.0, 2.0];
        ms[2].status = MeasureStatus::Reserve;
        let t = tables(&ms, 48);
        let mut book = SanctionsBook::new(&ms);
        // Four half-lives on: the bites are a sixteenth, the sender costs whole.
        let cost = book.month_cost(&ms, &t, None, 0.4, 48);
        assert_eq!(cost.sender_cost, [0.5, 0.0, 7.0, 0.0]);
        assert_eq!(cost.security_lifted, 0.0);
        book.impose_next(&ms, WestActor::Poland, 48);
        book.lift_negotiable(&ms, WestActor::Us, |_| {});
        book.lift_negotiable(&ms, WestActor::Lithuania, |_| {});
        let cost = book.month_cost(&ms, &t, None, 0.4, 48);
        assert_eq!(cost.sender_cost, [0.0, 0.0, 0.0, 2.0]);
        assert_eq!(cost.security_lifted, 1.0);
    }

    #[test]
    fn the_bite_kept_a_month_compounds_to_the_bite_at_any_age() {
        let m = measure("a", WestActor::Eu, "potash", 80.0, 24.0);
        let kept = kept_per_month(&m);
        for age in [0.0, 1.0, 13.0, 24.0] {
            let compounded = 80.0 * kept.powf(age);
            assert!((compounded - bite_at(&m, age)).abs() < 1e-9, "{age}");
        }
        let fixed = measure("b", WestActor::Eu, "potash", 80.0, f64::INFINITY);
        assert_eq!(kept_per_month(&fixed), 1.0);
    }

    #[test]
    fn bite_halves_at_the_half_life() {
        let m = measure("a", WestActor::Eu, "potash", 80.0, 24.0);
        assert_eq!(bite_at(&m, 0.0), 80.0);
        assert!((bite_at(&m, 24.0) - 40.0).abs() < 1e-12);
        assert!((bite_at(&m, 48.0) - 20.0).abs() < 1e-12);
        let fixed = measure("b", WestActor::Eu, "potash", 80.0, f64::INFINITY);
        assert_eq!(bite_at(&fixed, 1000.0), 80.0);
    }

    #[test]
    fn erosion_counts_from_imposition_before_the_start() {
        let mut m = measure("a", WestActor::Us, "potash", 100.0, 12.0);
        m.age_at_start_months = 12;
        let ms = vec![m];
        let book = SanctionsBook::new(&ms);
        let cost = book.month_cost(&ms, &tables(&ms, 24), None, 0.0, 12);
        assert!((cost.net_cost - 25.0).abs() < 1e-9);
    }

    #[test]
    fn cushion_offsets_its_share_of_the_cost() {
        let ms = vec![measure("a", WestActor::Us, "finance", 100.0, f64::INFINITY)];
        let book = SanctionsBook::new(&ms);
        let cost = book.month_cost(&ms, &tables(&ms, 5), None, 0.4, 0);
        assert!((cost.net_cost - 60.0).abs() < 1e-12);
    }

    #[test]
    fn transit_veto_makes_potash_relief_by_others_worth_its_share() {
        let ms = vec![
            measure("us-potash", WestActor::Us, "potash", 100.0, f64::INFINITY),
            measure("eu-potash", WestActor::Eu, "potash", 100.0, f64::INFINITY),
            measure(
                "lt-transit",
                WestActor::Lithuania,
                "potash",
                50.0,
                f64::INFINITY,
            ),
        ];
        let veto = TransitVeto {
            actor: WestActor::Lithuania,
            sector: "potash".into(),
            sector_id: sector_id("potash"),
            relief_share: 0.2,
        };
        let t = tables(&ms, 5);
        let mut book = SanctionsBook::new(&ms);
        book.lift_negotiable(&ms, WestActor::Us, |_| {});
        book.lift_negotiable(&ms, WestActor::Eu, |_| {});
        let vetoed = book.month_cost(&ms, &t, Some(&veto), 0.0, 1);
        assert!((vetoed.relief - 40.0).abs() < 1e-12);
        assert!((vetoed.net_cost - (50.0 + 160.0)).abs() < 1e-12);
        assert!((vetoed.relief_by_actor[WestActor::Us.index()] - 20.0).abs() < 1e-12);
        // Lithuania lifts too: relief is worth its full value.
        book.lift_negotiable(&ms, WestActor::Lithuania, |_| {});
        let open = book.month_cost(&ms, &t, Some(&veto), 0.0, 1);
        assert!((open.relief - 250.0).abs() < 1e-12);
        assert_eq!(open.net_cost, 0.0);
    }

    #[test]
    fn escalation_imposes_reserve_packages_in_file_order() {
        let mut ms = vec![
            measure("a", WestActor::Eu, "trade", 10.0, f64::INFINITY),
            measure("b", WestActor::Eu, "trade", 20.0, f64::INFINITY),
            measure("c", WestActor::Us, "trade", 30.0, f64::INFINITY),
        ];
        for m in &mut ms {
            m.status = MeasureStatus::Reserve;
        }
        let mut book = SanctionsBook::new(&ms);
        assert_eq!(book.reserve_left(&ms, WestActor::Eu), 2);
        assert_eq!(book.impose_next(&ms, WestActor::Eu, 3), Some(0));
        assert_eq!(book.impose_next(&ms, WestActor::Eu, 4), Some(1));
        assert_eq!(book.impose_next(&ms, WestActor::Eu, 5), None);
        let cost = book.month_cost(&ms, &tables(&ms, 10), None, 0.0, 5);
        assert_eq!(cost.net_cost, 30.0);
    }

    #[test]
    fn lifts_smallest_first_and_reimposes_the_last_lifted_first() {
        let ms = vec![
            measure("big", WestActor::Eu, "trade", 50.0, f64::INFINITY),
            measure("small", WestActor::Eu, "trade", 5.0, f64::INFINITY),
            measure("mid", WestActor::Eu, "trade", 20.0, f64::INFINITY),
        ];
        let t = tables(&ms, 5);
        let mut book = SanctionsBook::new(&ms);
        let mut lifted = Vec::new();
        book.lift_smallest(&ms, &t, None, WestActor::Eu, 2, 0, |i| lifted.push(i));
        assert_eq!(lifted, vec![1, 2]);
        assert_eq!(book.lifted(&ms, WestActor::Eu), 2);
        let mut back = Vec::new();
        book.reimpose_last(&ms, WestActor::Eu, 1, |i| back.push(i));
        assert_eq!(back, vec![2]);
        assert!(matches!(book.state(2), MeasureState::Active { imposed: 0 }));
        assert_eq!(book.lifted(&ms, WestActor::Eu), 1);
    }

    /// Four parts of a measure of 40 a month: each part is 10, listed after the smaller
    /// measure's 8 and before the larger's; lifting three leaves a quarter in force.
    #[test]
    fn deals_lift_measures_in_equal_parts_smallest_first() {
        let mut ms = vec![
            measure("forty", WestActor::Us, "trade", 40.0, f64::INFINITY),
            measure("eight", WestActor::Us, "trade", 8.0, f64::INFINITY),
            measure("security", WestActor::Eu, "aviation", 100.0, f64::INFINITY),
        ];
        ms[0].sender_costs = [4.0, 0.0, 0.0, 0.0];
        ms[2].justification = Justification::Security;
        let t = tables(&ms, 5);
        let mut book = SanctionsBook::new(&ms).in_tranches(4);
        assert!(book.in_parts());
        let whole = book.negotiable_by_value(&ms, &t, None, WestActor::Us, 0);
        assert_eq!(whole, vec![(1, 8.0), (0, 40.0)]);
        let mut parts = Vec::new();
        book.parts_into(&whole, &mut parts);
        assert_eq!(
            parts,
            vec![
                (1, 2.0),
                (1, 2.0),
                (1, 2.0),
                (1, 2.0),
                (0, 10.0),
                (0, 10.0),
                (0, 10.0),
                (0, 10.0)
            ]
        );
        // Three parts of "forty": three quarters of it is relief, a quarter bites.
        let mut lifted = Vec::new();
        book.lift_parts(&[0, 0, 0], |i, whole| lifted.push((i, whole)));
        assert_eq!(lifted, vec![(0, false); 3]);
        assert_eq!(book.share_lifted(0), 0.75);
        assert_eq!(book.parts_left(0), 1);
        assert!(matches!(book.state(0), MeasureState::Active { .. }));
        assert_eq!(book.lifted(&ms, WestActor::Us), 1);
        assert_eq!(book.active_negotiable(&ms, WestActor::Us), 2);
        let cost = book.month_cost(&ms, &t, None, 0.5, 1);
        // Gross 10 + 8 + 100 in force, halved by the cushion; relief 30, halved.
        assert_eq!(cost.net_cost, 59.0);
        assert_eq!(cost.relief, 15.0);
        assert_eq!(cost.relief_by_actor[WestActor::Us.index()], 15.0);
        assert_eq!(cost.sender_cost[WestActor::Us.index()], 1.0);
        // What is left to lift: one part of 10.
        assert_eq!(book.relief_value(&ms, &t, None, 0, 1), 10.0);
        let left = book.negotiable_by_value(&ms, &t, None, WestActor::Us, 1);
        book.parts_into(&left, &mut parts);
        assert_eq!(parts[4..], [(0, 10.0)]);
        // The last part lifts it whole.
        lifted.clear();
        book.lift_parts(&[0], |i, whole| lifted.push((i, whole)));
        assert_eq!(lifted, vec![(0, true)]);
        assert!(matches!(book.state(0), MeasureState::Lifted { .. }));
        assert_eq!(book.share_lifted(0), 0.0);
        assert_eq!(book.month_cost(&ms, &t, None, 0.0, 1).relief, 40.0);
        // A security measure lifted in half counts half.
        book.lift_parts(&[2, 2], |_, _| {});
        let cost = book.month_cost(&ms, &t, None, 0.0, 1);
        assert_eq!(cost.security_lifted, 0.5);
        assert_eq!(cost.relief, 90.0);
    }

    /// Re-imposing takes back the relief lifted last, parts and whole measures alike: a
    /// measure lifted in part has all its parts back.
    #[test]
    fn reimposing_takes_back_the_last_relief_whole_or_in_parts() {
        let ms = vec![
            measure("a", WestActor::Eu, "trade", 12.0, f64::INFINITY),
            measure("b", WestActor::Eu, "trade", 30.0, f64::INFINITY),
        ];
        let t = tables(&ms, 5);
        let mut book = SanctionsBook::new(&ms).in_tranches(3);
        book.lift_parts(&[0, 0, 0, 1], |_, _| {});
        assert!(matches!(book.state(0), MeasureState::Lifted { .. }));
        assert_eq!(book.lifted(&ms, WestActor::Eu), 2);
        assert_eq!(book.last_lifted(&ms, WestActor::Eu), Some(1));
        assert_eq!(book.month_cost(&ms, &t, None, 0.0, 0).relief, 22.0);
        let mut back = Vec::new();
        book.reimpose_last(&ms, WestActor::Eu, 1, |i| back.push(i));
        assert_eq!(back, vec![1]);
        assert_eq!(book.share_lifted(1), 0.0);
        assert_eq!(book.parts_left(1), 3);
        assert_eq!(book.last_lifted(&ms, WestActor::Eu), Some(0));
        book.reimpose_last(&ms, WestActor::Eu, 5, |i| back.push(i));
        assert_eq!(back, vec![1, 0]);
        let cost = book.month_cost(&ms, &t, None, 0.0, 0);
        assert_eq!((cost.relief, cost.net_cost), (0.0, 42.0));
        // A measure not in force is not lifted in part.
        let mut none = Vec::new();
        let mut reserve = ms.clone();
        reserve[0].status = MeasureStatus::Reserve;
        let mut book = SanctionsBook::new(&reserve).in_tranches(3);
        book.lift_parts(&[0], |i, w| none.push((i, w)));
        assert!(none.is_empty());
    }

    /// With whole measures (one part each) a deal's list of parts is the list of measures.
    #[test]
    fn one_part_a_measure_is_the_whole_measure() {
        let ms = vec![
            measure("a", WestActor::Eu, "trade", 12.0, f64::INFINITY),
            measure("b", WestActor::Eu, "trade", 3.0, f64::INFINITY),
        ];
        let t = tables(&ms, 5);
        let mut book = SanctionsBook::new(&ms);
        assert!(!book.in_parts());
        let whole = book.negotiable_by_value(&ms, &t, None, WestActor::Eu, 0);
        let mut parts = Vec::new();
        book.parts_into(&whole, &mut parts);
        assert_eq!(parts, whole);
        let mut lifted = Vec::new();
        book.lift_parts(&[1], |i, w| lifted.push((i, w)));
        assert_eq!(lifted, vec![(1, true)]);
    }

    #[test]
    fn relief_value_is_cut_by_a_holding_veto() {
        let ms = vec![
            measure("us-potash", WestActor::Us, "potash", 100.0, f64::INFINITY),
            measure(
                "lt-transit",
                WestActor::Lithuania,
                "potash",
                50.0,
                f64::INFINITY,
            ),
        ];
        let veto = TransitVeto {
            actor: WestActor::Lithuania,
            sector: "potash".into(),
            sector_id: sector_id("potash"),
            relief_share: 0.2,
        };
        let t = tables(&ms, 5);
        let book = SanctionsBook::new(&ms);
        assert!((book.relief_value(&ms, &t, Some(&veto), 0, 0) - 20.0).abs() < 1e-12);
        assert_eq!(book.relief_value(&ms, &t, None, 0, 0), 100.0);
    }

    #[test]
    fn only_negotiable_measures_are_lifted() {
        let mut ms = vec![
            measure("a", WestActor::Eu, "potash", 10.0, f64::INFINITY),
            measure("b", WestActor::Eu, "aviation", 20.0, f64::INFINITY),
        ];
        ms[1].negotiable = false;
        let mut book = SanctionsBook::new(&ms);
        let mut lifted = Vec::new();
        book.lift_negotiable(&ms, WestActor::Eu, |i| lifted.push(i));
        assert_eq!(lifted, vec![0]);
        assert_eq!(book.active_negotiable(&ms, WestActor::Eu), 0);
        let cost = book.month_cost(&ms, &tables(&ms, 2), None, 0.0, 1);
        assert_eq!((cost.net_cost, cost.relief), (20.0, 10.0));
    }
}
