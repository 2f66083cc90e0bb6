"""Language-ID backends compared for accuracy and speed (``make bench-language``).

Accuracy: on the multilingual development corpus (``../shared/corpus/trafilatura-eval``).
Each page's reference language is the primary subtag of its ``<html lang=…>`` attribute
(or ``xml:lang``, or a ``content-language`` meta tag), lower-cased; pages that declare
none are left out. The text judged is trafilatura's main text of the page (what the HTML
path hands to language ID), and pages with under 200 characters of it are left out.
A declared language is not always right (a template in one language serving articles
in another), so the report also gives the share of pages where all backends agree with
each other but not with the declaration: those are most likely wrong references, and a
second accuracy is given on the pages whose reference at least one backend confirms.

Speed: documents per second on one core over the seed texts (seed-size documents),
whole texts and the first 1,000 characters, single process.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "trafilatura-eval"
CACHE = ROOT / "bench" / "out" / "language" / "corpus-texts.jsonl"
MIN_CHARS = 200

_LANG_ATTR = re.compile(rb"<html\b[^>]*?\b(?:xml:)?lang\s*=\s*[\"']?([A-Za-z]{2,3})", re.I | re.S)
_META_LANG = re.compile(
    rb"<meta\b[^>]*http-equiv\s*=\s*[\"']?content-language[\"']?[^>]*content\s*=\s*[\"']?([A-Za-z]{2,3})", re.I
)


def declared_language(raw: bytes) -> str | None:
    """The page's own declaration of its language, primary subtag only."""
    head = raw[:20000]
    match = _LANG_ATTR.search(head) or _META_LANG.search(head)
    return match.group(1).decode().lower() if match else None


def corpus_texts() -> list[dict[str, str]]:
    """``{"file", "ref", "text"}`` for every usable page, extracted once and cached."""
    if CACHE.exists():
        return [json.loads(line) for line in CACHE.read_text().splitlines()]
    import trafilatura

    from cleaners.decode import decode_bytes

    rows: list[dict[str, str]] = []
    pages = sorted([*CORPUS.glob("eval/*.html"), *CORPUS.glob("cache/*.html")])
    for page in pages:
        raw = page.read_bytes()
        ref = declared_language(raw)
        if ref is None:
            continue
        text = trafilatura.extract(decode_bytes(raw).text) or ""
        if len(text) >= MIN_CHARS:
            rows.append({"file": page.name, "ref": ref, "text": text})
    CACHE.parent.mkdir(parents=True, exist_ok=True)
    CACHE.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
    return rows


def seed_texts() -> list[str]:
    return [p.read_text() for p in sorted((ROOT / "seeds").glob("*.txt"))]


def rate(fn: Callable[[str], object], texts: list[str], seconds: float = 3.0) -> float:
    """Calls per second of ``fn`` cycling over ``texts`` for about ``seconds``."""
    for text in texts:
        fn(text)
    done, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        for text in texts:
            fn(text)
        done += len(texts)
    return done / (time.perf_counter() - start)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="timing window per speed figure")
    args = parser.parse_args(argv)
    from cleaners import language

    default = f"fast (first {language.FAST_SAMPLE_CHARS:,} chars)"
    variants: dict[str, Callable[[str], language.LanguageGuess]] = {
        default: lambda t: language.detect_language(t, "fast")
    }

    def fast_on_first(chars: int) -> Callable[[str], language.LanguageGuess]:
        return lambda t: language.detect_language(t, "fast", sample_chars=chars)

    for chars in (1000, 2000):  # the other sample sizes, for comparison
        variants.setdefault(f"fast (first {chars:,} chars)", fast_on_first(chars))
    variants["langdetect (first 2,000 chars)"] = lambda t: language.detect_language(t, "langdetect")
    variants["langdetect (whole text)"] = lambda t: language.detect_language(t, "langdetect", sample_chars=len(t))
    if not CORPUS.exists():
        print(f"no corpus at {CORPUS}", file=sys.stderr)
        return 1
    rows = corpus_texts()
    guesses = {name: [fn(r["text"]).language for r in rows] for name, fn in variants.items()}
    refs = [r["ref"] for r in rows]
    confirmed = [i for i, ref in enumerate(refs) if any(g[i] == ref for g in guesses.values())]
    fast = guesses[default]
    unanimous = [i for i in range(len(refs)) if len({g[i] for g in guesses.values()}) == 1]
    all_agree_not_ref = sum(1 for i in unanimous if fast[i] != refs[i])
    print(f"corpus: {len(rows)} pages with a declared language and ≥{MIN_CHARS} chars of main text")
    print(f"reference languages: {dict(Counter(refs).most_common())}")
    print(f"pages where every backend agrees but not with the declaration: {all_agree_not_ref}")
    print(f"pages whose declaration at least one backend confirms: {len(confirmed)}")
    print()
    seeds = seed_texts()
    print(
        "| backend | accuracy vs declared | accuracy on confirmed"
        " | seed docs/s/core (whole) | seed docs/s/core (1,000 chars) |"
    )
    print("| --- | --- | --- | --- | --- |")
    for name, fn in variants.items():
        got = guesses[name]
        acc = sum(g == r for g, r in zip(got, refs, strict=True)) / len(refs)
        acc_c = sum(got[i] == refs[i] for i in confirmed) / max(1, len(confirmed))
        whole = rate(fn, seeds, args.seconds)
        head = rate(lambda t, fn=fn: fn(t[:1000]), seeds, args.seconds)  # type: ignore[misc]
        print(f"| {name} | {acc:.1%} | {acc_c:.1%} | {whole:,.0f} | {head:,.0f} |")
    mistakes = Counter(
        (refs[i], fast[i], guesses["langdetect (first 2,000 chars)"][i])
        for i in range(len(rows))
        if fast[i] != refs[i] or guesses["langdetect (first 2,000 chars)"][i] != refs[i]
    )
    print()
    print("disagreements (declared, fast, langdetect): count")
    for key, count in mistakes.most_common(25):
        print(f"  {key}: {count}")
    return 0


if __name__ == "__main__":
    os.environ.setdefault("FTLANG_CACHE", str(ROOT / "bench" / "out" / "ftlang-cache"))
    raise SystemExit(main())
