"""What goes wrong in a seed run: each problem names the file, the record and the reason."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the seed files."""

    file: str
    record: str
    reason: str

    def __str__(self) -> str:
        return f"{self.file}: {self.record}: {self.reason}"


class SeedError(Exception):
    """The seed files cannot be loaded; nothing was written."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems))
        super().__init__("\n".join(str(problem) for problem in self.problems))
