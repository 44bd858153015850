//! How a round of bargaining splits the surplus, as a scenario sets it
//! (`[bargaining] protocol`): the setting and its check. The solutions themselves are in
//! [`crate::model::bargain`].

use serde::{Deserialize, Serialize};

/// The largest number of rounds a user may ask for. Long enough that a finite game is
/// indistinguishable from Rubinstein's infinite one (the gap shrinks like
/// `(d1 d2)^(rounds / 2)`), short enough that solving it stays cheap.
pub const MAX_ROUNDS: u32 = 10_000;

/// How a round splits the surplus.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case", deny_unknown_fields)]
pub enum Protocol {
    /// Generalised Nash bargaining with the proposer's bargaining power `power` in
    /// `[0, 1]` (0.5: symmetric).
    Nash {
        /// The proposer's bargaining power, in `[0, 1]`: its share of the surplus.
        power: f64,
    },
    /// Alternating offers (Rubinstein 1982) played for at most `rounds` rounds with
    /// per-round discount factors.
    AlternatingOffers {
        /// The most rounds played, in `[1, MAX_ROUNDS]`; no deal after the last.
        rounds: u32,
    },
}

impl Protocol {
    /// Checks the parameters: `power` in `[0, 1]`; `rounds` in `[1, MAX_ROUNDS]`. The error
    /// names the offending key (relative to the protocol) and what is allowed, e.g.
    /// `("power", "must be in [0, 1], got 1.2")`.
    pub fn check(&self) -> Result<(), (String, String)> {
        match *self {
            Protocol::Nash { power } => {
                // `contains` is false for NaN, so NaN is rejected too.
                if (0.0..=1.0).contains(&power) {
                    Ok(())
                } else {
                    Err(("power".into(), format!("must be in [0, 1], got {power}")))
                }
            }
            Protocol::AlternatingOffers { rounds } => {
                if (1..=MAX_ROUNDS).contains(&rounds) {
                    Ok(())
                } else {
                    Err((
                        "rounds".into(),
                        format!("must be a whole number in [1, {MAX_ROUNDS}], got {rounds}"),
                    ))
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_accepts_valid_protocols() {
        assert_eq!(Protocol::Nash { power: 0.0 }.check(), Ok(()));
        assert_eq!(Protocol::Nash { power: 1.0 }.check(), Ok(()));
        assert_eq!(Protocol::AlternatingOffers { rounds: 1 }.check(), Ok(()));
        assert_eq!(
            Protocol::AlternatingOffers { rounds: MAX_ROUNDS }.check(),
            Ok(())
        );
    }

    #[test]
    fn rejects_power_outside_unit_interval() {
        assert_eq!(
            Protocol::Nash { power: 1.2 }.check(),
            Err(("power".into(), "must be in [0, 1], got 1.2".into()))
        );
        assert!(Protocol::Nash { power: -0.1 }.check().is_err());
        assert!(Protocol::Nash { power: f64::NAN }.check().is_err());
    }

    #[test]
    fn rejects_zero_or_too_many_rounds() {
        assert_eq!(
            Protocol::AlternatingOffers { rounds: 0 }.check(),
            Err((
                "rounds".into(),
                "must be a whole number in [1, 10000], got 0".into()
            ))
        );
        assert!(
            Protocol::AlternatingOffers {
                rounds: MAX_ROUNDS + 1
            }
            .check()
            .is_err()
        );
    }

    #[test]
    fn protocol_reads_from_toml_with_a_kind_tag() {
        #[derive(Deserialize)]
        struct Wrapper {
            protocol: Protocol,
        }
        let parsed: Wrapper = toml::from_str(r#"protocol = { kind = "nash", power = 0.4 }"#)
            .expect("valid nash protocol");
        assert_eq!(parsed.protocol, Protocol::Nash { power: 0.4 });
        let parsed: Wrapper =
            toml::from_str(r#"protocol = { kind = "alternating-offers", rounds = 12 }"#)
                .expect("valid alternating-offers protocol");
        assert_eq!(parsed.protocol, Protocol::AlternatingOffers { rounds: 12 });
        let unknown =
            toml::from_str::<Wrapper>(r#"protocol = { kind = "nash", power = 0.4, rounds = 3 }"#);
        assert!(unknown.is_err());
    }
}
