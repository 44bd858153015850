//! The scenario file exactly as written: serde types with MODEL.md's defaults.
//!
//! Every table rejects unknown keys. Nothing here is checked beyond its TOML type; the
//! checks that need judgement (ranges, sums, cross-references) are in `validate.rs`, which
//! turns this into a [`super::Scenario`].

pub use super::choosing::{BestResponseParams, Legitimacy, TypePrior, WestBestResponseParams};
use super::dist::DistSpec;
use serde::{Deserialize, Serialize};

/// A scenario file as written. Every table may be left out, and then takes its defaults
/// (docs/model.md, section 11); only `name` is required.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawScenario {
    /// Short name, used for the default out folder `results/<name>/`. Required; a letter
    /// or digit, then letters, digits, `-`, `_` and `.`.
    pub name: String,
    /// Free text shown with the results. Default empty.
    #[serde(default)]
    pub description: String,
    /// `[time]`: the start month and the horizon.
    #[serde(default)]
    pub time: Time,
    /// `[prisoners]`: arrests, sentences, deaths, feedbacks and the classes held.
    #[serde(default)]
    pub prisoners: Prisoners,
    /// `[releases]`: how a release picks its prisoners and sends them off.
    #[serde(default)]
    pub releases: Releases,
    /// `[regime]`: the regime's strategy, its settings and its hardliners.
    #[serde(default)]
    pub regime: RegimeActor,
    /// `[us]`: the United States. Default benchmark: 1,300 releases (002).
    #[serde(default)]
    pub us: WestActor,
    /// `[eu]`: the European Union. Default benchmark: comprehensive, 6 quiet months (000,
    /// 002; the 6 months an assumption).
    #[serde(default)]
    pub eu: WestActor,
    /// `[lithuania]`. Default benchmark: comprehensive, 12 quiet months (assumption).
    #[serde(default)]
    pub lithuania: WestActor,
    /// `[poland]`. Default benchmark: comprehensive, 12 quiet months (assumption).
    #[serde(default)]
    pub poland: WestActor,
    /// `[west]`: coordination of the US and the EU, and scheduled strategy switches.
    #[serde(default)]
    pub west: West,
    /// `[bargaining]`: channels, the bargaining protocol, reneging and credibility.
    #[serde(default)]
    pub bargaining: Bargaining,
    /// `[russia]`: the regime's patron.
    #[serde(default)]
    pub russia: RussiaActor,
    /// `[sanctions]`: erosion, which justifications are negotiable, the transit veto.
    #[serde(default)]
    pub sanctions: Sanctions,
    /// `[[measures]]`: every sanction, in force or in reserve. Default none: no sanctions,
    /// and so no relief to trade and no deal.
    #[serde(default)]
    pub measures: Vec<Measure>,
    /// `[events]`: ceasefire, elections, holidays and repression waves.
    #[serde(default)]
    pub events: Events,
    /// `[payoffs]`: the weights of every actor's monthly utility.
    #[serde(default)]
    pub payoffs: Payoffs,
}

/// `[time]`: when the simulation starts and how long it runs.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct Time {
    /// First simulated month, exactly `YYYY-MM` (years 1000 to 9999). Default `2024-07`
    /// (data/prisoner_counts.csv: 1,413 held on 30 June 2024).
    pub start: String,
    /// Months simulated, 1 to 1,200, the last (`start` + `horizon_months` - 1) no later
    /// than 9999-12. Default 60 (assumption).
    pub horizon_months: u32,
}

impl Default for Time {
    fn default() -> Self {
        Time {
            start: "2024-07".into(),
            horizon_months: 60,
        }
    }
}

/// `[prisoners]`: who is held, who is arrested, for how long, and what moves arrests.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct Prisoners {
    /// Mean new political prisoners a month (Poisson), all classes together. 0 to
    /// 1,000,000; default 50.0 (data/monthly_recognitions.csv, data/flows.csv: about 50 a
    /// month in 2024, 28-63).
    pub arrests_per_month: f64,
    /// Monthly probability that a prisoner dies in custody. In [0, 1]; default 0.000125
    /// (data/flows.csv: 7 deaths in 2021-2024 over about 55,000 prisoner-months; 001: "at
    /// least six since 2021").
    pub death_hazard_per_month: f64,
    /// Longest remaining sentence tracked; longer draws are clamped to it. Months, 1 to
    /// 1,200; default 300 (assumption: 25 years).
    pub max_sentence_months: u32,
    /// `months_to_target` counts months until the stock first falls below this. People;
    /// default 1000 (assumption).
    pub target_stock: u64,
    /// Hostage incentive: arrests rise by this share of the usual rate per
    /// `hostage_reference_price` of relief the regime expects a prisoner to fetch (what the
    /// last deal delivered per prisoner freed, fading by `hostage_half_life_months`) (002;
    /// an analogy: negotiated concessions were followed by 26-87% more kidnappings, Brandt,
    /// George & Sandler 2016). 0 turns it off. 0 to 100; default 0.0.
    pub hostage_elasticity: f64,
    /// USD millions a month of relief per prisoner that counts as one unit of price. Above
    /// 0; default 1.0 (assumption).
    pub hostage_reference_price: f64,
    /// Hostage incentive by volume: more arrests per prisoner traded in a deal, whatever
    /// the price, made as the expectation fades (Brandt, George & Sandler 2016: "one more
    /// taken" per one traded is the order of magnitude). 0 to 1,000; default 0.0 (off).
    pub hostage_arrests_per_prisoner: f64,
    /// The most hostage arrests, price and volume together, per prisoner traded over the
    /// run. 0 to 1,000; default 1.0 (Brandt, George & Sandler 2016: about one more taken
    /// per one traded).
    pub hostage_max_arrests_per_prisoner: f64,
    /// Months in which the regime's expected price per prisoner, and the arrests owed to
    /// the volume traded, fall by half. Above 0 (`inf`: never fades, only with
    /// `hostage_arrests_per_prisoner` 0); default 12.0 (assumption).
    pub hostage_half_life_months: f64,
    /// Arrests rise by this share per `sanctions_reference_cost` of net sanctions cost a
    /// month (Peksen 2009, Wood 2008: sanctions worsen political imprisonment). 0 turns it
    /// off. 0 to 100; default 0.0.
    pub sanctions_repression_elasticity: f64,
    /// USD millions a month of net sanctions cost that counts as one unit of pressure.
    /// Above 0; default 200.0 (assumption: the baseline's net cost is about 170 a month at
    /// the start). Also the unit of `regime.sanctions_sensitivity`.
    pub sanctions_reference_cost: f64,
    /// Remaining sentence of the prisoners held at the start, in months. Default lognormal,
    /// median 10.6, sigma 0.9 (calibrated by ABC to the record of H2 2024, data/belarus).
    pub initial_remaining: DistSpec,
    /// Sentence of a new conviction, in months. Default lognormal, median 20, sigma 0.8 (a
    /// mean of about 27.5 months holds about 1,375 at 50 arrests a month, the 2023-24
    /// plateau; data/README.md).
    pub sentence: DistSpec,
    /// The classes held, at least one, names unique, `arrest_share` summing to 1 (within
    /// 1e-6). Writing any replaces the default list: `ordinary` (1,383 held, 0.99 of
    /// arrests) and `prominent` (30, 0.01, values 10; data/prisoner_counts.csv for the
    /// 1,413, the split an assumption).
    pub classes: Vec<PrisonerClass>,
    /// Changes of the usual arrest rate from a calendar month on (repression by period:
    /// data/flows.csv gives about 76 a month in 2021, 74 in 2022 and about 50 in 2024).
    /// Before the first, `arrests_per_month` applies. Empty by default.
    pub arrest_periods: Vec<ArrestPeriod>,
}

/// From `from` on, the usual arrest rate is `arrests_per_month` (until the next period).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ArrestPeriod {
    /// First month of the period, `YYYY-MM`. Required; periods in strictly ascending order.
    /// One begun before `time.start` applies from the start.
    pub from: String,
    /// Usual new political prisoners a month from `from` on (a Poisson mean), 0 to
    /// 1,000,000. Required.
    pub arrests_per_month: f64,
    /// Sentence of a conviction in this period, in months: replaces `prisoners.sentence`
    /// for the classes that do not set their own. Unset: `prisoners.sentence`. Courts
    /// need not sentence alike from year to year (docs/calibration.md, section 6).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sentence: Option<DistSpec>,
}

impl Default for Prisoners {
    fn default() -> Self {
        Prisoners {
            arrests_per_month: 50.0,
            // 7 deaths in 2021-2024 over about 48 months x 1,150 prisoners on average.
            death_hazard_per_month: 0.000125,
            max_sentence_months: 300,
            target_stock: 1000,
            hostage_elasticity: 0.0,
            hostage_reference_price: 1.0,
            hostage_arrests_per_prisoner: 0.0,
            hostage_max_arrests_per_prisoner: 1.0,
            hostage_half_life_months: 12.0,
            sanctions_repression_elasticity: 0.0,
            sanctions_reference_cost: 200.0,
            // As scenarios/baseline.toml: about 48 completions a month in H2 2024
            // (data/flows.csv), and a mean sentence of 27.5 months, which holds a stock of
            // about 1,375 at 50 arrests a month (Little's law).
            initial_remaining: DistSpec::Lognormal {
                median: 10.6,
                sigma: 0.9,
            },
            sentence: DistSpec::Lognormal {
                median: 20.0,
                sigma: 0.8,
            },
            classes: vec![
                PrisonerClass {
                    name: "ordinary".into(),
                    initial_count: 1383,
                    arrest_share: 0.99,
                    value_to_west: 1.0,
                    value_to_regime: 1.0,
                    initial_remaining: None,
                    sentence: None,
                },
                PrisonerClass {
                    name: "prominent".into(),
                    initial_count: 30,
                    arrest_share: 0.01,
                    value_to_west: 10.0,
                    value_to_regime: 10.0,
                    initial_remaining: Some(DistSpec::Lognormal {
                        median: 96.0,
                        sigma: 0.5,
                    }),
                    sentence: Some(DistSpec::Lognormal {
                        median: 120.0,
                        sigma: 0.4,
                    }),
                },
            ],
            arrest_periods: Vec::new(),
        }
    }
}

/// One of `[[prisoners.classes]]`: a kind of prisoner, with its own count, share of
/// arrests, worth and sentences.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PrisonerClass {
    /// Its name, which strategies' `class` keys refer to. Required; not empty, unique.
    pub name: String,
    /// Prisoners of this class held at the start. People, 0 to 10,000,000. Required.
    pub initial_count: u64,
    /// Share of new arrests in this class; the shares of all classes sum to 1. In [0, 1].
    /// Required.
    pub arrest_share: f64,
    /// What one release of this class is worth to a Western actor (USD-million equivalent).
    /// A factor on the West's bid and on `payoffs.west.prisoner_freed`, 0 to 1e9; default
    /// 1.0 (10.0 for `prominent` in the default list; assumption: a prominent release is
    /// worth more to the West).
    #[serde(default = "one")]
    pub value_to_west: f64,
    /// What one prisoner of this class is worth to the regime as leverage. A factor on the
    /// regime's ask and on hardliner discontent, 0 to 1e9; default 1.0 (10.0 for
    /// `prominent` in the default list; assumption).
    #[serde(default = "one")]
    pub value_to_regime: f64,
    /// Overrides `prisoners.initial_remaining` for this class. Months; unset:
    /// `prisoners.initial_remaining` (`prominent` in the default list: lognormal, median
    /// 96, sigma 0.5, an assumption).
    #[serde(default)]
    pub initial_remaining: Option<DistSpec>,
    /// Overrides `prisoners.sentence` for this class. Months; unset: `prisoners.sentence`
    /// (`prominent` in the default list: lognormal, median 120, sigma 0.4, an assumption).
    #[serde(default)]
    pub sentence: Option<DistSpec>,
}

fn one() -> f64 {
    1.0
}

/// `releases.selection`: which prisoners of a class a release takes first.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Selection {
    /// Cheapest first: the shortest remaining sentences (001).
    ShortestRemaining,
    /// The longest remaining sentences first.
    LongestRemaining,
    /// Each released prisoner drawn at random from the class, in proportion to cohort size.
    Random,
}

/// How released prisoners leave: `releases.mode` and each regime strategy's `mode`.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum ReleaseMode {
    /// Released at home.
    Home,
    /// Forced deportation (000, 002); a prisoner may refuse and goes back to prison.
    Deportation,
}

/// `[releases]`: how every release, by any strategy or deal, picks and frees prisoners.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct Releases {
    /// Which prisoners of the class go first. Default `shortest-remaining` (001: of those
    /// released, "some only had a few months or weeks left").
    pub selection: Selection,
    /// The share of each release picked at random from the class, the rest by `selection`
    /// (001: those pardoned in 2024 had "relatively short" terms, and only "some" had weeks
    /// or months left). 0 (the default) leaves every pick to `selection`. In [0, 1]; must
    /// be 0 with `selection = "random"`.
    pub random_share: f64,
    /// How released prisoners leave, for every regime strategy that sets no `mode`.
    /// Default `home` (data/release_waves.csv: the 2024 waves were at home).
    pub mode: ReleaseMode,
    /// Probability that a prisoner released by deportation refuses and is returned (002: 1
    /// of 52). In [0, 1]; default 1/52.
    pub refusal_probability: f64,
    /// Monthly probability that a person the regime released at home is arrested again
    /// (002: the revolving door; deportees, abroad, are out of reach). In [0, 1]; default
    /// 0.0 (off).
    pub rearrest_hazard_per_month: f64,
}

impl Default for Releases {
    fn default() -> Self {
        Releases {
            selection: Selection::ShortestRemaining,
            random_share: 0.0,
            mode: ReleaseMode::Home,
            refusal_probability: 1.0 / 52.0,
            rearrest_hazard_per_month: 0.0,
        }
    }
}

/// `regime.strategy`: the regime's strategy (docs/strategies.md). Default `signal` (001;
/// data/release_waves.csv, the 2024 waves).
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq, Default)]
#[serde(rename_all = "kebab-case")]
pub enum RegimeStrategyName {
    /// `hold`: no releases, no deals, no holiday pardons (000).
    Hold,
    /// `signal`: small periodic releases that grow when rewarded with relief
    /// ([`SignalParams`]).
    #[default]
    Signal,
    /// `quid-pro-quo`: releases only in deals ([`QuidProQuoParams`]).
    QuidProQuo,
    /// `revolving-door`: deals, each release matched by new arrests
    /// ([`RevolvingDoorParams`]).
    RevolvingDoor,
    /// `election-cycle`: releases and deals before presidential elections
    /// ([`ElectionCycleParams`]).
    ElectionCycle,
    /// `adaptive`: release sizes chosen by expected utility from learnt beliefs
    /// ([`AdaptiveParams`]).
    Adaptive,
    /// `best-response`: releases, offers and answers chosen by expected discounted utility
    /// under its payoff weights and Bayesian beliefs about the West, quantal
    /// ([`BestResponseParams`]).
    BestResponse,
}

impl RegimeStrategyName {
    /// Every variant, in declaration order: the order of `leverage list`, the catalogue
    /// and the tournament. A test checks it against the variants serde knows.
    pub const ALL: [RegimeStrategyName; 7] = [
        RegimeStrategyName::Hold,
        RegimeStrategyName::Signal,
        RegimeStrategyName::QuidProQuo,
        RegimeStrategyName::RevolvingDoor,
        RegimeStrategyName::ElectionCycle,
        RegimeStrategyName::Adaptive,
        RegimeStrategyName::BestResponse,
    ];

    /// The name as written in a scenario file.
    pub const fn name(self) -> &'static str {
        match self {
            RegimeStrategyName::Hold => "hold",
            RegimeStrategyName::Signal => "signal",
            RegimeStrategyName::QuidProQuo => "quid-pro-quo",
            RegimeStrategyName::RevolvingDoor => "revolving-door",
            RegimeStrategyName::ElectionCycle => "election-cycle",
            RegimeStrategyName::Adaptive => "adaptive",
            RegimeStrategyName::BestResponse => "best-response",
        }
    }
}

/// `[regime]`. Every strategy's table may be written whatever `strategy` says; only the
/// named strategy's is used.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct RegimeActor {
    /// The strategy it plays for the whole run. Default `signal`.
    pub strategy: RegimeStrategyName,
    /// Prisoners pardoned in each holiday month (`events.holiday_months`) by any strategy
    /// but `hold`, from the first class listed. People; default 20 (data/release_waves.csv:
    /// 18 on 3 July, 37 on 16 September, 20 on 28 December 2024).
    pub holiday_pardons: u64,
    /// Least relief the regime asks per prisoner released in a deal, USD millions a month
    /// of sanctions cost removed, times the class's `value_to_regime`. 0 to 1,000,000;
    /// default 0.05.
    pub reservation_price: f64,
    /// How much sanctions pressure moves the regime (the "pressure works" view, 002, 003):
    /// with last month's net sanctions cost `c`, its unilateral releases are multiplied by
    /// `1 + s * c / prisoners.sanctions_reference_cost` and its asking price divided by the
    /// same factor. 0: pressure does not move it (004). 0 to 100; default 0.0.
    pub sanctions_sensitivity: f64,
    /// `[regime.signal]`: the settings of `signal`.
    pub signal: SignalParams,
    /// `[regime.quid-pro-quo]`: the settings of `quid-pro-quo`.
    #[serde(rename = "quid-pro-quo")]
    pub quid_pro_quo: QuidProQuoParams,
    /// `[regime.revolving-door]`: the settings of `revolving-door`.
    #[serde(rename = "revolving-door")]
    pub revolving_door: RevolvingDoorParams,
    /// `[regime.election-cycle]`: the settings of `election-cycle`.
    #[serde(rename = "election-cycle")]
    pub election_cycle: ElectionCycleParams,
    /// `[regime.adaptive]`: the settings of `adaptive`.
    pub adaptive: AdaptiveParams,
    /// `[regime.best-response]`: the settings of `best-response`.
    #[serde(rename = "best-response")]
    pub best_response: BestResponseParams,
    /// `[regime.legitimacy]`: the recognition releases and deals earn, whatever the
    /// strategy.
    pub legitimacy: Legitimacy,
    /// `[regime.hardliners]`: the security apparatus's resistance to releases, whatever
    /// the strategy.
    pub hardliners: Hardliners,
}

impl Default for RegimeActor {
    fn default() -> Self {
        RegimeActor {
            strategy: RegimeStrategyName::default(),
            holiday_pardons: 20,
            // 002: 52 prisoners for relief on Belavia (about 5 USD m a month of cost, an
            // assumption): about 0.1 a prisoner was enough; the regime asks at least half.
            reservation_price: 0.05,
            sanctions_sensitivity: 0.0,
            signal: SignalParams::default(),
            quid_pro_quo: QuidProQuoParams::default(),
            revolving_door: RevolvingDoorParams::default(),
            election_cycle: ElectionCycleParams::default(),
            adaptive: AdaptiveParams::default(),
            best_response: BestResponseParams::default(),
            legitimacy: Legitimacy::default(),
            hardliners: Hardliners::default(),
        }
    }
}

/// `quid-pro-quo`: releases only against concrete relief, sized to what is offered (000).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct QuidProQuoParams {
    /// Prisoners offered in a round. Default 50 (003: 14 in June 2025; 002: 52 in September
    /// 2025).
    pub offer_size: u64,
    /// Largest release it accepts in a counter-offer. People; default 150 (assumption).
    pub max_deal_size: u64,
    /// Class offered. The name of one of `prisoners.classes`; default `ordinary`.
    pub class: String,
    /// Mode of release; default `releases.mode`.
    pub mode: Option<ReleaseMode>,
}

impl Default for QuidProQuoParams {
    fn default() -> Self {
        QuidProQuoParams {
            // 003: 14 in June 2025; 002: 52 in September 2025.
            offer_size: 50,
            max_deal_size: 150,
            class: "ordinary".into(),
            mode: None,
        }
    }
}

/// `revolving-door`: deals like quid-pro-quo, and every release is matched by new arrests
/// (002: "for every prisoner freed, more are detained").
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct RevolvingDoorParams {
    /// Prisoners offered in a round. Default 50 (as `quid-pro-quo`: 003, 14 in June 2025;
    /// 002, 52 in September 2025).
    pub offer_size: u64,
    /// Largest release it accepts in a counter-offer, people. Default 150 (assumption).
    pub max_deal_size: u64,
    /// Name of the class offered, one of `prisoners.classes`. Default `ordinary`.
    pub class: String,
    /// How those released leave; unset: `releases.mode`.
    pub mode: Option<ReleaseMode>,
    /// Extra arrests per prisoner released (002: 283 convicted against 170 released in
    /// January-September 2025, 1.7; the extra arrests beyond the usual rate are fewer). 0
    /// to 100; default 1.0 (an assumption anchored there).
    pub rearrest_ratio: f64,
    /// Months over which the extra arrests are spread. 1 to 1,200; default 3 (assumption).
    pub rearrest_months: u32,
}

impl Default for RevolvingDoorParams {
    fn default() -> Self {
        RevolvingDoorParams {
            offer_size: 50,
            max_deal_size: 150,
            class: "ordinary".into(),
            mode: None,
            rearrest_ratio: 1.0,
            rearrest_months: 3,
        }
    }
}

/// `election-cycle`: releases timed before presidential elections (004: 2008, 2015).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct ElectionCycleParams {
    /// Months before an election in which it releases and offers deals. 0 to 1,200 (0: it
    /// never campaigns); default 6 (data/release_waves.csv: waves from July 2024 before the
    /// January 2025 election).
    pub lead_months: u32,
    /// Prisoners released in each of those months. People; default 30
    /// (data/release_waves.csv: 2024 waves of 18-37).
    pub release_per_month: u64,
    /// Prisoners offered in a round in those months. Default 50 (as `quid-pro-quo`).
    pub offer_size: u64,
    /// Name of the class released and offered, one of `prisoners.classes`. Default
    /// `ordinary`.
    pub class: String,
    /// How those released leave; unset: `releases.mode`.
    pub mode: Option<ReleaseMode>,
}

impl Default for ElectionCycleParams {
    fn default() -> Self {
        ElectionCycleParams {
            // 2024: waves from July before the election of January 2025.
            lead_months: 6,
            release_per_month: 30,
            offer_size: 50,
            class: "ordinary".into(),
            mode: None,
        }
    }
}

/// `adaptive`: picks release sizes by expected utility from beliefs about how each Western
/// actor answers releases, and updates the beliefs from what follows.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct AdaptiveParams {
    /// Release sizes it chooses among (0 is holding). People; at least one; default
    /// `[0, 15, 30, 60]` (assumption: spans 14 in June 2025, 18-37 in 2024 and 52 in
    /// September 2025).
    pub sizes: Vec<u64>,
    /// Months between two choices. 1 to 1,200; default 2 (assumption).
    pub interval_months: u32,
    /// Months after a release in which relief counts as its answer. 1 to 1,200; default 4
    /// (assumption).
    pub reward_window_months: u32,
    /// Weight of each new observation in the running belief (0 to 1). Default 0.3
    /// (assumption).
    pub learning_rate: f64,
    /// Probability of trying a size at random instead of the best one. In [0, 1]; default
    /// 0.1 (assumption).
    pub exploration: f64,
    /// Belief before any observation: relief (USD m a month) expected per prisoner. 0 to
    /// 1,000,000; default 0.1 (assumption: twice the default reservation price, so that
    /// releasing is worth trying and quickly unlearned if unrewarded).
    pub prior_relief_per_prisoner: f64,
    /// Name of the class released, one of `prisoners.classes`. Default `ordinary`.
    pub class: String,
    /// How those released leave; unset: `releases.mode`.
    pub mode: Option<ReleaseMode>,
}

impl Default for AdaptiveParams {
    fn default() -> Self {
        AdaptiveParams {
            sizes: vec![0, 15, 30, 60],
            interval_months: 2,
            reward_window_months: 4,
            learning_rate: 0.3,
            exploration: 0.1,
            // Twice the default reservation price: worth trying, quickly unlearned.
            prior_relief_per_prisoner: 0.1,
            class: "ordinary".into(),
            mode: None,
        }
    }
}

/// Hardliners in the security apparatus oppose pardons (000).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct Hardliners {
    /// Discontent added per prisoner released, times the class's `value_to_regime`. 0 to
    /// 1,000,000; default 1.0 (assumption, 000).
    pub discontent_per_release: f64,
    /// Share of discontent that remains after a month. In [0, 1]; default 0.8 (assumption).
    pub decay_per_month: f64,
    /// Discontent above which they block releases, 0 to 1e12. Default 300.0 (assumption:
    /// the 2024 pace of about 38 releases a month settles near 190 and provokes no block).
    pub threshold: f64,
    /// Months a block lasts. 0 to 1,200 (0: they never block); default 6 (assumption).
    pub block_months: u32,
    /// Extra arrests of the crackdown they push when they block, spread over the block.
    /// People, 0 to 1,000,000; default 100.0 (assumption, 000).
    pub crackdown_arrests: f64,
    /// Discontent each arrest the regime orders to reassure them (a purge, which only
    /// `best-response` chooses) takes away, down to 0. 0 to 1,000,000; default 1.0
    /// (assumption: an arrest reassures them as much as a release of an ordinary prisoner
    /// upsets them; 002: "for every prisoner freed, more are detained").
    pub appeasement_per_arrest: f64,
}

impl Default for Hardliners {
    fn default() -> Self {
        Hardliners {
            // Assumption: with a fifth of discontent fading each month, the 2024 pace of
            // about 38 releases a month (data/release_waves.csv) settles near 190 and
            // provokes no block; a few hundred released within months does.
            discontent_per_release: 1.0,
            decay_per_month: 0.8,
            threshold: 300.0,
            block_months: 6,
            crackdown_arrests: 100.0,
            appeasement_per_arrest: 1.0,
        }
    }
}

/// `signal`: small periodic releases that grow when rewarded and stop when not (001).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct SignalParams {
    /// Months between two releases. At least 1; default 1 (data/release_waves.csv: eight
    /// waves July-December 2024, about one a month).
    pub interval_months: u32,
    /// Month index (0 = the start month) of the first release. Default 0
    /// (data/release_waves.csv: the first 2024 wave was on 3 July).
    pub first_month: u32,
    /// Size of the first release. People; default 28 (data/release_waves.csv: 227 in eight
    /// waves of 18-37).
    pub initial_size: u64,
    /// Factor applied to the size after a release that was rewarded with relief. 0 to 100;
    /// default 1.5 (assumption).
    pub growth: f64,
    /// Largest release the strategy makes. People; default 200 (assumption).
    pub max_size: u64,
    /// Stop after this many releases in a row go unrewarded; 0 never stops. Default 0 (the
    /// baseline uses 8, the 2024 waves; assumption).
    pub stop_after_unrewarded: u32,
    /// Class released. The name of one of `prisoners.classes`; default `ordinary`.
    pub class: String,
    /// Mode of release; defaults to `releases.mode`.
    pub mode: Option<ReleaseMode>,
}

impl Default for SignalParams {
    fn default() -> Self {
        SignalParams {
            // 2024: eight waves of 18-37 in six months (data/release_waves.csv).
            interval_months: 1,
            first_month: 0,
            initial_size: 28,
            growth: 1.5,
            max_size: 200,
            stop_after_unrewarded: 0,
            class: "ordinary".into(),
            mode: None,
        }
    }
}

/// `<actor>.strategy` and `west.switches[].strategy`: a Western actor's strategy
/// (docs/strategies.md). Default `release-first` for all four (000: Brussels sees release
/// as a precondition).
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq, Default)]
#[serde(rename_all = "kebab-case")]
pub enum WestStrategyName {
    /// `release-first`: relief only once its benchmark is met ([`ReleaseFirstParams`]).
    #[default]
    ReleaseFirst,
    /// `sanctions-first`: adds reserve packages while prisoners are held
    /// ([`SanctionsFirstParams`]); needs a reserve measure of the actor.
    SanctionsFirst,
    /// `reciprocal`: a measure lifted per step of releases ([`ReciprocalParams`]).
    Reciprocal,
    /// `transactional`: relief for each release, large or small ([`TransactionalParams`]).
    Transactional,
    /// `engagement`: lifts measures in steps without preconditions ([`EngagementParams`]).
    Engagement,
    /// `best-response`: imposes, lifts, re-imposes and accepts deals by expected utility
    /// under its belief about the regime's type ([`WestBestResponseParams`]).
    BestResponse,
}

impl WestStrategyName {
    /// Every variant, in declaration order: the order of `leverage list`, the catalogue
    /// and the tournament. A test checks it against the variants serde knows.
    pub const ALL: [WestStrategyName; 6] = [
        WestStrategyName::ReleaseFirst,
        WestStrategyName::SanctionsFirst,
        WestStrategyName::Reciprocal,
        WestStrategyName::Transactional,
        WestStrategyName::Engagement,
        WestStrategyName::BestResponse,
    ];

    /// The scripted strategies: every variant but `best-response`, in the order of
    /// [`Self::ALL`]. A choosing regime's types for a Western actor.
    pub const SCRIPTS: [WestStrategyName; 5] = [
        WestStrategyName::ReleaseFirst,
        WestStrategyName::SanctionsFirst,
        WestStrategyName::Reciprocal,
        WestStrategyName::Transactional,
        WestStrategyName::Engagement,
    ];

    /// The name as written in a scenario file.
    pub const fn name(self) -> &'static str {
        match self {
            WestStrategyName::ReleaseFirst => "release-first",
            WestStrategyName::SanctionsFirst => "sanctions-first",
            WestStrategyName::Reciprocal => "reciprocal",
            WestStrategyName::Transactional => "transactional",
            WestStrategyName::Engagement => "engagement",
            WestStrategyName::BestResponse => "best-response",
        }
    }
}

/// What a Western actor asks for before it grants relief (002).
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(tag = "kind", rename_all = "kebab-case", deny_unknown_fields)]
pub enum BenchmarkSpec {
    /// A count of releases since the start (which a revolving door can game).
    Incremental {
        /// People released since the start, by any route. Required.
        releases: u64,
    },
    /// Everyone released and no new political arrests for `quiet_months`.
    Comprehensive {
        /// Consecutive months without a new political arrest, 0 to 1,200. Required.
        quiet_months: u32,
    },
}

/// A Western actor's table, `[us]`, `[eu]`, `[lithuania]` or `[poland]`. Every key has a
/// default; the table may hold every strategy's settings, and the current strategy's are
/// used.
#[derive(Debug, Clone, Deserialize, Serialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct WestActor {
    /// Its strategy at the start. Default `release-first`.
    pub strategy: WestStrategyName,
    /// Default: [`default_benchmark`] of the actor. Inside it, `kind` and its one key are
    /// required. Under `coordination = "aligned"` the US and the EU apply `west.benchmark`
    /// instead.
    pub benchmark: Option<BenchmarkSpec>,
    /// `[<actor>.release-first]`: the settings of `release-first`.
    #[serde(default, rename = "release-first")]
    pub release_first: ReleaseFirstParams,
    /// `[<actor>.sanctions-first]`: the settings of `sanctions-first`.
    #[serde(default, rename = "sanctions-first")]
    pub sanctions_first: SanctionsFirstParams,
    /// `[<actor>.reciprocal]`: the settings of `reciprocal`.
    pub reciprocal: ReciprocalParams,
    /// `[<actor>.transactional]`: the settings of `transactional`.
    pub transactional: TransactionalParams,
    /// `[<actor>.engagement]`: the settings of `engagement`.
    pub engagement: EngagementParams,
    /// `[<actor>.best-response]`: the settings of `best-response`.
    #[serde(default, rename = "best-response")]
    pub best_response: WestBestResponseParams,
    /// Most relief it gives per prisoner released in a deal, USD millions a month of
    /// sanctions cost removed, times the class's `value_to_west`; default 0.3 (assumption:
    /// three times what the 2025 Belavia deal paid, 002). 0 to 1,000,000.
    pub valuation: Option<f64>,
    /// Probability that it withholds the relief of a deal it agreed (reneging). In [0, 1];
    /// default 0.0 (assumption).
    pub withhold_probability: f64,
}

/// `reciprocal`: step-for-step relief per verified release, re-imposed on new arrests.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct ReciprocalParams {
    /// Prisoners released per measure lifted. People, at least 1; default 50 (assumption,
    /// near the 52 of September 2025, 002).
    pub step_size: u64,
    /// Arrests in one month that make it re-impose the last measure it lifted. At least
    /// this many; default 80 (assumption: above every month of 2024, 28-63,
    /// data/monthly_recognitions.csv).
    pub arrest_trigger: u64,
}

impl Default for ReciprocalParams {
    fn default() -> Self {
        ReciprocalParams {
            step_size: 50,
            arrest_trigger: 80,
        }
    }
}

/// `transactional`: relief for each release, large or small (002: the US after 52).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct TransactionalParams {
    /// Least release, in one month, that it rewards with a measure lifted. People; 0 counts
    /// as 1; default 1 (002: relief after the release of 52; MODEL.md: "large or small").
    pub min_release: u64,
}

impl Default for TransactionalParams {
    fn default() -> Self {
        TransactionalParams { min_release: 1 }
    }
}

/// `engagement`: de-escalate in steps without preconditions (004).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct EngagementParams {
    /// Months between two measures lifted. At least 1; default 6 (assumption).
    pub step_months: u32,
    /// Factor on the monthly probability that a channel opens. 0 to 1,000; default 2.0
    /// (assumption; 004: "increasing diplomacy").
    pub channel_multiplier: f64,
}

impl Default for EngagementParams {
    fn default() -> Self {
        EngagementParams {
            step_months: 6,
            channel_multiplier: 2.0,
        }
    }
}

/// The benchmark an actor applies when its table does not set one.
pub fn default_benchmark(actor: &str) -> BenchmarkSpec {
    match actor {
        // 002: the US demanded the release of 1,300, then 1,400.
        "us" => BenchmarkSpec::Incremental { releases: 1300 },
        // 000, 002: the EU asks for all to be released and no new prosecutions.
        "eu" => BenchmarkSpec::Comprehensive { quiet_months: 6 },
        _ => BenchmarkSpec::Comprehensive { quiet_months: 12 },
    }
}

/// `release-first`: relief only after the benchmark is met (000: Brussels sees release as
/// a precondition).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct ReleaseFirstParams {
    /// Months from meeting the benchmark to lifting the negotiable measures (data: the EU
    /// suspended sanctions about two months after the 2008 and 2015 releases). Default 2.
    pub delay_months: u32,
    /// The release a deal with it asks, in prisoners: what is still missing of its
    /// benchmark, at most this many (a tranche toward it, paid in relief at the deal's
    /// price once released). 0 asks for all that is missing in one exchange. 0 to
    /// 1,000,000; default 0.
    pub tranche: u64,
}

impl Default for ReleaseFirstParams {
    fn default() -> Self {
        ReleaseFirstParams {
            delay_months: 2,
            tranche: 0,
        }
    }
}

/// `sanctions-first`: escalate while prisoners are held and on new arrests (002, 003).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct SanctionsFirstParams {
    /// Least months between two packages (004: eleven months between the EU's 8th and 9th).
    /// At least 1; default 11.
    pub package_interval_months: u32,
    /// Arrests in one month that trigger a package at once, interval or not. At least this
    /// many; default 120 (assumption: the highest month on record is 139, November 2022,
    /// data/monthly_recognitions.csv).
    pub arrest_trigger: u64,
    /// Months from meeting the benchmark to lifting the negotiable measures. Default 2 (as
    /// `release-first.delay_months`).
    pub delay_months: u32,
    /// The release a deal with it asks, at most (as `release-first.tranche`). 0 to
    /// 1,000,000; default 0 (all that is missing of the benchmark).
    pub tranche: u64,
}

impl Default for SanctionsFirstParams {
    fn default() -> Self {
        SanctionsFirstParams {
            package_interval_months: 11,
            arrest_trigger: 120,
            delay_months: 2,
            tranche: 0,
        }
    }
}

/// `west.coordination`: whether the US and the EU act as one. Default `divided` (002:
/// "Belarus exploits divisions between Washington and Brussels").
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq, Default)]
#[serde(rename_all = "kebab-case")]
pub enum Coordination {
    /// The US and the EU apply one benchmark and neither grants relief alone.
    Aligned,
    /// Each actor applies its own benchmark (the regime can trade with one side).
    #[default]
    Divided,
}

/// `[west]`: what the Western actors share.
#[derive(Debug, Clone, Deserialize, Serialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct West {
    /// Whether the US and the EU act as one. Default `divided`.
    pub coordination: Coordination,
    /// The one benchmark of the US and the EU when aligned; default: the EU's. Written as
    /// an actor's `benchmark`; not used under `divided`.
    pub benchmark: Option<BenchmarkSpec>,
    /// Scheduled changes of strategy, e.g. a new US administration (000: "Trump's return").
    /// Default none.
    pub switches: Vec<Switch>,
}

/// A Western actor changes strategy in a given month.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Switch {
    /// The actor that switches: `us`, `eu`, `lithuania` or `poland`. Required.
    pub actor: String,
    /// The month it switches, `YYYY-MM`, from `time.start` to the horizon's last month; at
    /// most one switch per actor and month. Required.
    pub month: String,
    /// Its strategy from that month on; `sanctions-first` needs a reserve measure of the
    /// actor. Required.
    pub strategy: WestStrategyName,
}

/// Rounds of bargaining when a channel is open (an envoy visit, a contact).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct Bargaining {
    /// Monthly probability that a channel opens between the regime and a Western actor. In
    /// [0, 1] per counterpart; default 0.15 (assumption: envoy visits or contacts a few
    /// times a year; 000: Kellogg in Minsk on 21 June 2025).
    pub channel_probability_per_month: f64,
    /// Factor on that probability after a ceasefire (001, 004: no breakthrough while the
    /// fighting goes on). 0 to 1,000; default 2.0 (assumption).
    pub ceasefire_channel_multiplier: f64,
    /// How a round splits the surplus between the two reservation prices. `{ kind = "nash",
    /// power = p }` with `p` in [0, 1], or `{ kind = "alternating-offers", rounds = T }`
    /// with `T` 1 to 10,000; default Nash with power 0.5 (MODEL.md: symmetric Nash
    /// bargaining splits at the midpoint).
    pub protocol: super::protocol::Protocol,
    /// The regime's discount factor per round of alternating offers, in [0, 1]. Default
    /// 0.95 (assumption).
    pub regime_discount_per_round: f64,
    /// The West's discount factor per round of alternating offers, in [0, 1]. Default
    /// 0.95 (assumption).
    pub west_discount_per_round: f64,
    /// Months after a deal in which new arrests or re-imposed measures count as reneging. 1
    /// to 1,200; default 3 (assumption).
    pub renege_window_months: u32,
    /// Arrests in that window above the usual rate by this share count as reneging. 0 to
    /// 100; default 0.25 (assumption).
    pub renege_arrest_tolerance: f64,
    /// `[bargaining.credibility]`: the types each side may be in the other's eyes and the
    /// evidence that tells them apart; credibility is the posterior chance that a side
    /// keeps a deal.
    pub credibility: CredibilityTypes,
    /// `[[bargaining.contacts]]`: envoy visits and top-level calls on given months, each
    /// opening a round with its actor whatever the channel's draw (000: pardons followed
    /// Kellogg's visit to Minsk on 21 June 2025). Default none.
    pub contacts: Vec<Contact>,
    /// Before a ceasefire, no deal frees more than this many prisoners: larger offers are
    /// cut to it, and a Western actor that asks more makes no deal (000, 001: no major
    /// breakthrough while the fighting goes on). 0 to 1,000,000; default none.
    pub largest_deal_before_ceasefire: Option<u64>,
    /// The equal parts a deal lifts a measure in: relief is bought a part at a time,
    /// smallest first, until it covers the price agreed for the prisoners freed, so that it
    /// overshoots by less than one part (the US lifted Belavia's sanctions, then
    /// Belaruskali's, deal by deal: 000). 1 lifts whole measures. 1 to 100; default 1.
    pub tranches_per_measure: u32,
}

/// A scheduled contact with the regime.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    /// The Western actor: `us`, `eu`, `lithuania` or `poland`. Required.
    pub actor: String,
    /// Its month, `YYYY-MM`, not before `time.start`; one after the horizon is left out.
    /// Required.
    pub month: String,
    /// `envoy` (a visit, the default) or `top` (heads of state or government).
    #[serde(default)]
    pub level: ContactLevel,
}

/// How high a contact is; each earns the regime its own legitimacy
/// (`regime.legitimacy.per_envoy_visit`, `per_top_contact`).
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq, Default)]
#[serde(rename_all = "kebab-case")]
pub enum ContactLevel {
    /// An envoy's visit (000: Kellogg in Minsk).
    #[default]
    Envoy,
    /// A call or meeting at the top.
    Top,
}

impl Default for Bargaining {
    fn default() -> Self {
        Bargaining {
            // Assumption: envoy visits or contacts a few times a year (000: Kellogg in
            // Minsk on 21 June 2025).
            channel_probability_per_month: 0.15,
            ceasefire_channel_multiplier: 2.0,
            protocol: super::protocol::Protocol::Nash { power: 0.5 },
            regime_discount_per_round: 0.95,
            west_discount_per_round: 0.95,
            renege_window_months: 3,
            renege_arrest_tolerance: 0.25,
            credibility: CredibilityTypes::default(),
            contacts: Vec::new(),
            largest_deal_before_ceasefire: None,
            tranches_per_measure: 1,
        }
    }
}

/// Credibility as a belief (issue 13): each Western actor holds a probability that the
/// regime is a *liberaliser* rather than a *hostage-taker*, and the regime holds a
/// probability that each Western actor is a *keeper* of its deals. A deal honoured through
/// its window, a deal broken, and (for the regime) a month with or without a release of its
/// own are evidence, weighed by Bayes' rule with the likelihoods below. A side's credibility
/// in the other's eyes is the chance it keeps a deal under that belief:
/// `p * keeps_if_keeper + (1 - p) * keeps_if_not`. With the defaults it starts at 0.71 and
/// stays between 0.15 and 0.95.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct CredibilityTypes {
    /// Each Western actor's prior probability that the regime is a liberaliser. In
    /// [0, 1]; default 0.7 (assumption: with the likelihoods below, a credibility of 0.71
    /// at the start, as the earlier scalar model's 0.7).
    pub liberaliser_prior: f64,
    /// The regime's prior probability that each Western actor keeps its deals. In [0, 1];
    /// default 0.7 (assumption, as `liberaliser_prior`).
    pub west_keeper_prior: f64,
    /// The chance that a side of the keeping type (a liberaliser regime, a keeper in the
    /// West) honours a deal through its window. In [0, 1], at least `keeps_if_not`;
    /// default 0.95 (assumption).
    pub keeps_if_keeper: f64,
    /// The chance that a side of the other type (a hostage-taker, a Western actor that
    /// does not keep its word) honours a deal. In [0, 1]; default 0.15 (assumption: with
    /// the defaults two broken deals with no kept one between them end an actor's deals,
    /// docs/model.md section 7.6).
    pub keeps_if_not: f64,
    /// The monthly chance that a liberaliser regime releases prisoners on its own (holiday
    /// pardons and deals aside). In [0, 1], at least `releases_if_hostage_taker`; default
    /// 0.2 (assumption for ordinary times: release_waves.csv has a wave in most months of
    /// July-December 2024, the campaign before the election of January 2025).
    pub releases_if_liberaliser: f64,
    /// The monthly chance that a hostage-taker releases prisoners on its own. In [0, 1];
    /// default 0.1 (assumption: half a liberaliser's, so a month with such a release
    /// doubles the odds that the regime is a liberaliser and a month without lowers them
    /// by a ninth).
    pub releases_if_hostage_taker: f64,
}

impl Default for CredibilityTypes {
    fn default() -> Self {
        CredibilityTypes {
            liberaliser_prior: 0.7,
            west_keeper_prior: 0.7,
            keeps_if_keeper: 0.95,
            keeps_if_not: 0.15,
            releases_if_liberaliser: 0.2,
            releases_if_hostage_taker: 0.1,
        }
    }
}

/// `russia.strategy`: Russia's strategy. Default `patron` (001), the only one.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq, Default)]
#[serde(rename_all = "kebab-case")]
pub enum RussiaStrategyName {
    /// `patron`: offsets a share of the sanctions cost ([`PatronParams`]).
    #[default]
    Patron,
}

impl RussiaStrategyName {
    /// Every variant, in declaration order: the order of `leverage list`, the catalogue
    /// and the tournament. A test checks it against the variants serde knows.
    pub const ALL: [RussiaStrategyName; 1] = [RussiaStrategyName::Patron];

    /// The name as written in a scenario file.
    pub const fn name(self) -> &'static str {
        match self {
            RussiaStrategyName::Patron => "patron",
        }
    }
}

/// `[russia]`: the regime's patron.
#[derive(Debug, Clone, Deserialize, Serialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct RussiaActor {
    /// Its strategy. Default `patron`.
    pub strategy: RussiaStrategyName,
    /// `[russia.patron]`: the settings of `patron`.
    pub patron: PatronParams,
}

/// Russia as patron: it absorbs part of the sanctions cost (001).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct PatronParams {
    /// Share of the sanctions cost Russia offsets while the war goes on. In [0, 1]; default
    /// 0.4 (assumption; 001: the economy booms on Russian military spending).
    pub cushion_share: f64,
    /// The share after a ceasefire, when Russian military orders fall (001). In [0, 1];
    /// default 0.2 (assumption).
    pub cushion_share_after_ceasefire: f64,
    /// Probability that Moscow derails a channel in a month in which it opens (001: "it
    /// would be easy for officials in Moscow, or hawks in Minsk, to derail any budding
    /// rapprochement"). In [0, 1]; default 0.1 (assumption).
    pub derail_probability_per_month: f64,
}

impl Default for PatronParams {
    fn default() -> Self {
        PatronParams {
            cushion_share: 0.4,
            cushion_share_after_ceasefire: 0.2,
            derail_probability_per_month: 0.1,
        }
    }
}

/// `[sanctions]`: what holds for every measure unless the measure says otherwise.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct Sanctions {
    /// Default erosion half-life of a measure's bite (004); a measure may override it.
    /// Months, above 0, or `inf` for no erosion; default 60.0 (assumption; 004: the economy
    /// reorients away from the West).
    pub erosion_half_life_months: f64,
    /// Justifications whose measures can be traded against prisoners unless a measure says
    /// otherwise (001, 004: only those imposed for repression). May be empty; default
    /// `["repression"]`.
    pub negotiable_justifications: Vec<Justification>,
    /// `[sanctions.transit_veto]`. Default none (the baseline sets Lithuania's over
    /// potash, 003).
    pub transit_veto: Option<TransitVeto>,
    /// `[sanctions.unanimity]`: the EU's measures need every member's consent to be
    /// renewed and to be lifted. Default: yearly renewal in February, no veto.
    pub unanimity: Unanimity,
}

impl Default for Sanctions {
    fn default() -> Self {
        Sanctions {
            erosion_half_life_months: 60.0,
            negotiable_justifications: vec![Justification::Repression],
            transit_veto: None,
            unanimity: Unanimity::default(),
        }
    }
}

/// EU unanimity (MODEL.md: "the EU decides by unanimity with yearly renewal"): the EU's
/// measures lapse when a member vetoes their renewal, and the EU lifts a measure (by its
/// own decision or to pay for a deal) only when no member vetoes the lift. The draws come
/// from a stream of their own (`unanimity`), so that turning a veto on moves no other
/// draw.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct Unanimity {
    /// Month of the year, 1 to 12, in which every EU measure in force comes up for
    /// renewal. Default 2 (data/sanctions_events.csv: on 26 February 2024 the EU extended
    /// its Belarus measures to February 2025; the regime is renewed yearly by the end of
    /// February).
    pub renewal_month: u32,
    /// Probability that a member vetoes the renewal of one EU measure at a renewal, each
    /// measure drawn on its own: the measure lapses, counted as lifted though the EU did
    /// not choose it. In [0, 1]; default 0.0 (data/sanctions_events.csv: no Belarus
    /// measure lapsed at a renewal since 2020; a scenario of a divided EU sets it).
    pub renewal_veto_probability: f64,
    /// Probability that a member vetoes the EU's lifting of measures in a month: one draw
    /// a month decides every lift the EU attempts that month (its decisions and its
    /// deals' relief). In [0, 1]; default 0.0 (assumption: the suspensions of 2008 and 2016 passed,
    /// data/sanctions_events.csv).
    pub lift_veto_probability: f64,
    /// Whether Lithuania and Poland veto every EU lift while their own benchmark is unmet
    /// (003: "Lithuania must of course hold the line"). `true` or `false`; default `false`.
    pub frontline_veto: bool,
}

impl Default for Unanimity {
    fn default() -> Self {
        Unanimity {
            renewal_month: 2,
            renewal_veto_probability: 0.0,
            lift_veto_probability: 0.0,
            frontline_veto: false,
        }
    }
}

/// Lithuania's transit ban (003): while the holder keeps a measure in `sector`, relief on
/// that sector by anyone else is worth only `relief_share` of its nominal value.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TransitVeto {
    /// The actor holding the route: `us`, `eu`, `lithuania` or `poland`. Required
    /// (baseline: `lithuania`, 003).
    pub actor: String,
    /// The sector vetoed, the `sector` of at least one measure. Required (baseline:
    /// `potash`, 003).
    pub sector: String,
    /// Share in [0, 1] of a lifted measure's bite that reaches the regime under the veto.
    /// Required (baseline: 0.2, assumption).
    pub relief_share: f64,
}

/// `measures[].status`: in force or in reserve. Default `active`.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq, Default)]
#[serde(rename_all = "kebab-case")]
pub enum MeasureStatus {
    /// In force at the start of the scenario.
    #[default]
    Active,
    /// A package an actor can add when it escalates.
    Reserve,
}

/// `measures[].justification`: why a measure was imposed (data/sanctions_events.csv).
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Justification {
    /// Imposed over political repression: negotiable by default (001, 004).
    Repression,
    /// Imposed over Belarus's part in the war in Ukraine.
    War,
    /// Imposed over the use of migrants against the EU's border (2021).
    Migration,
    /// Imposed over the Ryanair diversion (2021): airspace bans, listings.
    Aviation,
    /// National security measures, such as Lithuania's halt of potash transit (2022).
    Security,
}

/// One of `[[measures]]`: a sanction by one actor, in force at the start or in reserve.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Measure {
    /// Its name in outputs and events. Required; not empty, unique.
    pub name: String,
    /// `us`, `eu`, `lithuania` or `poland`. Required (data/sanctions_events.csv).
    pub actor: String,
    /// potash, aviation, finance, individuals, transit, trade... Any text, compared as
    /// written with the transit veto's sector. Required (data/sanctions_events.csv).
    pub sector: String,
    /// Why it was imposed (data/sanctions_events.csv); decides `negotiable` by default.
    /// Required.
    pub justification: Justification,
    /// Cost to the regime per month at full bite, USD millions. 0 to 1,000,000. Required
    /// (baseline: assumptions anchored on potash exports of about USD 2.8 bn in 2019,
    /// MODEL.md).
    pub cost_per_month: f64,
    /// In force at the start, or a reserve package an actor adds when it escalates.
    /// Default `active`.
    #[serde(default)]
    pub status: MeasureStatus,
    /// Month it was imposed (`YYYY-MM`, active measures only): erosion counts from here.
    /// Not after `time.start`; unset: imposed in the start month (age 0).
    #[serde(default)]
    pub imposed: Option<String>,
    /// Whether it can be traded against prisoners; default: its justification is in
    /// `sanctions.negotiable_justifications`. `true` or `false`.
    #[serde(default)]
    pub negotiable: Option<bool>,
    /// Overrides `sanctions.erosion_half_life_months`. Months, above 0, or `inf` for no
    /// erosion.
    #[serde(default)]
    pub erosion_half_life_months: Option<f64>,
    /// What the measure costs each sender while in force, USD millions a month, its own
    /// actor's and others' (Lithuania bears the Klaipeda transit loss of the US and EU
    /// potash measures, 003). Does not erode: the trade a sender gives up does not come
    /// back as the regime reroutes. Each 0 to 1,000,000; default none (0 for all four).
    #[serde(default, skip_serializing_if = "SenderCosts::is_zero")]
    pub sender_costs: SenderCosts,
}

/// `measures[].sender_costs`: a measure's cost to each Western actor while it is in force,
/// USD millions a month (`{ lithuania = 6.0, eu = 1.0 }`). An actor left out bears none.
#[derive(Debug, Clone, Copy, Default, Deserialize, Serialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct SenderCosts {
    /// The United States' cost. Default 0.0.
    pub us: f64,
    /// The European Union's cost (its members together). Default 0.0.
    pub eu: f64,
    /// Lithuania's own cost (transit through Klaipeda, 003). Default 0.0.
    pub lithuania: f64,
    /// Poland's own cost (border trade). Default 0.0.
    pub poland: f64,
}

impl SenderCosts {
    /// In the order of every per-actor array: us, eu, lithuania, poland.
    pub fn by_actor(&self) -> [f64; 4] {
        [self.us, self.eu, self.lithuania, self.poland]
    }

    /// Whether no actor bears any cost (then the key is not written out).
    pub fn is_zero(&self) -> bool {
        self.by_actor() == [0.0; 4]
    }
}

/// `[events]`: what happens to the world whatever the actors do.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct Events {
    /// Monthly probability that fighting in Ukraine stops (001, 004). In [0, 1]; default
    /// 0.02 (assumption: about 70% within 60 months).
    pub ceasefire_hazard_per_month: f64,
    /// Presidential elections, `YYYY-MM` (004). Each a valid month; months before
    /// `time.start` are ignored. Default `["2025-01", "2030-01"]` (data/README.md: the
    /// election of 26 January 2025; 2030 an assumption, a five-year term). Used by
    /// `election-cycle`.
    pub elections: Vec<String>,
    /// Months of the year with national holidays on which pardons cluster (data: 3 July, 17
    /// September, and the New Year pardon of 28 December 2024). Each 1 to 12; default
    /// `[7, 9, 12]` (data/README.md, data/release_waves.csv).
    pub holiday_months: Vec<u32>,
    /// `[events.repression_waves]`: protests or crises that add arrests.
    pub repression_waves: RepressionWaves,
}

impl Default for Events {
    fn default() -> Self {
        Events {
            ceasefire_hazard_per_month: 0.02,
            elections: vec!["2025-01".into(), "2030-01".into()],
            holiday_months: vec![7, 9, 12],
            repression_waves: RepressionWaves::default(),
        }
    }
}

/// Protests or crises that add arrests (003).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct RepressionWaves {
    /// Monthly probability that a wave starts. In [0, 1]; default 0.02 (assumption, 003:
    /// protests or crises trigger arrest spikes; about one wave every four years).
    pub probability_per_month: f64,
    /// Extra arrests over a whole wave. People; default lognormal, median 150, sigma 0.6
    /// (assumption; data/monthly_recognitions.csv: 139 in November 2022).
    pub size: DistSpec,
    /// Months a wave lasts; its arrests are spread evenly over them. 1 to 1,200; default 3
    /// (assumption).
    pub duration_months: u32,
    /// Waves that start in given months (`YYYY-MM`), whatever the probability. Not before
    /// `time.start`; months after the horizon are never reached. Default none.
    pub scheduled: Vec<String>,
}

impl Default for RepressionWaves {
    fn default() -> Self {
        RepressionWaves {
            probability_per_month: 0.02,
            size: DistSpec::Lognormal {
                median: 150.0,
                sigma: 0.6,
            },
            duration_months: 3,
            scheduled: Vec::new(),
        }
    }
}

/// `[payoffs]`: the weights of the monthly utilities (docs/model.md, section 7.12).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct Payoffs {
    /// Monthly discount factor applied to every actor's utility. Above 0, at most 1;
    /// default 0.99 (assumption).
    pub discount_per_month: f64,
    /// `[payoffs.regime]`: the regime's weights.
    pub regime: RegimePayoff,
    /// `[payoffs.west]`: every Western actor's weights, unless its own table overrides
    /// them.
    pub west: WestPayoff,
    /// `[payoffs.us]`: the keys of `[payoffs.west]` the US weighs differently.
    #[serde(skip_serializing_if = "WestPayoffOverride::is_empty")]
    pub us: WestPayoffOverride,
    /// `[payoffs.eu]`: the keys of `[payoffs.west]` the EU weighs differently.
    #[serde(skip_serializing_if = "WestPayoffOverride::is_empty")]
    pub eu: WestPayoffOverride,
    /// `[payoffs.lithuania]`: the keys of `[payoffs.west]` Lithuania weighs differently.
    #[serde(skip_serializing_if = "WestPayoffOverride::is_empty")]
    pub lithuania: WestPayoffOverride,
    /// `[payoffs.poland]`: the keys of `[payoffs.west]` Poland weighs differently.
    #[serde(skip_serializing_if = "WestPayoffOverride::is_empty")]
    pub poland: WestPayoffOverride,
}

impl Default for Payoffs {
    fn default() -> Self {
        Payoffs {
            discount_per_month: 0.99,
            regime: RegimePayoff::default(),
            west: WestPayoff::default(),
            us: WestPayoffOverride::default(),
            eu: WestPayoffOverride::default(),
            lithuania: WestPayoffOverride::default(),
            poland: WestPayoffOverride::default(),
        }
    }
}

impl Payoffs {
    /// The overrides in the order of every per-actor array: us, eu, lithuania, poland.
    pub fn overrides(&self) -> [&WestPayoffOverride; 4] {
        [&self.us, &self.eu, &self.lithuania, &self.poland]
    }
}

/// Weights of the regime's monthly utility, in USD-million equivalents.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct RegimePayoff {
    /// Per USD million of sanctions cost net of the Russian cushion. -1,000,000 to
    /// 1,000,000; default 1.0 (assumption).
    pub sanctions_cost: f64,
    /// Per channel with the West open (not derailed) in a month: legitimacy (003).
    /// -1,000,000 to 1,000,000; default 20.0 (assumption).
    pub engagement: f64,
    /// Per prisoner held per month (000: "it's not cheap"). -1,000,000 to 1,000,000;
    /// default 0.005 (assumption).
    pub prisoner_month: f64,
    /// Per unit of hardliner discontent (000). -1,000,000 to 1,000,000; default 1.0
    /// (assumption).
    pub hardliner_discontent: f64,
    /// Per death in custody (000: "he would be the one held responsible"). -1,000,000 to
    /// 1,000,000; default 5.0 (assumption).
    pub death_in_custody: f64,
    /// Per unit of legitimacy held per month (`[regime.legitimacy]`; 001, 003, 004).
    /// -1,000,000 to 1,000,000; default 0.4 (assumption: a prisoner released earns about
    /// 3.7 over the months the recognition lasts, less than the 4.8 the hardliners'
    /// discontent costs, twice as much before an election).
    pub legitimacy: f64,
    /// Per prisoner deported rather than freed at home: an opponent out of the country for
    /// good (002: "you want them - take them, deport them"). -1,000,000 to 1,000,000;
    /// default 1.0 (assumption).
    pub deportation: f64,
    /// Per veto of the hardliners (`[regime.hardliners]`): a split in the security
    /// apparatus the ruler has to face down (000). -1,000,000 to 1,000,000; default 300.0
    /// (assumption: as much as the discontent of about 60 prisoners released).
    pub hardliner_veto: f64,
    /// Per arrest it orders to reassure its hardliners (a purge, `best-response` only),
    /// besides the cost of holding the prisoner: the opprobrium and the risk that come
    /// with it. -1,000,000 to 1,000,000; default 2.0 (assumption: with the legitimacy an
    /// arrest loses, about 3.7, and holding, a purge costs about 5.9 an arrest against the
    /// 4.8 of discontent it removes, so it pays when it spares a veto; 002).
    pub purge_arrest: f64,
}

impl Default for RegimePayoff {
    fn default() -> Self {
        RegimePayoff {
            sanctions_cost: 1.0,
            engagement: 20.0,
            prisoner_month: 0.005,
            hardliner_discontent: 1.0,
            death_in_custody: 5.0,
            legitimacy: 0.4,
            deportation: 1.0,
            hardliner_veto: 300.0,
            purge_arrest: 2.0,
        }
    }
}

/// Weights of a Western actor's monthly utility, in USD-million equivalents.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct WestPayoff {
    /// Per prisoner freed, times the class's `value_to_west`. -1,000,000 to 1,000,000;
    /// default 1.0 (assumption).
    pub prisoner_freed: f64,
    /// Per new political arrest. -1,000,000 to 1,000,000; default 1.0 (assumption).
    pub new_arrest: f64,
    /// Per death in custody. -1,000,000 to 1,000,000; default 10.0 (assumption).
    pub death_in_custody: f64,
    /// Per USD million of relief given (002: a loophole Russia can exploit). -1,000,000 to
    /// 1,000,000; default 0.2 (assumption).
    pub relief_given: f64,
    /// Per deal of the actor's that the regime reneged on (new arrests in the window)
    /// after the actor delivered its relief: relief that rewarded a revolving door (002).
    /// -1,000,000 to 1,000,000; default 10.0 (assumption).
    pub credibility_lost: f64,
    /// Per USD million of the actor's own sender cost in a month: what the measures in
    /// force cost it (`measures[].sender_costs`; Lithuania's transit revenue, Poland's
    /// border trade). -1,000,000 to 1,000,000; default 1.0 (a USD million lost counts as
    /// one USD-million equivalent).
    pub sender_cost: f64,
    /// Audience cost per deal of the actor's struck in a month at whose end political
    /// prisoners are still held: paying a regime that keeps hostages (002: relief for
    /// partial releases "incentivizes the regime to continue hostage bargaining"; 003).
    /// -1,000,000 to 1,000,000; default 0.0 (assumption; the bundled scenarios set it).
    pub audience_cost: f64,
    /// Per prisoner freed in the actor's own deals, times the class's `value_to_west`, on
    /// top of `prisoner_freed`: the credit for releases it brokered itself (002: freed "at
    /// the request of President Trump"). A deal of the US and the EU together credits
    /// both. -1,000,000 to 1,000,000; default 0.0 (assumption; the bundled scenarios set
    /// it for the US).
    pub freed_in_own_deal: f64,
    /// Per measure justified by security that is lifted (not in force), every month it
    /// stays lifted, whoever lifted it: the actor's security stake (003: "Lithuania must
    /// of course hold the line on threats to its national security"). -1,000,000 to
    /// 1,000,000; default 0.0 (assumption; the bundled scenarios set it for Lithuania).
    pub security_lifted: f64,
}

impl Default for WestPayoff {
    fn default() -> Self {
        WestPayoff {
            prisoner_freed: 1.0,
            new_arrest: 1.0,
            death_in_custody: 10.0,
            relief_given: 0.2,
            credibility_lost: 10.0,
            sender_cost: 1.0,
            audience_cost: 0.0,
            freed_in_own_deal: 0.0,
            security_lifted: 0.0,
        }
    }
}

impl WestPayoff {
    /// The weights with `o`'s keys in place of these: one actor's weights.
    pub fn with(&self, o: &WestPayoffOverride) -> WestPayoff {
        WestPayoff {
            prisoner_freed: o.prisoner_freed.unwrap_or(self.prisoner_freed),
            new_arrest: o.new_arrest.unwrap_or(self.new_arrest),
            death_in_custody: o.death_in_custody.unwrap_or(self.death_in_custody),
            relief_given: o.relief_given.unwrap_or(self.relief_given),
            credibility_lost: o.credibility_lost.unwrap_or(self.credibility_lost),
            sender_cost: o.sender_cost.unwrap_or(self.sender_cost),
            audience_cost: o.audience_cost.unwrap_or(self.audience_cost),
            freed_in_own_deal: o.freed_in_own_deal.unwrap_or(self.freed_in_own_deal),
            security_lifted: o.security_lifted.unwrap_or(self.security_lifted),
        }
    }
}

/// `[payoffs.us]`, `[payoffs.eu]`, `[payoffs.lithuania]`, `[payoffs.poland]`: any key of
/// [`WestPayoff`], same unit and range, for that actor alone; a key left out takes
/// `[payoffs.west]`'s. Western actors who differ (MODEL.md: "Sanctions cost their senders
/// too").
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct WestPayoffOverride {
    /// Overrides `payoffs.west.prisoner_freed`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prisoner_freed: Option<f64>,
    /// Overrides `payoffs.west.new_arrest`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new_arrest: Option<f64>,
    /// Overrides `payoffs.west.death_in_custody`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub death_in_custody: Option<f64>,
    /// Overrides `payoffs.west.relief_given`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub relief_given: Option<f64>,
    /// Overrides `payoffs.west.credibility_lost`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub credibility_lost: Option<f64>,
    /// Overrides `payoffs.west.sender_cost`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sender_cost: Option<f64>,
    /// Overrides `payoffs.west.audience_cost`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub audience_cost: Option<f64>,
    /// Overrides `payoffs.west.freed_in_own_deal`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub freed_in_own_deal: Option<f64>,
    /// Overrides `payoffs.west.security_lifted`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub security_lifted: Option<f64>,
}

impl WestPayoffOverride {
    /// Whether it overrides nothing (then the table is not written out).
    pub fn is_empty(&self) -> bool {
        *self == WestPayoffOverride::default()
    }

    /// Every key it sets, with its value, in declaration order.
    pub fn set_keys(&self) -> Vec<(&'static str, f64)> {
        [
            ("prisoner_freed", self.prisoner_freed),
            ("new_arrest", self.new_arrest),
            ("death_in_custody", self.death_in_custody),
            ("relief_given", self.relief_given),
            ("credibility_lost", self.credibility_lost),
            ("sender_cost", self.sender_cost),
            ("audience_cost", self.audience_cost),
            ("freed_in_own_deal", self.freed_in_own_deal),
            ("security_lifted", self.security_lifted),
        ]
        .into_iter()
        .filter_map(|(k, v)| v.map(|v| (k, v)))
        .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The variants serde knows, from its message for an unknown one: "unknown variant
    /// `?`, expected one of `a`, `b`".
    fn serde_names<T: for<'de> Deserialize<'de>>() -> Vec<String> {
        #[derive(Deserialize)]
        struct One<T> {
            #[allow(dead_code)]
            s: T,
        }
        let e = toml::from_str::<One<T>>("s = \"?\"")
            .err()
            .expect("? is no variant");
        let listed = e
            .message()
            .split("expected")
            .nth(1)
            .unwrap_or("")
            .to_string();
        listed
            .split('`')
            .skip(1)
            .step_by(2)
            .map(str::to_string)
            .collect()
    }

    #[test]
    fn every_strategy_variant_is_listed_once_with_its_file_name() {
        fn check<T: Copy + Serialize + for<'de> Deserialize<'de>>(
            all: &[T],
            name: fn(T) -> &'static str,
        ) {
            let names: Vec<String> = all.iter().map(|s| name(*s).to_string()).collect();
            assert_eq!(names, serde_names::<T>());
            for s in all {
                assert_eq!(toml::Value::try_from(s).unwrap().as_str(), Some(name(*s)));
            }
        }
        check(&RegimeStrategyName::ALL, RegimeStrategyName::name);
        check(&WestStrategyName::ALL, WestStrategyName::name);
        check(&RussiaStrategyName::ALL, RussiaStrategyName::name);
    }
}
