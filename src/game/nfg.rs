//! Gambit's strategic-form `.nfg` format (version 1), for two-player games.
//!
//! [`write_nfg`] writes the *outcome* version (Gambit documentation, "Game representation
//! formats", strategic games):
//!
//! ```text
//! NFG 1 R "title" { "Row" "Column" }
//! { { "hold" "signal" } { "release-first" "sanctions-first" } }
//! ""
//!
//! {
//! { "" 1.5, -2 }
//! ...
//! }
//! 1 2 3 4
//! ```
//!
//! that is: the header with the title and the players, one list of strategy names per
//! player, a comment string, the list of outcomes (a name and one payoff per player), and
//! for every pure-strategy profile the 1-based index of its outcome (0: no outcome, all
//! payoffs 0). Profiles are listed with the *first* player's strategy changing fastest:
//! `(r0, c0), (r1, c0), ..., (r0, c1), ...`. We write one outcome per profile, in that
//! order, so the index list is `1 2 ... m n`.
//!
//! [`read_nfg`] reads that and the *payoff* version, where the strategy lists are replaced
//! by counts (`{ 2 2 }`) and the body is every profile's payoffs in the same order. Strings
//! are in double quotes with `\` escaping the next character; numbers may be integers,
//! decimals, exponents or rationals `p/q`. Payoffs are written with Rust's shortest
//! round-trip formatting, so write-then-read gives back the same bits. This module does no
//! I/O: it maps text to a [`Game`] and back.

use super::GameError;
use super::equilibria::Game;

/// Why a text is not a two-player `.nfg` file [`read_nfg`] reads.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum NfgError {
    /// A `"` without its closing `"`.
    #[error("unterminated string")]
    UnterminatedString,
    /// The file ends before the game does.
    #[error("unexpected end of file")]
    EndOfFile,
    /// Something other than what the format has there.
    #[error("expected {expected}, got {got}")]
    Expected {
        /// What the format has there (`` `{` ``, `a number`...).
        expected: String,
        /// What the file has, as written.
        got: String,
    },
    /// Not two players, two strategy lists or two strategy counts.
    #[error("expected 2 {what}, got {got}")]
    NotTwo {
        /// `players`, `strategy lists` or `strategy counts`.
        what: &'static str,
        /// How many the file has.
        got: usize,
    },
    /// A player without a strategy.
    #[error("every player needs a strategy, got {rows} x {cols}")]
    NoStrategy {
        /// The row player's strategies.
        rows: usize,
        /// The column player's strategies.
        cols: usize,
    },
    /// More profiles than can be counted.
    #[error("{rows} x {cols} strategies are too many")]
    TooMany {
        /// The row player's strategies.
        rows: usize,
        /// The column player's strategies.
        cols: usize,
    },
    /// A profile's outcome index past the outcomes listed.
    #[error("profile {profile} refers to outcome {outcome}, but there are {outcomes}")]
    NoOutcome {
        /// The profile, from 1.
        profile: usize,
        /// The outcome it refers to, from 1.
        outcome: usize,
        /// The outcomes listed.
        outcomes: usize,
    },
    /// Text after the last profile.
    #[error("unexpected {extra} after the last profile")]
    Trailing {
        /// The first thing that follows, as written.
        extra: String,
    },
    /// A payoff that is infinite or not a number.
    #[error("payoffs must be finite, got `{word}`")]
    NotFinite {
        /// The payoff as written.
        word: String,
    },
}

/// The player names [`write_nfg`] uses (the [`Game`] type does not name its players).
pub const DEFAULT_PLAYERS: [&str; 2] = ["Row", "Column"];

/// Everything a two-player `.nfg` file says: title, player names, comment and the game.
#[derive(Debug, Clone, PartialEq)]
pub struct NfgFile {
    /// The game's title, from the header, unescaped.
    pub title: String,
    /// The two player names, row player first.
    pub players: [String; 2],
    /// The comment string after the strategies; empty if the file has none.
    pub comment: String,
    /// Strategy names and both payoff matrices (the row player is the first player).
    pub game: Game,
}

/// The outcome-version `.nfg` text of `game`, with players named [`DEFAULT_PLAYERS`].
pub fn write_nfg(game: &Game, title: &str) -> String {
    write_nfg_with_players(game, title, DEFAULT_PLAYERS)
}

/// The outcome-version `.nfg` text of `game` with the given player names (row, column).
pub fn write_nfg_with_players(game: &Game, title: &str, players: [&str; 2]) -> String {
    let names = |list: &[String]| list.iter().map(|s| quote(s)).collect::<Vec<_>>().join(" ");
    let mut out = format!(
        "NFG 1 R {} {{ {} {} }}\n{{ {{ {} }} {{ {} }} }}\n\"\"\n\n{{\n",
        quote(title),
        quote(players[0]),
        quote(players[1]),
        names(&game.row_names),
        names(&game.col_names),
    );
    let (m, n) = (game.rows(), game.cols());
    let mut indices = Vec::with_capacity(m * n);
    // First player fastest: the column is the outer loop.
    for j in 0..n {
        for i in 0..m {
            let payoff = |mat: &[Vec<f64>]| mat.get(i).and_then(|r| r.get(j)).copied();
            let (Some(pa), Some(pb)) = (payoff(&game.a), payoff(&game.b)) else {
                continue;
            };
            out.push_str(&format!("{{ \"\" {pa}, {pb} }}\n"));
            indices.push((indices.len() + 1).to_string());
        }
    }
    out.push_str("}\n");
    out.push_str(&indices.join(" "));
    out.push('\n');
    out
}

/// Reads a two-player `.nfg` file (outcome or payoff version) into a [`Game`].
pub fn read_nfg(text: &str) -> Result<Game, GameError> {
    parse_nfg(text).map(|f| f.game)
}

/// Reads a two-player `.nfg` file, keeping the title, player names and comment. In the
/// payoff version strategies are named `1, 2, ...`, as Gambit does.
pub fn parse_nfg(text: &str) -> Result<NfgFile, GameError> {
    let mut t = Tokens::new(text)?;
    t.word("NFG")?;
    t.word("1")?;
    match t.next()? {
        Token::Word(w) if w == "R" || w == "D" => {}
        other => return Err(expected("`R` or `D` after `NFG 1`", other).into()),
    }
    let title = t.string()?;
    t.open()?;
    let mut players = Vec::new();
    while !t.try_close() {
        players.push(t.string()?);
    }
    let [p1, p2]: [String; 2] = players
        .try_into()
        .map_err(|p: Vec<String>| NfgError::NotTwo {
            what: "players",
            got: p.len(),
        })?;
    t.open()?;
    let outcome_version = matches!(t.peek(), Some(Token::Open));
    let (row_names, col_names) = if outcome_version {
        let mut lists = Vec::new();
        while !t.try_close() {
            t.open()?;
            let mut names = Vec::new();
            while !t.try_close() {
                names.push(t.string()?);
            }
            lists.push(names);
        }
        let [r, c]: [Vec<String>; 2] =
            lists
                .try_into()
                .map_err(|l: Vec<Vec<String>>| NfgError::NotTwo {
                    what: "strategy lists",
                    got: l.len(),
                })?;
        (r, c)
    } else {
        let mut counts = Vec::new();
        while !t.try_close() {
            counts.push(t.count()?);
        }
        let [m, n]: [usize; 2] = counts
            .try_into()
            .map_err(|c: Vec<usize>| NfgError::NotTwo {
                what: "strategy counts",
                got: c.len(),
            })?;
        let numbered = |k: usize| (1..=k).map(|s| s.to_string()).collect::<Vec<_>>();
        (numbered(m), numbered(n))
    };
    let (m, n) = (row_names.len(), col_names.len());
    if m == 0 || n == 0 {
        return Err(NfgError::NoStrategy { rows: m, cols: n }.into());
    }
    let profiles = m
        .checked_mul(n)
        .ok_or(NfgError::TooMany { rows: m, cols: n })?;
    let comment = match t.peek() {
        Some(Token::Str(_)) => t.string()?,
        _ => String::new(),
    };

    let mut a = vec![vec![0.0; n]; m];
    let mut b = vec![vec![0.0; n]; m];
    // Profile p has row p % m and column p / m: the first player changes fastest.
    let mut set = |p: usize, pa: f64, pb: f64| {
        a[p % m][p / m] = pa;
        b[p % m][p / m] = pb;
    };
    if outcome_version {
        t.open()?;
        let mut outcomes = Vec::new();
        while !t.try_close() {
            t.open()?;
            let _name = t.string()?;
            let pa = t.number()?;
            let pb = t.number()?;
            t.close()?;
            outcomes.push((pa, pb));
        }
        for p in 0..profiles {
            let k = t.count()?;
            let (pa, pb) = match k {
                0 => (0.0, 0.0),
                _ => *outcomes.get(k - 1).ok_or(NfgError::NoOutcome {
                    profile: p + 1,
                    outcome: k,
                    outcomes: outcomes.len(),
                })?,
            };
            set(p, pa, pb);
        }
    } else {
        for p in 0..profiles {
            let pa = t.number()?;
            let pb = t.number()?;
            set(p, pa, pb);
        }
    }
    if let Some(extra) = t.peek() {
        return Err(NfgError::Trailing {
            extra: extra.to_string(),
        }
        .into());
    }
    let game = Game::new(row_names, col_names, a, b)?;
    Ok(NfgFile {
        title,
        players: [p1, p2],
        comment,
        game,
    })
}

/// `s` in double quotes, with `"` and `\` escaped by a backslash.
fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for ch in s.chars() {
        if ch == '"' || ch == '\\' {
            out.push('\\');
        }
        out.push(ch);
    }
    out.push('"');
    out
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Open,
    Close,
    Str(String),
    Word(String),
}

/// What the format has there, and the token the file has instead.
fn expected(what: &str, got: Token) -> NfgError {
    NfgError::Expected {
        expected: what.to_string(),
        got: got.to_string(),
    }
}

impl std::fmt::Display for Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Token::Open => write!(f, "`{{`"),
            Token::Close => write!(f, "`}}`"),
            Token::Str(s) => write!(f, "string {}", quote(s)),
            Token::Word(w) => write!(f, "`{w}`"),
        }
    }
}

struct Tokens {
    items: Vec<Token>,
    pos: usize,
}

impl Tokens {
    /// Splits `text` into braces, quoted strings and words; commas separate like spaces.
    fn new(text: &str) -> Result<Tokens, NfgError> {
        let mut items = Vec::new();
        let mut chars = text.chars().peekable();
        while let Some(&ch) = chars.peek() {
            match ch {
                '{' => {
                    chars.next();
                    items.push(Token::Open);
                }
                '}' => {
                    chars.next();
                    items.push(Token::Close);
                }
                '"' => {
                    chars.next();
                    let mut s = String::new();
                    loop {
                        match chars.next() {
                            None => return Err(NfgError::UnterminatedString),
                            Some('"') => break,
                            Some('\\') => match chars.next() {
                                Some(c) => s.push(c),
                                None => return Err(NfgError::UnterminatedString),
                            },
                            Some(c) => s.push(c),
                        }
                    }
                    items.push(Token::Str(s));
                }
                c if c.is_whitespace() || c == ',' => {
                    chars.next();
                }
                _ => {
                    let mut w = String::new();
                    while let Some(&c) = chars.peek() {
                        if c.is_whitespace() || matches!(c, ',' | '{' | '}' | '"') {
                            break;
                        }
                        w.push(c);
                        chars.next();
                    }
                    items.push(Token::Word(w));
                }
            }
        }
        Ok(Tokens { items, pos: 0 })
    }

    fn peek(&self) -> Option<&Token> {
        self.items.get(self.pos)
    }

    fn next(&mut self) -> Result<Token, NfgError> {
        let tok = self
            .items
            .get(self.pos)
            .cloned()
            .ok_or(NfgError::EndOfFile)?;
        self.pos += 1;
        Ok(tok)
    }

    fn word(&mut self, word: &str) -> Result<(), NfgError> {
        match self.next()? {
            Token::Word(w) if w == word => Ok(()),
            other => Err(expected(&format!("`{word}`"), other)),
        }
    }

    fn open(&mut self) -> Result<(), NfgError> {
        match self.next()? {
            Token::Open => Ok(()),
            other => Err(expected("`{`", other)),
        }
    }

    fn close(&mut self) -> Result<(), NfgError> {
        match self.next()? {
            Token::Close => Ok(()),
            other => Err(expected("`}`", other)),
        }
    }

    /// Consumes a `}` if it comes next.
    fn try_close(&mut self) -> bool {
        let is_close = matches!(self.peek(), Some(Token::Close));
        if is_close {
            self.pos += 1;
        }
        is_close
    }

    fn string(&mut self) -> Result<String, NfgError> {
        match self.next()? {
            Token::Str(s) => Ok(s),
            other => Err(expected("a quoted string", other)),
        }
    }

    fn count(&mut self) -> Result<usize, NfgError> {
        match self.next()? {
            Token::Word(w) => w
                .parse()
                .map_err(|_| expected("a whole number", Token::Word(w))),
            other => Err(expected("a whole number", other)),
        }
    }

    /// A decimal (with optional exponent) or a rational `p/q`.
    fn number(&mut self) -> Result<f64, NfgError> {
        let w = match self.next()? {
            Token::Word(w) => w,
            other => return Err(expected("a number", other)),
        };
        let bad = || expected("a number", Token::Word(w.clone()));
        let value = match w.split_once('/') {
            Some((p, q)) => {
                let p: f64 = p.parse().map_err(|_| bad())?;
                let q: f64 = q.parse().map_err(|_| bad())?;
                p / q
            }
            None => w.parse().map_err(|_| bad())?,
        };
        if value.is_finite() {
            Ok(value)
        } else {
            Err(NfgError::NotFinite { word: w })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn three_by_two() -> Game {
        Game::new(
            vec!["hold".into(), "sig\"nal".into(), "back\\slash".into()],
            vec!["release-first".into(), "sanctions first".into()],
            vec![vec![1.5, -2.0], vec![0.1, 1e-7], vec![1.0 / 3.0, -0.0]],
            vec![vec![0.0, 3.0], vec![-1e12, 2.5], vec![7.0, 123456.789]],
        )
        .expect("valid")
    }

    #[test]
    fn a_three_by_two_game_round_trips_exactly() {
        let g = three_by_two();
        let text = write_nfg(&g, "Regime \"vs\" West");
        let file = parse_nfg(&text).expect("parses");
        assert_eq!(file.title, "Regime \"vs\" West");
        assert_eq!(file.players, ["Row".to_string(), "Column".to_string()]);
        assert_eq!(file.game.row_names, g.row_names);
        assert_eq!(file.game.col_names, g.col_names);
        // Bit-for-bit, including the sign of zero.
        for (r, s) in file.game.a.iter().flatten().zip(g.a.iter().flatten()) {
            assert_eq!(r.to_bits(), s.to_bits());
        }
        for (r, s) in file.game.b.iter().flatten().zip(g.b.iter().flatten()) {
            assert_eq!(r.to_bits(), s.to_bits());
        }
    }

    #[test]
    fn written_file_has_gambits_layout_with_the_first_player_fastest() {
        let g = Game::from_payoffs(
            vec![vec![11.0, 12.0], vec![21.0, 22.0], vec![31.0, 32.0]],
            vec![vec![-11.0, -12.0], vec![-21.0, -22.0], vec![-31.0, -32.0]],
        )
        .expect("valid");
        let text = write_nfg_with_players(&g, "t", ["Regime", "West"]);
        let expected = "NFG 1 R \"t\" { \"Regime\" \"West\" }\n\
            { { \"r1\" \"r2\" \"r3\" } { \"c1\" \"c2\" } }\n\
            \"\"\n\
            \n\
            {\n\
            { \"\" 11, -11 }\n\
            { \"\" 21, -21 }\n\
            { \"\" 31, -31 }\n\
            { \"\" 12, -12 }\n\
            { \"\" 22, -22 }\n\
            { \"\" 32, -32 }\n\
            }\n\
            1 2 3 4 5 6\n";
        assert_eq!(text, expected);
    }

    #[test]
    fn reads_the_payoff_version_in_gambit_profile_order() {
        // Gambit's prisoner's dilemma example (payoff version): profiles (C, C), (D, C),
        // (C, D), (D, D).
        let text = "NFG 1 R \"Two person Prisoner's Dilemma game\"\n\
            { \"Player 1\" \"Player 2\" } { 2 2 }\n\n\
            -1 -1 0 -10 -10 0 -5 -5\n";
        let file = parse_nfg(text).expect("parses");
        assert_eq!(
            file.players,
            ["Player 1".to_string(), "Player 2".to_string()]
        );
        let g = file.game;
        assert_eq!(g.a, vec![vec![-1.0, -10.0], vec![0.0, -5.0]]);
        assert_eq!(g.b, vec![vec![-1.0, 0.0], vec![-10.0, -5.0]]);
        assert_eq!(g.row_names, vec!["1", "2"]);
        assert_eq!(g.pure_equilibria(), vec![(1, 1)]);
    }

    #[test]
    fn reads_outcome_files_with_shared_null_and_rational_outcomes() {
        let text = "NFG 1 R \"x\" { \"A\" \"B\" }\n{ { \"u\" \"d\" } { \"l\" \"r\" } }\n\
            \"a comment\"\n{ { \"win\" 1/2, -1/2 } { \"\" 3 1 } }\n1 0 2 1\n";
        let file = parse_nfg(text).expect("parses");
        assert_eq!(file.comment, "a comment");
        assert_eq!(file.game.a, vec![vec![0.5, 3.0], vec![0.0, 0.5]]);
        assert_eq!(file.game.b, vec![vec![-0.5, 1.0], vec![0.0, -0.5]]);
    }

    #[test]
    fn malformed_files_are_errors_naming_the_problem() {
        let cases = [
            ("", "end of file"),
            ("EFG 2 R \"x\"", "expected `NFG`"),
            ("NFG 1 R \"x\" { \"A\" } { 2 }", "expected 2 players"),
            ("NFG 1 R \"x\" { \"A\" \"B\" } { 2 2 } 1 2 3", "end of file"),
            (
                "NFG 1 R \"x\" { \"A\" \"B\" } { 1 1 } 1 z",
                "expected a number, got `z`",
            ),
            (
                "NFG 1 R \"x\" { \"A\" \"B\" } { 1 1 } 1 inf",
                "must be finite",
            ),
            ("NFG 1 R \"x\" { \"A\" \"B\" } { 1 1 } 1 2 3", "unexpected"),
            ("NFG 1 R \"x\" { \"A\" \"B\" } { 0 1 }", "needs a strategy"),
            ("NFG 1 R \"x", "unterminated string"),
            (
                "NFG 1 R \"x\" { \"A\" \"B\" } { { \"u\" } { \"l\" } } { { \"\" 1 2 } } 2",
                "refers to outcome 2",
            ),
        ];
        for (text, message) in cases {
            let err = read_nfg(text).unwrap_err().to_string();
            assert!(err.contains(message), "{text:?}: {err}");
        }
    }
}
