//! Object-storage inputs and outputs against real servers on loopback:
//! an S3-compatible server (`TAMIS_S3_ENDPOINT`, started by
//! `.ci/setup-s3.sh`: moto in server mode) and a tiny HTTP server spawned
//! here. Reading a WARC, a JSONL.zst and a Parquet file through a URL must
//! give exactly what reading the local file gives.
//!
//! Without `TAMIS_S3_ENDPOINT` the S3 tests print "skipped" and pass, unless
//! `TAMIS_REQUIRE_S3=1` (`.ci/run` and `.ci/setup-s3.sh` set it): then they
//! fail, so a CI whose S3 server did not start cannot pass them unrun.
#![cfg(feature = "remote")]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::Once;

use tamis_core::Document;
use tamis_io::remote::{is_remote, RemoteOutput};
use tamis_io::{
    expand_inputs, input_size, open_reader, read_documents, OutputFormat, ReadItem, ReaderOptions,
    ShardWriter, WriterOptions,
};

// ---------------------------------------------------------------- fixtures

fn warc_record(i: usize) -> Vec<u8> {
    let html = format!("<html><head><title>Page {i}</title></head><body><p>Bonjour, ceci est la page numéro {i}.</p></body></html>");
    let http = format!("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\r\n{html}", html.len());
    format!(
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-{i:012}>\r\nWARC-Target-URI: https://exemple.fr/{i}\r\nWARC-Date: 2024-01-01T00:00:00Z\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n{http}\r\n\r\n",
        http.len()
    )
    .into_bytes()
}

fn gz(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

/// A WARC of `n` records, one gzip member each; with `damage`, the middle
/// member's deflate data is corrupted (the reader must resync past it).
fn warc_gz(n: usize, damage: bool) -> Vec<u8> {
    let mut out = Vec::new();
    for i in 0..n {
        let mut m = gz(&warc_record(i));
        if damage && i == n / 2 {
            let mid = m.len() / 2;
            for b in &mut m[mid..mid + 8] {
                *b ^= 0x5a;
            }
        }
        out.extend_from_slice(&m);
    }
    out
}

fn jsonl_zst(n: usize) -> Vec<u8> {
    let mut s = String::new();
    for i in 0..n {
        s.push_str(&serde_json::json!({"id": format!("j{i}"), "text": format!("Ligne {i} du corpus."), "url": format!("https://a.fr/{i}")}).to_string());
        s.push('\n');
    }
    s.push_str("not json\n");
    zstd::encode_all(s.as_bytes(), 3).unwrap()
}

fn parquet_file(dir: &Path, n: usize) -> PathBuf {
    let opts = WriterOptions {
        format: OutputFormat::Parquet,
        ..WriterOptions::default()
    };
    let mut w = ShardWriter::new(dir, "pq", &opts).unwrap();
    for i in 0..n {
        let mut d = Document::new(format!("p{i}"), format!("Texte parquet {i}."));
        d.language = Some("fr".into());
        w.write(&d).unwrap();
    }
    w.finish().unwrap().remove(0)
}

/// Every item of a reader, in a form that compares docs fully and errors by code.
fn items(path: &Path) -> Vec<String> {
    let reader = open_reader(path, &ReaderOptions::default())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    reader
        .map(|i| match i {
            ReadItem::Doc(d) => format!("{d:?}"),
            ReadItem::Error(e) => format!("error {} at {:?}", e.code, e.offset),
            ReadItem::Skipped(s) => format!("skipped {s}"),
            ReadItem::Removed(d) => format!("removed {d:?}"),
            ReadItem::Warning(w) => format!("warning {w}"),
        })
        .collect()
}

// ------------------------------------------------------ S3 (moto) helpers

fn endpoint() -> Option<String> {
    match std::env::var("TAMIS_S3_ENDPOINT") {
        Ok(e) if !e.is_empty() => {
            static ENV: Once = Once::new();
            // The stores read these when first built; set them before any is.
            ENV.call_once(|| {
                for (k, v) in [
                    ("AWS_ENDPOINT_URL", e.as_str()),
                    ("AWS_ALLOW_HTTP", "true"),
                    ("AWS_ACCESS_KEY_ID", "testing"),
                    ("AWS_SECRET_ACCESS_KEY", "testing"),
                    ("AWS_REGION", "us-east-1"),
                ] {
                    if std::env::var_os(k).is_none() {
                        std::env::set_var(k, v);
                    }
                }
            });
            Some(e)
        }
        _ => {
            assert!(
                std::env::var("TAMIS_REQUIRE_S3").as_deref() != Ok("1"),
                "TAMIS_REQUIRE_S3=1 but TAMIS_S3_ENDPOINT is not set (.ci/setup-s3.sh starts the server)"
            );
            println!("skipped: TAMIS_S3_ENDPOINT not set");
            None
        }
    }
}

/// One plain HTTP/1.1 request (moto accepts unsigned requests): status and body.
fn http(
    method: &str,
    base: &str,
    path: &str,
    body: &[u8],
    headers: &[(&str, &str)],
) -> (u16, Vec<u8>) {
    let host = base.trim_start_matches("http://").trim_end_matches('/');
    let mut s = TcpStream::connect(host).unwrap();
    let mut req = format!(
        "{method} {path} HTTP/1.1\r\nHost: {host}\r\nContent-Length: {}\r\nConnection: close\r\n",
        body.len()
    );
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str("\r\n");
    s.write_all(req.as_bytes()).unwrap();
    s.write_all(body).unwrap();
    let mut resp = Vec::new();
    s.read_to_end(&mut resp).unwrap();
    let status = std::str::from_utf8(&resp[..resp.len().min(12)])
        .ok()
        .and_then(|l| l.get(9..12))
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let body_at = resp
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map_or(resp.len(), |i| i + 4);
    (status, resp[body_at..].to_vec())
}

/// A new bucket with a name unique to this test run.
fn bucket(base: &str, test: &str) -> String {
    let name = format!(
        "tamis-{test}-{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_millis()
            % 1_000_000
    );
    let (status, body) = http("PUT", base, &format!("/{name}"), b"", &[]);
    assert_eq!(
        status,
        200,
        "create bucket {name}: {}",
        String::from_utf8_lossy(&body)
    );
    name
}

fn put(base: &str, bucket: &str, key: &str, bytes: &[u8]) {
    let (status, body) = http("PUT", base, &format!("/{bucket}/{key}"), bytes, &[]);
    assert_eq!(status, 200, "put {key}: {}", String::from_utf8_lossy(&body));
}

// ---------------------------------------------------------------- S3 tests

#[test]
fn s3_inputs_read_like_local_files() {
    let Some(base) = endpoint() else { return };
    let b = bucket(&base, "in");
    let dir = tempfile::tempdir().unwrap();
    let local = |name: &str, bytes: &[u8]| {
        let p = dir.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        p
    };
    let warc = local("a.warc.gz", &warc_gz(12, false));
    let damaged = local("d.warc.gz", &warc_gz(7, true));
    let jsonl = local("b.jsonl.zst", &jsonl_zst(500));
    let pq = parquet_file(dir.path(), 2500);
    for (key, path) in [
        ("crawl/a.warc.gz", &warc),
        ("crawl/sub/d.warc.gz", &damaged),
        ("crawl/b.jsonl.zst", &jsonl),
        ("crawl/c.parquet", &pq),
        ("crawl/.hidden.jsonl", &jsonl),
        ("other/x.jsonl.zst", &jsonl),
    ] {
        put(&base, &b, key, &std::fs::read(path).unwrap());
    }

    // A prefix lists every object under it (hidden ones skipped), sorted.
    let found = expand_inputs(&[format!("s3://{b}/crawl/")]).unwrap();
    let want: Vec<PathBuf> = [
        "crawl/a.warc.gz",
        "crawl/b.jsonl.zst",
        "crawl/c.parquet",
        "crawl/sub/d.warc.gz",
    ]
    .iter()
    .map(|k| PathBuf::from(format!("s3://{b}/{k}")))
    .collect();
    assert_eq!(found, want);
    assert_eq!(
        expand_inputs(&[format!("s3://{b}/crawl")]).unwrap(),
        want,
        "a prefix without the slash"
    );
    assert_eq!(
        input_size(&want[0]),
        Some(std::fs::metadata(&warc).unwrap().len())
    );
    // Globs: `*` stays within a segment, `**` crosses them.
    assert_eq!(
        expand_inputs(&[format!("s3://{b}/crawl/*.warc.gz")]).unwrap(),
        [want[0].clone()]
    );
    assert_eq!(
        expand_inputs(&[format!("s3://{b}/crawl/**/*.warc.gz")]).unwrap(),
        [want[0].clone(), want[3].clone()]
    );
    assert_eq!(
        expand_inputs(&[format!("s3://{b}/crawl/b.jsonl.zst")]).unwrap(),
        [want[1].clone()],
        "one object"
    );
    // Mixed with local files, deduplicated.
    let mixed = expand_inputs(&[
        format!("s3://{b}/crawl/c.parquet"),
        warc.display().to_string(),
        format!("s3://{b}/crawl/c.parquet"),
    ])
    .unwrap();
    assert_eq!(mixed.len(), 2);

    // Same documents and errors as the local files.
    for (url, path) in want.iter().zip([&warc, &jsonl, &pq, &damaged]) {
        let (remote, local) = (items(url), items(path));
        assert!(!local.is_empty());
        assert_eq!(remote, local, "{}", url.display());
    }
    assert_eq!(
        items(&want[1])
            .iter()
            .filter(|s| s.starts_with("error"))
            .count(),
        1,
        "the bad JSONL line"
    );
    let damaged_items = items(&want[3]);
    assert!(
        damaged_items
            .iter()
            .any(|s| s.starts_with("error gzip_corrupt")),
        "{damaged_items:?}"
    );
    assert!(
        damaged_items
            .iter()
            .filter(|s| !s.starts_with("error"))
            .count()
            >= 5,
        "records after the damage are read (seek restarts the transfer)"
    );
    assert_eq!(items(&want[2]).len(), 2500);
}

#[test]
fn s3_missing_objects_and_buckets_are_clear_errors() {
    let Some(base) = endpoint() else { return };
    let b = bucket(&base, "missing");
    put(&base, &b, "x/a.jsonl", b"{\"text\": \"a\"}\n");

    let e = open_reader(
        Path::new(&format!("s3://{b}/x/nope.jsonl")),
        &ReaderOptions::default(),
    )
    .err()
    .expect("missing object");
    let e = tamis_core::display_chain(&e);
    assert_eq!(
        e,
        format!("cannot open s3://{b}/x/nope.jsonl: no such object (or bucket)")
    );
    let e = open_reader(
        Path::new(&format!("s3://{b}/x/nope.parquet")),
        &ReaderOptions::default(),
    )
    .err()
    .expect("missing parquet");
    let e = tamis_core::display_chain(&e);
    assert!(e.contains("no such object"), "{e}");
    let e = expand_inputs(&[format!("s3://{b}/y/")])
        .unwrap_err()
        .to_string();
    assert_eq!(e, format!("input `s3://{b}/y/` matches no objects"));
    let e = expand_inputs(&[format!("s3://{b}/x/*.parquet")])
        .unwrap_err()
        .to_string();
    assert!(e.contains("matches no objects"), "{e}");
    let e = expand_inputs(&[format!("s3://{b}-nope/x/")])
        .unwrap_err()
        .to_string();
    assert!(e.starts_with(&format!("s3://{b}-nope/x/: ")), "{e}");
    let e = open_reader(
        Path::new(&format!("s3://{b}-nope/a.jsonl")),
        &ReaderOptions::default(),
    )
    .err()
    .expect("missing bucket");
    let e = tamis_core::display_chain(&e);
    assert!(
        e.contains(&format!("s3://{b}-nope/a.jsonl")) && e.contains("no such object"),
        "{e}"
    );
    let e = RemoteOutput::stage(
        &format!("s3://{b}-nope/out"),
        tempfile::tempdir().unwrap().path(),
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains(&format!("s3://{b}-nope/out")), "{e}");
}

#[test]
fn s3_publish_round_trip() {
    let Some(base) = endpoint() else { return };
    let b = bucket(&base, "out");
    let url = format!("s3://{b}/runs/out");
    let staging = tempfile::tempdir().unwrap();
    let out = RemoteOutput::stage(&url, staging.path()).unwrap();
    assert_eq!(out.local_dir(), staging.path());

    // What a run leaves: shards (one big enough for a multipart upload),
    // errors, stats, and local-only state in .tamis/.
    let write = |prefix: &str, n: usize, text_len: usize| {
        let opts = WriterOptions {
            format: OutputFormat::Jsonl,
            ..WriterOptions::default()
        };
        let mut w = ShardWriter::new(&staging.path().join("kept"), prefix, &opts).unwrap();
        for i in 0..n {
            // Varied text so the file is big (no compression here).
            let text: String = (0..text_len)
                .map(|k| char::from(b'a' + ((i * 7 + k * 13) % 26) as u8))
                .collect();
            w.write(&Document::new(format!("{prefix}-{i}"), text))
                .unwrap();
        }
        w.finish().unwrap()
    };
    let small = write("00000", 10, 100);
    let big = write("00001", 2200, 5000);
    assert!(
        std::fs::metadata(&big[0]).unwrap().len() > 10 << 20,
        "bigger than one part"
    );
    std::fs::create_dir_all(staging.path().join("errors")).unwrap();
    std::fs::write(
        staging.path().join("errors/00000_p0_00000.jsonl"),
        b"{\"code\": \"bad_json\"}\n",
    )
    .unwrap();
    std::fs::create_dir_all(staging.path().join(".tamis/done")).unwrap();
    std::fs::write(staging.path().join(".tamis/done/x"), b"done").unwrap();
    std::fs::write(
        staging.path().join("kept/.00002_00000.jsonl.tmp"),
        b"partial",
    )
    .unwrap();
    std::fs::write(staging.path().join("stats.json"), b"{\"kept\": 2210}").unwrap();

    let s = out.publish().unwrap();
    assert_eq!(
        (s.uploaded_files, s.skipped_files, s.deleted_files),
        (4, 0, 0),
        "{s:?}"
    );
    let listed: Vec<String> = expand_inputs(&[format!("{url}/")])
        .unwrap()
        .iter()
        .map(|p| p.display().to_string().replace(&url, ""))
        .collect();
    assert_eq!(
        listed,
        [
            "/errors/00000_p0_00000.jsonl",
            "/kept/00000_00000.jsonl",
            "/kept/00001_00000.jsonl",
            "/stats.json"
        ]
    );
    // The multipart upload reads back whole.
    let back: Vec<ReadItem> = read_documents(Path::new(&format!("{url}/kept/00001_00000.jsonl")))
        .unwrap()
        .collect();
    assert_eq!(back.len(), 2200);
    assert!(matches!(&back[2199], ReadItem::Doc(d) if d.id == "00001-2199"));
    assert_eq!(
        input_size(Path::new(&format!("{url}/stats.json"))),
        Some(14),
        "sizes as listed"
    );
    assert_eq!(
        input_size(Path::new(&format!("{url}/kept/00001_00000.jsonl"))),
        Some(std::fs::metadata(&big[0]).unwrap().len())
    );

    // Publishing again uploads only stats.json; a shard gone locally is deleted remotely.
    let s = out.publish().unwrap();
    assert_eq!(
        (s.uploaded_files, s.skipped_files, s.deleted_files),
        (1, 3, 0),
        "{s:?}"
    );
    std::fs::remove_file(&small[0]).unwrap();
    let s = out.publish().unwrap();
    assert_eq!(
        (s.uploaded_files, s.skipped_files, s.deleted_files),
        (1, 2, 1),
        "{s:?}"
    );
    let listed = expand_inputs(&[format!("{url}/kept/")]).unwrap();
    assert_eq!(
        listed,
        [PathBuf::from(format!("{url}/kept/00001_00000.jsonl"))]
    );
}

// ------------------------------------------------------------- HTTP tests

/// Serves `files` (path → bytes) on loopback: GET and HEAD, `Range: bytes=a-b`
/// and `bytes=a-`, 404 otherwise. Returns the base URL; the thread serves
/// `max_requests` requests, then stops.
fn serve(files: Vec<(String, Vec<u8>)>, max_requests: usize) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming().take(max_requests) {
            let Ok(stream) = stream else { continue };
            let _ = answer(stream, &files);
        }
    });
    base
}

fn answer(mut stream: TcpStream, files: &[(String, Vec<u8>)]) -> std::io::Result<()> {
    let mut r = BufReader::new(stream.try_clone()?);
    let mut line = String::new();
    r.read_line(&mut line)?;
    let mut parts = line.split_whitespace();
    let (method, path) = (
        parts.next().unwrap_or("").to_owned(),
        parts.next().unwrap_or("").to_owned(),
    );
    let mut range = None;
    loop {
        let mut h = String::new();
        if r.read_line(&mut h)? == 0 || h.trim().is_empty() {
            break;
        }
        if let Some((k, v)) = h.split_once(':') {
            if k.eq_ignore_ascii_case("range") {
                range = v.trim().strip_prefix("bytes=").map(str::to_owned);
            }
        }
    }
    let Some((_, body)) = files.iter().find(|(p, _)| *p == path) else {
        return stream.write_all(
            b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
        );
    };
    let len = body.len();
    let (status, start, end) = match range.as_deref().and_then(|r| r.split_once('-')) {
        Some((a, b)) => {
            let a: usize = a.parse().unwrap_or(0);
            let b: usize = if b.is_empty() {
                len - 1
            } else {
                b.parse::<usize>().unwrap_or(len - 1).min(len - 1)
            };
            ("206 Partial Content", a, b + 1)
        }
        None => ("200 OK", 0, len),
    };
    let mut head = format!(
        "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\nETag: \"v1\"\r\n",
        end - start
    );
    if status.starts_with("206") {
        head.push_str(&format!(
            "Content-Range: bytes {start}-{}/{len}\r\n",
            end - 1
        ));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    if method != "HEAD" {
        stream.write_all(&body[start..end])?;
    }
    Ok(())
}

#[test]
fn http_inputs_read_like_local_files() {
    let dir = tempfile::tempdir().unwrap();
    let warc = warc_gz(5, false);
    let damaged = warc_gz(5, true);
    let jsonl = jsonl_zst(50);
    let pq = std::fs::read(parquet_file(dir.path(), 300)).unwrap();
    let mut files = vec![];
    for (name, bytes) in [
        ("a.warc.gz", &warc),
        ("d.warc.gz", &damaged),
        ("b.jsonl.zst", &jsonl),
        ("c.parquet", &pq),
    ] {
        std::fs::write(dir.path().join(name), bytes).unwrap();
        files.push((format!("/data/{name}"), bytes.clone()));
    }
    let base = serve(files, 200);
    for name in ["a.warc.gz", "d.warc.gz", "b.jsonl.zst", "c.parquet"] {
        let url = format!("{base}/data/{name}");
        assert_eq!(
            expand_inputs(std::slice::from_ref(&url)).unwrap(),
            [PathBuf::from(&url)],
            "taken as is"
        );
        assert_eq!(
            items(Path::new(&url)),
            items(&dir.path().join(name)),
            "{url}"
        );
    }
    let e = open_reader(
        Path::new(&format!("{base}/data/missing.jsonl")),
        &ReaderOptions::default(),
    )
    .err()
    .expect("404");
    let e = tamis_core::display_chain(&e);
    assert_eq!(
        e,
        format!("cannot open {base}/data/missing.jsonl: no such object (or bucket)")
    );
}

// --------------------------------------------------------- no network

#[test]
fn url_specs_without_network() {
    assert!(
        is_remote("s3://b/k")
            && is_remote("gs://b/k")
            && is_remote("az://c/k")
            && is_remote("https://h/k")
    );
    let e = expand_inputs(&["http://127.0.0.1:9/data/*.warc.gz".to_owned()])
        .unwrap_err()
        .to_string();
    assert!(e.contains("http(s) inputs must name files"), "{e}");
    let e = expand_inputs(&["s3:///crawl/".to_owned()])
        .unwrap_err()
        .to_string();
    assert!(e.contains("no bucket name"), "{e}");
    let e = RemoteOutput::stage("http://127.0.0.1:9/out", Path::new("unused"))
        .unwrap_err()
        .to_string();
    assert!(e.contains("read-only"), "{e}");
    let d = RemoteOutput::default_staging_dir("s3://b/out");
    assert!(d.starts_with(std::env::temp_dir()), "{}", d.display());
}
