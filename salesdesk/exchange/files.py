"""Writing a file the user asked for: the whole of it or nothing.

Every export (workbooks, PDF forms, templates) is written under a temporary name in the
target's folder and moved into place only when complete, so a failure, a Cancel or a
crash half way never leaves a truncated file where the user expects their export — nor
destroys the file of an earlier export under the same name."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable
from pathlib import Path

from salesdesk.domain.errors import UserError
from salesdesk.domain.text import t


def cannot_write(path: Path, exc: OSError, *, pdf: bool = False) -> UserError:
    """The message for a file that cannot be written, naming the usual cause."""
    if pdf:
        return UserError(
            t(
                "{f}: cannot write (is it open in a PDF viewer?): {e}",
                "{f}：无法写入（文件是否在 PDF 阅读器中打开？）：{e}",
                f=path,
                e=exc.strerror or exc,
            )
        )
    return UserError(
        t(
            "{f}: cannot write (is it open in Excel?): {e}",
            "{f}：无法写入（文件是否在 Excel 中打开？）：{e}",
            f=path,
            e=exc.strerror or exc,
        )
    )


def write_atomically(path: Path, write: Callable[[Path], object], *, pdf: bool = False) -> None:
    """Run `write(file)` on a temporary name in the target's folder, then move the file
    into place; whatever goes wrong (an error, a Cancel raised by `write`) leaves nothing
    behind and the target as it was. An OSError becomes a `cannot_write` message."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise cannot_write(path, exc, pdf=pdf) from None
    # Named here, not by mkstemp: the file gets the usual permissions, not owner-only.
    temporary = path.with_name(f".{path.stem}-{os.getpid()}-{uuid.uuid4().hex[:8]}{path.suffix}")
    try:
        write(temporary)
        os.replace(temporary, path)
    except OSError as exc:
        raise cannot_write(path, exc, pdf=pdf) from None
    finally:
        temporary.unlink(missing_ok=True)
