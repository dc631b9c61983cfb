"""Languages of the interface: choosing one, installing its translators, and rebuilding the
Qt Linguist files.

The interface is written in English and translated to Chinese (zh_CN) with Qt Linguist;
`resources/translations/salesdesk_zh_CN.ts` holds every string, `salesdesk_en.ts` only the
English plural forms ("1 region" / "3 regions"). After changing strings in the code run

    python -m salesdesk.ui.i18n --update     # lupdate the .ts files, lrelease the .qm files
    python -m salesdesk.ui.i18n --check      # list strings still waiting for a translation

translate the new entries in salesdesk_zh_CN.ts (Qt Linguist, or by hand), and run
`--update` again so the .qm files match. tests/gui/test_i18n.py fails while any string is
untranslated or a .qm is stale.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QSettings, QTranslator

from salesdesk.domain.text import set_language
from salesdesk.paths import resource_path

LANGUAGES = ("zh", "en")
LANGUAGE_KEY = "language"
# Qt's file suffix per language of ours.
QT_LOCALE = {"zh": "zh_CN", "en": "en"}

_installed: list[QTranslator] = []
_current: str | None = None


def translations_dir() -> Path:
    return resource_path("translations")


def system_language() -> str:
    """Chinese under any Chinese system locale (zh_CN, zh_TW, zh_HK, ...), else English."""
    return "zh" if QLocale.system().name().lower().startswith("zh") else "en"


def stored_language(settings: QSettings) -> str | None:
    value = settings.value(LANGUAGE_KEY)
    return value if isinstance(value, str) and value in LANGUAGES else None


def choose_language(settings: QSettings) -> str:
    """The user's choice from View → Language if there is one, else the system's."""
    return stored_language(settings) or system_language()


def current_language() -> str | None:
    """The language whose translators are installed (None before `install_translators`)."""
    return _current


def install_translators(app: QCoreApplication, language: str) -> None:
    """Install our translation and Qt's own (standard dialogs, buttons) for `language`,
    replacing any installed before; also sets the language of non-Qt messages."""
    global _current
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    locale = QT_LOCALE.get(language, "en")
    ours = QTranslator(app)
    if ours.load(str(translations_dir() / f"salesdesk_{locale}.qm")):
        app.installTranslator(ours)
        _installed.append(ours)
    if language == "zh":
        qt = QTranslator(app)
        for folder in (
            translations_dir(),  # the frozen app may bundle it beside ours
            Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)),
        ):
            if qt.load(str(folder / "qtbase_zh_CN.qm")):
                app.installTranslator(qt)
                _installed.append(qt)
                break
    set_language(language)
    _current = language


# --------------------------------------------------------------------------- maintenance

ROOT = Path(__file__).resolve().parents[2]
TS_DIR = ROOT / "resources" / "translations"
ZH_TS = TS_DIR / "salesdesk_zh_CN.ts"
EN_TS = TS_DIR / "salesdesk_en.ts"


def source_files(root: Path = ROOT) -> list[Path]:
    """The files whose strings are translated: the interface and the wiring in app.py."""
    files = sorted((root / "salesdesk" / "ui").rglob("*.py"))
    return [*files, root / "salesdesk" / "app.py"]


def tool(name: str) -> str:
    """A Qt tool of the PySide6 installation (`pyside6-lupdate`, `pyside6-lrelease`)."""
    beside_python = shutil.which(name, path=str(Path(sys.executable).parent))
    found = beside_python or shutil.which(name)
    if found is None:
        raise SystemExit(f"{name} not found; install PySide6 in this environment")
    return found


def run_lupdate(ts: Path, *, plurals_only: bool = False, root: Path = ROOT) -> None:
    language = "en" if plurals_only else "zh_CN"
    # No source locations: with several people editing the code at once, line numbers
    # would change in every .ts diff without any string changing.
    command = [
        tool("pyside6-lupdate"),
        *(str(p.relative_to(root)) for p in source_files(root)),
        "-ts",
        str(ts),
        "-no-obsolete",
        "-locations",
        "none",
        "-source-language",
        "en",
        "-target-language",
        language,
    ]
    if plurals_only:
        command.append("-pluralonly")
    subprocess.run(command, check=True, cwd=root, capture_output=True)


def run_lrelease(ts: Path, qm: Path) -> None:
    subprocess.run(
        [tool("pyside6-lrelease"), "-silent", str(ts), "-qm", str(qm)],
        check=True,
        capture_output=True,
    )


def unfinished(ts: Path) -> list[tuple[str, str]]:
    """(context, source) of every message in `ts` without a finished translation."""
    missing: list[tuple[str, str]] = []
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            translation = message.find("translation")
            forms = [] if translation is None else list(translation.iter("numerusform"))
            texts = [f.text for f in forms] if forms else [getattr(translation, "text", None)]
            if (
                translation is None
                or translation.get("type") in ("unfinished", "vanished", "obsolete")
                or not all(texts)
            ):
                missing.append((name, message.findtext("source", "")))
    return missing


def fill(ts: Path, translations: dict[str, dict[str, str]]) -> int:
    """Give unfinished messages of `ts` the translations in {context: {source: text}};
    returns how many were filled. (lupdate keeps them on the next update.)"""
    tree = ET.parse(ts)
    filled = 0
    for context in tree.getroot().iter("context"):
        wanted = translations.get(context.findtext("name", ""), {})
        for message in context.iter("message"):
            source = message.findtext("source", "")
            translation = message.find("translation")
            if (
                source in wanted
                and translation is not None
                and not list(translation)
                and (translation.get("type") == "unfinished" or not translation.text)
            ):
                translation.text = wanted[source]
                translation.attrib.pop("type", None)
                filled += 1
    tree.write(ts, encoding="utf-8", xml_declaration=True)
    return filled


def update() -> None:
    TS_DIR.mkdir(parents=True, exist_ok=True)
    run_lupdate(ZH_TS)
    run_lupdate(EN_TS, plurals_only=True)
    for ts in (ZH_TS, EN_TS):
        run_lrelease(ts, ts.with_suffix(".qm"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m salesdesk.ui.i18n", description=__doc__)
    parser.add_argument("--update", action="store_true", help="run lupdate and lrelease")
    parser.add_argument("--check", action="store_true", help="list untranslated strings")
    parser.add_argument(
        "--fill",
        type=Path,
        metavar="FILE.json",
        help='fill zh_CN translations from {"Context": {"source": "译文"}}, then update',
    )
    args = parser.parse_args(argv)
    if not (args.update or args.check or args.fill):
        parser.print_help()
        return 2
    if args.update or args.fill:
        update()
    if args.fill:
        count = fill(ZH_TS, json.loads(args.fill.read_text(encoding="utf-8")))
        print(f"filled {count} translation(s)")
        update()
    missing = [(ts.name, *m) for ts in (ZH_TS, EN_TS) for m in unfinished(ts)]
    for file_name, context, source in missing:
        print(f"{file_name}: {context}: {source!r}")
    if args.check:
        return 1 if missing else 0
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
