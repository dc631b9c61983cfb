"""Icons drawn with QPainter at start-up: the navigation pages, undo/redo and the app icon.

Drawn rather than shipped as files so they need no image plug-in in the frozen app and stay
crisp at every scale factor (each icon carries pixmaps from 16 to 128 pixels).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QIcon, QPainter, QPainterPath, QPen, QPixmap

# Drawing happens on a 24 × 24 grid; the painter scales it to each pixmap size.
GRID = 24.0
SIZES = (16, 20, 24, 32, 40, 48, 64, 96, 128)

# One calm colour per page, so the eye finds a page by colour as well as by shape.
PAGE_COLOURS = {
    "staff": "#2f6fb5",
    "targets": "#c0392b",
    "actuals": "#27865a",
    "schemes": "#8e5bb5",
    "cycles": "#d4861c",
    "reports": "#1f8a9c",
    "audit": "#5d6d7e",
}

Glyph = Callable[[QPainter], None]


def _white_pen(width: float = 1.8) -> QPen:
    pen = QPen(QColor("white"), width)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    return pen


def _staff(p: QPainter) -> None:
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor(255, 255, 255, 170))
    p.drawEllipse(QPointF(15.5, 8.6), 2.6, 2.6)
    back = QPainterPath()
    back.moveTo(11.5, 18.5)
    back.cubicTo(11.8, 14.0, 13.5, 12.6, 15.5, 12.6)
    back.cubicTo(17.5, 12.6, 19.4, 14.0, 19.6, 18.5)
    back.closeSubpath()
    p.drawPath(back)
    p.setBrush(QColor("white"))
    p.drawEllipse(QPointF(9.8, 8.2), 3.1, 3.1)
    front = QPainterPath()
    front.moveTo(4.4, 19.0)
    front.cubicTo(4.6, 14.2, 7.0, 12.6, 9.8, 12.6)
    front.cubicTo(12.6, 12.6, 15.0, 14.2, 15.2, 19.0)
    front.closeSubpath()
    p.drawPath(front)


def _targets(p: QPainter) -> None:
    p.setPen(_white_pen(1.7))
    p.setBrush(Qt.BrushStyle.NoBrush)
    centre = QPointF(12, 12.5)
    p.drawEllipse(centre, 7.2, 7.2)
    p.drawEllipse(centre, 4.2, 4.2)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor("white"))
    p.drawEllipse(centre, 1.6, 1.6)


def _actuals(p: QPainter) -> None:
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor("white"))
    for x, top in ((5.5, 12.5), (10.5, 8.5), (15.5, 5.5)):
        p.drawRoundedRect(QRectF(x, top, 3.4, 18.5 - top), 0.8, 0.8)
    p.setPen(_white_pen(1.4))
    p.drawLine(QPointF(4.5, 19.5), QPointF(19.8, 19.5))


def _schemes(p: QPainter) -> None:
    p.setPen(_white_pen(1.7))
    for y in (7.0, 12.0, 17.0):
        p.drawLine(QPointF(11.0, y), QPointF(19.0, y))
    check = QPainterPath()
    for y in (7.0, 12.0):
        check.moveTo(4.8, y)
        check.lineTo(6.3, y + 1.5)
        check.lineTo(8.6, y - 1.6)
    p.drawPath(check)
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawEllipse(QPointF(6.6, 17.0), 1.6, 1.6)


def _cycles(p: QPainter) -> None:
    p.setPen(_white_pen(1.9))
    p.setBrush(Qt.BrushStyle.NoBrush)
    rect = QRectF(5.5, 5.5, 13.0, 13.0)
    p.drawArc(rect, 100 * 16, 150 * 16)
    p.drawArc(rect, 280 * 16, 150 * 16)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor("white"))
    for tip, a, b in (
        (QPointF(17.2, 3.6), QPointF(14.0, 6.6), QPointF(17.9, 8.6)),
        (QPointF(6.8, 20.4), QPointF(10.0, 17.4), QPointF(6.1, 15.4)),
    ):
        arrow = QPainterPath(tip)
        arrow.lineTo(a)
        arrow.lineTo(b)
        arrow.closeSubpath()
        p.drawPath(arrow)


def _reports(p: QPainter) -> None:
    p.setPen(_white_pen(1.6))
    p.setBrush(Qt.BrushStyle.NoBrush)
    page = QPainterPath()
    page.moveTo(6.0, 4.5)
    page.lineTo(14.5, 4.5)
    page.lineTo(18.5, 8.5)
    page.lineTo(18.5, 19.5)
    page.lineTo(6.0, 19.5)
    page.closeSubpath()
    p.drawPath(page)
    p.drawLine(QPointF(9.0, 13.0), QPointF(15.5, 13.0))
    p.drawLine(QPointF(9.0, 16.2), QPointF(15.5, 16.2))
    p.drawLine(QPointF(9.0, 9.8), QPointF(12.0, 9.8))


def _audit(p: QPainter) -> None:
    p.setPen(_white_pen(2.0))
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawEllipse(QPointF(10.5, 10.5), 5.0, 5.0)
    p.drawLine(QPointF(14.3, 14.3), QPointF(19.0, 19.0))


def _app(p: QPainter) -> None:
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor(255, 255, 255, 150))
    for x, top in ((5.0, 13.0), (10.2, 10.0), (15.4, 7.0)):
        p.drawRoundedRect(QRectF(x, top, 3.6, 19.0 - top), 0.8, 0.8)
    p.setPen(_white_pen(1.8))
    trend = QPainterPath(QPointF(4.5, 11.0))
    trend.lineTo(10.0, 7.0)
    trend.lineTo(13.0, 8.5)
    trend.lineTo(19.5, 4.0)
    p.drawPath(trend)


GLYPHS: dict[str, Glyph] = {
    "staff": _staff,
    "targets": _targets,
    "actuals": _actuals,
    "schemes": _schemes,
    "cycles": _cycles,
    "reports": _reports,
    "audit": _audit,
}


def _tile_icon(glyph: Glyph, colour: str) -> QIcon:
    icon = QIcon()
    for size in SIZES:
        pixmap = _tile_pixmap(glyph, QColor(colour), size)
        icon.addPixmap(pixmap)
        # Without its own Selected pixmap Qt tints the tile with the highlight colour.
        icon.addPixmap(pixmap, QIcon.Mode.Selected)
    return icon


def _tile_pixmap(glyph: Glyph, colour: QColor, size: int) -> QPixmap:
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.scale(size / GRID, size / GRID)
    gradient_top = colour.lighter(112)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QBrush(gradient_top))
    painter.drawRoundedRect(QRectF(0.5, 0.5, 23.0, 23.0), 5.0, 5.0)
    glyph(painter)
    painter.end()
    return pixmap


@cache
def page_icon(key: str) -> QIcon:
    """The navigation icon of a page (`staff`, `targets`, ...): a coloured tile with a glyph."""
    return _tile_icon(GLYPHS[key], PAGE_COLOURS[key])


@cache
def app_icon() -> QIcon:
    """The window and task-bar icon."""
    return _tile_icon(_app, "#2f6fb5")


def _arrow_icon(*, mirrored: bool) -> QIcon:
    icon = QIcon()
    for size in SIZES[:6]:
        for mode, colour in (
            (QIcon.Mode.Normal, QColor("#3c4650")),
            (QIcon.Mode.Disabled, QColor("#b4bac0")),
        ):
            pixmap = QPixmap(size, size)
            pixmap.fill(Qt.GlobalColor.transparent)
            painter = QPainter(pixmap)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.scale(size / GRID, size / GRID)
            if mirrored:
                painter.translate(GRID, 0)
                painter.scale(-1, 1)
            pen = QPen(colour, 2.0)
            pen.setCapStyle(Qt.PenCapStyle.RoundCap)
            pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
            painter.setPen(pen)
            curve = QPainterPath(QPointF(6.0, 10.0))
            curve.lineTo(14.0, 10.0)
            curve.cubicTo(17.5, 10.0, 19.5, 12.5, 19.5, 15.0)
            curve.cubicTo(19.5, 17.5, 17.5, 19.5, 14.0, 19.5)
            curve.lineTo(10.0, 19.5)
            painter.drawPath(curve)
            head = QPainterPath(QPointF(9.5, 6.0))
            head.lineTo(5.5, 10.0)
            head.lineTo(9.5, 14.0)
            painter.drawPath(head)
            painter.end()
            icon.addPixmap(pixmap, mode)
    return icon


@cache
def undo_icon() -> QIcon:
    return _arrow_icon(mirrored=False)


@cache
def redo_icon() -> QIcon:
    return _arrow_icon(mirrored=True)
