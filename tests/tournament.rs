//! `leverage tournament`: every cell on common random numbers, the meta-game written for
//! Gambit, and its equilibria checked against the payoffs.

use assert_cmd::Command;
use leverage::game::nfg::read_nfg;
use serde_json::Value;
use std::path::Path;
use tempfile::TempDir;

fn tournament(out: &Path, extra: &[&str]) -> std::process::Output {
    Command::new(assert_cmd::cargo::cargo_bin!("leverage"))
        .args(["tournament", "-n", "200", "--quiet", "-o"])
        .arg(out)
        .args(extra)
        .output()
        .expect("the binary runs")
}

const PICK: [&str; 4] = [
    "--regime",
    "hold,signal,quid-pro-quo",
    "--west",
    "release-first,transactional,us=transactional/eu=release-first",
];

#[test]
fn tournament_writes_a_meta_game_whose_equilibria_check_out() {
    let dir = TempDir::new().unwrap();
    let out = dir.path().join("t");
    let o = tournament(&out, &PICK);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    for f in [
        "tournament.json",
        "payoffs.csv",
        "meta-game.nfg",
        "tournament.md",
    ] {
        assert!(out.join(f).is_file(), "{f}");
    }
    let game = read_nfg(&std::fs::read_to_string(out.join("meta-game.nfg")).unwrap()).unwrap();
    assert_eq!(game.row_names, ["hold", "signal", "quid-pro-quo"]);
    assert_eq!(game.col_names.len(), 3);
    let json: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("tournament.json")).unwrap())
            .unwrap();
    // The .nfg payoffs are the cells' means.
    for cell in json["cells"].as_array().unwrap() {
        let r = game
            .row_names
            .iter()
            .position(|n| n == cell["regime"].as_str().unwrap())
            .unwrap();
        let w = game
            .col_names
            .iter()
            .position(|n| n == cell["west"].as_str().unwrap())
            .unwrap();
        assert_eq!(game.a[r][w], cell["regime_payoff"].as_f64().unwrap());
        assert_eq!(game.b[r][w], cell["west_payoff"].as_f64().unwrap());
    }
    // Every reported equilibrium is one of the game as Gambit would read it.
    let eqs = json["equilibria"].as_array().unwrap();
    assert!(!eqs.is_empty());
    for e in eqs {
        let p = |k: &str| -> Vec<f64> {
            e[k].as_array()
                .unwrap()
                .iter()
                .map(|x| x.as_f64().unwrap())
                .collect()
        };
        assert!(game.is_equilibrium(&p("regime"), &p("west"), 1e-6), "{e}");
    }
    // payoffs.csv is tidy: one row per cell and metric.
    let csv = std::fs::read_to_string(out.join("payoffs.csv")).unwrap();
    assert!(csv.starts_with("regime,west,metric,mean,ci_low,ci_high,runs\n"));
    assert_eq!(csv.lines().count(), 1 + 9 * 7);
}

#[test]
fn tournament_is_identical_at_any_thread_count() {
    let dir = TempDir::new().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    let mut one = PICK.to_vec();
    one.extend(["-j", "1"]);
    let mut two = PICK.to_vec();
    two.extend(["-j", "2"]);
    assert!(tournament(&a, &one).status.success());
    assert!(tournament(&b, &two).status.success());
    for f in [
        "tournament.json",
        "payoffs.csv",
        "meta-game.nfg",
        "tournament.md",
    ] {
        assert_eq!(
            std::fs::read(a.join(f)).unwrap(),
            std::fs::read(b.join(f)).unwrap(),
            "{f}"
        );
    }
}

#[test]
fn unknown_strategies_are_usage_errors_naming_the_known_ones() {
    let dir = TempDir::new().unwrap();
    let o = tournament(&dir.path().join("x"), &["--regime", "bluff"]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("bluff") && err.contains("quid-pro-quo"),
        "{err}"
    );
    let o = tournament(
        &dir.path().join("y"),
        &["--west", "us=nope/eu=release-first"],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(!String::from_utf8_lossy(&o.stderr).contains("panicked"));
}

/// Issue 20: `--west release-first,release-first` was accepted, a duplicate column.
#[test]
fn a_strategy_listed_twice_is_a_usage_error_naming_the_flag() {
    let dir = TempDir::new().unwrap();
    for (flag, list) in [
        ("--west", "release-first,release-first"),
        ("--west", "transactional,us=transactional/eu=transactional"),
        ("--regime", "hold,signal,hold"),
    ] {
        let out = dir.path().join("t");
        let o = tournament(&out, &[flag, list]);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{flag} {list}: {err}");
        assert!(err.contains(flag) && err.contains("twice"), "{err}");
        assert!(!out.exists(), "{flag} {list}: wrote {}", out.display());
    }
}

/// Issue 20: a strategy the tournament substituted was blamed on the file's
/// `us.strategy`, at a line of the scenario rewritten in memory.
#[test]
fn a_strategy_the_tournament_tried_is_named_as_its_choice() {
    let dir = TempDir::new().unwrap();
    let file = dir.path().join("plain.toml");
    std::fs::write(
        &file,
        "name = \"plain\"\n[us]\nstrategy = \"release-first\"\n",
    )
    .unwrap();
    let o = tournament(
        &dir.path().join("t"),
        &[
            file.to_str().unwrap(),
            "--regime",
            "hold",
            "--west",
            "us=sanctions-first/eu=release-first",
        ],
    );
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    let shown = format!("{}: `us.strategy` is sanctions-first", file.display());
    assert!(err.contains(&shown), "{err}");
    assert!(err.contains("the tournament's choice (--west)"), "{err}");
    let lined = err
        .split("plain.toml:")
        .skip(1)
        .any(|rest| rest.starts_with(|c: char| c.is_ascii_digit()));
    assert!(!lined, "a line of the file is blamed: {err}");
}
