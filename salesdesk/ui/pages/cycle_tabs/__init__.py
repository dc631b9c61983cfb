"""The tabs of the Cycles page beyond 结果 (results), one module each, found by name.

How a tab joins the page
------------------------
Write a module ``salesdesk/ui/pages/cycle_tabs/<key>.py`` that defines ``CYCLE_TAB``, a
:class:`CycleTabSpec`. The page imports the modules named in :data:`TAB_MODULES` (a module
that does not exist yet is skipped, as main_window does with pages), builds each tab with
``spec.build(host)`` and places it by ``spec.order`` (see :data:`TAB_ORDER`). A tab for a
new key needs its module name added to :data:`TAB_MODULES`; nothing else changes. A tab can
also be added at run time with ``CyclesPage.add_tab(widget, title, order=...)``.

The widget a tab builds (the :class:`CycleTab` protocol)
--------------------------------------------------------
Required:

``set_cycle(summary: CycleSummary | None, results: CycleResults | None) -> None``
    The page's current cycle changed or its results were (re)computed. Called with
    ``results=None`` first whenever another cycle is selected (scoring runs in the
    background) and again with the results when they arrive; ``summary`` None means no
    cycle is selected. The tab decides what is editable from ``summary.state`` with
    :mod:`salesdesk.domain.workflow` (``inputs_editable``, ``overrides_editable``, ...):
    confirmed and closed cycles are read-only everywhere on the page.
``refresh() -> None``
    Reload what the tab reads itself from the services (the page's Refresh, or the page
    shown again after another page changed data).

Optional, used when present:

``status``: ``Signal(str)``
    A message for the status bar (the result of an edit or why it was refused).
``data_changed``: ``Signal()``
    The tab changed data the scores depend on (ratings, key tasks, adjustments,
    overrides, ...): the page rescores the cycle in the background — every tab then gets
    ``set_cycle(summary, new_results)`` — and tells the main window.
``set_person(code: str | None) -> None``
    The person selected in the results table (staff code), e.g. to preselect them.
``main_view() -> QAbstractItemView | None``
    The tab's main table: the main window's search box and Edit actions act on it while
    the tab is shown (e.g. ``ratingsGrid``).
``search(text: str) -> None``
    Filter the tab's table by the search box's text.

What the page offers a tab (the :class:`CycleTabHost` protocol): ``services``,
``undo_stack`` (the page's, which the Edit menu undoes), ``current_cycle()``,
``current_results()``, ``current_person()``, ``rescore()`` and ``show_scorecard(code)``.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QWidget

from salesdesk.services.cycle_scoring import CycleResults
from salesdesk.services.cycles import CycleSummary
from salesdesk.services.registry import Services

log = logging.getLogger(__name__)

# Where each tab goes (ui.md: 结果, 评分, 重点工作, 加扣分, 校准, 面谈, 申诉).
TAB_ORDER = {
    "results": 0,
    "ratings": 10,
    "key_tasks": 20,
    "adjustments": 30,
    "calibration": 40,
    "interviews": 50,
    "appeals": 60,
}
# The modules the page looks for, in this package.
TAB_MODULES = ("ratings", "key_tasks", "adjustments", "calibration", "interviews", "appeals")


class CycleTabHost(Protocol):
    """What the Cycles page offers its tabs."""

    services: Services
    undo_stack: QUndoStack

    def current_cycle(self) -> CycleSummary | None: ...

    def current_results(self) -> CycleResults | None: ...

    def current_person(self) -> str | None: ...

    def rescore(self) -> object: ...

    def show_scorecard(self, code: str) -> object: ...


@runtime_checkable
class CycleTab(Protocol):
    """What every tab widget implements (see the module docstring for the optional parts)."""

    def set_cycle(self, summary: CycleSummary | None, results: CycleResults | None) -> None: ...

    def refresh(self) -> None: ...


@dataclass(frozen=True)
class CycleTabSpec:
    """One tab: its key, its place (TAB_ORDER), its translated title (a function, so it is
    translated when the page is built) and how to build its widget for a page."""

    key: str
    order: int
    title: Callable[[], str]
    build: Callable[[CycleTabHost], QWidget]


def discover_tabs() -> list[CycleTabSpec]:
    """The specs of the tab modules that exist, in tab order."""
    specs: list[CycleTabSpec] = []
    for name in TAB_MODULES:
        module_name = f"{__name__}.{name}"
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise  # the tab exists but something it imports is missing: a real bug
            continue
        spec = getattr(module, "CYCLE_TAB", None)
        if isinstance(spec, CycleTabSpec):
            specs.append(spec)
        else:
            log.warning("%s defines no CYCLE_TAB", module_name)
    return sorted(specs, key=lambda s: s.order)


__all__ = [
    "TAB_MODULES",
    "TAB_ORDER",
    "CycleTab",
    "CycleTabHost",
    "CycleTabSpec",
    "discover_tabs",
]
