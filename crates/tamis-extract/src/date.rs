//! Date normalisation: whatever a page declares → ISO 8601.
//!
//! Accepts ISO 8601 (with or without time and offset), `YYYY/MM/DD`,
//! `DD.MM.YYYY`, `MM/DD/YYYY` (US order unless the first number exceeds 12),
//! `YYYYMMDD`, RFC 2822, and written dates in English, French, German,
//! Spanish, Italian, Portuguese and Dutch ("September 4, 2025",
//! "4 septembre 2025", "4. März 2025"). Output is `YYYY-MM-DD`, or
//! `YYYY-MM-DDTHH:MM:SS` (plus the offset when given) when a time was given.
//! Years outside 1990..=2100 are rejected as implausible for web pages.

/// Normalises a date string; `None` if no plausible date is found.
pub fn normalize_date(s: &str) -> Option<String> {
    let s = s.trim();
    if s.is_empty() || s.len() > 200 {
        return None;
    }
    iso(s)
        .or_else(|| numeric(s))
        .or_else(|| written(s))
        .or_else(|| compact(s))
        .or_else(|| embedded(s))
}

/// A numeric date after a label: "Last updated: 2025-02-22", "Posted 10/31/2024".
fn embedded(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut tries = 0;
    for i in 1..b.len() {
        if b[i].is_ascii_digit()
            && !b[i - 1].is_ascii_alphanumeric()
            && b[i - 1] != b'.'
            && b[i - 1] != b'/'
            && b[i - 1] != b'-'
        {
            tries += 1;
            if tries > 8 {
                break;
            }
            let rest = s.get(i..)?;
            // The date must end at a word boundary (not a version or a phone number).
            let end = rest
                .find(|c: char| !(c.is_ascii_digit() || matches!(c, '.' | '/' | '-')))
                .unwrap_or(rest.len());
            let token = rest[..end].trim_end_matches('.');
            if token.len() < 8 {
                continue;
            }
            if let Some(d) = iso(token).or_else(|| numeric(token)) {
                return Some(d);
            }
        }
    }
    None
}

fn valid(y: u32, m: u32, d: u32) -> bool {
    let dim = match m {
        2 => {
            if y % 4 == 0 && (y % 100 != 0 || y % 400 == 0) {
                29
            } else {
                28
            }
        }
        4 | 6 | 9 | 11 => 30,
        1..=12 => 31,
        _ => 0,
    };
    (1990..=2100).contains(&y) && d >= 1 && d <= dim
}

fn ymd(y: u32, m: u32, d: u32) -> Option<String> {
    valid(y, m, d).then(|| format!("{y:04}-{m:02}-{d:02}"))
}

/// Reads up to `max` digits at `i`.
fn digits(b: &[u8], i: &mut usize, max: usize) -> Option<(u32, usize)> {
    let start = *i;
    let mut v = 0u32;
    while *i < b.len() && *i - start < max && b[*i].is_ascii_digit() {
        v = v * 10 + u32::from(b[*i] - b'0');
        *i += 1;
    }
    (*i > start).then_some((v, *i - start))
}

/// `YYYY-MM-DD[THH:MM[:SS[.fff]][Z|±HH[:]MM]]` anywhere at the start.
fn iso(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut i = 0;
    let (y, n) = digits(b, &mut i, 4)?;
    if n != 4 {
        return None;
    }
    let sep = *b.get(i)?;
    if !matches!(sep, b'-' | b'/' | b'.') {
        return None;
    }
    i += 1;
    let (m, _) = digits(b, &mut i, 2)?;
    if b.get(i) != Some(&sep) {
        return None;
    }
    i += 1;
    let (d, _) = digits(b, &mut i, 2)?;
    let date = ymd(y, m, d)?;
    // Optional time.
    if matches!(b.get(i), Some(b'T' | b' ')) && b.get(i + 1).is_some_and(u8::is_ascii_digit) {
        let mut j = i + 1;
        let (hh, _) = digits(b, &mut j, 2)?;
        if b.get(j) != Some(&b':') {
            return Some(date);
        }
        j += 1;
        let Some((mm, _)) = digits(b, &mut j, 2) else {
            return Some(date);
        };
        let mut ss = 0;
        if b.get(j) == Some(&b':') {
            j += 1;
            if let Some((v, _)) = digits(b, &mut j, 2) {
                ss = v;
            }
        }
        if b.get(j) == Some(&b'.') {
            j += 1;
            while j < b.len() && b[j].is_ascii_digit() {
                j += 1;
            }
        }
        if hh > 23 || mm > 59 || ss > 60 {
            return Some(date);
        }
        let mut out = format!("{date}T{hh:02}:{mm:02}:{ss:02}");
        match b.get(j) {
            Some(b'Z') => out.push('Z'),
            Some(&c @ (b'+' | b'-')) => {
                let mut k = j + 1;
                if let Some((oh, n)) = digits(b, &mut k, 4) {
                    let (oh, om) = if n == 4 {
                        (oh / 100, oh % 100)
                    } else {
                        if b.get(k) == Some(&b':') {
                            k += 1;
                        }
                        (oh, digits(b, &mut k, 2).map_or(0, |x| x.0))
                    };
                    if oh <= 14 && om < 60 {
                        out.push_str(&format!("{}{oh:02}:{om:02}", c as char));
                    }
                }
            }
            _ => {}
        }
        return Some(out);
    }
    Some(date)
}

/// `DD.MM.YYYY`, `MM/DD/YYYY`, `DD-MM-YYYY` at the start.
fn numeric(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut i = 0;
    let (a, _) = digits(b, &mut i, 2)?;
    let sep = *b.get(i)?;
    if !matches!(sep, b'.' | b'/' | b'-') {
        return None;
    }
    i += 1;
    let (c, _) = digits(b, &mut i, 2)?;
    if b.get(i) != Some(&sep) {
        return None;
    }
    i += 1;
    let (y, n) = digits(b, &mut i, 4)?;
    let y = match n {
        4 => y,
        2 => 2000 + y,
        _ => return None,
    };
    // Dots and dashes are day-first; slashes are US month-first unless impossible.
    let (d, m) = if sep == b'/' && a <= 12 {
        (c, a)
    } else {
        (a, c)
    };
    ymd(y, m, d).or_else(|| ymd(y, d, m))
}

/// `YYYYMMDD`.
fn compact(s: &str) -> Option<String> {
    let b = s.as_bytes();
    if b.len() >= 8
        && b[..8].iter().all(u8::is_ascii_digit)
        && b.get(8).is_none_or(|c| !c.is_ascii_digit())
    {
        let v: u32 = s.get(..8)?.parse().ok()?;
        return ymd(v / 10000, v / 100 % 100, v % 100);
    }
    None
}

fn month_of(w: &str) -> Option<u32> {
    let w = w.trim_end_matches('.').to_lowercase();
    let m = match w.as_str() {
        "january" | "jan" | "janvier" | "janv" | "januar" | "jän" | "enero" | "ene" | "gennaio"
        | "gen" | "janeiro" | "januari" | "stycznia" | "styczeń" | "января" | "январь" | "ocak"
        | "ledna" | "leden" | "tammikuuta" => 1,
        "february" | "feb" | "février" | "fevrier" | "févr" | "fév" | "februar" | "febrero"
        | "febbraio" | "fevereiro" | "fev" | "februari" | "lutego" | "luty" | "февраля"
        | "февраль" | "şubat" | "subat" | "února" | "unora" | "helmikuuta" => 2,
        "march" | "mar" | "mars" | "märz" | "maerz" | "marzo" | "março" | "marco" | "maart"
        | "mrt" | "marts" | "marca" | "marzec" | "марта" | "март" | "mart" | "března"
        | "brezna" | "maaliskuuta" => 3,
        "april" | "apr" | "avril" | "avr" | "abril" | "abr" | "aprile" | "kwietnia"
        | "kwiecień" | "апреля" | "апрель" | "nisan" | "dubna" | "huhtikuuta" => 4,
        "may" | "mai" | "mayo" | "maggio" | "mag" | "maio" | "mei" | "maj" | "maja" | "мая"
        | "май" | "mayıs" | "mayis" | "května" | "kvetna" | "toukokuuta" => 5,
        "june" | "jun" | "juin" | "juni" | "junio" | "giugno" | "giu" | "junho" | "czerwca"
        | "июня" | "июнь" | "haziran" | "června" | "cervna" | "kesäkuuta" => 6,
        "july" | "jul" | "juillet" | "juil" | "juli" | "julio" | "luglio" | "lug" | "julho"
        | "lipca" | "июля" | "июль" | "temmuz" | "července" | "cervence" | "heinäkuuta" => {
            7
        }
        "august" | "aug" | "août" | "aout" | "agosto" | "ago" | "augustus" | "augusti"
        | "sierpnia" | "августа" | "август" | "ağustos" | "agustos" | "srpna" | "elokuuta" => {
            8
        }
        "september" | "sep" | "sept" | "septembre" | "septiembre" | "settembre" | "set"
        | "setembro" | "września" | "wrzesnia" | "сентября" | "сентябрь" | "eylül" | "eylul"
        | "září" | "zari" | "syyskuuta" => 9,
        "october" | "oct" | "octobre" | "oktober" | "okt" | "octubre" | "ottobre" | "ott"
        | "outubro" | "out" | "października" | "pazdziernika" | "октября" | "октябрь" | "ekim"
        | "října" | "rijna" | "lokakuuta" => 10,
        "november" | "nov" | "novembre" | "noviembre" | "novembro" | "listopada" | "ноября"
        | "ноябрь" | "kasım" | "kasim" | "listopadu" | "marraskuuta" => 11,
        "december" | "dec" | "décembre" | "decembre" | "déc" | "dezember" | "dez" | "diciembre"
        | "dic" | "dicembre" | "dezembro" | "grudnia" | "декабря" | "декабрь" | "aralık"
        | "aralik" | "prosince" | "joulukuuta" => 12,
        _ => return None,
    };
    Some(m)
}

/// A written date anywhere in `s`: "Sep 4, 2025", "4 septembre 2025", "4. März 2025", "2025年9月4日".
fn written(s: &str) -> Option<String> {
    if let Some(d) = cjk(s) {
        return Some(d);
    }
    let words: Vec<&str> = s
        .split(|c: char| {
            c.is_whitespace() || c == ',' || c == '/' || c == '|' || c == '(' || c == ')'
        })
        .filter(|w| !w.is_empty() && *w != "de" && *w != "del" && *w != "of" && *w != "the")
        .take(64)
        .collect();
    let num = |w: &str| -> Option<u32> {
        let t = w
            .trim_end_matches(['.', ','])
            .trim_end_matches("st")
            .trim_end_matches("nd")
            .trim_end_matches("rd")
            .trim_end_matches("th")
            .trim_end_matches("er");
        (t.len() <= 4 && !t.is_empty() && t.bytes().all(|c| c.is_ascii_digit()))
            .then(|| t.parse().ok())
            .flatten()
    };
    for (k, w) in words.iter().enumerate() {
        let Some(m) = month_of(w) else { continue };
        // Month D, YYYY
        if let (Some(d), Some(y)) = (
            words.get(k + 1).and_then(|x| num(x)),
            words.get(k + 2).and_then(|x| num(x)),
        ) {
            if d <= 31 && y >= 1000 {
                if let Some(r) = ymd(y, m, d) {
                    return Some(r);
                }
            }
        }
        // D Month YYYY
        if k > 0 {
            if let (Some(d), Some(y)) = (
                words.get(k - 1).and_then(|x| num(x)),
                words.get(k + 1).and_then(|x| num(x)),
            ) {
                if d <= 31 && y >= 1000 {
                    if let Some(r) = ymd(y, m, d) {
                        return Some(r);
                    }
                }
            }
        }
    }
    None
}

/// `2025年9月4日` (Chinese, Japanese) and `2025년 9월 4일` (Korean).
fn cjk(s: &str) -> Option<String> {
    let (y_mark, m_mark, d_mark) = if s.contains('年') {
        ('年', '月', '日')
    } else {
        ('년', '월', '일')
    };
    let y_at = s.find(y_mark)?;
    let head = &s[..y_at];
    let y: u32 = head
        .trim_end()
        .chars()
        .rev()
        .take_while(char::is_ascii_digit)
        .collect::<String>()
        .chars()
        .rev()
        .collect::<String>()
        .parse()
        .ok()?;
    let rest = &s[y_at + y_mark.len_utf8()..];
    let (m, rest) = rest.split_once(m_mark)?;
    let (d, _) = rest.split_once(d_mark)?;
    ymd(y, m.trim().parse().ok()?, d.trim().parse().ok()?)
}

/// A date in a URL path: `/2025/09/04/`, `/2025-09-04`, `/20250904/`.
pub(crate) fn from_url(url: &str) -> Option<String> {
    let path = url.split_once("://").map_or(url, |x| x.1);
    let path = path.find('/').map_or("", |i| &path[i..]);
    let parts: Vec<&str> = path.split(['/', '?', '#', '_']).collect();
    for w in parts.windows(3) {
        if let [y, m, d] = w {
            // `/2023/10/03/` or `/2023/october/03/`.
            let month = m
                .parse::<u32>()
                .ok()
                .filter(|_| m.len() <= 2)
                .or_else(|| (m.len() >= 3).then(|| month_of(m)).flatten());
            if y.len() == 4 && month.is_some() && (1..=2).contains(&d.len()) {
                if let (Ok(y), Some(m), Ok(d)) = (
                    y.parse(),
                    month,
                    d.get(..2.min(d.len())).unwrap_or("").parse(),
                ) {
                    if let Some(r) = ymd(y, m, d) {
                        return Some(r);
                    }
                }
            }
        }
    }
    for p in &parts {
        for seg in p.split(['-', '.', '+']).collect::<Vec<_>>().windows(3) {
            if let [y, m, d] = seg {
                if y.len() == 4 && m.len() == 2 && d.len() == 2 {
                    if let (Ok(y), Ok(m), Ok(d)) = (y.parse(), m.parse(), d.parse()) {
                        if let Some(r) = ymd(y, m, d) {
                            return Some(r);
                        }
                    }
                }
            }
        }
        if p.len() == 8 && p.bytes().all(|c| c.is_ascii_digit()) {
            if let Some(r) = compact(p) {
                return Some(r);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        let n = |s: &str| normalize_date(s);
        assert_eq!(n("2025-09-04").as_deref(), Some("2025-09-04"));
        assert_eq!(
            n("2025-09-04T10:20:30.123+02:00").as_deref(),
            Some("2025-09-04T10:20:30+02:00")
        );
        assert_eq!(
            n("2025-09-04T10:20Z").as_deref(),
            Some("2025-09-04T10:20:00Z")
        );
        assert_eq!(
            n("2025-9-4 8:05:00").as_deref(),
            Some("2025-09-04T08:05:00")
        );
        assert_eq!(n("04.09.2025").as_deref(), Some("2025-09-04"));
        assert_eq!(n("09/04/2025").as_deref(), Some("2025-09-04"));
        assert_eq!(n("25/12/2024").as_deref(), Some("2024-12-25"));
        assert_eq!(n("20250904").as_deref(), Some("2025-09-04"));
        assert_eq!(
            n("Thu, 04 Sep 2025 10:00:00 GMT").as_deref(),
            Some("2025-09-04")
        );
        assert_eq!(
            n("Published September 4th, 2025 by Jo").as_deref(),
            Some("2025-09-04")
        );
        assert_eq!(n("le 4 septembre 2025").as_deref(), Some("2025-09-04"));
        assert_eq!(n("4. März 2025").as_deref(), Some("2025-03-04"));
        assert_eq!(n("2025年9月4日").as_deref(), Some("2025-09-04"));
        assert_eq!(n("2025년 9월 4일").as_deref(), Some("2025-09-04"));
        assert_eq!(n("4 września 2025").as_deref(), Some("2025-09-04"));
        assert_eq!(n("4 сентября 2025 г.").as_deref(), Some("2025-09-04"));
        assert_eq!(n("4 Eylül 2025").as_deref(), Some("2025-09-04"));
        assert_eq!(n("den 4 augusti 2025").as_deref(), Some("2025-08-04"));
        assert_eq!(n("2025-02-30"), None);
        assert_eq!(n("1850-01-01"), None);
        assert_eq!(n("yesterday"), None);
        assert_eq!(n("May"), None);
        assert_eq!(n("Last updated: 2025-02-22").as_deref(), Some("2025-02-22"));
        assert_eq!(n("Updated: 10/31/2024").as_deref(), Some("2024-10-31"));
        assert_eq!(n("Posted 03.10.2023 by Jo").as_deref(), Some("2023-10-03"));
        assert_eq!(n("version 2.10.3"), None);
        assert_eq!(n("call 555-12-2024-99"), None);
    }

    #[test]
    fn urls() {
        assert_eq!(
            from_url("https://x.com/2025/09/04/slug/").as_deref(),
            Some("2025-09-04")
        );
        assert_eq!(
            from_url("https://x.com/news/2025-09-04-slug").as_deref(),
            Some("2025-09-04")
        );
        assert_eq!(
            from_url("https://x.com/a/20250904/b").as_deref(),
            Some("2025-09-04")
        );
        assert_eq!(from_url("https://x.com/2025/slug"), None);
        assert_eq!(
            from_url("https://x.com/articles/2025-12-15+Some+title").as_deref(),
            Some("2025-12-15")
        );
        assert_eq!(
            from_url("https://x.com/blog/2023/october/03/slug/").as_deref(),
            Some("2023-10-03")
        );
    }
}
