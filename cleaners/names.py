"""Strings numbered in order of appearance: a column of repeated strings stored as small
integers (the ledger's part files and reject reasons, the line counts' sites)."""

from __future__ import annotations


class Names:
    """Strings numbered in order of appearance."""

    def __init__(self) -> None:
        self.names: list[str] = []
        self.ids: dict[str, int] = {}

    def id(self, name: str) -> int:
        found = self.ids.get(name)
        if found is None:
            found = self.ids[name] = len(self.names)
            self.names.append(name)
        return found

    def __len__(self) -> int:
        return len(self.names)
