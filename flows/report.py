"""The run report: what a run saw, wrote, rejected and removed."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from cleaners.document import TITLE_KIND, ArticleRecord, RejectRecord


@dataclass
class RunReport:
    run_id: str
    kind: str
    output: str
    inputs_seen: int = 0
    articles_written: int = 0
    rejects_written: int = 0
    seconds: float = 0.0
    rejects_by_reason: Counter[str] = field(default_factory=Counter)
    removed_chars_by_kind: Counter[str] = field(default_factory=Counter)
    languages: Counter[str] = field(default_factory=Counter)
    files_written: list[str] = field(default_factory=list)

    def add(self, articles: list[ArticleRecord], rejects: list[RejectRecord]) -> None:
        self.inputs_seen += len(articles) + len(rejects)
        self.articles_written += len(articles)
        self.rejects_written += len(rejects)
        for reject in rejects:
            self.rejects_by_reason[reject.reason] += 1
        for article in articles:
            self.languages[article.language or "unknown"] += 1
            for removal in article.removed:
                kind = str(removal["kind"])
                if kind != TITLE_KIND:
                    self.removed_chars_by_kind[kind] += len(str(removal["text"]))

    def markdown(self) -> str:
        """The report as a Markdown table, for the Prefect artifact."""
        lines = [
            f"# presswash run `{self.run_id}` ({self.kind})",
            "",
            "| measure | value |",
            "| --- | --- |",
            f"| inputs seen | {self.inputs_seen} |",
            f"| articles written | {self.articles_written} |",
            f"| rejects written | {self.rejects_written} |",
            f"| seconds | {self.seconds:.2f} |",
            f"| output | `{self.output}` |",
        ]
        for title, counter in (
            ("rejects by reason", self.rejects_by_reason),
            ("characters removed by noise kind", self.removed_chars_by_kind),
            ("languages", self.languages),
        ):
            if counter:
                lines += ["", f"## {title}", "", "| key | count |", "| --- | --- |"]
                lines += [f"| {key} | {count} |" for key, count in counter.most_common()]
        return "\n".join(lines)
