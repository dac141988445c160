"""Date fields: German typing, two-digit years, partial dates, the calendar popup."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate
from pytestqt.qtbot import QtBot

from willkommensordner.domain.partial_date import PartialDate
from willkommensordner.errors import InvalidInput
from willkommensordner.gui.dossier.forms import DateField, parse_german_date
from willkommensordner.i18n import translator


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("03.04.2026", date(2026, 4, 3)),
        ("3.4.2026", date(2026, 4, 3)),
        ("1.3.26", date(2026, 3, 1)),
        ("24.12.85", date(1985, 12, 24)),
        ("2026-04-03", date(2026, 4, 3)),
        ("  ", None),
    ],
)
def test_german_dates(text: str, expected: date | None) -> None:
    assert parse_german_date(text) == expected


@pytest.mark.parametrize("text", ["31.02.2026", "3/4/2026", "morgen", "00.00.2026"])
def test_not_a_date(text: str) -> None:
    with pytest.raises(InvalidInput, match="not a date"):
        parse_german_date(text)


def test_partial_date_field_passes_the_text_and_calendar_fills_it(qtbot: QtBot) -> None:
    field = DateField(translator("en"), partial=True)
    qtbot.addWidget(field)
    field.set_value(PartialDate(1990))
    assert field.text() == "00.00.1990"
    assert field.model_value() == "00.00.1990"

    exact = DateField(translator("en"))
    qtbot.addWidget(exact)
    exact.show()
    with qtbot.waitSignal(exact.edited):
        exact._pick()
        calendar = exact._calendar
        assert calendar is not None and calendar.isVisible()
        calendar.clicked.emit(QDate(2026, 5, 17))
    assert exact.text() == "17.05.2026"
    assert exact.model_value() == "2026-05-17"
    assert not calendar.isVisible()
