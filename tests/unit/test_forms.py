"""PDF forms (绩效考核表) and the published rules (考核方案说明), read back from the PDFs:
one form per participant of the demo's confirmed cycle, named `<工号>_<姓名>.pdf`, whose
numbers are the person's scorecard; a long form repeats its table header on every page; the
bundled CJK font is embedded; the rules carry a worked example per item that the scoring
rules themselves computed.

The PDFs are read with pypdf (Qt's own QtPdf is not in every PySide6 build). Text is
compared with all whitespace removed: pypdf breaks lines where the PDF wraps them."""

from __future__ import annotations

import io
import re
import shutil
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pypdf
import pytest
from PySide6.QtCore import QBuffer, QIODevice
from PySide6.QtGui import QFontMetricsF, QTextDocument
from PySide6.QtWidgets import QApplication

from salesdesk.domain.errors import NotFoundError, UserError
from salesdesk.domain.scoring import achievement_score, rule_from_document
from salesdesk.domain.text import set_language
from salesdesk.paths import resource_path
from salesdesk.reports.forms import STYLE, AppraisalForm, FormTask, render_form
from salesdesk.reports.pdf import (
    FONT_FAMILY,
    _first_line_top,
    _row_lines,
    a4_writer,
    document_font_family,
    keep_rows_whole,
    laid_out,
    render_pdf,
)
from salesdesk.reports.rules_doc import item_rules
from salesdesk.services.actuals import load_metric_defs
from salesdesk.services.appraisal_inputs import AppraisalInputsService
from salesdesk.services.cycle_scoring import CycleResults
from salesdesk.services.cycles import CyclesService
from salesdesk.services.database import Database, open_database
from salesdesk.services.forms import ExportCancelled, export_forms, export_rules, form_file_name
from salesdesk.services.interviews import InterviewsService
from salesdesk.services.schemes import SchemesService

CONFIRMED = "2026-Q1 销售代表季度考核"
OPEN = "2026-Q2 销售代表季度考核"
SCHEME = "销售代表季度考核方案"


def pdf_pages(path: Path | bytes) -> list[str]:
    """The text of each page, all whitespace removed."""
    reader = pypdf.PdfReader(path if isinstance(path, Path) else io.BytesIO(path))
    return [re.sub(r"\s+", "", page.extract_text()) for page in reader.pages]


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def embedded_fonts(path: Path) -> list[tuple[str, bool]]:
    """(base font name, whether its font program is embedded) of every font the PDF uses."""
    found = []
    for page in pypdf.PdfReader(path).pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        for ref in fonts.get_object().values():
            font = ref.get_object()
            descendants = font.get("/DescendantFonts")
            described = descendants.get_object()[0].get_object() if descendants else font
            descriptor = described["/FontDescriptor"].get_object()
            embedded = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            found.append((str(font["/BaseFont"]), embedded))
    return found


@pytest.fixture(scope="module")
def demo(demo_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    """A copy of the demo company (confirmed 2026-Q1, open 2026-Q2) for this module."""
    path = tmp_path_factory.mktemp("forms") / "demo.db"
    shutil.copy(demo_file, path)
    database = open_database(path)
    yield database
    database.close()


@pytest.fixture(scope="module")
def confirmed(demo: Database) -> CycleResults:
    return CyclesService(demo).results(CONFIRMED)


@pytest.fixture(scope="module")
def all_forms(
    qapp: QApplication, demo: Database, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, list[Path]]:
    """Every form of the confirmed cycle, in English (written once for the module)."""
    set_language("en")
    out = tmp_path_factory.mktemp("all_forms") / "表格 out"
    return out, export_forms(demo, CONFIRMED, out)


# --------------------------------------------------------------------------- the forms


def test_one_form_per_participant_named_by_code_and_name(
    all_forms: tuple[Path, list[Path]], confirmed: CycleResults
) -> None:
    out, written = all_forms
    participants = [row.participant for row in confirmed.rows]
    assert len(participants) == 30
    assert [p.name for p in written] == [form_file_name(p.code, p.name) for p in participants]
    assert written[0].name == f"{participants[0].code}_{participants[0].name}.pdf"
    # Nothing else is left in the folder: no staging folder, no temporary file.
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in written)
    for path in written:
        reader = pypdf.PdfReader(path)
        box = reader.pages[0].mediabox
        assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4 portrait


def _expected_cells(item: dict[str, Any], units: dict[str, str]) -> list[str]:
    """The items-table row of a card item as the form prints it: money with thousands
    separators, percent metrics and achievements with the point moved two places."""

    def shown(value: str | None, unit: str | None) -> str:
        if value is None:
            return "—"
        if unit == "money":
            return f"{Decimal(value):,f}"
        if unit == "percent":
            return f"{Decimal(value).scaleb(2):f}%"
        return value

    kind = item["kind"]
    if kind == "key_tasks":
        values = [f"{item['actual']}%", "—", "—"]
    elif kind == "rating":
        values = [f"{item['actual']} of 5", "—", "—"]
    else:
        unit = units.get(item["metric"])
        achievement = item["achievement"]
        values = [
            shown(item["actual"], unit),
            shown(item["target"], unit),
            "—" if achievement is None else shown(achievement, "percent"),
        ]
    return [item["name"], str(item["weight"]), *values, item["score"]]


def test_form_numbers_are_the_scorecard(
    all_forms: tuple[Path, list[Path]], confirmed: CycleResults, demo: Database
) -> None:
    out, _ = all_forms
    with demo.reading() as s:
        units = {m.code: m.unit.value for m in load_metric_defs(s)}
    row = confirmed.rows[0]
    card = row.card
    text = "".join(pdf_pages(out / form_file_name(row.code, row.participant.name)))
    assert len(card["items"]) == 11
    for item in card["items"]:
        assert squeeze("".join(_expected_cells(item, units))) in text, item["name"]
        assert squeeze(item["explanation"]) in text
    result = f"Total{card['total']}"
    assert result in text
    assert f"Coefficient{card['coefficient']}" in text
    assert f"{card['final_grade']}(" in text.split("Grade", 1)[1][:60]
    bonus = f"Bonuscounted:{card['bonus']}(cap10)·Deductions:{card['deduction']}·Veto:no"
    assert bonus in text
    person = row.participant
    for value in (person.code, person.name, person.unit, CONFIRMED, "2026-Q1", "Salesrep"):
        assert squeeze(value) in text
    # The appeal notice: 7 days after the confirmation on 2026-04-08, decided in 10 working days.
    assert InterviewsService(demo).appeal_deadline(CONFIRMED) == date(2026, 4, 15)
    assert "until2026-04-15(within7daysofconfirmation" in text
    assert "within10workingdays" in text
    for signer in ("Employee", "Supervisor", "Skip-levelmanager"):
        assert f"{signer}(" in text
    assert text.count("Signature:") == 3 and text.count("Date:") == 3


def test_form_shows_inputs_adjustments_override_and_interview(
    all_forms: tuple[Path, list[Path]], confirmed: CycleResults, demo: Database
) -> None:
    out, _ = all_forms
    adjustments = AppraisalInputsService(demo).list_cycle_adjustments(CONFIRMED)
    assert adjustments, "the demo has bonuses and deductions"
    adjusted = adjustments[0]
    row = confirmed.row_for(adjusted.staff_code)
    assert row is not None
    text = "".join(pdf_pages(out / form_file_name(row.code, row.participant.name)))
    assert squeeze(adjusted.reason) in text
    assert f"Bonuscounted:{row.card['bonus']}" in text
    assert f"Deductions:{row.card['deduction']}" in text
    for task in AppraisalInputsService(demo).list_tasks(CONFIRMED, row.code):
        assert squeeze(task.description) in text

    overridden = next(r for r in confirmed.rows if r.participant.override_grade)
    text = "".join(pdf_pages(out / form_file_name(overridden.code, overridden.participant.name)))
    assert squeeze(f"Calibrated: {overridden.participant.override_reason}") in text
    assert overridden.card["final_grade"] != overridden.card["band_grade"]

    refusal = next(
        i for i in InterviewsService(demo).list_interviews(CONFIRMED) if i.refused
    )  # fmt: skip
    person = next(r for r in confirmed.rows if r.participant.staff_id == refusal.staff_id)
    text = "".join(pdf_pages(out / form_file_name(person.code, person.participant.name)))
    assert squeeze(f"refused: {refusal.refusal_reason}") in text
    assert squeeze(refusal.notes) in text and squeeze(refusal.improvement_goals) in text


def test_bundled_cjk_font_is_embedded(all_forms: tuple[Path, list[Path]]) -> None:
    _, written = all_forms
    assert resource_path("fonts", "wqy-microhei.ttc").is_file()
    assert document_font_family() == FONT_FAMILY
    fonts = embedded_fonts(written[0])
    assert fonts and all(embedded for _name, embedded in fonts)
    assert {name for name, _ in fonts} == {"/WenQuanYiMicroHei"}
    assert b"/FontFile2" in written[0].read_bytes()


def test_chinese_form_and_a_few_people_only(
    qapp: QApplication, demo: Database, confirmed: CycleResults, tmp_path: Path
) -> None:
    set_language("zh")
    codes = [row.code for row in confirmed.rows[-2:]]
    written = export_forms(demo, CONFIRMED, tmp_path, codes=codes)
    assert [p.name.split("_")[0] for p in written] == codes
    last = confirmed.rows[-1]
    text = "".join(pdf_pages(written[-1]))
    for needle in ("绩效考核表", "考核项目", "评分汇总", "签字确认", "申诉须知", "隔级上级"):
        assert needle in text
    assert f"总分{last.card['total']}" in text
    assert f"绩效系数{last.card['coefficient']}" in text
    assert squeeze("可在 2026-04-15（含当日，即结果确认后 7 日内）前提出书面申诉") in text


def test_open_cycle_form_says_the_result_is_not_confirmed(
    qapp: QApplication, demo: Database, tmp_path: Path
) -> None:
    results = CyclesService(demo).results(OPEN)
    row = results.rows[0]
    written = export_forms(demo, OPEN, tmp_path, codes=[row.code])
    text = "".join(pdf_pages(written[0]))
    assert "Theresultisnotconfirmedyet" in text
    assert f"Total{row.card['total']}" in text
    assert "notrated" in text  # the open cycle's key tasks have no completion yet


def test_unknown_code_is_refused_and_nothing_written(
    qapp: QApplication, demo: Database, tmp_path: Path
) -> None:
    with pytest.raises(NotFoundError, match="NOBODY"):
        export_forms(demo, CONFIRMED, tmp_path / "out", codes=["NOBODY"])
    assert not (tmp_path / "out").exists()


def test_cancel_leaves_no_form_behind(
    qapp: QApplication, demo: Database, confirmed: CycleResults, tmp_path: Path
) -> None:
    seen: list[int] = []
    writing: list[str] = []

    def progress(percent: int, message: str) -> bool:
        seen.append(percent)
        if message.startswith("writing "):
            writing.append(message)
        return len(writing) < 3  # Cancel while the third form is being written

    codes = [row.code for row in confirmed.rows[:3]]
    (tmp_path / "keep.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(ExportCancelled):
        export_forms(demo, CONFIRMED, tmp_path, progress=progress, codes=codes)
    assert [p.name for p in tmp_path.iterdir()] == ["keep.txt"]
    assert len(writing) == 3 and seen == sorted(seen)


# --------------------------------------------------------------------------- long forms


def test_long_form_repeats_the_table_header_on_every_page(qapp: QApplication) -> None:
    set_language("en")
    card = {
        "items": [
            {"name": "重点工作推进", "weight": 100, "kind": "key_tasks", "metric": None,
             "actual": "75.00", "target": None, "achievement": None, "score": "75.00",
             "explanation": "…", "warnings": []},
        ],
        "bonus": "0.00", "deduction": "0.00", "veto": False, "total": "75.00",
        "band_grade": "B", "distributed_grade": "B", "final_grade": "B", "coefficient": "1.0",
        "rank": 1, "warnings": [], "flags": [],
    }  # fmt: skip
    tasks = tuple(
        FormTask(f"第{n}项重点工作：拜访客户并形成书面纪要", Decimal(1), Decimal(75))
        for n in range(1, 81)
    )
    form = AppraisalForm(
        company="华信工业设备有限公司",
        cycle="2026-Q1 测试",
        period="2026-Q1",
        state="confirmed",
        scheme="测试方案",
        code="T001",
        name="测试员",
        unit="销售部",
        role="rep",
        manager="王经理",
        skip_level_manager="李总监",
        card=card,
        tasks=tasks,
        appeal_deadline=date(2026, 4, 15),
    )
    pdf = render_form(form)
    pages = pdf_pages(pdf.data)
    assert pdf.pages == len(pages) >= 3
    with_tasks = [i for i, text in enumerate(pages) if "项重点工作：拜访客户" in text]
    assert len(with_tasks) >= 2
    # Header cells are bold, which Qt fakes for this font by printing the text twice.
    header = re.compile(
        "".join(f"(?:{w})+" for w in (r"No\.", "Keytask", "Weight", "Completion", "Note"))
    )
    for index in with_tasks:
        assert header.search(pages[index]), f"page {index + 1}"
    # Every task is printed once, none lost at a page break.
    text = "".join(pages)
    assert all(f"第{n}项重点工作" in text for n in range(1, 81))
    # The running header names the person on every page.
    assert all("T001测试员" in page for page in pages)
    assert f"page{len(pages)}of{len(pages)}" in pages[-1]

    shorter = render_form(replace(form, tasks=tasks[:3]))
    assert shorter.pages < pdf.pages


# --------------------------------------------------------------------------- published rules


def test_rules_carry_a_worked_example_per_item(
    qapp: QApplication, demo: Database, tmp_path: Path
) -> None:
    set_language("zh")
    out = export_rules(demo, SCHEME, tmp_path / "规则" / "考核方案说明.pdf")
    assert out.is_file() and [p.name for p in out.parent.iterdir()] == [out.name]
    text = "".join(pdf_pages(out))
    scheme = SchemesService(demo).get(SCHEME)
    with demo.reading() as s:
        metrics = {m.code: m for m in load_metric_defs(s)}
    weights = {role: Decimal(str(w)) for role, w in scheme["rater_weights"].items()}
    for item in scheme["items"]:
        described = item_rules(item, metrics, weights)
        assert described.examples, item["name"]
        assert squeeze(f"{item['name']}（权重 {item['weight']} 分") in text
        for example in described.examples:
            assert squeeze(example.explanation) in text, example.explanation

    # The examples are the scoring rules' own numbers: 销售额达成率 (linear, floor 60%, cap
    # 120%, weight 25) achieving 90% scores 25 × 0.9.
    revenue = next(i for i in scheme["items"] if i["name"] == "销售额达成率")
    rule = rule_from_document(revenue["rule"])
    assert achievement_score(rule, Decimal(25), Decimal("0.9")) == Decimal("22.5")
    assert (
        squeeze("达成率低于 60% 不得分；达成 60% 及以上按 权重 × 达成率 计分，最高按 120% 计")
        in text
    )
    assert squeeze("达成 90.0% ≥ 60% → 25 × 0.9 = 22.50") in text
    assert squeeze("达成 130.0% > 封顶 120% → 25 × 1.2 = 30.00") in text
    assert squeeze("达成 50.0% < 60% → 0") in text
    # Banded 新客户开发 at 95% falls in the 90% band (80% of the weight 10); per_unit 逾期应收款
    # 25,000 over a 0 baseline loses 2 whole units of 10,000; direct 客户满意度 85.5 of 5.
    assert squeeze("达成 95.0% ≥ 90% → 10 × 0.8 = 8.00") in text
    assert squeeze("⌊(25,000.00 − 0.00) ÷ 10,000.00⌋ = 2 → 5 − 1 × 2 = 3.00") in text
    assert squeeze("5 × 85.5 ÷ 100 = 4.28") in text

    for needle in (
        "评分人权重", "上级70", "同事20", "本人10",
        "各项加分合计最多计10分", "一票否决",
        "S卓越≥951.510%", "A优秀≥851.220%", "B良好≥701.040%", "D不合格低于600",
        "结果确认后7日内", "10个工作日内",
    ):  # fmt: skip
        assert needle in text, needle


def test_rules_refusals(qapp: QApplication, demo: Database, tmp_path: Path) -> None:
    with pytest.raises(NotFoundError):
        export_rules(demo, "没有这个方案", tmp_path / "x.pdf")
    with pytest.raises(UserError, match="folder"):
        export_rules(demo, SCHEME, tmp_path)
    assert list(tmp_path.iterdir()) == []
    # A number is a scheme id when no scheme has it as its name.
    first = SchemesService(demo).list_schemes()[0]
    assert export_rules(demo, str(first.id), tmp_path / "by-id.pdf").is_file()


def test_rules_cancel_writes_nothing(qapp: QApplication, demo: Database, tmp_path: Path) -> None:
    with pytest.raises(ExportCancelled):
        export_rules(demo, SCHEME, tmp_path / "r.pdf", progress=lambda p, _m: p < 50)
    assert list(tmp_path.iterdir()) == []


def test_a_table_ending_just_past_a_page_break_moves_its_last_row_over(
    qapp: QApplication,
) -> None:
    """Where only a table's bottom edge would cross a page break, Qt would draw a stray rule
    at the foot of the page; the last row goes over instead, under a repeated header."""
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = a4_writer(buffer)
    grid = (
        '<table class="grid" width="100%" cellspacing="0" cellpadding="3"><thead><tr>'
        "<th>Header</th></tr></thead><tbody><tr><td>row A</td></tr><tr><td>row B</td></tr>"
        "</tbody></table>"
    )

    def html(spacer: int) -> str:
        return (
            f"<html><head><style>{STYLE}</style></head><body><table><tr>"
            f'<td style="padding-bottom:{spacer}px">spacer</td></tr></table>{grid}</body></html>'
        )

    def overshoot(document: QTextDocument, page_height: float) -> tuple[float, float]:
        rect = document.documentLayout().frameBoundingRect(document.rootFrame().childFrames()[1])
        page_break = int(rect.bottom() / page_height) * page_height
        return rect.top() - page_break, rect.bottom() - page_break

    document, page_height = laid_out(html(0), writer)
    line = QFontMetricsF(document.defaultFont(), writer).height()
    first = int((page_height - overshoot(document, page_height)[1]) / (writer.logicalDpiY() / 96))
    for spacer in range(first - 20, first + 20):
        document, page_height = laid_out(html(spacer), writer)
        above, below = overshoot(document, page_height)
        if above < 0 and 0 < below < line:
            break
    else:
        pytest.fail("no spacer puts the table's bottom edge just past the page break")

    keep_rows_whole(document, writer, page_height)
    above, below = overshoot(document, page_height)
    assert above < 0 and below >= line  # still split, with a whole row over the break

    pages = pdf_pages(render_pdf(html(spacer), title="t").data)
    assert len(pages) == 2
    assert "rowA" in pages[0] and "rowB" not in pages[0]
    assert re.match(r"(Header)+rowB", pages[1])


def test_cancel_while_scoring_an_open_cycle(
    qapp: QApplication, demo: Database, tmp_path: Path
) -> None:
    calls: list[str] = []

    def progress(_percent: int, message: str) -> bool:
        calls.append(message)
        return len(calls) < 2  # the first report of scoring says stop

    with pytest.raises(ExportCancelled):
        export_forms(demo, OPEN, tmp_path / "out", progress=progress)
    assert len(calls) == 2 and not (tmp_path / "out").exists()


def test_rows_are_never_split_across_pages(qapp: QApplication) -> None:
    """Qt would print the first lines of a row at the foot of one page and the rest on the
    next; every row goes over whole instead, under the repeated header."""
    rows = "".join(
        f"<tr><td>第{n}项</td><td>行{n}甲<br/>行{n}乙<br/>行{n}丙</td></tr>" for n in range(1, 61)
    )
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = a4_writer(buffer)

    def html(lines_before: int) -> str:
        return (
            f"<html><head><style>{STYLE}</style></head><body>"
            + "<p>前言</p>" * lines_before
            + '<table class="grid" width="100%" cellspacing="0" cellpadding="3">'
            f"<thead><tr><th>序号</th><th>内容</th></tr></thead><tbody>{rows}</tbody></table>"
            "</body></html>"
        )

    def split_rows(document: QTextDocument, page_height: float) -> list[int]:
        table = document.rootFrame().childFrames()[0]
        return [
            row
            for row in range(table.rows())
            if len({int(top // page_height) for top, _ in _row_lines(document, table, row)}) > 1
        ]

    # Some number of lines before the table makes a page break fall inside a row.
    for lines_before in range(6):
        document, page_height = laid_out(html(lines_before), writer)
        if split_rows(document, page_height):
            break
    else:
        pytest.fail("no layout splits a row")
    keep_rows_whole(document, writer, page_height)
    assert split_rows(document, page_height) == []

    pages = pdf_pages(render_pdf(html(lines_before), title="t").data)
    assert len(pages) >= 3
    for n in range(1, 61):
        (page,) = [i for i, text in enumerate(pages) if f"行{n}甲" in text]
        assert f"行{n}丙" in pages[page], n
    assert all(re.match(r"(序号)+(内容)+第", text) for text in pages[1:])


def test_a_heading_never_stays_alone_at_the_foot_of_a_page(qapp: QApplication) -> None:
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = a4_writer(buffer)
    table = (
        '<table class="grid" width="100%" cellspacing="0" cellpadding="3"><thead><tr>'
        "<th>考核项</th></tr></thead><tbody><tr><td>甲<br/>乙<br/>丙<br/>丁</td></tr></tbody>"
        "</table>"
    )

    def html(lines_before: int) -> str:
        filler = "".join(f"<p>第{n}行</p>" for n in range(lines_before))
        return (
            f"<html><head><style>{STYLE}</style></head><body>{filler}<h2>七、签字确认</h2>{table}"
        )

    def pages(document: QTextDocument, page_height: float) -> tuple[int, int]:
        layout = document.documentLayout()
        heading = next(
            block
            for block in (document.findBlockByNumber(n) for n in range(document.blockCount()))
            if block.blockFormat().headingLevel() > 0
        )
        heading_top = _first_line_top(layout, heading)
        cell_top = min(
            top for top, _ in _row_lines(document, document.rootFrame().childFrames()[0], 0)
        )
        assert heading_top is not None
        return int(heading_top // page_height), int(cell_top // page_height)

    for lines_before in range(40, 90):
        document, page_height = laid_out(html(lines_before), writer)
        heading_page, table_page = pages(document, page_height)
        if heading_page != table_page:
            break
    else:
        pytest.fail("no layout leaves the heading alone at the foot of a page")
    keep_rows_whole(document, writer, page_height)
    assert pages(document, page_height) == (table_page, table_page)
