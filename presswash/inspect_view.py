"""Rendering one document's cleaning for a person: kept text plain, removals struck."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from cleaners.document import ArticleRecord, RejectRecord
from cleaners.engine import CleanResult
from cleaners.rule_tables import generic_rules, publishers


def _rationales() -> dict[str, str]:
    table = {r.id: r.rationale for r in generic_rules()}
    for pub in publishers():
        table.update({r.id: r.rationale for r in pub.rules})
    table["caption.echo"] = "Image alt text repeated by the caption line that follows it."
    table["title.first_line"] = "First line looks like a headline: lifted out as the title."
    return table


def annotated_text(result: CleanResult) -> Text:
    """The normalized input with every removal in red strike-through and its rule id."""
    out = Text()
    pos = 0
    for removal in result.removals:
        out.append(result.source[pos : removal.start])
        style = "bold cyan" if removal.kind == "title" else "red strike"
        out.append(removal.text, style=style)
        out.append(f" ⟨{removal.rule}⟩", style="yellow")
        pos = removal.start + len(removal.text)
    out.append(result.source[pos:])
    return out


def render(record: ArticleRecord | RejectRecord, result: CleanResult | None) -> RenderableType:
    parts: list[RenderableType] = []
    meta = Table(show_header=False, box=None)
    if isinstance(record, RejectRecord):
        meta.add_row("rejected", f"{record.reason}: {record.detail}")
    else:
        for key in (
            "format",
            "title",
            "publisher",
            "publisher_domain",
            "url",
            "authors",
            "published_at",
            "language",
            "language_score",
            "word_count",
            "char_count",
            "removed_chars",
        ):
            meta.add_row(key, str(getattr(record, key)))
    parts.append(meta)
    if result is not None:
        parts += [Text(""), annotated_text(result), Text("")]
        rationale = _rationales()
        table = Table(title="removals", show_lines=False)
        for column in ("offset", "rule", "kind", "removed text", "why"):
            table.add_column(column, overflow="fold")
        for r in result.removals:
            shown = r.text if len(r.text) <= 80 else r.text[:77] + "…"
            table.add_row(str(r.start), r.rule, r.kind, shown, rationale.get(r.rule, ""))
        parts.append(table)
    return Group(*parts)
