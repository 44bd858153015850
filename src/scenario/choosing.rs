//! The settings of players that choose: the regime's `best-response` strategy
//! (`[regime.best-response]`) and the legitimacy it earns by releases and deals
//! (`[regime.legitimacy]`), as written in a scenario file. `docs/model.md`, section 10,
//! gives the decision model these feed.

use serde::{Deserialize, Serialize};

/// `best-response`: each month it weighs holding against releases of several sizes, at
/// home or deported, and in each bargaining round the offers it could make and the
/// counter-offer before it, by expected discounted utility under its payoff weights and
/// its beliefs about each Western actor's type; it chooses by logit (quantal response).
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct BestResponseParams {
    /// Release sizes it weighs besides holding, people; each at least 1, at most 100,000;
    /// at most 16 sizes. Default `[10, 25, 50, 100]` (data/release_waves.csv: waves of
    /// 14 to 52 in 2024-25; 100 spans the larger deals of 2025).
    pub sizes: Vec<u64>,
    /// The class it releases, one of `prisoners.classes`. Default `ordinary`.
    pub class: String,
    /// Whether it also weighs deporting each size (002: "you want them - take them,
    /// deport them"). Default true.
    pub deport: bool,
    /// Sizes of the purges it weighs each month besides none: arrests ordered to reassure
    /// its hardliners (the revolving door as a choice, 002), made next month, each taking
    /// `regime.hardliners.appeasement_per_arrest` off their discontent at once. Each from 1
    /// to 100,000; at most 16 sizes; `[]` never purges. Default `[25, 50, 100]`
    /// (assumption: the scale of its release sizes).
    pub purges: Vec<u64>,
    /// Logit precision per USD-million equivalent: an action worth 1 more is `e^precision`
    /// times as likely. 0 (every action equally likely) to `inf` (a best response).
    /// Default 0.1 (assumption, until fitted: an action worth 10 more is 2.7 times as
    /// likely).
    pub precision: f64,
    /// Probability it allows for any Western move its model of a type would not make (a
    /// tremble), so that no type is ruled out for good by one surprise. Above 0, below 1;
    /// default 0.05 (assumption).
    pub tremble: f64,
    /// Prior weight on each Western strategy as the type of each Western actor, before it
    /// has seen anything. Non-negative, not all 0; default 1 each (uniform).
    pub prior: TypePrior,
}

impl Default for BestResponseParams {
    fn default() -> Self {
        BestResponseParams {
            sizes: vec![10, 25, 50, 100],
            class: "ordinary".into(),
            deport: true,
            purges: vec![25, 50, 100],
            precision: 0.1,
            tremble: 0.05,
            prior: TypePrior::default(),
        }
    }
}

/// `best-response` for a Western actor (`[us.best-response]`, ...): each month it weighs
/// holding against imposing its next reserve package, lifting its smallest negotiable
/// measure and re-imposing the last it lifted, and in each bargaining round the deals it
/// would accept, by expected discounted utility under its payoff weights and its belief
/// that the regime is a liberaliser (`[bargaining.credibility]`); it chooses by logit.
/// `docs/model.md`, section 7.14, gives the model.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct WestBestResponseParams {
    /// Logit precision per USD-million equivalent, as the regime's. 0 (every move equally
    /// likely) to `inf` (a best response). Default 0.1 (assumption, until fitted).
    pub precision: f64,
    /// What the actor believes a liberaliser gives back for relief granted without a deal:
    /// the share of the prisoners the relief would buy at the regime's asking price that it
    /// then frees. 0 (relief without a deal buys nothing) to 1 (as much as a deal); default
    /// 0: no regime strategy of this engine answers a lift with releases, and no source
    /// measures it (001 reads the 2024 releases as the regime testing what small steps
    /// earn). A hostage-taker gives nothing back.
    pub reciprocity: f64,
}

impl Default for WestBestResponseParams {
    fn default() -> Self {
        WestBestResponseParams {
            precision: 0.1,
            reciprocity: 0.0,
        }
    }
}

/// `[regime.best-response.prior]`: weights on the Western strategies, one per strategy,
/// in the order of [`crate::scenario::WestStrategyName::SCRIPTS`].
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct TypePrior {
    /// Weight on `release-first`. Default 1.
    pub release_first: f64,
    /// Weight on `sanctions-first`. Default 1.
    pub sanctions_first: f64,
    /// Weight on `reciprocal`. Default 1.
    pub reciprocal: f64,
    /// Weight on `transactional`. Default 1.
    pub transactional: f64,
    /// Weight on `engagement`. Default 1.
    pub engagement: f64,
}

impl Default for TypePrior {
    fn default() -> Self {
        TypePrior {
            release_first: 1.0,
            sanctions_first: 1.0,
            reciprocal: 1.0,
            transactional: 1.0,
            engagement: 1.0,
        }
    }
}

impl TypePrior {
    /// The weights in [`crate::scenario::WestStrategyName::SCRIPTS`] order, with their keys.
    pub fn weights(&self) -> [(&'static str, f64); 5] {
        [
            ("release-first", self.release_first),
            ("sanctions-first", self.sanctions_first),
            ("reciprocal", self.reciprocal),
            ("transactional", self.transactional),
            ("engagement", self.engagement),
        ]
    }
}

/// `[regime.legitimacy]`: the recognition the regime earns abroad and at home by releases,
/// deals and contact with the West (001, 003, 004), a stock that decays. Every regime
/// strategy earns it; `payoffs.regime.legitimacy` says what a unit is worth a month.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct Legitimacy {
    /// Units per prisoner released, times the class's `value_to_regime`. 0 to 1,000,000;
    /// default 1.0 (the unit).
    pub per_release: f64,
    /// Units per deal struck: top-level contact, an envoy in Minsk (000: Kellogg's visit;
    /// 003). 0 to 1,000,000; default 25.0 (assumption: a deal counts as much as
    /// releasing 25).
    pub per_deal: f64,
    /// Units per scheduled envoy visit (`bargaining.contacts`, level `envoy`). 0 to
    /// 1,000,000; default 10.0 (assumption: less than a deal).
    pub per_envoy_visit: f64,
    /// Units per scheduled top-level contact (level `top`). 0 to 1,000,000; default 25.0
    /// (assumption: as much as a deal).
    pub per_top_contact: f64,
    /// Units lost per arrest the regime orders to reassure its hardliners (a purge,
    /// `regime.best-response.purges`); the stock may fall below where it started. 0 to
    /// 1,000,000; default 1.0 (assumption: a purge undoes the recognition of as many
    /// ordinary releases, so a revolving door earns none; 002).
    pub per_purge_arrest: f64,
    /// Share of the stock left after a month. In [0, 1]; default 0.9 (assumption: a
    /// release is half forgotten in about 7 months).
    pub decay_per_month: f64,
    /// Months before a presidential election (`events.elections`) in which legitimacy is
    /// worth more (004: releases cluster before elections). 0 to 1,200; default 6
    /// (assumption).
    pub election_window_months: u32,
    /// What a unit is worth in those months, as a multiple of its usual worth. 1 to 100;
    /// default 2.0 (assumption).
    pub election_multiplier: f64,
}

impl Default for Legitimacy {
    fn default() -> Self {
        Legitimacy {
            per_release: 1.0,
            per_deal: 25.0,
            per_envoy_visit: 10.0,
            per_top_contact: 25.0,
            per_purge_arrest: 1.0,
            decay_per_month: 0.9,
            election_window_months: 6,
            election_multiplier: 2.0,
        }
    }
}
