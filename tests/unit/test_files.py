"""Exports are written whole or not at all (salesdesk.exchange.files)."""

from __future__ import annotations

from pathlib import Path

import pytest

from salesdesk.domain.errors import UserError
from salesdesk.exchange.files import write_atomically
from salesdesk.exchange.templates import write_template


class Stop(Exception):
    pass


def test_a_failed_write_leaves_the_earlier_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "报表.xlsx"
    target.write_bytes(b"the export of last week")

    def half_then_fail(file: Path) -> None:
        file.write_bytes(b"half of it")
        raise Stop

    with pytest.raises(Stop):
        write_atomically(target, half_then_fail)
    assert target.read_bytes() == b"the export of last week"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["报表.xlsx"]


def test_a_complete_write_replaces_the_file(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "rules.pdf"
    write_atomically(target, lambda file: file.write_bytes(b"%PDF-1.4 whole"), pdf=True)
    assert target.read_bytes() == b"%PDF-1.4 whole"
    assert [p.name for p in target.parent.iterdir()] == ["rules.pdf"]


def test_an_unwritable_place_is_a_message_naming_the_file(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where a folder is wanted")
    with pytest.raises(UserError, match="not-a-folder"):
        write_template("staff", blocker / "staff-template.xlsx")
    with pytest.raises(UserError, match="PDF viewer"):
        write_atomically(blocker / "rules.pdf", lambda file: None, pdf=True)
    assert blocker.read_text() == "a file where a folder is wanted"
