"""The facts the tests read, and a copy of the facts' YAML that a test may break."""

import shutil
from pathlib import Path

import pytest

from facts import load_facts
from facts.loader import DATA_DIR


@pytest.fixture(scope="module")
def facts():
    return load_facts()


@pytest.fixture
def data_copy(tmp_path) -> Path:
    copy = tmp_path / "data"
    shutil.copytree(DATA_DIR, copy)
    return copy


def break_file(folder: Path, name: str, old: str, new: str) -> None:
    """Replaces the first `old` in one of the copy's files, which must be there."""
    path = folder / name
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
