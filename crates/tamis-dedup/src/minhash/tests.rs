use super::*;
use crate::run_in_memory;

/// Pseudo-random French-like text from our own word list.
fn text(seed: u64, words: usize) -> String {
    const W: [&str; 40] = [
        "le",
        "conseil",
        "régional",
        "a",
        "voté",
        "hier",
        "soir",
        "un",
        "plan",
        "pour",
        "les",
        "écoles",
        "rurales",
        "qui",
        "manquent",
        "de",
        "moyens",
        "depuis",
        "des",
        "années",
        "selon",
        "maire",
        "village",
        "nouvelle",
        "route",
        "sera",
        "ouverte",
        "printemps",
        "prochain",
        "travaux",
        "coûteront",
        "millions",
        "euros",
        "habitants",
        "attendent",
        "cette",
        "décision",
        "avec",
        "impatience",
        "et",
    ];
    let mut s = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    (0..words)
        .map(|_| {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            W[(s % W.len() as u64) as usize]
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Replaces every `every`-th word.
fn edit(t: &str, every: usize) -> String {
    t.split(' ')
        .enumerate()
        .map(|(i, w)| {
            if i % every == every - 1 {
                "modifié"
            } else {
                w
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn corpus() -> Vec<Vec<Document>> {
    let base: Vec<String> = (0..6).map(|i| text(i, 300)).collect();
    let mut shards = vec![Vec::new(), Vec::new(), Vec::new()];
    for (i, b) in base.iter().enumerate() {
        shards[i % 3].push(Document::new(format!("orig{i}"), b.clone()));
    }
    // near copies (one word in 60 changed: Jaccard ≈ 0.85) of 0, 1, 2 in later shards
    shards[2].push(Document::new("copy0", edit(&base[0], 60)));
    shards[1].push(Document::new("copy1", edit(&base[1], 60)));
    shards[2].push(Document::new("copy1b", base[1].to_uppercase()));
    // a heavy rewrite (one word in 3) must not match
    shards[2].push(Document::new("rewrite2", edit(&base[2], 3)));
    shards[0].push(Document::new("short", "trop court"));
    shards
}

fn find<'a>(out: &'a [(Document, Outcome)], id: &str) -> &'a (Document, Outcome) {
    out.iter().find(|(d, _)| d.id == id).unwrap()
}

#[test]
fn near_copies_removed_with_reason_and_cluster_metadata() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_in_memory(&MinHash::default(), corpus(), dir.path(), 2).unwrap();
    let (d0, o0) = find(&out, "orig0");
    assert_eq!(o0, &Outcome::Keep);
    assert_eq!(d0.metadata[CLUSTER_SIZE], 2);
    assert_eq!(d0.metadata[CLUSTER_ID], "orig0");
    assert_eq!(
        find(&out, "copy0").1,
        Outcome::Drop(
            Removal::new(MINHASH_DUPLICATE)
                .signal("duplicate_of", "orig0")
                .signal("cluster_id", "orig0")
                .signal("cluster_size", 2)
        )
    );
    assert_eq!(find(&out, "orig1").0.metadata[CLUSTER_SIZE], 3);
    for id in ["copy1", "copy1b"] {
        let Outcome::Drop(d) = &find(&out, id).1 else {
            panic!("{id} kept")
        };
        assert_eq!(d.signals["duplicate_of"], "orig1");
        assert_eq!(d.signals["cluster_size"], 3);
    }
    for id in ["orig2", "rewrite2", "short", "orig3"] {
        let (d, o) = find(&out, id);
        assert_eq!(o, &Outcome::Keep, "{id}");
        assert_eq!(d.metadata[CLUSTER_SIZE], 1, "{id}");
        assert_eq!(d.metadata[CLUSTER_ID], id);
    }
}

#[test]
fn same_result_at_any_thread_count_and_small_buffers() {
    let dir = tempfile::tempdir().unwrap();
    let mut shards = corpus();
    // more documents so that runs spill several times with a 1 MiB budget
    for i in 0..150u64 {
        let t = text(100 + i / 2, 80);
        shards[(i % 3) as usize].push(Document::new(
            format!("gen{i}"),
            if i % 2 == 0 { t } else { edit(&t, 40) },
        ));
    }
    let small = MinHash::new(MinHashConfig {
        buffer_mb: 0,
        ..MinHashConfig::default()
    });
    let summarize = |out: Vec<(Document, Outcome)>| -> Vec<String> {
        out.into_iter()
            .map(|(d, o)| format!("{} {:?} {:?}", d.id, o, d.metadata.get(CLUSTER_SIZE)))
            .collect()
    };
    let a = summarize(
        run_in_memory(
            &MinHash::default(),
            shards.clone(),
            &dir.path().join("a"),
            1,
        )
        .unwrap(),
    );
    let b = summarize(run_in_memory(&small, shards.clone(), &dir.path().join("b"), 4).unwrap());
    let c =
        summarize(run_in_memory(&MinHash::default(), shards, &dir.path().join("c"), 3).unwrap());
    assert_eq!(a, b);
    assert_eq!(a, c);
    assert!(
        a.iter().filter(|l| l.contains("minhash_duplicate")).count() >= 55,
        "planted pairs found"
    );
}

#[test]
fn incremental_index_dedups_against_earlier_crawls() {
    let dir = tempfile::tempdir().unwrap();
    let step = MinHash::new(MinHashConfig {
        index_path: Some(dir.path().join("ix")),
        ..MinHashConfig::default()
    });
    let crawl1 = vec![
        vec![
            Document::new("old-a", text(1, 200)),
            Document::new("old-a2", edit(&text(1, 200), 50)),
        ],
        vec![Document::new("old-b", text(2, 200))],
    ];
    let out = run_in_memory(&step, crawl1, &dir.path().join("w1"), 2).unwrap();
    assert!(matches!(&find(&out, "old-a2").1, Outcome::Drop(_)));
    let crawl2_again = || {
        vec![vec![
            Document::new("new-a", edit(&text(1, 200), 70)),
            Document::new("new-c", text(3, 200)),
            Document::new("new-c2", edit(&text(3, 200), 80)),
        ]]
    };
    let crawl2 = crawl2_again();
    let out = run_in_memory(&step, crawl2, &dir.path().join("w2"), 2).unwrap();
    assert_eq!(out.len(), 3, "indexed documents are never emitted again");
    let Outcome::Drop(d) = &find(&out, "new-a").1 else {
        panic!("new-a kept")
    };
    assert_eq!(d.signals["duplicate_of"], "old-a");
    assert_eq!(
        d.signals["cluster_size"], 2,
        "old-a (indexed) and new-a; removed old-a2 was never indexed"
    );
    assert_eq!(find(&out, "new-c").1, Outcome::Keep);
    // resumed / repeated reduce in the same work folder: same decisions, not self-matches
    let again = run_in_memory(&step, crawl2_again(), &dir.path().join("w2"), 1).unwrap();
    let summary = |o: &[(Document, Outcome)]| {
        o.iter()
            .map(|(d, o)| (d.id.clone(), o.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(summary(&again), summary(&out));
    // crawl 3 matches crawl 2's kept document through the updated index
    let crawl3 = vec![vec![Document::new("x", edit(&text(3, 200), 90))]];
    let out = run_in_memory(&step, crawl3, &dir.path().join("w3"), 1).unwrap();
    let Outcome::Drop(d) = &find(&out, "x").1 else {
        panic!("x kept")
    };
    assert_eq!(d.signals["duplicate_of"], "new-c");
    // other parameters cannot reuse the index
    let other = MinHash::new(MinHashConfig {
        index_path: Some(dir.path().join("ix")),
        num_bands: 20,
        ..MinHashConfig::default()
    });
    assert!(run_in_memory(
        &other,
        vec![vec![Document::new("y", text(9, 50))]],
        &dir.path().join("w4"),
        1
    )
    .is_err());
}
