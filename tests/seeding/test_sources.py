"""sources.yaml must list the real documents' headings, so provenance checks compare against the truth."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml

from tests.seeding.conftest import SEEDS

REPOSITORY = Path(__file__).resolve().parents[2]


def shared_sources() -> Path:
    """The documents folder: `shared/sources` beside the repository (or beside a folder holding its worktree).

    CI always has it, and there a missing folder fails the test; a clone made elsewhere by someone
    without the documents cannot compare against them, and says so.
    """
    for folder in REPOSITORY.parents:
        if (folder / "shared" / "sources").is_dir():
            return folder / "shared" / "sources"
    if os.environ.get("CI"):
        raise AssertionError(f"no shared/sources folder beside {REPOSITORY}")
    pytest.skip("the source documents (shared/sources) are not beside this clone")


def headings(document: Path) -> list[str]:
    """The document's heading lines without their '#' marks and surrounding spaces, in order."""
    lines = document.read_text(encoding="utf-8").splitlines()
    return [line.lstrip("#").strip() for line in lines if line.startswith("#")]


def test_sources_yaml_lists_every_document_with_its_headings_in_order():
    listed = yaml.safe_load((SEEDS / "sources.yaml").read_text(encoding="utf-8"))
    documents = sorted(shared_sources().glob("*.txt"))
    assert [entry["file"] for entry in listed] == [document.name for document in documents]
    for entry, document in zip(listed, documents, strict=True):
        assert entry["sections"] == headings(document), document.name
        assert entry["title"] == headings(document)[0]
