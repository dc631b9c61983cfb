"""Logging to a rotating file in the data folder (the windowed app has no console)."""

from __future__ import annotations

import logging
import logging.handlers
import sys

from salesdesk.paths import log_dir

_configured = False


def setup_logging(*, console: bool) -> None:
    """Log to `<data folder>/logs/salesdesk.log` (rotating), and to stderr if asked and
    there is one (a windowed executable has `sys.stderr is None`)."""
    global _configured
    if _configured:
        return
    _configured = True
    root = logging.getLogger("salesdesk")
    root.setLevel(logging.INFO)
    formatter = logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        folder = log_dir()
        folder.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            folder / "salesdesk.log", maxBytes=2_000_000, backupCount=5, encoding="utf-8"
        )
        handler.setFormatter(formatter)
        root.addHandler(handler)
    except OSError:
        pass  # an unwritable data folder must not stop the program; it reports elsewhere
    if console and sys.stderr is not None:
        stream = logging.StreamHandler(sys.stderr)
        stream.setFormatter(formatter)
        stream.setLevel(logging.WARNING)
        root.addHandler(stream)
