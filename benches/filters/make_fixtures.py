"""Writes the golden-test fixtures: short texts written for tamis (no third-party
pages), built to land on both sides of every Gopher, C4 and FineWeb threshold.
Output: crates/tamis-filters/tests/golden/fixtures.jsonl"""
import json, os, random

random.seed(7)
S = [
    "The river rose quickly after three days of rain, and the town council met to discuss the flood defences.",
    "Engineers said that the old wall would have to be raised by at least a metre before the winter storms.",
    "Most residents agreed with the plan, although some of them worried about the cost and the noise.",
    "A spokesperson for the council didn't give a date, but she said work could start in the spring.",
    "Local shops have stayed open throughout, which has been a relief to the people who live on the hill.",
    "It's the third time in ten years that the lower streets have been under water.",
    "The mayor's office published a map of the areas at risk and asked people to sign up for alerts.",
    "Children from the primary school painted signs to thank the volunteers who filled the sandbags.",
    "Farmers upstream say that the drainage ditches were not cleared last autumn, which made things worse.",
    "Insurance companies are expected to pay out more than they did after the floods of the last decade.",
]
FR = [
    "La rivière a monté très vite après trois jours de pluie, et le conseil municipal s'est réuni en urgence.",
    "Les ingénieurs estiment que le vieux mur doit être rehaussé d'au moins un mètre avant l'hiver.",
    "La plupart des habitants soutiennent le projet, mais certains s'inquiètent du coût et du bruit des travaux.",
    "Les commerces du centre sont restés ouverts pendant toute la crue, ce qui a rassuré les habitants.",
]
MENU = ["Home", "About us", "Contact", "Products", "Blog", "Careers", "Log in", "Sign up", "Search", "Help"]
docs = []


def add(name, text):
    docs.append({"id": name, "text": text})


add("prose_long", " ".join(S))
add("prose_paragraphs", "\n\n".join(S))
add("prose_lines", "\n".join(S))
add("short_doc", S[0])
add("just_under_50", " ".join(S[:4])[:260])
add("menu_only", "\n".join(MENU))
add("menu_plus_article", "\n".join(MENU) + "\n" + "\n".join(S))
add("menu_heavy", "\n".join(MENU * 3) + "\n" + "\n".join(S[:3]))
add("dup_lines", "\n".join(S[:3] * 4))
add("dup_paragraphs", "\n\n".join([S[0], S[1], S[0], S[1], S[0], S[2]]))
add("dup_one_long_line", "\n".join(S + [S[0], S[1], S[2]]))
add("hashtags", " ".join(S[:6]) + " " + " ".join(f"#tag{i}" for i in range(40)))
add("ellipsis_words", " ".join(s[:-1] + "..." for s in S))
add("ellipsis_lines", "\n".join(s[:-1] + "…" if i % 2 else s for i, s in enumerate(S)))
add("bullets", "\n".join("- " + s for s in S))
add("bullets_dots", "\n".join("• " + s for s in S[:5]) + "\n" + S[6])
add("numbers_table", "\n".join(" ".join(str(random.randint(0, 9999)) for _ in range(12)) for _ in range(10)) + "\n" + S[0])
add("numbers_mixed", " ".join(S[:5]) + " " + " ".join(str(random.randint(0, 99)) for _ in range(30)))
add("no_stop_words", " ".join(["Residents waited years for safer crossings while many asked questions about schedules costs noise"] * 6))
add("capital_The", " ".join(s.replace("the ", "THE ").replace("and ", "AND ") for s in S))
add("french", " ".join(FR * 2))
add("french_lines", "\n".join(FR * 2))
add("long_words", " ".join(["Pneumonoultramicroscopicsilicovolcanoconiosis antidisestablishmentarianism the and"] * 20))
add("tiny_words", " ".join(["a b c d e f g h i j to of"] * 10) + " the and have with")
add("lorem", "\n".join(S[:5]) + "\nLorem ipsum dolor sit amet, consectetur adipiscing elit.\n" + "\n".join(S[5:]))
add("lorem_no_punct", "\n".join(S[:6]) + "\nlorem ipsum dolor sit amet\n")
add("curly_code", "\n".join(S[:6]) + "\nfunction init() { return the value; }.\n")
add("curly_removed_line", "\n".join(S[:6]) + "\nvar config = { debug: true }\n")
add("javascript", "\n".join(S[:6]) + "\nPlease enable JavaScript in your browser to see this map.\n")
add("cookies", "\n".join(S[:6]) + "\nThis website uses cookies to improve your experience.\nRead our Privacy Policy and Terms of Use.\n")
add("citations", "\n".join(s[:-1] + "[1]." for s in S[:6]) + "\nThe council said so.[citation needed]\nSee the map.[edit]")
add("no_terminal", "\n".join(s[:-1] for s in S))
add("quotes_end", "\n".join(f'She said: "{s}"' for s in S[:6]))
add("few_sentences", "\n".join(S[:3]))
add("five_in_one_line", " ".join(S[:5]))
add("four_in_one_line", " ".join(S[:4]) + "\nHome\nMenu")
add("abbrev_sentences", "Mr. Smith met Dr. Jones at 5 p.m. on Main St. yesterday. They talked about the U.S. election. It was long. Then they left. Both went home. The end.")
add("ellipsis_sentences", "We waited... and waited... and then it rained. The river rose. The town flooded. People left. Some came back.")
add("long_word_line", "\n".join(S[:6]) + "\n" + "x" * 1200 + " is a very long word.\n")
add("urls_and_emails", " ".join(S[:6]) + " Visit https://example.org/flood-map?area=low or write to help@example.org for details.")
add("contractions", "I don't think they'll come, but we're ready. It's what we've done before and we'd do it again. " * 6)
add("hyphens_slashes", "The well-known long-term plan covers 2024-2025 and/or the next decade; co-operation is key. " * 6)
add("short_lines_list", "\n".join(f"{s.split()[0]} {s.split()[1]}." for s in S) + "\n" + S[0])
add("list_ratio", S[0] + "\n" + "\n".join(w + "." for w in "rain wind snow hail fog sun".split()) + "\n" + S[1])
add("blank_lines", S[0] + "\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n" + S[1] + " " + S[2])
add("trailing_spaces", "\n".join(s + " " for s in S))
add("crlf", "\r\n".join(S))
add("empty", "")
add("whitespace_only", "   \n\n  \t ")
add("punct_only", "... !!! ??? --- ###")
add("cjk", "这是一个测试。我们正在检查过滤器。" * 10)
add("mixed_cjk_english", " ".join(S[:4]) + " 中文内容在这里。日本語のテキストもあります。")
add("repeated_phrase", " ".join(["buy cheap flights now"] * 30) + " " + S[0])
add("repeated_ngrams", " ".join(S[:3]) + " " + " ".join(S[3:6]) + " " + " ".join(S[3:6]))
add("emoji", " ".join(S[:6]) + " 😀 🎉 👍 ❤️ " * 3)
add("symbols_heavy", " ".join(S[:4]) + " " + " ".join(["© ® ™ § ¶ † ‡ • ° ±"] * 5))
add("numbers_with_units", "The wall is 3m high and 120km long; it cost $4.5m (about €4,1m) in 2019, 15% over budget. " * 6)
add("dates", "On 12/03/2024 and 2024-03-12 the council met at 9:30am. They met again on 3 April 2024. " * 6)
add("single_line_paragraph_heavy", ("word " * 60).strip() + ".\n" + "\n".join(S[:2]))
add("unicode_spaces", "\u00a0".join(S[0].split()) + "\u2003" + S[1] + "\u3000" + S[2])
add("apostrophes_curly", "It’s the river’s fault, isn’t it? They’re sure we’ll cope. " * 8)
add("all_caps", " ".join(s.upper() for s in S))

add("three_long_paragraphs", "\n".join(" ".join(S[i:i + 3]) for i in (0, 3, 6)) + "\nShort closing line.")
add("two_long_paragraphs", "\n".join(" ".join(S[i:i + 3]) for i in (0, 3)) + "\n" + S[6])
add("long_word_lines", "\n".join(f"Extraordinarily{i} incomprehensibilities{i}." for i in range(12)) + "\n")
add("ellipsis_inline", " ".join(s.replace(",", "...").replace(" the ", " the... ") for s in S))
out = os.path.join(os.path.dirname(__file__), "..", "..", "crates", "tamis-filters", "tests", "golden", "fixtures.jsonl")
with open(out, "w") as f:
    for d in docs:
        f.write(json.dumps(d, ensure_ascii=False) + "\n")
print(f"{len(docs)} fixtures -> {os.path.normpath(out)}")
