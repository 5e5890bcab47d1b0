//! `pii`: replaces e-mail addresses, public IP addresses, phone numbers
//! and, optionally, IBANs and payment-card numbers in the text.

use std::net::{Ipv4Addr, Ipv6Addr};

use regex::Regex;
use serde::{Deserialize, Serialize};
use tamis_core::{parse_config, BuiltStep, Document, Error, Outcome, Step, StepContext, StepInfo};

/// Step type name.
pub const NAME: &str = "pii";

const DOC: &str = r##"Replaces personal data in the text (a transform: it never drops).

  emails   datatrove PIIFormatter's e-mail regex; replaced by email@example.com,
           firstname.lastname@example.org (cycled within a document)
  ipv4     datatrove's IPv4 regex, replaced only when the address is public (Python's is_global;
           private, loopback, link-local, documentation, 100.64/10 ... are kept) and has no leading
           zeros; tamis also refuses matches glued to digits or dots (1.2.3.4.5 is a version, not an IP);
           replaced by datatrove's list 22.214.171.124, 126.96.36.199, ... (cycled)
  ipv6     colon-separated candidates parsed as IPv6; global ones replaced by 2001:db8::1
  phones   international (+212 612 34 56 78, +33 1 23 45 67 89, +1 (555) 123-4567, 0033 ...),
           national with trunk 0 (06 12 34 56 78, 020 7946 0958, 0612345678: 9-11 digits, one kind
           of separator) and North-American (555) 123-4567 / 555-123-4567; dates, prices, years,
           ISBNs and version numbers do not match; replaced by 555-0100
  ibans    (off by default) country code + check digits + BBAN, mod-97 verified; XX00 0000 0000 0000
  cards    (off by default) 13-19 digits, optional single spaces/dashes, Luhn verified; 0000 0000 0000 0000
Counters: emails_redacted, ipv4_redacted, ipv6_redacted, phones_redacted, ibans_redacted, cards_redacted.

Example:
  [[step]]
  type = "pii"
  phones = true
  cards = true
  phone_replacement = ["<PHONE>"]"##;

/// Options of `pii`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct PiiConfig {
    /// Replace e-mail addresses.
    pub emails: bool,
    /// Replace IPv4 addresses.
    pub ipv4: bool,
    /// Replace IPv6 addresses.
    pub ipv6: bool,
    /// Replace only public IP addresses (datatrove's default).
    pub only_public_ips: bool,
    /// Replace phone numbers.
    pub phones: bool,
    /// Replace IBANs.
    pub ibans: bool,
    /// Replace payment-card numbers.
    pub cards: bool,
    /// Replacements for e-mail addresses, used in turn.
    pub email_replacement: Vec<String>,
    /// Replacements for IPv4 addresses, used in turn.
    pub ipv4_replacement: Vec<String>,
    /// Replacements for IPv6 addresses, used in turn.
    pub ipv6_replacement: Vec<String>,
    /// Replacements for phone numbers, used in turn.
    pub phone_replacement: Vec<String>,
    /// Replacements for IBANs, used in turn.
    pub iban_replacement: Vec<String>,
    /// Replacements for card numbers, used in turn.
    pub card_replacement: Vec<String>,
}

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| (*s).to_owned()).collect()
}

impl Default for PiiConfig {
    fn default() -> Self {
        PiiConfig {
            emails: true,
            ipv4: true,
            ipv6: true,
            only_public_ips: true,
            phones: true,
            ibans: false,
            cards: false,
            email_replacement: strings(&["email@example.com", "firstname.lastname@example.org"]),
            ipv4_replacement: strings(&[
                "22.214.171.124",
                "126.96.36.199",
                "188.8.131.52",
                "184.108.40.206",
                "220.127.116.11",
                "18.104.22.168",
            ]),
            ipv6_replacement: strings(&["2001:db8::1"]),
            phone_replacement: strings(&["555-0100"]),
            iban_replacement: strings(&["XX00 0000 0000 0000"]),
            card_replacement: strings(&["0000 0000 0000 0000"]),
        }
    }
}

/// The built `pii` step: regexes compiled once.
#[derive(Debug, Clone)]
pub struct Pii {
    config: PiiConfig,
    email: Regex,
    ipv4: Regex,
    ipv6: Regex,
    phone: Regex,
    iban: Regex,
    card: Regex,
}

fn re(p: &str) -> tamis_core::Result<Regex> {
    Regex::new(p).map_err(|e| Error::config(format!("pii: bad pattern: {e}")))
}

impl Pii {
    /// Builds the step.
    pub fn new(config: PiiConfig) -> tamis_core::Result<Pii> {
        for (name, v) in [
            ("email_replacement", &config.email_replacement),
            ("ipv4_replacement", &config.ipv4_replacement),
            ("ipv6_replacement", &config.ipv6_replacement),
            ("phone_replacement", &config.phone_replacement),
            ("iban_replacement", &config.iban_replacement),
            ("card_replacement", &config.card_replacement),
        ] {
            if v.is_empty() {
                return Err(Error::config(format!(
                    "pii: {name} needs at least one string"
                )));
            }
        }
        Ok(Pii {
            email: re(concat!(
                r"\b[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:(?:[A-Za-z0-9](?:[",
                r"A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?|\[(?:(?:25[0-5]|2[0-4][0-9]|[",
                r"01]?[0-9][0-9]?)\.){3}(?:25[0-5]|2[0-4][0-9]|[01]?[0-9][0-9]?|[A-Za-z0-9-]*[A-Za-z0-9]:)\])"
            ))?,
            ipv4: re(
                r"(?:(?:25[0-5]|2[0-4][0-9]|[01]?[0-9][0-9]?)\.){3}(?:25[0-5]|2[0-4][0-9]|[01]?[0-9][0-9]?)",
            )?,
            ipv6: re(r"(?i)[0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,7}(?:(?:\d{1,3}\.){3}\d{1,3})?")?,
            phone: re(concat!(
                // international: + or 00, country code, 2-7 more groups
                r"(?:\+|\b00)\d{1,3}(?:[ .\-]?(?:\(\d{1,4}\)|\d{1,5})){2,7}",
                // North American (555) 123-4567 and 555-123-4567
                r"|\(\d{3}\) ?\d{3}[\-. ]\d{4}|\b\d{3}[\-.]\d{3}[\-.]\d{4}",
                // national with trunk 0
                r"|\b0\d{1,3}(?:[ .\-]\d{2,8}){1,5}|\b0\d{8,10}\b"
            ))?,
            iban: re(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b")?,
            card: re(r"\b\d(?:[ \-]?\d){12,18}\b")?,
            config,
        })
    }

    /// The registry entry.
    pub fn info() -> StepInfo {
        StepInfo {
            name: NAME,
            summary: "redact e-mail addresses, IP addresses, phone numbers (and optionally IBANs, card numbers)",
            doc: DOC,
            options: tamis_core::options_of::<PiiConfig>,
            factory: |v| Ok(BuiltStep::Doc(Box::new(Pii::new(parse_config(v)?)?))),
        }
    }

    /// Redacts `text`, returning the new text (if changed) and counts
    /// `[emails, ipv4, ipv6, phones, ibans, cards]`.
    pub fn redact(&self, text: &str) -> (Option<String>, [u64; 6]) {
        let c = &self.config;
        let mut counts = [0u64; 6];
        let mut cur: Option<String> = None;
        let mut pass = |enabled: bool,
                        quick: bool,
                        re: &Regex,
                        reps: &[String],
                        k: usize,
                        ok: &dyn Fn(&str, &str, usize, usize) -> bool| {
            if !enabled || !quick {
                return;
            }
            let src = cur.as_deref().unwrap_or(text);
            let (out, n) = replace(src, re, reps, ok);
            if n > 0 {
                counts[k] += n;
                cur = Some(out);
            }
        };
        let has = |needle: char| text.contains(needle);
        let has_digit = text.bytes().any(|b| b.is_ascii_digit());
        pass(
            c.emails,
            has('@'),
            &self.email,
            &c.email_replacement,
            0,
            &|_, _, _, _| true,
        );
        let public = c.only_public_ips;
        pass(
            c.ipv4,
            has_digit && has('.'),
            &self.ipv4,
            &c.ipv4_replacement,
            1,
            &|s, m, a, b| ipv4_ok(s, m, a, b, public),
        );
        pass(
            c.ipv6,
            has(':'),
            &self.ipv6,
            &c.ipv6_replacement,
            2,
            &|s, m, a, b| ipv6_ok(s, m, a, b, public),
        );
        pass(
            c.phones,
            has_digit,
            &self.phone,
            &c.phone_replacement,
            3,
            &phone_ok,
        );
        pass(
            c.ibans,
            has_digit,
            &self.iban,
            &c.iban_replacement,
            4,
            &|_, m, _, _| iban_ok(m),
        );
        pass(
            c.cards,
            has_digit,
            &self.card,
            &c.card_replacement,
            5,
            &card_ok,
        );
        (cur, counts)
    }
}

/// Replaces accepted matches, cycling through `reps`.
fn replace(
    src: &str,
    re: &Regex,
    reps: &[String],
    ok: &dyn Fn(&str, &str, usize, usize) -> bool,
) -> (String, u64) {
    let mut out = String::new();
    let mut last = 0;
    let mut n = 0u64;
    for m in re.find_iter(src) {
        if m.as_str().is_empty() || !ok(src, m.as_str(), m.start(), m.end()) {
            continue;
        }
        out.push_str(&src[last..m.start()]);
        out.push_str(
            reps.get(n as usize % reps.len().max(1))
                .map_or("", String::as_str),
        );
        last = m.end();
        n += 1;
    }
    if n == 0 {
        return (String::new(), 0);
    }
    out.push_str(&src[last..]);
    (out, n)
}

fn before(s: &str, at: usize) -> Option<char> {
    s[..at].chars().next_back()
}
fn after(s: &str, at: usize) -> Option<char> {
    s[at..].chars().next()
}

fn ipv4_ok(s: &str, m: &str, start: usize, end: usize, public_only: bool) -> bool {
    // not part of a longer dotted number or word
    if before(s, start).is_some_and(|c| c.is_alphanumeric() || c == '.') {
        return false;
    }
    let mut tail = s[end..].chars();
    match (tail.next(), tail.next()) {
        (Some(c), _) if c.is_alphanumeric() => return false,
        (Some('.'), Some(d)) if d.is_ascii_digit() => return false,
        _ => {}
    }
    // Python's ipaddress rejects leading zeros
    if m.split('.').any(|o| o.len() > 1 && o.starts_with('0')) {
        return false;
    }
    let Ok(ip) = m.parse::<Ipv4Addr>() else {
        return false;
    };
    !public_only || ipv4_is_global(ip)
}

/// Python 3.11 `IPv4Address.is_global`.
fn ipv4_is_global(ip: Ipv4Addr) -> bool {
    let [a, b, c, d] = ip.octets();
    let private = a == 0
        || a == 10
        || a == 127
        || (a == 169 && b == 254)
        || (a == 172 && (16..=31).contains(&b))
        || (a == 192 && b == 0 && c == 0 && (d < 8 || d == 170 || d == 171))
        || (a == 192 && b == 0 && c == 2)
        || (a == 192 && b == 168)
        || (a == 198 && (b == 18 || b == 19))
        || (a == 198 && b == 51 && c == 100)
        || (a == 203 && b == 0 && c == 113)
        || a >= 240;
    let shared = a == 100 && (64..=127).contains(&b);
    !private && !shared
}

fn ipv6_ok(s: &str, m: &str, start: usize, end: usize, public_only: bool) -> bool {
    if m.matches(':').count() < 2 || !m.bytes().any(|b| b.is_ascii_hexdigit()) {
        return false;
    }
    if before(s, start).is_some_and(|c| c.is_alphanumeric())
        || after(s, end).is_some_and(|c| c.is_alphanumeric())
    {
        return false;
    }
    let Ok(ip) = m.parse::<Ipv6Addr>() else {
        return false;
    };
    if !public_only {
        return true;
    }
    let seg = ip.segments();
    let special = ip.is_unspecified()
        || ip.is_loopback()
        || (seg[0] & 0xfe00) == 0xfc00
        || (seg[0] & 0xffc0) == 0xfe80
        || (seg[0] == 0x2001 && seg[1] == 0x0db8)
        || ip.to_ipv4_mapped().is_some_and(|v4| !ipv4_is_global(v4));
    !special
}

fn phone_ok(s: &str, m: &str, start: usize, end: usize) -> bool {
    if before(s, start).is_some_and(|c| {
        c.is_alphanumeric() || matches!(c, '.' | ',' | '/' | '-' | '+' | '€' | '$' | '£')
    }) {
        return false;
    }
    let mut tail = s[end..].chars();
    match (tail.next(), tail.next()) {
        (Some(c), _) if c.is_alphanumeric() || matches!(c, '/' | '%' | '€' | '$') => {
            return false
        }
        (Some('.' | ',' | '-'), Some(d)) if d.is_ascii_digit() => return false,
        _ => {}
    }
    let digits = m.bytes().filter(u8::is_ascii_digit).count();
    // one kind of separator outside parentheses
    let seps: Vec<u8> = m
        .bytes()
        .filter(|b| matches!(b, b' ' | b'.' | b'-'))
        .collect();
    let mixed = seps.windows(2).any(|w| w[0] != w[1]);
    if m.starts_with('+') || m.starts_with("00") {
        return (8..=15).contains(&digits) && (!mixed || m.contains('('));
    }
    if m.starts_with('(') || (!m.starts_with('0') && digits == 10) {
        return digits == 10;
    }
    // national with trunk 0
    !mixed && (9..=11).contains(&digits)
}

fn iban_ok(m: &str) -> bool {
    let s: Vec<u8> = m.bytes().filter(|b| *b != b' ').collect();
    if !(15..=34).contains(&s.len()) {
        return false;
    }
    let mut rem: u32 = 0;
    for &b in s[4..].iter().chain(&s[..4]) {
        let v = match b {
            b'0'..=b'9' => (b - b'0') as u32,
            b'A'..=b'Z' => (b - b'A') as u32 + 10,
            _ => return false,
        };
        rem = if v >= 10 {
            (rem * 100 + v) % 97
        } else {
            (rem * 10 + v) % 97
        };
    }
    rem == 1
}

fn card_ok(s: &str, m: &str, start: usize, end: usize) -> bool {
    if before(s, start).is_some_and(|c| c.is_alphanumeric() || c == '.' || c == ',')
        || after(s, end).is_some_and(|c| c.is_alphanumeric())
    {
        return false;
    }
    let seps: Vec<u8> = m.bytes().filter(|b| !b.is_ascii_digit()).collect();
    if seps.windows(2).any(|w| w[0] != w[1]) {
        return false;
    }
    let digits: Vec<u32> = m
        .bytes()
        .filter(u8::is_ascii_digit)
        .map(|b| (b - b'0') as u32)
        .collect();
    if !(13..=19).contains(&digits.len()) || digits.iter().all(|&d| d == digits[0]) {
        return false;
    }
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| {
            if i % 2 == 1 {
                if d * 2 > 9 {
                    d * 2 - 9
                } else {
                    d * 2
                }
            } else {
                d
            }
        })
        .sum();
    sum % 10 == 0
}

impl Step for Pii {
    fn process(&self, doc: &mut Document, cx: &mut StepContext) -> Outcome {
        let (new, counts) = self.redact(&doc.text);
        for (name, n) in [
            "emails_redacted",
            "ipv4_redacted",
            "ipv6_redacted",
            "phones_redacted",
            "ibans_redacted",
            "cards_redacted",
        ]
        .into_iter()
        .zip(counts)
        {
            if n > 0 {
                cx.count(name, n);
            }
        }
        if let Some(t) = new {
            doc.text = t;
        }
        Outcome::Keep
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all() -> Pii {
        Pii::new(PiiConfig {
            ibans: true,
            cards: true,
            ..Default::default()
        })
        .unwrap()
    }
    fn red(t: &str) -> String {
        all().redact(t).0.unwrap_or_else(|| t.to_owned())
    }

    #[test]
    fn emails_cycle_and_count() {
        let (t, c) =
            all().redact("Write to jane.doe+news@mail.example.fr or bob@test.co.uk today.");
        assert_eq!(
            t.unwrap(),
            "Write to email@example.com or firstname.lastname@example.org today."
        );
        assert_eq!(c[0], 2);
        let mut cx = StepContext::default();
        let mut d = Document::new("x", "mail a@b.com");
        all().process(&mut d, &mut cx);
        assert_eq!(cx.take_counters().get("emails_redacted"), Some(&1));
    }

    #[test]
    fn public_ips_only() {
        assert_eq!(
            red("server 8.8.8.8 and 192.168.1.1 and 10.0.0.1."),
            "server 22.214.171.124 and 192.168.1.1 and 10.0.0.1."
        );
        assert_eq!(
            red("version 1.2.3.4.5 and 08.8.8.8"),
            "version 1.2.3.4.5 and 08.8.8.8"
        );
        assert_eq!(
            red("v6 2a00:1450:4007:80e::200e and ::1 and fe80::1"),
            "v6 2001:db8::1 and ::1 and fe80::1"
        );
        assert_eq!(red("at 12:30:45 the meeting"), "at 12:30:45 the meeting");
    }

    #[test]
    fn phones_positive() {
        for p in [
            "+212 6 12 34 56 78",
            "+212 612 34 56 78",
            "06 12 34 56 78",
            "06.12.34.56.78",
            "0612345678",
            "+1 (555) 123-4567",
            "(555) 123-4567",
            "555-123-4567",
            "+33 1 23 45 67 89",
            "+44 20 7946 0958",
            "020 7946 0958",
            "+49 (0)30 1234567",
            "0033 1 23 45 67 89",
        ] {
            assert_eq!(red(&format!("Call {p} now.")), "Call 555-0100 now.", "{p}");
        }
    }

    #[test]
    fn phones_negative() {
        for t in [
            "On 2024-01-05 at 10:30.",
            "Born 05/01/1990, moved 01.05.2024.",
            "It costs $1,234,567.89 or 1 234 567 €.",
            "Version 10.0.19041.1 and 2.3.4.",
            "ISBN 978-3-16-148410-0 and 0-306-40615-2.",
            "Years 1999 2000 2001 2002 2003.",
            "Population 12 345 678 in 2020.",
            "Order 123456789 shipped.",
            "Score 3-1 then 2-0.",
        ] {
            assert_eq!(red(t), t, "{t}");
        }
    }

    #[test]
    fn ibans_and_cards() {
        assert_eq!(
            red("IBAN FR76 3000 6000 0112 3456 7890 189 ok"),
            "IBAN XX00 0000 0000 0000 ok"
        );
        assert_eq!(
            red("IBAN FR76 3000 6000 0112 3456 7890 188 no"),
            "IBAN FR76 3000 6000 0112 3456 7890 188 no"
        );
        assert_eq!(
            red("card 4111 1111 1111 1111 end"),
            "card 0000 0000 0000 0000 end"
        );
        assert_eq!(
            red("card 4111 1111 1111 1112 end"),
            "card 4111 1111 1111 1112 end"
        );
        // off by default
        let p = Pii::new(PiiConfig::default()).unwrap();
        assert!(p.redact("card 4111111111111111").0.is_none());
    }

    #[test]
    fn empty_replacement_is_a_config_error() {
        assert!(Pii::new(PiiConfig {
            phone_replacement: vec![],
            ..Default::default()
        })
        .is_err());
    }
}
