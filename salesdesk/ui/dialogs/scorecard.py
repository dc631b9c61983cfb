"""A person's scorecard (data-exchange §5): every item with its weight, actual, target,
achievement, score, the one-line explanation and its warnings; bonus, deduction, veto and
total; band → distributed → final grade, coefficient, pay, and the flags in words."""

from __future__ import annotations

import html
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from salesdesk.domain.decimals import decimal_of
from salesdesk.services.cycle_scoring import ResultRow
from salesdesk.ui.models.cycles import (
    GRADE_COLOURS,
    flag_text,
    format_coefficient,
    format_money,
    format_percent,
    format_score,
)

WARNING_STYLE = "color:#a15c00;"
MUTED_STYLE = "color:#666666;"


def format_value_text(raw: Any) -> str:
    """An item's actual or target as data-exchange §4 writes it, for reading: a fraction
    (4 decimals, a percent metric) as `92.0%`, other numbers with thousands separators."""
    if raw is None or raw == "":
        return ""
    text = str(raw)
    value = decimal_of(text)
    if value is None:
        return text
    decimals = len(text.split(".", 1)[1]) if "." in text else 0
    if decimals == 4:
        return format_percent(value)
    return f"{value:,.{decimals}f}"


def grade_html(grade: Any) -> str:
    text = html.escape(str(grade or "–"))
    colours = GRADE_COLOURS.get(str(grade or ""))
    if colours is None:
        return f"<b>{text}</b>"
    return (
        f'<span style="color:{colours[0]}; background-color:{colours[1]};">'
        f"<b>&nbsp;{text}&nbsp;</b></span>"
    )


def heading(text: str) -> str:
    return f"<h3>{html.escape(text)}</h3>"


def _signed(sign: str, raw: Any) -> str:
    """`+2.00` / `−1.50`, and a plain `0.00` for nothing."""
    value = decimal_of(raw)
    if value is None or value == 0:
        return format_score(0)
    return sign + format_score(value)


class ScorecardDialog(QDialog):
    """Shows one scorecard of `rows` (the results as the table lists them); Previous and
    Next step through the others."""

    def __init__(
        self,
        rows: Sequence[ResultRow],
        index: int,
        cycle: str,
        parent: QWidget | None = None,
        *,
        headcount: int | None = None,
        frozen: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("scorecardDialog")
        self.rows = list(rows)
        self.index = max(0, min(index, len(self.rows) - 1))
        self.cycle = cycle
        self.headcount = headcount if headcount is not None else len(self.rows)
        self.frozen = frozen
        self.resize(820, 680)
        self.text = QTextBrowser(self)
        self.text.setObjectName("scorecardText")
        self.text.setOpenLinks(False)
        self.previous_button = QPushButton(self.tr("◀ Previous"), self)
        self.previous_button.setObjectName("scorecardPrevious")
        self.next_button = QPushButton(self.tr("Next ▶"), self)
        self.next_button.setObjectName("scorecardNext")
        self.previous_button.clicked.connect(lambda: self.show_row(self.index - 1))
        self.next_button.clicked.connect(lambda: self.show_row(self.index + 1))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.previous_button)
        bottom.addWidget(self.next_button)
        bottom.addStretch(1)
        bottom.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text, 1)
        layout.addLayout(bottom)
        self.show_row(self.index)

    def row(self) -> ResultRow:
        return self.rows[self.index]

    def show_row(self, index: int) -> None:
        if not 0 <= index < len(self.rows):
            return
        self.index = index
        row = self.rows[index]
        self.setWindowTitle(
            self.tr("Scorecard — {code} {name}").format(code=row.code, name=row.participant.name)
        )
        self.text.setHtml(self.card_html(row))
        self.previous_button.setEnabled(index > 0)
        self.next_button.setEnabled(index < len(self.rows) - 1)

    def plain_text(self) -> str:
        return self.text.toPlainText()

    # ---- the document

    def card_html(self, row: ResultRow) -> str:
        card = row.card
        person = row.participant
        e = html.escape
        parts: list[str] = []
        rank = card.get("rank")
        rank_text = (
            self.tr("rank {rank} of {count}").format(rank=rank, count=self.headcount)
            if rank is not None
            else ""
        )
        heading = f"{e(person.code)} {e(person.name)}"
        parts.append(f"<h2>{heading}</h2>")
        details = [e(person.unit), e(self.cycle), e(rank_text)]
        if self.frozen:
            details.append(e(self.tr("frozen at confirmation")))
        parts.append(f'<p style="{MUTED_STYLE}">{" · ".join(d for d in details if d)}</p>')
        parts.append(
            "<p style='font-size:large;'>"
            + self.tr("Total {total} · final grade {grade} · coefficient {coefficient}").format(
                total=f"<b>{e(format_score(card.get('total')))}</b>",
                grade=grade_html(card.get("final_grade")),
                coefficient=e(format_coefficient(card.get("coefficient"))),
            )
            + (
                " · "
                + e(
                    self.tr("performance pay {pay}").format(
                        pay=format_money(card.get("performance_pay"))
                    )
                )
                if card.get("performance_pay") is not None
                else ""
            )
            + "</p>"
        )
        parts.append(self._items_html(card))
        parts.append(self._adjustments_html(card))
        parts.append(self._grades_html(row))
        parts.append(self._notes_html(card))
        return "".join(parts)

    def _items_html(self, card: dict[str, Any]) -> str:
        e = html.escape
        headers = [
            self.tr("Item"),
            self.tr("Weight"),
            self.tr("Actual"),
            self.tr("Target"),
            self.tr("Achievement"),
            self.tr("Score"),
        ]
        cells = "".join(
            f'<th align="{"left" if i == 0 else "right"}">{e(h)}</th>'
            for i, h in enumerate(headers)
        )
        rows = [f"<tr style='background-color:#eef1f5;'>{cells}</tr>"]
        for item in card.get("items", []):
            values = [
                e(str(item.get("name", ""))),
                e(str(item.get("weight", ""))),
                e(format_value_text(item.get("actual"))),
                e(format_value_text(item.get("target"))),
                e(format_percent(item.get("achievement"))),
                f"<b>{e(format_score(item.get('score')))}</b>",
            ]
            rows.append(
                "<tr>"
                + "".join(
                    f'<td align="{"left" if i == 0 else "right"}">{v}</td>'
                    for i, v in enumerate(values)
                )
                + "</tr>"
            )
            notes = [f'<span style="{MUTED_STYLE}">{e(str(item.get("explanation") or ""))}</span>']
            notes += [
                f'<span style="{WARNING_STYLE}">⚠ {e(str(w))}</span>'
                for w in item.get("warnings") or ()
            ]
            rows.append(f'<tr><td colspan="6">{"<br/>".join(notes)}</td></tr>')
        table = "".join(rows)
        return (
            heading(self.tr("Items"))
            + f'<table width="100%" cellspacing="0" cellpadding="3">{table}</table>'
        )

    def _adjustments_html(self, card: dict[str, Any]) -> str:
        e = html.escape
        items_total = Decimal(0)
        for item in card.get("items", []):
            items_total += decimal_of(item.get("score")) or Decimal(0)
        lines = [
            (self.tr("Sum of the items"), format_score(items_total)),
            (self.tr("Bonus"), _signed("+", card.get("bonus"))),
            (self.tr("Deduction"), _signed("−", card.get("deduction"))),
            (
                self.tr("Veto"),
                self.tr("yes — total 0, lowest grade") if card.get("veto") else self.tr("no"),
            ),
            (self.tr("Total"), format_score(card.get("total"))),
        ]
        rows = "".join(
            f"<tr><td>{e(label)}</td><td align='right'>"
            f"{'<b>' if i == len(lines) - 1 else ''}{e(value)}"
            f"{'</b>' if i == len(lines) - 1 else ''}</td></tr>"
            for i, (label, value) in enumerate(lines)
        )
        return (
            heading(self.tr("Adjustments and total"))
            + f'<table cellspacing="0" cellpadding="3">{rows}</table>'
        )

    def _grades_html(self, row: ResultRow) -> str:
        e = html.escape
        card = row.card
        chain = " → ".join(
            f"{e(label)} {grade_html(card.get(key))}"
            for label, key in (
                (self.tr("Band"), "band_grade"),
                (self.tr("Distributed"), "distributed_grade"),
                (self.tr("Final"), "final_grade"),
            )
        )
        lines = [f"<p>{chain}</p>"]
        person = row.participant
        if person.override_grade:
            lines.append(
                "<p>"
                + e(
                    self.tr("Calibrated to {grade}: {reason}").format(
                        grade=person.override_grade, reason=person.override_reason or ""
                    )
                )
                + "</p>"
            )
        lines.append(
            "<p>"
            + e(
                self.tr("Coefficient {coefficient} · performance pay {pay}").format(
                    coefficient=format_coefficient(card.get("coefficient")),
                    pay=format_money(card.get("performance_pay")) or "–",
                )
            )
            + "</p>"
        )
        return heading(self.tr("Grade")) + "".join(lines)

    def _notes_html(self, card: dict[str, Any]) -> str:
        e = html.escape
        item_warnings = {
            f"{item.get('name')}{sep}{w}"
            for item in card.get("items", [])
            for w in item.get("warnings") or ()
            for sep in (": ", "：")
        }
        others = [w for w in card.get("warnings") or () if w not in item_warnings]
        flags = [flag_text(str(f)) for f in card.get("flags") or ()]
        parts = []
        if others:
            parts.append(heading(self.tr("Other warnings")))
            parts.append(
                "<ul>"
                + "".join(f'<li style="{WARNING_STYLE}">⚠ {e(str(w))}</li>' for w in others)
                + "</ul>"
            )
        if flags:
            parts.append(heading(self.tr("Notes")))
            parts.append("<ul>" + "".join(f"<li>{e(f)}</li>" for f in flags) + "</ul>")
        return "".join(parts)


__all__ = ["ScorecardDialog", "format_value_text"]
