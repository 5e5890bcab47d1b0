//! The author's bio box printed after an article ("Jane Doe is a freelance
//! writer..."): about the writer, not the article, and it often sits in
//! the article's own container where class names say nothing.

/// Share of the text after which a paragraph about the author is the bio
/// box at the article's end (a bio near the top is usually an interview
/// subject or an introduction that the text goes on to discuss).
const BIO_START_SHARE: f64 = 0.6;
/// Longest paragraph taken for a bio box.
const BIO_MAX_CHARS: usize = 800;
/// Longest line above the bio taken as its name/role header.
const BIO_HEADER_MAX_CHARS: usize = 60;

/// `author` looks like a person's name: two to four capitalised words
/// (not "admin", "Staff", a site name in one word).
fn person_name(author: &str) -> bool {
    let words: Vec<&str> = author.split_whitespace().collect();
    (2..=4).contains(&words.len())
        && words
            .iter()
            .all(|w| w.chars().next().is_some_and(char::is_uppercase))
}

/// Removes the author's bio paragraphs from the end part of `body`: the
/// paragraph that opens with the byline's name followed by "is"/"has",
/// the paragraphs after it that open with the author's first or last name,
/// and short header lines naming the author right above it.
pub(crate) fn drop_author_bio(body: &str, author: &str) -> Option<String> {
    let author = author.trim();
    if !person_name(author) {
        return None;
    }
    let (first, last) = (
        author.split_whitespace().next()?,
        author.split_whitespace().last()?,
    );
    let lines: Vec<&str> = body.split('\n').collect();
    let total = body.len() as f64;
    let mut offset = 0usize;
    let mut start = None;
    for (k, l) in lines.iter().enumerate() {
        let opens = l
            .strip_prefix(author)
            .is_some_and(|r| r.starts_with(" is ") || r.starts_with(" has "));
        if opens && l.len() <= BIO_MAX_CHARS && offset as f64 >= BIO_START_SHARE * total {
            start = Some(k);
            break;
        }
        offset += l.len() + 1;
    }
    let k = start?;
    let mut from = k;
    while from > 0
        && lines[from - 1].len() <= BIO_HEADER_MAX_CHARS
        && lines[from - 1].contains(author)
    {
        from -= 1;
    }
    let mut to = k + 1;
    while to < lines.len()
        && lines[to].len() <= BIO_MAX_CHARS
        && (lines[to].starts_with(&format!("{first} "))
            || lines[to].starts_with(&format!("{last} ")))
    {
        to += 1;
    }
    let kept: Vec<&str> = lines[..from]
        .iter()
        .chain(lines[to..].iter())
        .copied()
        .collect();
    Some(kept.join("\n").trim_end().to_owned())
}
