"""Column specs of import sheets: canonical headers, synonyms, and what a template shows.

A `SheetSpec` says which columns one kind of import reads (data-exchange §3); the reader
matches a file's headers against it and the template writer lays it out. Plain data: no
I/O, no openpyxl.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

from salesdesk.domain.text import language, t


class ValidationKind(StrEnum):
    """The kinds of Excel data validation a template column can carry."""

    LIST = "list"
    WHOLE = "whole"
    DECIMAL = "decimal"
    DATE = "date"


@dataclass(frozen=True)
class Validation:
    """Excel data validation for a template column (what the cell accepts)."""

    kind: ValidationKind
    values: tuple[str, ...] = ()
    minimum: Decimal | int | date | None = None
    maximum: Decimal | int | date | None = None

    @classmethod
    def choice(cls, *values: str) -> Validation:
        return cls(ValidationKind.LIST, values=values)

    @classmethod
    def whole(cls, minimum: int | None = None, maximum: int | None = None) -> Validation:
        return cls(ValidationKind.WHOLE, minimum=minimum, maximum=maximum)

    @classmethod
    def number(
        cls, minimum: Decimal | int | None = None, maximum: Decimal | int | None = None
    ) -> Validation:
        return cls(ValidationKind.DECIMAL, minimum=minimum, maximum=maximum)

    @classmethod
    def day(cls) -> Validation:
        return cls(ValidationKind.DATE, minimum=date(1900, 1, 1), maximum=date(2999, 12, 31))


class CellFormat(StrEnum):
    """How a template or export writes a column's values."""

    TEXT = "text"
    DATE = "date"
    MONEY = "money"
    NUMBER = "number"
    PERCENT = "percent"
    WHOLE = "whole"


def normalise_header(text: object) -> str:
    """A header as compared: NFKC, no spaces, underscores or required-marks, case-folded.

    `' Hire  Date '`, `'hire_date'` and `'HIRE DATE*'` all become `'hiredate'`.
    """
    value = unicodedata.normalize("NFKC", str(text))
    value = re.sub(r"[\s_*:：\u200b\ufeff]", "", value)
    return value.casefold()


def strip_annotation(text: str) -> str:
    """A normalised header without a trailing bracketed note: `金额(元)` → `金额`."""
    return re.sub(r"[(\[][^()\[\]]*[)\]]$", "", text)


@dataclass(frozen=True)
class Column:
    """One column of an import sheet: its key, canonical headers, synonyms and template
    hints. Header matching is case- and space-insensitive (see `normalise_header`)."""

    key: str
    zh: str
    en: str
    synonyms: tuple[str, ...] = ()
    required: bool = True
    note_en: str = ""
    note_zh: str = ""
    example: object = None
    # A callable when the choices depend on the language (role names).
    validation: Validation | Callable[[], Validation] | None = None
    cell_format: CellFormat = CellFormat.TEXT

    @property
    def names(self) -> tuple[str, ...]:
        """Every accepted header, in order of preference (canonical first)."""
        return (self.zh, self.en, *self.synonyms)

    def header(self) -> str:
        """The header a template or export writes: in the language of the messages."""
        return self.zh if language() == "zh" else self.en

    @property
    def label(self) -> str:
        """Both canonical headers, as error messages name the column: `工号/code`."""
        return f"{self.zh}/{self.en}"

    def current_validation(self) -> Validation | None:
        """The data validation a template writes now (in the current language)."""
        if self.validation is None or isinstance(self.validation, Validation):
            return self.validation
        return self.validation()

    def note(self) -> str:
        return t(self.note_en, self.note_zh) if (self.note_en or self.note_zh) else ""


@dataclass(frozen=True)
class SheetSpec:
    """The columns one kind of import reads.

    `any_of` lists groups of optional columns of which at least one must be present
    (targets and metrics name their subject by 工号 or by 部门). With `keep_extra` the
    reader also keeps the columns the spec does not know (wide target sheets read
    their month columns from them).
    """

    kind: str
    title_en: str
    title_zh: str
    columns: tuple[Column, ...]
    any_of: tuple[tuple[str, ...], ...] = ()
    keep_extra: bool = False
    _lookup: dict[str, tuple[str, int]] = field(
        init=False, repr=False, compare=False, default_factory=dict
    )

    def __post_init__(self) -> None:
        lookup: dict[str, tuple[str, int]] = {}
        for column in self.columns:
            for rank, name in enumerate(column.names):
                key = normalise_header(name)
                owner = lookup.get(key)
                if owner is not None and owner[0] != column.key:
                    raise ValueError(
                        f"{self.kind}: header {name!r} claimed by {owner[0]} and {column.key}"
                    )
                if owner is None:
                    lookup[key] = (column.key, rank)
        self._lookup.update(lookup)

    def __iter__(self) -> Iterator[Column]:
        return iter(self.columns)

    def title(self) -> str:
        return t(self.title_en, self.title_zh)

    def column(self, key: str) -> Column:
        for column in self.columns:
            if column.key == key:
                return column
        raise KeyError(key)

    def match(self, header: object) -> tuple[str, int] | None:
        """The column key a header names and how preferred that name is (0 best), or None."""
        text = normalise_header(header)
        if not text:
            return None
        found = self._lookup.get(text)
        if found is None:
            bare = strip_annotation(text)
            if bare != text:
                found = self._lookup.get(bare)
        return found

    @property
    def required(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.required)

    def expected_headers(self) -> str:
        """Every column as `工号/code`, required ones first, for error messages."""
        parts = [c.label for c in self.columns if c.required]
        optional = [c.label for c in self.columns if not c.required]
        text = ", ".join(parts)
        if optional:
            text += t(
                "; optional: {o}",
                "；可选：{o}",
                o=", ".join(optional),
            )
        return text
