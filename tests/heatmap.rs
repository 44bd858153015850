//! Tournament heatmaps: drawn from the `tournament.json` the binary writes, every file is
//! written, PNGs are 1600x900, SVGs carry their title and no zero-height rectangle, and a
//! missing input is an error naming the file.

use leverage::plot::{PlotError, draw_tournament};
use std::path::Path;

const METRICS: [&str; 4] = ["regime_payoff", "west_payoff", "released", "final_stock"];

/// Runs a small tournament into `dir` with the binary.
fn run_tournament(dir: &Path) {
    assert_cmd::Command::new(assert_cmd::cargo::cargo_bin!("leverage"))
        .args([
            "tournament",
            "-n",
            "100",
            "--regime",
            "hold,signal",
            "--west",
            "release-first,transactional",
            "--quiet",
            "--no-plots",
            "-o",
        ])
        .arg(dir)
        .assert()
        .success();
    assert!(dir.join("tournament.json").is_file());
}

/// Width and height from a PNG's IHDR chunk, after checking the signature.
fn png_size(bytes: &[u8]) -> (u32, u32) {
    assert!(bytes.len() > 24, "PNG too short");
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "PNG signature");
    assert_eq!(&bytes[12..16], b"IHDR", "IHDR first");
    let be = |b: &[u8]| u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
    (be(&bytes[16..20]), be(&bytes[20..24]))
}

#[test]
fn draws_every_heatmap_from_a_tournament() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("tour");
    run_tournament(&dir);

    let written = draw_tournament(&dir).expect("heatmaps draw");
    assert_eq!(written.len(), 8, "{written:?}");
    let titles = [
        "Regime&apos;s payoff",
        "West&apos;s payoff",
        "Prisoners released",
        "still held at the end",
    ];
    for (metric, title) in METRICS.iter().zip(titles) {
        let png = dir.join(format!("heatmap_{metric}.png"));
        let svg = dir.join(format!("heatmap_{metric}.svg"));
        assert!(written.contains(&png) && written.contains(&svg), "{metric}");
        assert_eq!(
            png_size(&std::fs::read(&png).unwrap()),
            (1600, 900),
            "{metric}"
        );
        let text = std::fs::read_to_string(&svg).unwrap();
        let has_title = text.contains(title) || text.contains(&title.replace("&apos;", "'"));
        assert!(has_title, "{metric}: title `{title}` missing");
        assert!(text.contains("seed"), "{metric}: subtitle/footer missing");
        assert!(text.contains("hold") && text.contains("transactional"));
        assert!(!text.contains("height=\"0\""), "{metric}: zero-height rect");
    }
}

#[test]
fn missing_tournament_json_names_the_file() {
    let tmp = tempfile::tempdir().unwrap();
    match draw_tournament(tmp.path()) {
        Err(PlotError::Read { path, .. }) => {
            assert_eq!(path, tmp.path().join("tournament.json"));
        }
        other => panic!("expected PlotError::Read, got {other:?}"),
    }
    let err = draw_tournament(tmp.path()).unwrap_err().to_string();
    assert!(err.contains("tournament.json"), "{err}");
}

#[test]
fn malformed_tournament_json_is_a_parse_error() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("tournament.json"), "{\"cells\": []}").unwrap();
    assert!(matches!(
        draw_tournament(tmp.path()),
        Err(PlotError::Parse { .. })
    ));
}
