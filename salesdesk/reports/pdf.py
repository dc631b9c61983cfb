"""A4 PDFs from HTML with Qt itself: a QTextDocument laid out on a QPdfWriter, in the bundled
CJK font (embedded), with a running header and "page X of Y" on every page."""

from __future__ import annotations

import logging
import os
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from PySide6.QtCore import QBuffer, QByteArray, QCoreApplication, QIODevice, QMarginsF, QRectF, Qt
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFont,
    QFontDatabase,
    QFontMetricsF,
    QGuiApplication,
    QPageLayout,
    QPageSize,
    QPainter,
    QPalette,
    QPdfWriter,
    QPen,
    QTextBlock,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextTable,
)

from salesdesk.domain.text import t
from salesdesk.paths import resource_path

log = logging.getLogger(__name__)

FONT_FILE = ("fonts", "wqy-microhei.ttc")
FONT_FAMILY = "WenQuanYi Micro Hei"
"""The bundled font's family (resources/fonts/README.md): Chinese and Latin in one face, so
one font is embedded and the PDF reads the same on a PC without any Chinese font."""

BODY_POINTS = 9
BAND_POINTS = 7
RESOLUTION = 300
# Millimetres: left, top, right, bottom of the printable area of an A4 page.
MARGINS_MM = (16.0, 12.0, 16.0, 12.0)

_lock = threading.Lock()
_family: str | None = None
_app: QGuiApplication | None = None


def ensure_gui_application() -> QGuiApplication:
    """The running QGuiApplication (the app's own QApplication in the GUI); one is created
    for the command line, offscreen where there is no display, because fonts and text
    layout need one."""
    global _app
    existing = QCoreApplication.instance()
    if isinstance(existing, QGuiApplication):
        return existing
    if existing is not None:
        # A plain QCoreApplication cannot lay out text, and a second application cannot
        # be made beside it: a programming error, never something a user can cause.
        raise RuntimeError("PDF output needs a QGuiApplication, not a QCoreApplication")
    headless = not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    if (
        not os.environ.get("QT_QPA_PLATFORM")
        and headless
        and sys.platform not in ("win32", "darwin")
    ):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    # Kept in a module global: a QGuiApplication that Python collects takes Qt down with it.
    _app = QGuiApplication([sys.argv[0] if sys.argv and sys.argv[0] else "salesdesk"])
    return _app


def document_font_family() -> str:
    """The family of the bundled CJK font, registered with Qt on first use."""
    global _family
    with _lock:
        if _family is None:
            ensure_gui_application()
            path = resource_path(*FONT_FILE)
            font_id = QFontDatabase.addApplicationFont(str(path)) if path.is_file() else -1
            families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
            if families:
                _family = FONT_FAMILY if FONT_FAMILY in families else families[0]
            else:
                # A broken installation: print with the system's font of that name, if any,
                # rather than refuse the export; the log says why Chinese may be missing.
                log.warning("bundled font %s could not be loaded", path)
                _family = FONT_FAMILY
        return _family


def page_of(number: int, total: int) -> str:
    return t("page {n} of {m}", "第 {n} 页，共 {m} 页", n=number, m=total)


@dataclass(frozen=True)
class PageBands:
    """What every page repeats: a running header (left and right) and a footer note left of
    the page number, so loose pages of a signed form still say whose they are."""

    header_left: str = ""
    header_right: str = ""
    footer_left: str = ""
    page_text: Callable[[int, int], str] = page_of


@dataclass(frozen=True)
class PdfDocument:
    """A written PDF: its bytes and how many pages it has."""

    data: bytes
    pages: int


def render_pdf(html: str, *, title: str, bands: PageBands | None = None) -> PdfDocument:
    """Lay `html` out on A4 portrait pages and return the PDF. Tables whose `<thead>` rows
    are marked repeat them on every page they flow onto (Qt maps `<thead>` to the table's
    header row count)."""
    # (PySide6 6.12's dropped references to None on Python 3.11: see salesdesk.runtime.)
    return _render(html, title, bands or PageBands())


def _render(html: str, title: str, bands: PageBands) -> PdfDocument:
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = a4_writer(buffer, title)
    document, body_height = laid_out(html, writer)
    keep_rows_whole(document, writer, body_height)
    pages = document.pageCount()
    band_font = QFont(document_font_family(), BAND_POINTS)
    band_height = _band_height(writer)
    width, height = float(writer.width()), float(writer.height())

    painter = QPainter()
    if not painter.begin(writer):
        raise RuntimeError("could not start painting the PDF")
    try:
        for index in range(pages):
            if index:
                writer.newPage()
            _paint_page(painter, document, index, width, body_height, band_height)
            _paint_bands(painter, bands, band_font, index + 1, pages, width, height, band_height)
    finally:
        painter.end()
    data = QByteArray(buffer.data()).data()
    buffer.close()
    return PdfDocument(bytes(data), pages)


def a4_writer(device: QIODevice, title: str = "") -> QPdfWriter:
    """A PDF writer of A4 portrait pages with SalesDesk's margins, writing to `device`."""
    writer = QPdfWriter(device)
    writer.setResolution(RESOLUTION)
    left, top, right, bottom = MARGINS_MM
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(left, top, right, bottom),
            QPageLayout.Unit.Millimeter,
        )
    )
    writer.setTitle(title)
    writer.setCreator("SalesDesk")
    return writer


def _band_height(writer: QPdfWriter) -> float:
    """The height of the running header (and of the footer) in the writer's pixels."""
    return QFontMetricsF(QFont(document_font_family(), BAND_POINTS), writer).height() * 2.2


def laid_out(html: str, writer: QPdfWriter) -> tuple[QTextDocument, float]:
    """`html` laid out in pages of the writer's printable area less the header and footer
    bands (as Qt lays it out, before any adjustment); returns it and the page height."""
    document = QTextDocument()
    # Laid out on the writer, so point sizes and pixel widths scale to its resolution.
    document.documentLayout().setPaintDevice(writer)
    document.setDefaultFont(QFont(document_font_family(), BODY_POINTS))
    document.setDocumentMargin(0)
    document.setHtml(html)
    body_height = float(writer.height()) - 2 * _band_height(writer)
    document.setPageSize(QRectF(0, 0, float(writer.width()), body_height).size())
    document.pageCount()  # finishes Qt's lazy layout
    return document, body_height


def keep_rows_whole(document: QTextDocument, writer: QPdfWriter, page_height: float) -> None:
    """Keep every table row on one page, and a table's bottom edge with its last row.

    Qt splits a row across a page break line by line, as soon as one of its cells has a
    line that fits: a result row can lose its larger figures to the next page, and an
    explanation its second line. A split row is moved to the next page whole (under the
    repeated header) by making the row above it reach the page's foot, as Qt itself does
    when no cell fits; a table whose first row would split goes over with its heading.
    Where only a table's bottom edge would cross the break, Qt draws its repeated header's
    top border at the foot of the page, a stray rule under a finished table; its last row
    is padded so that it goes over instead. A heading left at the foot of a page goes over
    with what it heads."""
    # CSS pixels are 1/96 inch; the layout scales them to the writer's resolution.
    scale = writer.logicalDpiY() / 96
    # Any real row is at least a line of text tall.
    # (Not layout.paintDevice(): PySide6 6.12 drops a reference to None on every call.)
    line = QFontMetricsF(document.defaultFont(), writer).height()
    tried: set[tuple[int, int]] = set()
    for _attempt in range(200):
        # Qt lays a long document out lazily, a part per event-loop turn; asking for the
        # page count finishes the layout, so every block below has its lines.
        document.pageCount()
        mended_at = _move_first_split_row(document, page_height, line, scale, tried)
        if mended_at is None:
            return
        # Lay out again from the mend on (a changed block format alone would not).
        document.markContentsDirty(mended_at, document.characterCount() - mended_at)


Fix = tuple[int, tuple[int, int], Callable[[], None]]
"""A page-break problem: where it is in the document, its key, and what mends it."""


def _move_first_split_row(
    document: QTextDocument,
    page_height: float,
    line: float,
    scale: float,
    tried: set[tuple[int, int]],
) -> int | None:
    """Mend the first orphaned heading, split row or stray table edge of the document and
    say where it was; None when none is left. The first, because a mend moves only what
    comes after it."""
    found = [
        fix
        for fix in (
            _first_orphaned_heading(document, page_height, tried),
            _first_table_problem(document, page_height, line, scale, tried),
        )
        if fix is not None
    ]
    if not found:
        return None
    position, key, mend = min(found, key=lambda fix: fix[0])
    tried.add(key)
    mend()
    return position


def _first_orphaned_heading(
    document: QTextDocument, page_height: float, tried: set[tuple[int, int]]
) -> Fix | None:
    """A heading at the foot of a page whose text is on the next one."""
    layout = document.documentLayout()
    block = document.begin()
    while block.isValid():
        key = (block.position(), -2)
        if block.blockFormat().headingLevel() > 0 and key not in tried:
            following = document.findBlock(block.position() + block.length())
            heading_top = _first_line_top(layout, block)
            following_top = _first_line_top(layout, following)
            if (
                heading_top is not None
                and following_top is not None
                and int(heading_top // page_height) != int(following_top // page_height)
            ):
                return block.position(), key, partial(_break_before_block, block)
        block = block.next()
    return None


def _first_table_problem(
    document: QTextDocument,
    page_height: float,
    line: float,
    scale: float,
    tried: set[tuple[int, int]],
) -> Fix | None:
    """A table row split across pages, or a table whose bottom edge alone crosses a break."""
    layout = document.documentLayout()
    for frame in document.rootFrame().childFrames():
        if not isinstance(frame, QTextTable):
            continue
        table = frame
        header_rows = min(table.format().headerRowCount(), table.rows() - 1)
        for row in range(table.rows()):
            spans = _row_lines(document, table, row)
            if not spans:
                continue
            top = min(y for y, _ in spans)
            bottom = max(y for _, y in spans)
            pages = {int(y // page_height) for y, _ in spans}
            key = (table.firstPosition(), row)
            if len(pages) < 2 or bottom - top > page_height - line or key in tried:
                continue  # whole, taller than a page, or already mended
            position = table.cellAt(row, 0).firstPosition()
            if row <= header_rows:
                return position, key, partial(_break_before, document, table)
            page_break = (min(pages) + 1) * page_height
            padding = _top_padding(table, row) * scale
            # The row's contents start just past the break (Qt then drops it whole), while
            # the row above still ends before it.
            extra = (page_break - top + padding / 2) / scale
            return position, key, partial(_pad_row, table, row - 1, extra)
        rect = layout.frameBoundingRect(table)
        last_break = int(rect.bottom() / page_height) * page_height
        overshoot = rect.bottom() - last_break
        key = (table.firstPosition(), -1)
        if rect.top() < last_break and 0 < overshoot < line and key not in tried:
            mend = partial(_pad_row, table, table.rows() - 1, line / scale)
            return table.lastPosition(), key, mend
    return None


def _first_line_top(layout: QAbstractTextDocumentLayout, block: QTextBlock) -> float | None:
    """Where a block's first line is, in document pixels (its margin above left out)."""
    if not block.isValid() or not block.layout().lineCount():
        return None
    return float(layout.blockBoundingRect(block).top() + block.layout().lineAt(0).y())


def _row_lines(document: QTextDocument, table: QTextTable, row: int) -> list[tuple[float, float]]:
    """Where the lines of a table row's cells are: (top, bottom) in document pixels."""
    layout = document.documentLayout()
    spans = []
    for column in range(table.columns()):
        cell = table.cellAt(row, column)
        if cell.row() != row or cell.column() != column:
            continue  # part of a cell spanning from elsewhere
        block = document.findBlock(cell.firstPosition())
        while block.isValid() and block.position() <= cell.lastPosition():
            top = layout.blockBoundingRect(block).top()
            text_layout = block.layout()
            for index in range(text_layout.lineCount()):
                text_line = text_layout.lineAt(index)
                spans.append((top + text_line.y(), top + text_line.y() + text_line.height()))
            block = block.next()
    return spans


def _top_padding(table: QTextTable, row: int) -> float:
    """The top padding of a row's first cell, in CSS pixels."""
    cell_format = table.cellAt(row, 0).format().toTableCellFormat()
    if cell_format.hasProperty(QTextFormat.Property.TableCellTopPadding):
        return cell_format.topPadding()
    return table.format().cellPadding()


def _pad_row(table: QTextTable, row: int, extra: float) -> None:
    """Add `extra` (CSS pixels) below the contents of a table row."""
    base = table.format().cellPadding()
    for column in range(table.columns()):
        cell = table.cellAt(row, column)
        if cell.row() != row or cell.column() != column:
            continue
        cell_format = cell.format().toTableCellFormat()
        padding = (
            cell_format.bottomPadding()
            if cell_format.hasProperty(QTextFormat.Property.TableCellBottomPadding)
            else base
        )
        cell_format.setBottomPadding(padding + extra)
        cell.setFormat(cell_format)


def _break_before_block(block: QTextBlock) -> None:
    block_format = block.blockFormat()
    block_format.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
    QTextCursor(block).setBlockFormat(block_format)


def _break_before(document: QTextDocument, table: QTextTable) -> None:
    """Start a table on a new page, with the heading just above it if there is one."""
    heading = document.findBlock(table.firstPosition() - 1)
    if heading.isValid() and heading.blockFormat().headingLevel() > 0:
        _break_before_block(heading)
    else:
        frame_format = table.format()
        frame_format.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
        table.setFormat(frame_format)


def _paint_page(
    painter: QPainter,
    document: QTextDocument,
    index: int,
    width: float,
    body_height: float,
    band_height: float,
) -> None:
    """Page `index` of the laid-out document, below the header band (as QTextDocument's
    own print does it, with black text whatever the desktop's palette)."""
    painter.save()
    painter.translate(0, band_height - index * body_height)
    view = QRectF(0, index * body_height, width, body_height)
    painter.setClipRect(view)
    context = QAbstractTextDocumentLayout.PaintContext()
    context.clip = view
    palette = QPalette()
    palette.setColor(QPalette.ColorRole.Text, QColor(Qt.GlobalColor.black))
    context.palette = palette
    document.documentLayout().draw(painter, context)
    painter.restore()


def _paint_bands(
    painter: QPainter,
    bands: PageBands,
    font: QFont,
    number: int,
    total: int,
    width: float,
    height: float,
    band_height: float,
) -> None:
    painter.save()
    painter.setFont(font)
    painter.setPen(QPen(QColor(90, 90, 90)))
    left = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
    right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
    header = QRectF(0, 0, width, band_height * 0.8)
    footer = QRectF(0, height - band_height * 0.8, width, band_height * 0.8)
    painter.drawText(header, int(left), bands.header_left)
    painter.drawText(header, int(right), bands.header_right)
    painter.drawText(footer, int(left), bands.footer_left)
    painter.drawText(footer, int(right), bands.page_text(number, total))
    line = QPen(QColor(160, 160, 160))
    line.setWidthF(RESOLUTION / 300)
    painter.setPen(line)
    painter.drawLine(0, int(band_height * 0.8), int(width), int(band_height * 0.8))
    painter.drawLine(
        0, int(height - band_height * 0.8), int(width), int(height - band_height * 0.8)
    )
    painter.restore()
