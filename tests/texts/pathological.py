"""Texts built to make a diff or a Markdown renderer slow, at a given size limit.

Shared by the tests (tests/texts/) and the benchmarks (benchmarks/diff.py,
benchmarks/markdown.py), so both time the same inputs. Pure Python, seeded.
"""

from __future__ import annotations

import random


def _words(rng: random.Random, count: int, vocabulary: int) -> list[str]:
    pool = [f"w{index}" for index in range(vocabulary)]
    return [rng.choice(pool) for _ in range(count)]


def _fit(text: str, limit: int) -> str:
    return text[:limit]


def diff_pairs(limit: int) -> dict[str, tuple[str, str]]:
    """(old, new) pairs of at most ``limit`` characters each."""
    rng = random.Random(14)
    words = _words(rng, limit // 4, 2000)
    edited = [rng.choice(("x", "y", word)) if rng.random() < 0.1 else word for word in words]
    few = _words(rng, limit // 3, 3)
    lines = [rng.choice("abc") for _ in range(limit // 2)]
    other_lines = [rng.choice("abc") for _ in range(limit // 2)]
    paragraphs = [" ".join(_words(rng, 60, 500)) + "\n\n" for _ in range(limit // 420)]
    shuffled = paragraphs[:]
    rng.shuffle(shuffled)
    middle = limit // 2
    same = "".join(paragraphs)
    pairs = {
        "'a b ' against 'b a '": ("a b " * (limit // 4), "b a " * (limit // 4)),
        "'a,b,' against 'b,a,'": ("a,b," * (limit // 4), "b,a," * (limit // 4)),
        "short lines 'a/b' against 'b/a'": ("a\nb\n" * (limit // 4), "b\na\n" * (limit // 4)),
        "short lines, random a/b/c, both": ("\n".join(lines), "\n".join(other_lines)),
        "short lines, numbered, each changed": (
            _fit("".join(f"{index}\n" for index in range(limit)), limit),
            _fit("".join(f"{index + 1}\n" for index in range(limit)), limit),
        ),
        "one line, words, 1 in 10 changed": (
            _fit(" ".join(words), limit),
            _fit(" ".join(edited), limit),
        ),
        "one line, 3 words, both random": (
            _fit(" ".join(few), limit),
            _fit(" ".join(_words(rng, limit // 3, 3)), limit),
        ),
        "lines of random words, both random": (
            _fit("\n".join(" ".join(_words(rng, 8, 40)) for _ in range(limit // 30)), limit),
            _fit("\n".join(" ".join(_words(rng, 8, 40)) for _ in range(limit // 30)), limit),
        ),
        "words reversed": (_fit(" ".join(words), limit), _fit(" ".join(reversed(words)), limit)),
        "all different, spaces shared": (
            _fit(" ".join(f"a{index}" for index in range(limit)), limit),
            _fit(" ".join(f"b{index}" for index in range(limit)), limit),
        ),
        "all different, nothing shared": ("x." * (limit // 2), "y," * (limit // 2)),
        "punctuation '.,' against ',.'": (".," * (limit // 2), ",." * (limit // 2)),
        "all the same": (same, same),
        "the same but one word": (same, same[:middle] + "CHANGED" + same[middle + 7 :]),
        "paragraphs shuffled": (same, "".join(shuffled)),
        "one word against all": ("a", "a " * (limit // 2)),
    }
    return pairs


def markdown_texts(limit: int) -> dict[str, str]:
    """Bodies of at most ``limit`` characters that stress markdown-it's rules."""

    def run(unit: str) -> str:
        return unit * (limit // len(unit))

    nested_list, depth = "", 0
    while len(nested_list) < limit:
        nested_list += "  " * depth + "- a\n"
        depth += 1
    return {
        "[": run("["),
        "![": run("!["),
        "*[": run("*["),
        "[*": run("[*"),
        "[ lines": run("[\n"),
        "[ then one ]": run("[")[:-1] + "]",
        "[&": run("[&"),
        "[`": run("[`"),
        "[<": run("[<"),
        "[](": run("[]("),
        "[a](": run("[a]("),
        "[[]": run("[[]"),
        "](": run("]("),
        "*": run("*"),
        "_": run("_"),
        "*a": run("*a"),
        "**a": run("**a"),
        "~~": run("~~"),
        "`": run("`"),
        "`a": run("`a"),
        "<": run("<"),
        "<a": run("<a"),
        "&": run("&"),
        "\\": run("\\"),
        "> nested": run("> "),
        "- nested": run("- "),
        "> - nested": run("> - "),
        "- lines nested": nested_list[:limit],
        "1. nested": run("1. "),
        "| table": "|a|\n|-|\n" + run("|")[8:],
        "[x]: references": run("[x]: y\n"),
    }
