"""`make refresh-facts`: an editor loads next month's NHS practice file, sees what changed, and applies it."""

import csv
import shutil
from pathlib import Path

import pytest

from facts.loader import DATA_DIR, load_records
from facts.refresh import diff, main, read_epraccur


def row(code, name, lines, postcode, phone, status="A", close="", commissioner="93C", setting="4", width=27):
    """One practice as epraccur.csv lists it: no header, fixed column positions (27 columns today, 21 before)."""
    cells = [""] * width
    cells[0], cells[1], cells[9], cells[11], cells[12] = code, name, postcode, close, status
    cells[4 : 4 + len(lines)] = lines
    cells[14], cells[17] = commissioner, phone
    cells[25 if width == 27 else 20] = setting
    return cells


ARCHWAY = row(
    "F83004",
    "ARCHWAY MEDICAL CENTRE",
    ["ARCHWAY MEDICAL CENTRE", "652 HOLLOWAY ROAD", "LONDON"],
    "N19 3NU",
    "020 72720111",
)
GOODINGE = row(
    "F83008",
    "THE GOODINGE GROUP PRACTICE",
    ["GOODINGE HEALTH CENTRE", "GOODINGE CL, 20 NORTH RD", "LONDON"],
    "N7 9EW",
    "020 76196670",
)
MILLER = row(
    "F83045", "THE MILLER PRACTICE", ["THE MILLER PRACTICE", "49 HIGHBURY NEW PARK", "LONDON"], "N5 2ET", "020 73541972"
)


def write(path: Path, rows) -> Path:
    with path.open("w", newline="") as file:
        csv.writer(file).writerows(rows)
    return path


@pytest.fixture
def data(tmp_path) -> Path:
    copy = tmp_path / "data"
    shutil.copytree(DATA_DIR, copy)
    return copy


def practices(data: Path) -> dict:
    return {p.code: p for p in load_records(data)["practices"]}


def test_a_file_that_matches_the_facts_shows_no_change_despite_its_abbreviations(tmp_path):
    # "GOODINGE CL, 20 NORTH RD" is the facts' "Goodinge Close, 20 North Road": spelling is not a change.
    rows = read_epraccur(write(tmp_path / "epraccur.csv", [ARCHWAY, GOODINGE, MILLER]))
    result = diff(tuple(p for p in load_records()["practices"] if p.code in rows), rows)
    assert result.changes == [] and sorted(result.confirmed) == ["F83004", "F83008", "F83045"]


def test_the_editor_sees_each_kind_of_change_and_nothing_is_written_without_approval(tmp_path, data, capsys):
    before = (data / "practices.yml").read_text()
    rows = [
        row("F83004", "ARCHWAY MEDICAL CENTRE", ["652 HOLLOWAY ROAD", "LONDON"], "N19 3NU", "020 72729999"),  # phone
        row("F83008", "THE GOODINGE PRACTICE", GOODINGE[4:7], "N7 9EW", "020 76196670"),  # renamed
        row("F83045", "THE MILLER PRACTICE", ["51 HIGHBURY NEW PARK", "LONDON"], "N5 2ET", "020 73541972"),  # moved
        row(
            "F83015",
            "ST. JOHNS WAY MEDICAL CTR",
            ["96 ST. JOHNS WAY", "LONDON"],
            "N19 3RN",
            "020 72721585",
            "C",
            "20261031",
        ),
        row("Y09999", "NEW HOLLOWAY PRACTICE", ["1 NEW ROAD", "LONDON"], "N7 1AA", "020 70000000"),  # new, in N7
        row("Y08888", "FAR AWAY SURGERY", ["1 HIGH STREET", "LEEDS"], "LS1 1AA", "0113 0000000", commissioner="X2C"),
    ]
    assert (
        main([str(write(data / "epraccur.csv", rows)), "--as-at", "2026-11-30", "--apply", "no", "--data", str(data)])
        == 0
    )
    shown = capsys.readouterr().out
    assert "F83004  Archway Medical Centre: 020 7272 0111  ->  020 7272 9999" in shown
    assert "F83008  The Goodinge Group Practice  ->  THE GOODINGE PRACTICE" in shown
    assert "F83045  The Miller Practice: 49 Highbury New Park" in shown and "51 HIGHBURY NEW PARK" in shown
    assert "F83015  St Johns Way Medical Centre: open  ->  closed on 2026-10-31" in shown
    assert "Y09999" in shown and "Y08888" not in shown  # a new practice in an Islington district, not one in Leeds
    assert (data / "practices.yml").read_text() == before


def test_approved_changes_are_applied_with_the_files_date_and_a_new_practice_only_when_named(tmp_path, data):
    rows = [
        row("F83004", "ARCHWAY MEDICAL CENTRE", ["652 HOLLOWAY ROAD", "LONDON"], "N19 3NU", "020 72729999"),
        row(
            "F83015",
            "ST. JOHNS WAY MEDICAL CTR",
            ["96 ST. JOHNS WAY", "LONDON"],
            "N19 3RN",
            "020 72721585",
            "C",
            "20261031",
        ),
        row("Y09999", "NEW HOLLOWAY PRACTICE", ["1 NEW ROAD", "LONDON"], "N7 1AA", "020 70000000"),
        row("Y07777", "OTHER NEW PRACTICE", ["2 NEW ROAD", "LONDON"], "N7 1AB", "020 70000001"),
    ]
    file = write(data / "epraccur.csv", rows)
    assert main([str(file), "--as-at", "2026-11-30", "--apply", "yes", "--add", "Y09999", "--data", str(data)]) == 0
    after = practices(data)
    assert after["F83004"].phone == "020 7272 9999" and after["F83004"].as_at == "2026-11-30"
    assert after["F83004"].source.startswith("NHS Organisation Data Service")
    assert not after["F83015"].is_open and after["F83015"].closed_on == "2026-10-31"
    assert after["Y09999"].name == "New Holloway Practice" and after["Y09999"].phone == "020 7000 0000"
    assert "Y07777" not in after  # listed as new, but the editor didn't add it
    # A practice the file doesn't list keeps its old date: nothing vouches for it now.
    assert after["F83045"].as_at == "2025-05-25"


def test_older_21_column_files_are_read_too(tmp_path):
    old = row("F83004", "ARCHWAY MEDICAL CENTRE", ["652 HOLLOWAY ROAD"], "N19 3NU", "020 72720111", width=21)
    rows = read_epraccur(write(tmp_path / "old.csv", [old]))
    assert rows["F83004"].prescribing == "4" and rows["F83004"].phone == "020 72720111"
