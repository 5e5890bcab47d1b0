//! Accuracy and throughput of tamis-lang (built-in lid.176.ftz) beside
//! fastText (`fasttext-predict` outputs made by benches/langid/run.sh) and the
//! whatlang crate, on the lingua test data.
//!
//! Usage: `langid_bench RESULTS_DIR` where RESULTS_DIR holds, per KIND in
//! sentences, word-pairs, single-words: `KIND.txt` (one text per line),
//! `KIND.lang` (its true ISO 639-1 code) and optionally `KIND.fasttext`
//! (`LABEL PROB` per line from fasttext-predict). Prints Markdown.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Instant;

use tamis_lang::Model;

const KINDS: [&str; 3] = ["sentences", "word-pairs", "single-words"];

/// CPU time of this thread in seconds (Linux schedstat; wall time elsewhere).
fn cpu_seconds() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    Some(s.split_whitespace().next()?.parse::<f64>().ok()? / 1e9)
}

/// whatlang's ISO 639-3 codes for the lingua languages it knows, as ISO 639-1.
fn whatlang_iso1(code: &str) -> &str {
    match code {
        "afr" => "af",
        "ara" => "ar",
        "aze" => "az",
        "bel" => "be",
        "bul" => "bg",
        "ben" => "bn",
        "cat" => "ca",
        "ces" => "cs",
        "cym" => "cy",
        "dan" => "da",
        "deu" => "de",
        "ell" => "el",
        "eng" => "en",
        "epo" => "eo",
        "spa" => "es",
        "est" => "et",
        "pes" => "fa",
        "fin" => "fi",
        "fra" => "fr",
        "guj" => "gu",
        "heb" => "he",
        "hin" => "hi",
        "hrv" => "hr",
        "hun" => "hu",
        "hye" => "hy",
        "ind" => "id",
        "ita" => "it",
        "jpn" => "ja",
        "kat" => "ka",
        "kor" => "ko",
        "lat" => "la",
        "lit" => "lt",
        "lav" => "lv",
        "mkd" => "mk",
        "mar" => "mr",
        "nob" => "nb",
        "nld" => "nl",
        "pan" => "pa",
        "pol" => "pl",
        "por" => "pt",
        "ron" => "ro",
        "rus" => "ru",
        "slk" => "sk",
        "slv" => "sl",
        "sna" => "sn",
        "srp" => "sr",
        "swe" => "sv",
        "tam" => "ta",
        "tel" => "te",
        "tha" => "th",
        "tgl" => "tl",
        "tur" => "tr",
        "ukr" => "uk",
        "urd" => "ur",
        "vie" => "vi",
        "cmn" => "zh",
        "zul" => "zu",
        "bos" => "bs",
        "mal" => "ml",
        "kan" => "kn",
        "ori" => "or",
        "sin" => "si",
        "nep" => "ne",
        "khm" => "km",
        "mya" => "my",
        "uzb" => "uz",
        "jav" => "jv",
        "aka" => "ak",
        "amh" => "am",
        "yid" => "yi",
        "tuk" => "tk",
        "ydd" => "yi",
        "lin" => "ln",
        "sqi" => "sq",
        "msa" => "ms",
        "som" => "so",
        "xho" => "xh",
        "yor" => "yo",
        "tsn" => "tn",
        "tso" => "ts",
        "sot" => "st",
        "lug" => "lg",
        "mri" => "mi",
        "gle" => "ga",
        "eus" => "eu",
        "isl" => "is",
        "kaz" => "kk",
        "mon" => "mn",
        "nno" => "nn",
        "swa" => "sw",
        other => other,
    }
}

/// lid.176 says `no` for Norwegian Bokmål.
fn same_language(truth: &str, label: &str) -> bool {
    truth == label || (truth == "nb" && label == "no")
}

#[derive(Default, Clone)]
struct Acc {
    n: u64,
    tamis: u64,
    fasttext: u64,
    whatlang: u64,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args()
        .nth(1)
        .ok_or("usage: langid_bench RESULTS_DIR")?;
    let dir = Path::new(&dir);
    let t = Instant::now();
    let model = Model::builtin();
    let load = t.elapsed().as_secs_f64();
    println!("built-in lid.176.ftz parsed in {:.1} ms\n", load * 1e3);
    let known: Vec<&str> = model.labels().iter().map(String::as_str).collect();
    let mut summary = Vec::new();
    for kind in KINDS {
        let text = std::fs::read_to_string(dir.join(format!("{kind}.txt")))?;
        let langs = std::fs::read_to_string(dir.join(format!("{kind}.lang")))?;
        let texts: Vec<&str> = text.lines().collect();
        let truth: Vec<&str> = langs.lines().collect();
        if texts.len() != truth.len() {
            return Err(format!("{kind}: {} texts but {} labels", texts.len(), truth.len()).into());
        }
        let bytes: usize = texts.iter().map(|t| t.len() + 1).sum();
        let ft: Option<Vec<(String, f32)>> =
            std::fs::read_to_string(dir.join(format!("{kind}.fasttext")))
                .ok()
                .map(|s| {
                    s.lines()
                        .map(|l| {
                            let mut it = l.split(' ');
                            let label = it.next().unwrap_or("").to_owned();
                            let p = it.next().and_then(|p| p.parse().ok()).unwrap_or(f32::NAN);
                            (label, p)
                        })
                        .collect()
                });

        // tamis: one thread, predict only; best of 3 runs (the machine is shared).
        let (mut cpu, mut wall, mut ours) = (f64::MAX, f64::MAX, Vec::new());
        for _ in 0..3 {
            let (c0, w0) = (cpu_seconds(), Instant::now());
            ours = texts
                .iter()
                .map(|t| model.predict_best(t).unwrap_or((usize::MAX, 0.0)))
                .collect();
            let w = w0.elapsed().as_secs_f64();
            wall = wall.min(w);
            cpu = cpu.min(cpu_seconds().zip(c0).map(|(a, b)| a - b).unwrap_or(w));
        }
        // whatlang.
        let (c1, w1) = (cpu_seconds(), Instant::now());
        let theirs: Vec<Option<&'static str>> = texts
            .iter()
            .map(|t| whatlang::detect_lang(t).map(|l| l.code()))
            .collect();
        let wl_wall = w1.elapsed().as_secs_f64();
        let wl_cpu = cpu_seconds().zip(c1).map(|(a, b)| a - b).unwrap_or(wl_wall);

        let mut per: BTreeMap<String, Acc> = BTreeMap::new();
        let (mut same, mut max_diff, mut over) = (0u64, 0f32, 0u64);
        for (i, (&tr, &(id, p))) in truth.iter().zip(&ours).enumerate() {
            let label = known.get(id).copied().unwrap_or("");
            let a = per.entry(tr.to_owned()).or_default();
            a.n += 1;
            a.tamis += same_language(tr, label) as u64;
            a.whatlang += theirs[i].is_some_and(|c| same_language(tr, whatlang_iso1(c))) as u64;
            if let Some(ft) = &ft {
                if let Some((fl, fp)) = ft.get(i) {
                    a.fasttext += same_language(tr, fl) as u64;
                    if fl == label {
                        same += 1;
                        let d = (fp - p).abs();
                        max_diff = max_diff.max(d);
                        over += (d > 1e-4) as u64;
                    }
                }
            }
        }
        let shared: Vec<&Acc> = per
            .iter()
            .filter(|(l, _)| known.iter().any(|k| same_language(l, k)))
            .map(|(_, a)| a)
            .collect();
        let mean = |f: fn(&Acc) -> u64| {
            100.0 * shared.iter().map(|a| f(a) as f64 / a.n as f64).sum::<f64>()
                / shared.len() as f64
        };
        println!(
            "## {kind}: {} texts, {:.2} MB",
            texts.len(),
            bytes as f64 / 1e6
        );
        println!();
        println!(
            "- tamis-lang: {:.1} MB/s per core ({:.0} texts/s; best of 3: CPU {:.3} s, wall {:.3} s)",
            bytes as f64 / 1e6 / cpu,
            texts.len() as f64 / cpu,
            cpu,
            wall
        );
        println!(
            "- whatlang: {:.1} MB/s per core (one run, CPU {:.3} s) — tamis is {:.1}x faster",
            bytes as f64 / 1e6 / wl_cpu,
            wl_cpu,
            wl_cpu / cpu
        );
        if ft.is_some() {
            println!(
                "- agreement with fasttext-predict: same label on {} / {} ({:.4}%), max |prob diff| {:e}, {} above 1e-4",
                same,
                texts.len(),
                100.0 * same as f64 / texts.len() as f64,
                max_diff,
                over
            );
        }
        println!(
            "- mean accuracy over the {} languages lid.176 knows: tamis {:.2}%, fastText {}, whatlang {:.2}%",
            shared.len(),
            mean(|a| a.tamis),
            if ft.is_some() { format!("{:.2}%", mean(|a| a.fasttext)) } else { "-".into() },
            mean(|a| a.whatlang)
        );
        println!();
        summary.push((kind, per));
    }
    println!("## Accuracy per language (%): tamis / fastText / whatlang\n");
    println!("| lang | sentences | word pairs | single words |");
    println!("|---|---|---|---|");
    let langs: Vec<String> = summary[0].1.keys().cloned().collect();
    for l in langs {
        let cells: Vec<String> = summary
            .iter()
            .map(|(_, per)| {
                per.get(&l).map_or("-".into(), |a| {
                    let pc = |x: u64| 100.0 * x as f64 / a.n as f64;
                    format!(
                        "{:.1} / {:.1} / {:.1}",
                        pc(a.tamis),
                        pc(a.fasttext),
                        pc(a.whatlang)
                    )
                })
            })
            .collect();
        println!("| {l} | {} |", cells.join(" | "));
    }
    Ok(())
}
