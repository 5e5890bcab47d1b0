//! The built-in lid.176.ftz against the `fasttext-predict` PyPI package on
//! ../shared/data/langid: `tests/data/lid176_golden.txt` holds fastText's top-2
//! labels and probabilities for a sample of lines (made by
//! `tests/data/make_lid176_golden.py`); the texts are read from ../shared.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use tamis_lang::Model;

fn shared_data() -> Option<PathBuf> {
    let dir =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/langid/lingua-testdata");
    if dir.is_dir() {
        return Some(dir);
    }
    if std::env::var("TAMIS_REQUIRE_SHARED").as_deref() == Ok("1") {
        panic!("{} is missing and TAMIS_REQUIRE_SHARED=1", dir.display());
    }
    eprintln!("skipped: {} not found", dir.display());
    None
}

#[test]
fn builtin_matches_fasttext_predict_on_lingua_sample() {
    let Some(dir) = shared_data() else { return };
    let golden = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/lid176_golden.txt"),
    )
    .unwrap();
    let model = Model::builtin();
    let mut files: HashMap<(String, String), Vec<String>> = HashMap::new();
    let (mut n, mut max_diff) = (0usize, 0f32);
    for line in golden.lines() {
        let f: Vec<&str> = line.split(' ').collect();
        assert_eq!(f.len(), 7, "bad golden line {line:?}");
        let kind = match f[1] {
            "s" => "sentences",
            "p" => "word-pairs",
            "w" => "single-words",
            k => panic!("bad kind {k}"),
        };
        let lines = files
            .entry((f[0].to_owned(), kind.to_owned()))
            .or_insert_with(|| {
                let text =
                    std::fs::read_to_string(dir.join(f[0]).join(format!("{kind}.txt"))).unwrap();
                text.split('\n').map(str::to_owned).collect()
            });
        let no: usize = f[2].parse().unwrap();
        let text = &lines[no - 1];
        let got = model.predict(text, 2, 0.0);
        for j in 0..2 {
            let (label, prob) = (f[3 + 2 * j], f[4 + 2 * j]);
            if label == "-" {
                assert!(got.len() <= j, "{line}: got {got:?}");
                continue;
            }
            let want: f32 = prob.parse().unwrap();
            let g = got.get(j).unwrap_or_else(|| panic!("{line}: got {got:?}"));
            assert_eq!(g.label, label, "{line}: got {got:?} on {text:?}");
            let d = (g.prob - want).abs();
            max_diff = max_diff.max(d);
            assert!(d <= 1e-5, "{line}: got {got:?}");
        }
        n += 1;
    }
    eprintln!("{n} texts: same top-2 labels as fasttext-predict, max |prob diff| = {max_diff:e}");
    assert!(n > 10_000);
}
