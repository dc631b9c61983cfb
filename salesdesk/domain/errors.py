"""The errors a user can cause, each carrying where it happened and what is allowed."""

from __future__ import annotations

from dataclasses import dataclass, field

from salesdesk.domain.text import t


@dataclass(frozen=True)
class Problem:
    """One thing wrong with user input: what, where (sheet/row/column or field) and why."""

    message: str
    field: str | None = None
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    allowed: str | None = None

    def where(self) -> str:
        parts: list[str] = []
        if self.sheet:
            parts.append(t("sheet '{s}'", "工作表“{s}”", s=self.sheet))
        if self.row is not None:
            parts.append(t("row {r}", "第 {r} 行", r=self.row))
        if self.column:
            parts.append(t("column '{c}'", "“{c}”列", c=self.column))
        if self.field and not self.column:
            parts.append(t("field '{f}'", "字段“{f}”", f=self.field))
        return t(", ", "，").join(parts)

    def __str__(self) -> str:
        text = self.message
        where = self.where()
        if where:
            text = f"{where}: {text}"
        if self.allowed:
            text = t("{text} (allowed: {a})", "{text}（允许：{a}）", text=text, a=self.allowed)
        return text


class UserError(Exception):
    """Base of every error the user can cause; shown as a message, never as a traceback."""

    def __init__(self, message: str, *, problems: list[Problem] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.problems: list[Problem] = list(problems or [])

    def __str__(self) -> str:
        if not self.problems:
            return self.message
        if len(self.problems) == 1 and self.problems[0].message == self.message:
            return str(self.problems[0])
        lines = [self.message, *(f"  - {p}" for p in self.problems)]
        return "\n".join(lines)


class ValidationError(UserError):
    """A value breaks a rule (duplicate code, manager cycle, date order, ...)."""

    @classmethod
    def single(
        cls, message: str, *, field: str | None = None, allowed: str | None = None
    ) -> ValidationError:
        return cls(message, problems=[Problem(message, field=field, allowed=allowed)])

    @property
    def field(self) -> str | None:
        return self.problems[0].field if self.problems else None


class NotFoundError(UserError):
    """A named thing (staff code, unit, cycle, ...) does not exist."""


class StaleEditError(UserError):
    """The row was changed elsewhere (another window or person) since it was read."""

    def __init__(self, what: str = "") -> None:
        super().__init__(
            t("{w} changed elsewhere — reloaded", "{w}已在别处被修改，已重新载入", w=what)
            if what
            else t("changed elsewhere — reloaded", "已在别处被修改，已重新载入")
        )


class FileRefusedError(UserError):
    """A file is refused before parsing: empty, truncated, wrong format, too large, ..."""


class PacketRefusedError(UserError):
    """A rating packet is refused as a whole (another cycle or database, a cycle no longer
    open, a grid altered since it was issued); nothing was written. Problems say where."""


@dataclass
class ImportFailed(UserError):
    """An import found errors; nothing was written. Carries every problem found."""

    kind: str
    file_name: str
    found: list[Problem] = field(default_factory=list)

    def __post_init__(self) -> None:
        count = len(self.found)
        UserError.__init__(
            self,
            t(
                "{f}: {n} error(s) in the {k} import; nothing was written",
                "{f}：{k}导入发现 {n} 处错误，未写入任何数据",
                f=self.file_name,
                n=count,
                k=self.kind,
            ),
            problems=self.found,
        )
