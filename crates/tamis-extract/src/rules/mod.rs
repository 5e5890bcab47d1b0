//! The rules that decide what is removed, each with a name, so that every
//! removed block can be traced to the rule that removed it
//! ([`crate::explain`], `tamis extract --explain PAGE`).
//!
//! Each rule family with logic of its own has a file here, with what it
//! removes or protects, why, and an example: `inline` and `prose` (what is
//! never removed), `furniture` (phrase vocabularies), `teasers`, `overlay`,
//! `hidden`, `comments`, `reviews`, `byline`, and `groups` (the veto for
//! alike items that are the content). The element pass in
//! `content::analyse_as` combines their verdicts in one place and names the
//! rule of every removal with a [`Rule`].

pub(crate) mod byline;
pub(crate) mod comments;
pub(crate) mod furniture;
pub(crate) mod groups;
pub(crate) mod hidden;
pub(crate) mod inline;
pub(crate) mod overlay;
pub(crate) mod prose;
pub(crate) mod reviews;
pub(crate) mod teasers;

/// A named removal rule. [`Rule::name`] is its stable name; [`Rule::doc`]
/// says what it removes and why, in one sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(u8)]
pub enum Rule {
    /// Not removed.
    None = 0,
    /// Never text: scripts, styles, SVG, forms' controls, interface labels.
    NeverText,
    /// A `<nav>`, `<aside>`, `<footer>`, `<header>` or `<menu>` landmark
    /// holding a small share of the page's prose.
    Landmark,
    /// An element whose class, id or role names page furniture (menu,
    /// sidebar, share, related, ad) and that holds a small share of the
    /// page's prose.
    BoilerplateClass,
    /// A weak furniture hint (caption, credit, print, breakpoint-hidden)
    /// on a small, or link-dense, element.
    WeakClass,
    /// A cookie-consent box or dialog.
    Overlay,
    /// A list of alike link-led items (headline teasers, "related" cards)
    /// that is not the page's main content.
    Teasers,
    /// Hidden (`hidden`, `display:none`, screen-reader-only) and not a
    /// closed tab or accordion panel of prose.
    Hidden,
    /// A comment section next to an article that has prose of its own.
    Comments,
    /// A byline block (author, date, meta) of under 200 characters.
    Byline,
    /// Customer reviews on a page that is not a review.
    Reviews,
    /// A table, when tables are excluded (`include_tables = false`).
    Tables,
    /// A short block that is a call to action or an interface line by its
    /// words ("Subscribe", "Read more", "Share this") and not a sentence.
    FurnitureLine,
    /// A heading that opens a furniture section ("Related", "Most read"),
    /// with the small link list it heads.
    FurnitureHeading,
    /// An affiliate or sponsorship disclosure that does not read as a
    /// sentence.
    Disclosure,
    /// A vote, like or post-number counter around a thread's posts.
    Counter,
    /// The heading that repeats the page title (the title is metadata).
    Headline,
    /// A block inside the main content made mostly of link text.
    LinkDensity,
    /// Text outside the main content the page was reduced to.
    OutsideMain,
}

impl Rule {
    /// Every rule, in the order they are documented.
    pub const ALL: &'static [Rule] = &[
        Rule::NeverText,
        Rule::Landmark,
        Rule::BoilerplateClass,
        Rule::WeakClass,
        Rule::Overlay,
        Rule::Teasers,
        Rule::Hidden,
        Rule::Comments,
        Rule::Byline,
        Rule::Reviews,
        Rule::Tables,
        Rule::FurnitureLine,
        Rule::FurnitureHeading,
        Rule::Disclosure,
        Rule::Counter,
        Rule::Headline,
        Rule::LinkDensity,
        Rule::OutsideMain,
    ];

    /// The rule's stable snake_case name.
    pub fn name(self) -> &'static str {
        match self {
            Rule::None => "none",
            Rule::NeverText => "never_text",
            Rule::Landmark => "landmark",
            Rule::BoilerplateClass => "boilerplate_class",
            Rule::WeakClass => "weak_class",
            Rule::Overlay => "overlay",
            Rule::Teasers => "teasers",
            Rule::Hidden => "hidden",
            Rule::Comments => "comments",
            Rule::Byline => "byline",
            Rule::Reviews => "reviews",
            Rule::Tables => "tables",
            Rule::FurnitureLine => "furniture_line",
            Rule::FurnitureHeading => "furniture_heading",
            Rule::Disclosure => "disclosure",
            Rule::Counter => "counter",
            Rule::Headline => "headline",
            Rule::LinkDensity => "link_density",
            Rule::OutsideMain => "outside_main",
        }
    }

    /// What the rule removes and why, in one sentence.
    pub fn doc(self) -> &'static str {
        match self {
            Rule::None => "not removed",
            Rule::NeverText => "never text: scripts, styles, SVG, form controls and interface labels (short buttons, form labels) that are not words of a sentence",
            Rule::Landmark => "a nav/aside/footer/header/menu landmark holding a small share of the page's prose",
            Rule::BoilerplateClass => "an element whose class, id or role names page furniture (menu, sidebar, share, related, ad) and that holds a small share of the page's prose",
            Rule::WeakClass => "a weak furniture hint (caption, credit, print, hidden on some screens) on a small or link-dense element",
            Rule::Overlay => "a cookie-consent box or a dialog",
            Rule::Teasers => "a list of alike link-led items (headline teasers, related cards) that is not the page's main content",
            Rule::Hidden => "hidden (hidden attribute, display:none, screen-reader-only) and not a closed tab or accordion panel of prose",
            Rule::Comments => "a comment section next to an article that has prose of its own",
            Rule::Byline => "a byline block (author, date, meta) of under 200 characters",
            Rule::Reviews => "customer reviews on a page that is not itself a review",
            Rule::Tables => "a table, with include_tables = false",
            Rule::FurnitureLine => "a short block that is a call to action or an interface line by its words and does not read as a sentence",
            Rule::FurnitureHeading => "a heading that opens a furniture section (related, most read), with the small link list it heads",
            Rule::Disclosure => "an affiliate or sponsorship disclosure that does not read as a sentence",
            Rule::Counter => "a vote, like or post-number counter around a thread's posts",
            Rule::Headline => "the heading that repeats the page title (kept as the title)",
            Rule::LinkDensity => "a block inside the main content made mostly of link text",
            Rule::OutsideMain => "outside the main content the page was reduced to",
        }
    }

    pub(crate) fn from_u8(v: u8) -> Rule {
        Rule::ALL
            .iter()
            .copied()
            .find(|r| *r as u8 == v)
            .unwrap_or(Rule::None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_has_a_distinct_name_and_a_doc() {
        let mut names: Vec<&str> = Rule::ALL.iter().map(|r| r.name()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), Rule::ALL.len());
        for r in Rule::ALL {
            assert!(r.doc().len() > 20, "{r:?}");
            assert_eq!(Rule::from_u8(*r as u8), *r);
        }
    }
}
