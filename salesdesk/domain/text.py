"""User-facing text outside Qt: each message is written in both languages at its source.

The GUI translates its own strings with Qt Linguist; messages made below the GUI (errors,
explanations, command-line output) pick their language here, set once at start-up.
"""

from __future__ import annotations

import os

_language = "en"


def set_language(code: str) -> None:
    """Set the language of messages: 'zh' (Chinese) or 'en' (English)."""
    global _language
    _language = "zh" if code.lower().startswith("zh") else "en"


def language() -> str:
    return _language


def language_from_environment() -> str:
    """The language the command line follows: Chinese under a Chinese locale, else English."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(var, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def t(en: str, zh: str, /, **values: object) -> str:
    """The message in the current language, with `{name}` placeholders filled in."""
    template = zh if _language == "zh" else en
    return template.format(**values) if values else template
