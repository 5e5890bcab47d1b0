//! Hugging Face tokenizer.json files (`tests/data/make_hf.py`: a byte-level
//! BPE and a BERT-style WordPiece) give the ids the `tokenizers` Python
//! package gave (`tests/data/hf_golden.jsonl`).

use std::path::Path;

use tamis_tokens::Tokenizer;

#[test]
fn same_ids_as_the_python_package() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    let golden = std::fs::read_to_string(dir.join("hf_golden.jsonl")).unwrap();
    let mut checked = 0;
    for line in golden.lines() {
        let g: serde_json::Value = serde_json::from_str(line).unwrap();
        let name = g["tokenizer"].as_str().unwrap();
        let t = Tokenizer::load(dir.join(name).to_str().unwrap()).unwrap();
        let want: Vec<u32> = g["ids"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_u64().unwrap() as u32)
            .collect();
        assert_eq!(
            t.encode(g["text"].as_str().unwrap()).unwrap(),
            want,
            "{name}: {}",
            g["text"]
        );
        checked += 1;
    }
    assert!(checked > 300);
    let bpe = Tokenizer::load(dir.join("hf_bpe.json").to_str().unwrap()).unwrap();
    assert_eq!(bpe.eos(), bpe.special_id("<|endoftext|>"));
    let wp = Tokenizer::load(dir.join("hf_wordpiece.json").to_str().unwrap()).unwrap();
    assert_eq!(wp.eos(), wp.special_id("[SEP]"));
    let e = Tokenizer::load(dir.join("make_hf.py").to_str().unwrap())
        .unwrap_err()
        .to_string();
    assert!(e.contains("not a Hugging Face tokenizer.json"), "{e}");
}
