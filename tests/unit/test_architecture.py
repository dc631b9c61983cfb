"""House rule: only `salesdesk.ui` (and the wiring in app.py) imports QtWidgets."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import salesdesk

PACKAGE = Path(salesdesk.__file__).resolve().parent
ALLOWED = {"ui", "app.py", "entry_gui.py"}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def test_no_qtwidgets_import_outside_ui() -> None:
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        relative = path.relative_to(PACKAGE)
        if relative.parts[0] in ALLOWED:
            continue
        if any(name.startswith("PySide6.QtWidgets") for name in _imports(path)):
            offenders.append(str(relative))
    assert offenders == []


def test_services_load_without_qtwidgets() -> None:
    """Loading every layer below the ui must not pull QtWidgets in indirectly either."""
    code = (
        "import sys, importlib, pkgutil, salesdesk\n"
        "for layer in ('domain', 'db', 'services', 'exchange', 'reports'):\n"
        "    pkg = importlib.import_module('salesdesk.' + layer)\n"
        "    for info in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + '.'):\n"
        "        if '.migrations' not in info.name:\n"
        "            importlib.import_module(info.name)\n"
        "importlib.import_module('salesdesk.cli')\n"
        "print('PySide6.QtWidgets' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    assert result.stdout.strip() == "False"
