"""The run report: what a run saw, skipped, wrote, rejected and removed.

Every input a run looks at lands in exactly one of: new, replaced, skipped (its bytes
were already in the datasets), duplicate (an earlier input of this run had the same
bytes) or rejected. ``inputs_seen`` is their sum.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cleaners.document import ArticleRecord, RejectRecord
    from flows.commit import CommitResult
    from flows.triage import Triage


@dataclass
class RunReport:
    run_id: str
    kind: str
    output: str
    status: str = "running"
    inputs_new: int = 0
    inputs_replaced: int = 0
    inputs_skipped: int = 0
    duplicates: int = 0
    inputs_rejected: int = 0
    deferred: int = 0  # selected but left for a later run by --limit
    articles_written: int = 0
    rejects_written: int = 0
    seconds: float = 0.0
    rejects_by_reason: Counter[str] = field(default_factory=Counter)
    removed_chars_by_kind: Counter[str] = field(default_factory=Counter)
    languages: Counter[str] = field(default_factory=Counter)
    files_written: list[str] = field(default_factory=list)
    # Each outlet's repeated lines (flows/line_counts.py): learned before the run, and
    # the articles this run counted for the runs after it.
    learned_outlets: int = 0
    learned_lines: int = 0
    articles_counted: int = 0
    learned_lines_after: int = 0  # learned once this run's counts were saved

    @property
    def inputs_seen(self) -> int:
        return self.inputs_new + self.inputs_replaced + self.inputs_skipped + self.duplicates + self.inputs_rejected

    def add_batch(self, triage: Triage, committed: CommitResult) -> None:
        """One committed batch: where each of its inputs landed, and the rows written."""
        self.inputs_skipped += triage.skipped + committed.skipped
        self.duplicates += triage.duplicates + committed.duplicates
        self.inputs_new += committed.new
        self.inputs_replaced += committed.replaced
        self.inputs_rejected += committed.rejected
        self.files_written += committed.files
        self.add_rows(committed.articles, committed.rejects)

    def add_rows(self, articles: Sequence[ArticleRecord], rejects: Sequence[RejectRecord]) -> None:
        """Rows written: languages, noise removed, reject reasons."""
        from cleaners.document import TITLE_KIND  # here: a run that wrote nothing need not import the cleaners

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

    def counts(self) -> dict[str, int]:
        return {
            "inputs_seen": self.inputs_seen,
            "inputs_new": self.inputs_new,
            "inputs_skipped": self.inputs_skipped,
            "duplicates": self.duplicates,
            "rejected": self.inputs_rejected,
            "replaced": self.inputs_replaced,
            "articles_written": self.articles_written,
            "rejects_written": self.rejects_written,
        }

    def markdown(self) -> str:
        """The report as Markdown tables, for the Prefect artifact."""
        lines = [
            f"# presswash run `{self.run_id}` ({self.kind}): {self.status}",
            "",
            "| measure | value |",
            "| --- | --- |",
            f"| inputs seen | {self.inputs_seen} |",
            f"| new | {self.inputs_new} |",
            f"| replaced (reprocessed) | {self.inputs_replaced} |",
            f"| skipped (already ingested) | {self.inputs_skipped} |",
            f"| duplicates (same bytes as another input of this run) | {self.duplicates} |",
            f"| rejected | {self.inputs_rejected} |",
            f"| left for a later run (limit) | {self.deferred} |",
            f"| article rows written | {self.articles_written} |",
            f"| reject rows written | {self.rejects_written} |",
            f"| learned lines cleaned with (outlets) | {self.learned_lines} ({self.learned_outlets}) |",
            f"| articles counted for learning | {self.articles_counted} |",
            f"| learned lines after this run | {self.learned_lines_after} |",
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
