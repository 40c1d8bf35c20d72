"""The hazard log in docs/clinical-safety.md points only at tests that exist."""

import re

from ops.settings import ROOT

DOC = ROOT / "docs" / "clinical-safety.md"
TEST_ID = re.compile(r"`((?:tests|fuzz)/[\w/]+\.py)::(test_\w+)`")
HAZARDS = [
    "Missed emergency",
    "False crisis alarm",
    "Wrong phone number",
    "Closed practice offered",
    "Stale fact",
    "Action server down",
    "Tracker store outage",
    'Misleading "did you mean" buttons',
    "Danger from another person",
    "A resident writing in another language",
    "An overdose read as a medicines question",
    "An untranslated or unchecked safety card",
]


def hazards(text: str) -> dict[str, str]:
    """Each hazard's title and its section of the log."""
    parts = re.split(r"^### H\d+\. (.+)$", text, flags=re.MULTILINE)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def test_every_test_named_in_the_hazard_log_exists():
    named = TEST_ID.findall(DOC.read_text())
    assert len(named) >= 10
    for path, name in named:
        source = ROOT / path
        assert source.is_file(), f"{path} named in {DOC.name} does not exist"
        assert re.search(rf"^(async )?def {name}\(", source.read_text(), re.MULTILINE), f"{path}::{name} is missing"


def test_every_required_hazard_has_a_test():
    logged = hazards(DOC.read_text())
    assert set(HAZARDS) <= set(logged)
    for title, section in logged.items():
        assert "**Tests:**" in section, f"{title} has no Tests line"
        assert TEST_ID.search(section), f"{title} names no test"
        rated = re.search(r"Severity\s+\*\*\w", section) and re.search(r"likelihood\s+\*\*\w", section)
        assert rated, f"{title} lacks severity or likelihood"
