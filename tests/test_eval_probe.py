"""The residue probes: what the line oracle keeps, and that the report part is never probed."""

from __future__ import annotations

import pytest

from eval.probe import collect, labelled_lines, oracle_text


def test_lines_count_the_snippets_they_hold_as_make_eval_matches_them() -> None:
    text = "The mayor  said on\u00a0Monday.\n\nShare this: Facebook\nRead more: The mayor said"
    lines = labelled_lines(text, ["mayor said"], ["Share this"])
    assert [(line.with_, line.without) for line in lines] == [(1, 0), (0, 1), (1, 0)]


def test_the_line_oracle_removes_boilerplate_lines_and_keeps_lines_that_also_hold_text() -> None:
    lines = labelled_lines(
        "Subscribe to our newsletter\nThe council met on Monday. Subscribe to our newsletter\nAn unannotated line",
        ["council met on Monday"],
        ["Subscribe to our newsletter"],
    )
    assert oracle_text(lines) == "The council met on Monday. Subscribe to our newsletter\nAn unannotated line"


def test_the_report_part_is_never_probed() -> None:
    with pytest.raises(SystemExit, match="tuning part only"):
        collect("report", workers=1)
