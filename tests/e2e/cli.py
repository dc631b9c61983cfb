"""Running the `salesdesk` command as a user would: a fresh process, its own data folder,
a fixed locale, and UTF-8 output whatever the machine's settings are."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def run_cli(
    *args: str | Path, home: Path, lang: str = "en_US.UTF-8", cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "SALESDESK_HOME": str(home),
        "LANG": lang,
        "LC_ALL": lang,
        "PYTHONIOENCODING": "utf-8",
    }
    env.pop("LANGUAGE", None)
    return subprocess.run(
        [sys.executable, "-m", "salesdesk", *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        cwd=cwd,
        timeout=120,
        check=False,
    )
