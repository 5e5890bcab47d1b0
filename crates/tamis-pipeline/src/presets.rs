//! Recipes compiled into the binary (`presets/*.toml` in the repository).

/// A named recipe.
#[derive(Debug, Clone, Copy)]
pub struct Preset {
    /// Name for `--preset`.
    pub name: &'static str,
    /// One line for `tamis presets`.
    pub summary: &'static str,
    /// The commented TOML (steps and output defaults; inputs come from the command line).
    pub toml: &'static str,
}

const PRESETS: &[Preset] = &[
    Preset {
        name: "default",
        summary: "general multilingual recipe: extract, site boilerplate lines, language labels, Gopher, PII, MinHash, token count",
        toml: include_str!("../../../presets/default.toml"),
    },
    Preset {
        name: "fineweb",
        summary: "FineWeb: URL filter, English ≥ 0.65, Gopher repetition + quality, C4 (no terminal punct.), FineWeb filters, MinHash",
        toml: include_str!("../../../presets/fineweb.toml"),
    },
    Preset {
        name: "fineweb2",
        summary: "FineWeb-2 style: URL filter, every language above its own threshold, per-language quality filters, MinHash",
        toml: include_str!("../../../presets/fineweb2.toml"),
    },
    Preset {
        name: "c4",
        summary: "C4: English, C4 line and document rules, exact deduplication",
        toml: include_str!("../../../presets/c4.toml"),
    },
    Preset {
        name: "gopher",
        summary: "MassiveText/Gopher repetition and quality heuristics, exact deduplication",
        toml: include_str!("../../../presets/gopher.toml"),
    },
    Preset {
        name: "ccnet",
        summary: "CCNet: corpus-wide repeated paragraphs removed, lid.176 labels ≥ 0.5",
        toml: include_str!("../../../presets/ccnet.toml"),
    },
];

/// All presets.
pub fn presets() -> &'static [Preset] {
    PRESETS
}

/// The preset called `name`.
pub fn preset(name: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|p| p.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_preset_parses_and_builds() {
        let reg = crate::registry();
        for p in presets() {
            let mut c = crate::PipelineConfig::from_toml(p.toml)
                .unwrap_or_else(|e| panic!("{}: {e}", p.name));
            c.input.paths = vec!["x".into()];
            assert!(!c.steps.is_empty(), "{}", p.name);
            if let Err(e) = crate::Pipeline::build(c, &reg) {
                panic!("preset {}: {e}", p.name);
            }
        }
        assert!(preset("fineweb").is_some() && preset("nope").is_none());
    }
}
