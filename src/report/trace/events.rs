//! The narration of each kind of event in one sentence: releases, blocks and vetoes,
//! waves, channels, offers and counter-offers, rejections, deals, broken deals,
//! credibility, measures imposed, lifted and re-imposed.
//!
//! Owns the wording of events, shared by the text and (as each event's `text`) the JSON.
//! Must not lay out months or totals.

use super::Trace;
use super::words::{
    actor_name, beliefs_text, choice_text, count, count_f, kebab, months_phrase, price_text,
    prisoners, signed, source_name, verb, who,
};
use crate::engine::run::{Event, ReleaseSource, Reneger};
use crate::scenario::{ContactLevel, ReleaseMode};
use crate::strategy::west::best_response::Move;
use std::fmt::Write as _;

impl Trace<'_> {
    /// A choosing Western actor's move in words: "lift potash", "hold".
    pub(super) fn west_move_text(&self, m: Move) -> String {
        match m {
            Move::Hold => "hold".into(),
            Move::Impose(i) => format!("impose {}", self.measure_name(i)),
            Move::Lift(i) => format!("lift {}", self.measure_name(i)),
            Move::Reimpose(i) => format!("re-impose {}", self.measure_name(i)),
        }
    }

    /// One event in a sentence. `previous` is the event before it in the same month: a
    /// Western order after the regime's offer is a counter-offer, otherwise a proposal.
    pub(super) fn event_text(&self, event: &Event, previous: Option<&Event>) -> String {
        let sc = self.scenario;
        match event {
            Event::StrategySwitch { actor, strategy } => {
                format!(
                    "{} switches to the {} strategy",
                    actor_name(*actor),
                    kebab(strategy)
                )
            }
            Event::Election => "presidential election".into(),
            Event::Ceasefire => {
                "ceasefire in the war: Russia cushions less of the sanctions, and channels open more easily".into()
            }
            Event::WaveStarted {
                extra_arrests,
                months,
            } => format!(
                "a repression wave starts: about {} extra arrests over {}",
                count_f(*extra_arrests),
                months_phrase(*months)
            ),
            Event::Purge {
                arrests,
                discontent: (before, after),
            } => format!(
                "regime orders about {} arrests next month to reassure its hardliners \
                 (their discontent {before:.0} -> {after:.0})",
                count(*arrests)
            ),
            Event::Rearrests {
                extra_arrests,
                months,
            } => format!(
                "the door revolves: about {} extra arrests over the next {}",
                count_f(*extra_arrests),
                if *months == 1 {
                    "month".to_string()
                } else {
                    months_phrase(*months)
                }
            ),
            Event::Release {
                source,
                class,
                ordered,
                mode,
                outcome,
            } => {
                let who = prisoners(outcome.released, self.class_name(*class));
                let mut s = match mode {
                    ReleaseMode::Home => format!("regime releases {who} at home"),
                    ReleaseMode::Deportation => format!("regime deports {who}"),
                };
                let _ = write!(s, " ({})", source_name(*source));
                match outcome.refused {
                    0 => {}
                    1 => s.push_str("; 1 refuses deportation and stays in prison"),
                    n => {
                        let _ = write!(
                            s,
                            "; {} refuse deportation and stay in prison",
                            count(n)
                        );
                    }
                }
                let held = outcome.released + outcome.refused;
                if held < *ordered {
                    let _ = write!(s, "; {} ordered, only {} held", count(*ordered), count(held));
                }
                s
            }
            Event::ReleaseBlocked { source, ordered } => {
                let mut s = format!(
                    "hardliners block the release of {} ({})",
                    prisoners(*ordered, ""),
                    source_name(*source)
                );
                if *source == ReleaseSource::Deal {
                    s.push_str(", so the deal falls through");
                }
                s
            }
            Event::HardlinerVeto {
                until,
                crackdown_arrests,
            } => {
                let mut s = format!("hardliners block releases until {}", sc.calendar(*until));
                if *crackdown_arrests > 0.0 {
                    let _ = write!(
                        s,
                        " and push a crackdown of {} arrests",
                        count_f(*crackdown_arrests)
                    );
                }
                s
            }
            Event::Deaths(1) => "1 prisoner dies in custody".into(),
            Event::Deaths(n) => format!("{} prisoners die in custody", count(*n)),
            Event::ChannelOpened(cp) => format!("channel opens with {}", who(*cp)),
            Event::Contact { actor, level } => match level {
                ContactLevel::Envoy => {
                    format!("an envoy of {} visits Minsk (scheduled)", actor_name(*actor))
                }
                ContactLevel::Top => {
                    format!("{} and Minsk talk at the top (scheduled)", actor_name(*actor))
                }
            },
            Event::ChannelDerailed(cp) => {
                format!("a channel with {} opens, but Russia derails it", who(*cp))
            }
            Event::Choice { counterpart, why } => {
                let stage = match counterpart {
                    None => "regime decides".to_string(),
                    Some(cp) => format!("in the round with {}, regime decides", who(*cp)),
                };
                let mut s = String::new();
                if let Some(p) = why.purge {
                    let _ = write!(
                        s,
                        "regime decides to order {} arrests to reassure its hardliners: \
                         worth {} against none ({:.0}% likely); then ",
                        count(p.arrests),
                        signed(p.value),
                        p.probability * 100.0
                    );
                }
                let _ = write!(
                    s,
                    "{stage} to {}: worth {}",
                    choice_text(why.chosen),
                    signed(why.value)
                );
                if let Some((alt, v)) = why.alternative {
                    let _ = write!(s, " against {} to {}", signed(v), choice_text(alt));
                }
                let _ = write!(
                    s,
                    " ({:.0}% likely; values over holding, no offer or refusing); the West's \
                     expected answer is {} of it; it puts {}",
                    why.probability * 100.0,
                    signed(why.west_value),
                    beliefs_text(&why.beliefs)
                );
                s
            }
            Event::Offer { order, price, .. } => {
                let verb = match order.mode {
                    ReleaseMode::Home => "offers",
                    ReleaseMode::Deportation => "offers to deport",
                };
                format!(
                    "regime {verb} {} for {} USD m a month each",
                    prisoners(order.count, self.class_name(order.class)),
                    price_text(*price)
                )
            }
            Event::Counter {
                counterpart,
                order,
                price,
            } => {
                let answers = matches!(
                    previous,
                    Some(Event::Offer { counterpart: c, .. }) if c == counterpart
                );
                let says = verb(*counterpart, if answers { "counters" } else { "proposes" });
                format!(
                    "{} {says}: {} at {} USD m a month each",
                    who(*counterpart),
                    prisoners(order.count, self.class_name(order.class)),
                    price_text(*price)
                )
            }
            Event::Rejected {
                counterpart,
                by_regime: true,
            } => format!("regime rejects {}'s terms", who(*counterpart)),
            Event::Rejected {
                counterpart,
                by_regime: false,
            } => format!(
                "{} {} the offer",
                who(*counterpart),
                verb(*counterpart, "rejects")
            ),
            Event::Deal {
                counterpart,
                price,
                released,
                measures_lifted,
                relief,
                ..
            } => format!(
                "deal with {} at {} USD m a month each: {} released for relief worth {} USD m a month, {}",
                who(*counterpart),
                price_text(*price),
                count(*released),
                price_text(*relief),
                lifted_whole(*measures_lifted)
            ),
            Event::ReliefWithheld(actor) => format!("{} withholds the relief it promised", actor_name(*actor)),
            Event::Reneged(Reneger::Regime) => {
                "regime breaks a deal: arrests since the deal exceed the usual rate".into()
            }
            Event::Reneged(Reneger::West(actor)) => format!("{} breaks a deal", actor_name(*actor)),
            Event::Credibility {
                actor,
                of_regime,
                of_west,
                liberaliser,
                west_keeper,
            } => {
                let actor = actor_name(*actor);
                format!(
                    "credibility: {actor} now thinks the regime {:.0}% likely a liberaliser, \
                     so {of_regime:.2} likely to keep a deal; the regime thinks {actor} {:.0}% \
                     likely to be a keeper of its word ({of_west:.2})",
                    100.0 * liberaliser,
                    100.0 * west_keeper
                )
            }
            Event::WestChoice { actor, why } => {
                let mut s = format!(
                    "{} decides to {}: worth {}",
                    actor_name(*actor),
                    self.west_move_text(why.chosen),
                    signed(why.value)
                );
                if let Some((alt, v)) = why.alternative() {
                    let _ = write!(s, " against {} to {}", signed(v), self.west_move_text(alt));
                }
                let _ = write!(
                    s,
                    " ({:.0}% likely; values over holding); it puts the regime at {:.0}% \
                     liberaliser, keeping a deal at {:.0}%",
                    why.probability * 100.0,
                    why.liberaliser * 100.0,
                    why.keeps * 100.0
                );
                s
            }
            Event::PackageImposed { actor, measure } => {
                format!(
                    "{} imposes {}",
                    actor_name(*actor),
                    self.measure_name(*measure)
                )
            }
            Event::MeasureLifted { actor, measure } => {
                format!("{} lifts {}", actor_name(*actor), self.measure_name(*measure))
            }
            Event::Paid {
                actor,
                prisoners,
                price,
                relief,
                measures_lifted,
            } => format!(
                "{} pays for {} released at {} USD m a month each: relief worth {} USD m a month, {}",
                actor_name(*actor),
                count(*prisoners),
                price_text(*price),
                price_text(*relief),
                lifted_whole(*measures_lifted)
            ),
            Event::ReliefPart {
                actor,
                measure,
                share,
            } => format!(
                "{} lifts part of {}: {:.0}% of it is lifted now",
                actor_name(*actor),
                self.measure_name(*measure),
                share * 100.0
            ),
            Event::MeasureReimposed { actor, measure } => {
                format!(
                    "{} re-imposes {}",
                    actor_name(*actor),
                    self.measure_name(*measure)
                )
            }
            Event::MeasureLapsed { measure } => format!(
                "a member vetoes the renewal of {}: it lapses",
                self.measure_name(*measure)
            ),
            Event::EuLiftVetoed { frontline: true } => {
                "lithuania or poland vetoes the eu's lift: its own benchmark is unmet".into()
            }
            Event::EuLiftVetoed { frontline: false } => {
                "a member vetoes the eu's lift (unanimity)".into()
            }
        }
    }
}

/// "no measure lifted whole", "1 measure lifted whole", "3 measures lifted whole".
fn lifted_whole(n: u32) -> String {
    match n {
        0 => "no measure lifted whole".to_string(),
        1 => "1 measure lifted whole".to_string(),
        n => format!("{n} measures lifted whole"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::run::{Counterpart, MonthRecord, Observer, RunOutcome};
    use crate::report::trace::Narrator;
    use crate::scenario::{Scenario, WestActor};
    use crate::strategy::ReleaseOrder;

    #[test]
    fn tells_counters_proposals_blocks_and_reimpositions_in_plain_english() {
        use crate::model::prisoners::ReleaseOutcome;
        use crate::scenario::WestStrategyName;
        let sc = Scenario::from_toml(
            r#"
name = "phrases"
[[prisoners.classes]]
name = "ordinary"
initial_count = 100
arrest_share = 1.0
[[prisoners.classes]]
name = "prominent"
initial_count = 20
arrest_share = 0.0
[[measures]]
name = "us-belavia"
actor = "us"
sector = "aviation"
justification = "repression"
cost_per_month = 5.0
imposed = "2023-08"
"#,
            "phrases.toml",
        )
        .unwrap();
        let order = |count| ReleaseOrder {
            class: 0,
            count,
            mode: ReleaseMode::Home,
        };
        let us = Counterpart::One(WestActor::Us);
        let mut narrator = Narrator::new();
        for e in [
            Event::StrategySwitch {
                actor: WestActor::Eu,
                strategy: WestStrategyName::SanctionsFirst,
            },
            Event::Offer {
                counterpart: us,
                order: order(50),
                price: 0.714,
            },
            Event::Counter {
                counterpart: us,
                order: order(180),
                price: 0.85,
            },
            Event::Rejected {
                counterpart: us,
                by_regime: true,
            },
            Event::ChannelOpened(Counterpart::UsAndEu),
            Event::Counter {
                counterpart: Counterpart::UsAndEu,
                order: order(1),
                price: 1.0,
            },
            Event::ReleaseBlocked {
                source: ReleaseSource::Deal,
                ordered: 1,
            },
            Event::Release {
                source: ReleaseSource::Strategy,
                class: 1,
                ordered: 28,
                mode: ReleaseMode::Home,
                outcome: ReleaseOutcome {
                    released: 20,
                    ..Default::default()
                },
            },
            Event::Rearrests {
                extra_arrests: 27.6,
                months: 1,
            },
            Event::Purge {
                arrests: 50,
                discontent: (180.0, 130.0),
            },
            Event::MeasureReimposed {
                actor: WestActor::Us,
                measure: 0,
            },
        ] {
            narrator.event(0, &e);
        }
        narrator.month(&MonthRecord {
            stock: 1401,
            arrests: 52,
            completions: 40,
            released: 28,
            ..Default::default()
        });
        let text = narrator.finish(&sc, 1, RunOutcome::default(), None).text();
        let expected = "\
2024-07  stock 1,401 (+52 arrested, -40 completed, -28 released)
  the EU switches to the sanctions-first strategy
  regime offers 50 ordinary prisoners for 0.71 USD m a month each
  the US counters: 180 ordinary prisoners at 0.85 USD m a month each
  regime rejects the US's terms
  channel opens with the US and the EU
  the US and the EU propose: 1 ordinary prisoner at 1.00 USD m a month each
  hardliners block the release of 1 prisoner (deal), so the deal falls through
  regime releases 20 prominent prisoners at home (unilateral); 28 ordered, only 20 held
  the door revolves: about 28 extra arrests over the next month
  regime orders about 50 arrests next month to reassure its hardliners (their discontent 180 -> 130)
  the US re-imposes us-belavia
  sanctions now cost the regime 0.0 USD m a month; relief from lifted measures 0.0 USD m a month
";
        assert!(text.contains(expected), "{text}");
    }
}
