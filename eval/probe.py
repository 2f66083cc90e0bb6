"""Two probes of what the text path's residue can still tell, on the tuning part only.

    .venv/bin/python -m eval.probe oracle [--part tuning]
    .venv/bin/python -m eval.probe lexical     # needs scikit-learn: pip install -e '.[probe]'

Neither is a score of presswash; both ask whether a target is out of reach for a reason
the line cleaners could fix.

``oracle``: each converter's raw text with every line removed that holds a ``without``
snippet and no ``with`` snippet. What still leaks then cannot be removed a line at a
time (the snippet shares a line with article text, or the article's own sentences
contain it): the floor of line-level cleaning. The last column is presswash's own leakage, cleaned
without the lines ``make eval`` learns per site (so it can differ from ``make eval`` by a
few tenths of a point).

``lexical``: a character n-gram logistic regression (TF-IDF of 2-5 grams inside words,
classes balanced) learns from one tuning half's raw converter lines which hold boilerplate
(a ``without`` snippet and no ``with`` one) and which hold text (a ``with`` snippet), and
then scores the other half's lines that presswash's cleaners kept. For each threshold it
prints how many of those lines it would remove and how many of them hold ``with`` and
``without`` snippets: whether the words of the lines the rules leave carry a signal that
carries over to sites nobody looked at.

The report part is refused: it is scored once per session by ``make eval``, never probed.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from multiprocessing import Pool
from pathlib import Path
from typing import Any

from eval.converters import CONVERTERS
from eval.metrics import for_match
from eval.run import OUT, Page, cached_conversions, converter_cache_key, load_pages, presswash_text
from eval.split import DEFAULT_CORPUS, tuning_half

TUNING_PARTS = ("tuning", "tuning-a", "tuning-b")
THRESHOLDS = (0.5, 0.7, 0.9)


@dataclass(frozen=True)
class Line:
    text: str
    with_: int  # `with` snippets the line holds
    without: int  # `without` snippets the line holds


def labelled_lines(text: str, with_: Sequence[str], without: Sequence[str]) -> list[Line]:
    """The non-blank lines of ``text``, each with how many snippets of either kind it
    holds (matched as ``make eval`` matches them: normalized substrings)."""
    wanted = [s for s in (for_match(s) for s in with_) if s]
    unwanted = [s for s in (for_match(s) for s in without) if s]
    lines: list[Line] = []
    for line in text.split("\n"):
        key = for_match(line)
        if key:
            lines.append(Line(line.strip(), sum(s in key for s in wanted), sum(s in key for s in unwanted)))
    return lines


def oracle_text(lines: Iterable[Line]) -> str:
    """The text a perfect line cleaner leaves: every line kept but those that hold a
    ``without`` snippet and no ``with`` snippet."""
    return "\n".join(line.text for line in lines if line.with_ or not line.without)


@dataclass
class PageLines:
    page: Page
    raw: dict[str, list[Line]]  # converter → its raw text's lines
    cleaned: dict[str, list[Line]]  # converter → the lines presswash kept


def page_lines(args: tuple[Page, str]) -> PageLines:
    page, cache_dir = args
    texts = cached_conversions(page, Path(cache_dir))
    raw, cleaned = {}, {}
    for name in CONVERTERS:
        raw[name] = labelled_lines(texts[name], page.with_, page.without)
        kept = presswash_text(texts[name].encode("utf-8"), "page.txt", site=page.site).text
        cleaned[name] = labelled_lines(kept, page.with_, page.without)
    return PageLines(page, raw, cleaned)


def collect(part: str, workers: int, corpus: Path = DEFAULT_CORPUS) -> list[PageLines]:
    if part not in TUNING_PARTS:
        raise SystemExit(f"eval.probe runs on the tuning part only ({', '.join(TUNING_PARTS)}), not {part!r}")
    cache_dir = OUT / "cache" / converter_cache_key()
    cache_dir.mkdir(parents=True, exist_ok=True)
    work = [(p, str(cache_dir)) for p in load_pages(corpus, part)]
    with Pool(workers) as pool:
        return list(pool.imap(page_lines, work, chunksize=4))


def run_oracle(pages: list[PageLines]) -> None:
    print(f"{'converter':20} {'w/o leaked: raw':>16} {'line oracle':>12} {'presswash':>10}")
    for name in CONVERTERS:
        total = leaked_raw = leaked_oracle = leaked_after = 0
        for p in pages:
            unwanted = [s for s in (for_match(s) for s in p.page.without) if s]
            raw = for_match("\n".join(line.text for line in p.raw[name]))
            oracle = for_match(oracle_text(p.raw[name]))
            after = for_match("\n".join(line.text for line in p.cleaned[name]))
            total += len(unwanted)
            leaked_raw += sum(s in raw for s in unwanted)
            leaked_oracle += sum(s in oracle for s in unwanted)
            leaked_after += sum(s in after for s in unwanted)
        print(
            f"{name:20} {100 * leaked_raw / total:15.2f}% {100 * leaked_oracle / total:11.2f}% "
            f"{100 * leaked_after / total:9.2f}%"
        )


def _training_set(pages: list[PageLines]) -> tuple[list[str], list[int]]:
    """One half's raw lines that hold a snippet, once per page: 1 boilerplate, 0 text."""
    texts: list[str] = []
    labels: list[int] = []
    for p in pages:
        seen: set[str] = set()
        for lines in p.raw.values():
            for line in lines:
                if line.text in seen or not (line.with_ or line.without):
                    continue
                seen.add(line.text)
                texts.append(line.text)
                labels.append(0 if line.with_ else 1)
    return texts, labels


def run_lexical(pages: list[PageLines]) -> None:
    try:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
    except ImportError:
        raise SystemExit("eval.probe lexical needs scikit-learn: .venv/bin/pip install -e '.[probe]'") from None
    halves = {half: [p for p in pages if tuning_half(p.page.site) == half] for half in ("a", "b")}
    for train, test in (("a", "b"), ("b", "a")):
        texts, labels = _training_set(halves[train])
        vectorizer: Any = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=2, sublinear_tf=True)
        model: Any = LogisticRegression(max_iter=2000, class_weight="balanced")
        model.fit(vectorizer.fit_transform(texts), labels)
        print(f"learned on tuning-{train} ({sum(labels)} boilerplate / {len(labels) - sum(labels)} text lines)")
        print(f"  lines presswash kept on tuning-{test} that it would remove: lines, with `with`, with `without`")
        for name in CONVERTERS:
            kept = [line for p in halves[test] for line in p.cleaned[name]]
            scores = model.predict_proba(vectorizer.transform([line.text for line in kept]))[:, 1]
            cells = []
            for t in THRESHOLDS:
                flagged = [line for line, s in zip(kept, scores, strict=True) if s >= t]
                n_with = sum(1 for line in flagged if line.with_)
                n_without = sum(1 for line in flagged if line.without and not line.with_)
                cells.append(f"≥{t}: {len(flagged)}, {n_with}, {n_without}")
            print(f"  {name:20} " + " | ".join(cells))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Probes of the text path's residue (tuning part only)")
    parser.add_argument("probe", choices=("oracle", "lexical"))
    parser.add_argument("--part", default="tuning", help=f"one of {', '.join(TUNING_PARTS)} (oracle only)")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    part = args.part if args.probe == "oracle" else "tuning"
    pages = collect(part, args.workers)
    print(f"eval.probe {args.probe}, part '{part}', {len(pages)} pages")
    if args.probe == "oracle":
        run_oracle(pages)
    else:
        run_lexical(pages)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
