"""Benchmark corpora, generated from the seeds and the development corpus.

Documents are varied so that no two are byte copies (and none is a copy of its source):
paragraphs shuffled, a numbered variation in the text, boilerplate blocks mixed in at
random places (the noise the cleaners exist for). Generation is deterministic: document
*i* of a corpus is always the same bytes. Files go 1,000 to a folder.

- ``text-N``: plain-text articles of seed size (2-4 kB) built from the seeds and the main
  text of the development corpus' pages cut to seed size: each keeps its source's first
  line and about half its paragraphs, the others drawn from same-language sources.
- ``html-N``: the development corpus' pages, each with a numbered comment and a noise
  block inserted into its body.

A corpus is reused when a ``<name>.complete`` marker beside its folder says it is whole.
"""

from __future__ import annotations

import json
import random
import re
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
CORPUS_DIR = OUT / "corpus"
DEV_CORPUS = ROOT.parent / "shared" / "corpus" / "trafilatura-eval"
PER_FOLDER = 1000
GENERATOR = 2  # bump when documents change: corpora of another generator are made anew
TEXT_TARGET_CHARS = (2000, 3800)

NOISE_LINES = (
    "Advertisement",
    "Share this article",
    "Share on Facebook Share on Twitter Share via Email",
    "Sign up for our daily newsletter",
    "Subscribe now for unlimited access",
    "© 2024 The Daily Courier. All rights reserved.",
    "Related: Ten things to know before the weekend",
    "Read more: {n} stories you may have missed",
    "Click here to read the full story",
    "We use cookies to improve your experience on our site.",
    "Follow us on Instagram",
    "Photo: Reuters",
    "(Reporting by the newsroom staff; editing by the desk)",
    "Comments ({n})",
)

NOISE_HTML = (
    '<div class="share-bar"><a href="#">Share on Facebook</a> <a href="#">Tweet</a> <span>{n} shares</span></div>',
    '<aside class="newsletter"><p>Sign up for our newsletter and get the news first.</p></aside>',
    '<div class="ad-slot"><p>Advertisement</p><p>Sponsored content #{n}</p></div>',
    '<div class="cookie-banner"><p>We use cookies. By continuing you accept our policy ({n}).</p></div>',
)


def _sources() -> list[tuple[str, str]]:
    """(language, text) of every source: the seeds, and the development corpus' main
    texts cut to seed size (cached in bench/out/corpus/sources.json)."""
    cache = CORPUS_DIR / "sources.json"
    if cache.exists():
        return [(lang, text) for lang, text in json.loads(cache.read_text(encoding="utf-8"))]
    from cleaners.language import detect_language

    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    if DEV_CORPUS.exists():
        from bench.language_accuracy import corpus_texts

        texts += [cut for row in corpus_texts() if (cut := _cut(row["text"]))]
    sources = [(detect_language(text).language or "und", text) for text in texts]
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_text(json.dumps(sources, ensure_ascii=False), encoding="utf-8")
    return sources


def _cut(text: str) -> str | None:
    """Whole paragraphs from the start of ``text`` up to seed size; None if too short."""
    out: list[str] = []
    size = 0
    for para in (p.strip() for p in text.split("\n")):
        if not para:
            continue
        if size + len(para) > TEXT_TARGET_CHARS[1] and size >= TEXT_TARGET_CHARS[0]:
            break
        out.append(para)
        size += len(para) + 2
    return "\n\n".join(out) if size >= TEXT_TARGET_CHARS[0] // 2 else None


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n|\n", text) if p.strip()]


def text_document(sources: list[tuple[str, str]], pools: dict[str, list[str]], i: int) -> bytes:
    """Document ``i``: a source's first line and about half of its paragraphs, the rest
    drawn from other sources in the same language, shuffled, with a numbered variation and
    boilerplate lines mixed in. Two documents of the same source share about a third of
    their words, so they are neither copies nor near-copies of each other."""
    rng = random.Random(i)
    language, source = sources[i % len(sources)]
    paras = _paragraphs(source)
    head, body = paras[:1], paras[1:]
    pool = pools.get(language) or body or head
    body = [p if rng.random() < 0.5 else rng.choice(pool) for p in body]
    rng.shuffle(body)
    if body:
        k = rng.randrange(len(body))
        body[k] = f"{body[k].rstrip()} (Update {i}: figures revised.)"
    for _ in range(rng.randint(1, 3)):
        line = rng.choice(NOISE_LINES).format(n=rng.randint(2, 999))
        body.insert(rng.choice([0, len(body)]) if rng.random() < 0.7 else rng.randrange(len(body) + 1), line)
    return ("\n\n".join(head + body) + "\n").encode("utf-8")


_BODY = re.compile(rb"<body\b[^>]*>", re.I)


def html_document(pages: list[Path], i: int) -> bytes:
    rng = random.Random(i)
    raw = pages[i % len(pages)].read_bytes()
    block = rng.choice(NOISE_HTML).format(n=i).encode()
    marker = f"<!-- presswash bench variant {i} -->".encode()
    match = _BODY.search(raw)
    at = match.end() if match else 0
    if rng.random() < 0.5 and match:
        end = raw.lower().rfind(b"</body>")
        at = end if end > at else at
    return raw[:at] + marker + block + raw[at:]


def _path(folder: Path, i: int, suffix: str) -> Path:
    return folder / f"{i // PER_FOLDER:04d}" / f"doc-{i:07d}{suffix}"


def ensure_corpus(kind: str, size: int) -> Path:
    """``bench/out/corpus/<kind>-<size>``, generated unless already complete."""
    folder = CORPUS_DIR / f"{kind}-{size}"
    marker = folder.with_name(folder.name + ".complete")  # beside it: not an input
    done = json.loads(marker.read_text()) if marker.exists() else {}
    if (done.get("documents"), done.get("generator")) == (size, GENERATOR):
        return folder
    if folder.exists():
        shutil.rmtree(folder)
    if kind == "text":
        sources = _sources()
        pools: dict[str, list[str]] = {}
        for language, text in sources:
            pools.setdefault(language, []).extend(_paragraphs(text)[1:])
        suffix = ".txt"
    elif kind == "html":
        pages = sorted([*DEV_CORPUS.glob("eval/*.html"), *DEV_CORPUS.glob("cache/*.html")])
        if not pages:
            raise SystemExit(f"no development corpus at {DEV_CORPUS}")
        suffix = ".html"
    else:
        raise ValueError(kind)
    total = 0
    for i in range(size):
        path = _path(folder, i, suffix)
        if i % PER_FOLDER == 0:
            path.parent.mkdir(parents=True, exist_ok=True)
        data = text_document(sources, pools, i) if kind == "text" else html_document(pages, i)
        path.write_bytes(data)
        total += len(data)
    marker.write_text(json.dumps({"documents": size, "generator": GENERATOR, "bytes": total}))
    return folder


def corpus_bytes(folder: Path) -> int:
    """Total input bytes, as recorded when the corpus was generated."""
    return int(json.loads(folder.with_name(folder.name + ".complete").read_text())["bytes"])
