"""The command line: argparse commands that parse, call a service and print; no logic."""

from __future__ import annotations

import argparse
import json
import logging
import sys
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from salesdesk import __version__
from salesdesk.domain.errors import UserError
from salesdesk.domain.text import language_from_environment, set_language, t
from salesdesk.exchange.sheets import IMPORT_KINDS
from salesdesk.logs import setup_logging

if TYPE_CHECKING:
    from salesdesk.services.database import Database

log = logging.getLogger("salesdesk.cli")

EXIT_OK = 0
EXIT_BUG = 1
EXIT_BAD_INPUT = 2


class _Parser(argparse.ArgumentParser):
    """argparse that exits with 2 and a one-line reason, as the data-exchange spec says."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: {message}\n")


def _add_db(parser: argparse.ArgumentParser, *, top: bool) -> None:
    # --db may stand before or after the command's name; the sub-parser's copy must not
    # overwrite a value given before the command, hence SUPPRESS there.
    parser.add_argument(
        "--db",
        type=Path,
        default=None if top else argparse.SUPPRESS,
        metavar="PATH",
        help="database file (default: salesdesk.db in the per-user data folder)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="salesdesk",
        description="SalesDesk: sales performance appraisal. No command opens the main window.",
    )
    parser.add_argument("--version", action="version", version=f"SalesDesk {__version__}")
    _add_db(parser, top=True)
    commands = parser.add_subparsers(dest="command", parser_class=_Parser)

    demo = commands.add_parser("demo", help="create a database holding a demo company")
    _add_db(demo, top=False)
    demo.add_argument("--staff", type=int, default=40, help="number of staff (default 40)")
    demo.add_argument("--seed", type=int, default=1, help="random seed (same seed, same data)")
    demo.add_argument("--force", action="store_true", help="replace an existing database file")

    template = commands.add_parser("template", help="write an empty import template")
    _add_db(template, top=False)
    template.add_argument("kind", choices=IMPORT_KINDS)
    template.add_argument("--out", type=Path, required=True, metavar="FILE.xlsx")

    imp = commands.add_parser("import", help="import a workbook (all or nothing)")
    _add_db(imp, top=False)
    imp.add_argument("kind", choices=IMPORT_KINDS)
    imp.add_argument("file", type=Path, metavar="FILE")
    imp.add_argument("--dry-run", action="store_true", help="check and report; write nothing")
    imp.add_argument("--sheet", default=None, help="sheet to read (default: the first)")

    export = commands.add_parser("export", help="write data out to a file")
    _add_db(export, top=False)
    export_kinds = export.add_subparsers(dest="export_kind", required=True, parser_class=_Parser)
    export_staff = export_kinds.add_parser("staff", help="the staff list as a workbook")
    _add_db(export_staff, top=False)
    export_staff.add_argument("--out", type=Path, required=True, metavar="FILE.xlsx")
    export_staff.add_argument(
        "--include-left", action="store_true", help="also list people who left"
    )
    for kind, what, target, metavar in (
        ("report", "a cycle's report workbook", "cycle", "FILE.xlsx"),
        ("paysheet", "a cycle's pay sheet", "cycle", "FILE.xlsx"),
        ("forms", "a PDF appraisal form per participant", "cycle", "DIR"),
        ("rules", "a scheme's rules as a PDF to hand to staff", "scheme", "FILE.pdf"),
        ("packets", "a rating workbook per rater, to fill in offline", "cycle", "DIR"),
    ):
        exporter = export_kinds.add_parser(kind, help=what)
        _add_db(exporter, top=False)
        exporter.add_argument(target, metavar=target.upper(), help=f"{target} name or id")
        exporter.add_argument("--out", type=Path, required=True, metavar=metavar)
        exporter.add_argument(
            "--lang", choices=("zh", "en"), default=None, help="language (default: the app's)"
        )
        if kind == "packets":
            exporter.add_argument("--rater", default=None, metavar="CODE", help="only this rater")

    backup = commands.add_parser("backup", help="write a consistent copy of the database")
    _add_db(backup, top=False)
    backup.add_argument("--out", type=Path, required=True, metavar="FILE")

    restore = commands.add_parser("restore", help="put a backup copy back in place")
    _add_db(restore, top=False)
    restore.add_argument("file", type=Path, metavar="FILE")

    actuals = commands.add_parser(
        "actuals", help="actual, target and achievement of each metric in a period"
    )
    _add_db(actuals, top=False)
    actuals.add_argument("period", metavar="PERIOD", help="2026-03, 2026-Q1 or 2026")
    actuals.add_argument("--metric", default=None, metavar="M", help="only this metric (code)")
    actuals.add_argument(
        "--subject", default=None, metavar="CODE", help="only this staff code or unit path"
    )
    actuals.add_argument("--json", action="store_true", help="print JSON (data-exchange §4)")

    scheme = commands.add_parser("scheme", help="export or import a scheme as JSON")
    _add_db(scheme, top=False)
    scheme_actions = scheme.add_subparsers(
        dest="scheme_action", required=True, parser_class=_Parser
    )
    scheme_export = scheme_actions.add_parser("export", help="write a scheme as a JSON file")
    _add_db(scheme_export, top=False)
    scheme_export.add_argument("name", metavar="NAME")
    scheme_export.add_argument("--out", type=Path, required=True, metavar="FILE.json")
    scheme_import = scheme_actions.add_parser("import", help="add a scheme from a JSON file")
    _add_db(scheme_import, top=False)
    scheme_import.add_argument("file", type=Path, metavar="FILE.json")
    scheme_import.add_argument(
        "--replace", action="store_true", help="replace the scheme of that name"
    )

    cycle = commands.add_parser("cycle", help="open, list and move appraisal cycles")
    _add_db(cycle, top=False)
    cycle_actions = cycle.add_subparsers(dest="cycle_action", required=True, parser_class=_Parser)
    cycle_open = cycle_actions.add_parser("open", help="create and open a cycle")
    _add_db(cycle_open, top=False)
    cycle_open.add_argument("--scheme", required=True, metavar="NAME")
    cycle_open.add_argument("--period", required=True, metavar="P", help="e.g. 2026-Q1")
    cycle_open.add_argument("--name", default=None, help="cycle name (default: period + scheme)")
    cycle_list = cycle_actions.add_parser("list", help="list the cycles")
    _add_db(cycle_list, top=False)
    cycle_list.add_argument("--json", action="store_true")
    cycle_advance = cycle_actions.add_parser("advance", help="move a cycle through the workflow")
    _add_db(cycle_advance, top=False)
    cycle_advance.add_argument("cycle", metavar="CYCLE", help="the cycle's id or name")
    cycle_advance.add_argument(
        "--to",
        required=True,
        metavar="STATE",
        help="draft, open, calibration, confirmed or closed",
    )
    cycle_advance.add_argument("--reason", default="", metavar="TEXT")

    score = commands.add_parser("score", help="compute and print a cycle's scorecards")
    _add_db(score, top=False)
    score.add_argument("cycle", metavar="CYCLE", help="the cycle's id or name")
    score.add_argument("--json", action="store_true", help="print JSON (data-exchange §5)")

    info = commands.add_parser("info", help="show the database path and what it holds")
    _add_db(info, top=False)
    info.add_argument("--json", action="store_true")
    return parser


def _db_path(args: argparse.Namespace) -> Path:
    if args.db is not None:
        return Path(args.db)
    from salesdesk.paths import default_db_path

    return default_db_path()


def _print(text: str) -> None:
    if sys.stdout is not None:
        print(text)


def _cmd_demo(args: argparse.Namespace) -> int:
    from salesdesk.services.demo import build_demo

    if args.staff < 1 or args.staff > 100_000:
        raise UserError(t("--staff must be between 1 and 100000", "--staff 须在 1 到 100000 之间"))
    summary = build_demo(_db_path(args), staff=args.staff, seed=args.seed, replace=args.force)
    _print(summary.describe())
    return EXIT_OK


def _cmd_template(args: argparse.Namespace) -> int:
    from salesdesk.services.imports import write_template

    write_template(args.kind, args.out)
    _print(t("wrote {f}", "已写入 {f}", f=args.out))
    return EXIT_OK


def _cmd_import(args: argparse.Namespace) -> int:
    from salesdesk.services.database import open_database
    from salesdesk.services.imports import import_file

    database = open_database(_db_path(args))
    try:
        report = import_file(database, args.kind, args.file, dry_run=args.dry_run, sheet=args.sheet)
    finally:
        database.close()
    _print(report.describe())
    return EXIT_OK


def _cmd_export(args: argparse.Namespace) -> int:
    from salesdesk.services.database import open_database

    if getattr(args, "lang", None):
        set_language(args.lang)
    database = open_database(_db_path(args), create=args.export_kind == "staff")
    try:
        message = _EXPORTS[args.export_kind](database, args)
    finally:
        database.close()
    _print(message)
    return EXIT_OK


def _export_staff(database: Database, args: argparse.Namespace) -> str:
    from salesdesk.services.exports import export_staff

    count = export_staff(database, args.out, include_left=args.include_left)
    return t("wrote {n} staff to {f}", "已导出 {n} 名人员到 {f}", n=count, f=args.out)


def _export_report(database: Database, args: argparse.Namespace) -> str:
    from salesdesk.services.report_workbook import export_report

    count = export_report(database, args.cycle, args.out)
    return t(
        "wrote the report of {n} people to {f}",
        "已导出 {n} 人的考核报表到 {f}",
        n=count,
        f=args.out,
    )


def _export_paysheet(database: Database, args: argparse.Namespace) -> str:
    from salesdesk.services.report_workbook import export_paysheet

    count = export_paysheet(database, args.cycle, args.out)
    return t(
        "wrote the pay of {n} people to {f}", "已导出 {n} 人的绩效工资表到 {f}", n=count, f=args.out
    )


def _export_forms(database: Database, args: argparse.Namespace) -> str:
    from salesdesk.services.forms import export_forms

    written = export_forms(database, args.cycle, args.out)
    return t("wrote {n} forms to {f}", "已导出 {n} 份考核表到 {f}", n=len(written), f=args.out)


def _export_rules(database: Database, args: argparse.Namespace) -> str:
    from salesdesk.services.forms import export_rules

    export_rules(database, args.scheme, args.out)
    return t("wrote the rules to {f}", "已导出考核方案说明到 {f}", f=args.out)


def _export_packets(database: Database, args: argparse.Namespace) -> str:
    from salesdesk.services.packets import export_packets

    written = export_packets(database, args.cycle, args.out, rater=args.rater)
    return t(
        "wrote {n} rating packets to {f}", "已导出 {n} 份评分表到 {f}", n=len(written), f=args.out
    )


_EXPORTS: dict[str, Callable[[Database, argparse.Namespace], str]] = {
    "staff": _export_staff,
    "report": _export_report,
    "paysheet": _export_paysheet,
    "forms": _export_forms,
    "rules": _export_rules,
    "packets": _export_packets,
}


def _cmd_backup(args: argparse.Namespace) -> int:
    from salesdesk.services.database import open_database

    database = open_database(_db_path(args), create=False)
    try:
        database.backup(args.out)
    finally:
        database.close()
    _print(t("backed up to {f}", "已备份到 {f}", f=args.out))
    return EXIT_OK


def _cmd_restore(args: argparse.Namespace) -> int:
    from salesdesk.services.backup import restore_database

    restore_database(args.file, _db_path(args))
    _print(t("restored {f} to {d}", "已将 {f} 恢复到 {d}", f=args.file, d=_db_path(args)))
    return EXIT_OK


def _display_width(text: str) -> int:
    # Chinese characters take two columns in a terminal.
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _aligned(rows: list[list[str]], right: set[int]) -> list[str]:
    widths = [max(_display_width(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = []
        for i, cell in enumerate(row):
            pad = " " * (widths[i] - _display_width(cell))
            cells.append(pad + cell if i in right else cell + pad)
        lines.append("  ".join(cells).rstrip())
    return lines


def _cmd_actuals(args: argparse.Namespace) -> int:
    from salesdesk.services.actuals import ActualsService
    from salesdesk.services.database import open_database

    database = open_database(_db_path(args))
    try:
        result = ActualsService(database).actuals(
            args.period, metric=args.metric, subject=args.subject
        )
    finally:
        database.close()
    if args.json:
        _print(result.to_json())
        return EXIT_OK
    header = [
        t("subject", "对象"),
        t("name", "名称"),
        t("metric", "指标"),
        t("actual", "实际"),
        t("target", "目标"),
        t("achievement", "达成率"),
    ]
    table = [header]
    for row in result.rows:
        info = result.metric_info(row.metric)
        table.append(
            [
                row.subject,
                row.subject_name,
                info.name if info is not None else row.metric,
                row.actual_text or "—",
                row.target_text or "—",
                row.achievement_text or "—",
            ]
        )
    _print(t("Actuals {p}", "实际完成 {p}", p=result.period))
    for line in _aligned(table, right={3, 4, 5}):
        _print(line)
    return EXIT_OK


def _read_scheme_file(path: Path) -> object:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise UserError(t("{f}: no such file", "{f}：文件不存在", f=path)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(t("{f}: cannot read: {e}", "{f}：无法读取：{e}", f=path, e=exc)) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise UserError(
            t(
                "{f}: not a JSON file (line {l}, column {c}: {m})",
                "{f}：不是 JSON 文件（第 {l} 行第 {c} 列：{m}）",
                f=path,
                l=exc.lineno,
                c=exc.colno,
                m=exc.msg,
            )
        ) from None


def _cmd_scheme(args: argparse.Namespace) -> int:
    from salesdesk.services.database import open_database
    from salesdesk.services.schemes import SchemesService

    doc = _read_scheme_file(args.file) if args.scheme_action == "import" else None
    database = open_database(_db_path(args))
    try:
        service = SchemesService(database)
        if args.scheme_action == "export":
            text = service.export_json(args.name)
            try:
                args.out.write_text(text, encoding="utf-8")
            except OSError as exc:
                raise UserError(
                    t("{f}: cannot write: {e}", "{f}：无法写入：{e}", f=args.out, e=exc)
                ) from None
            _print(t("wrote {f}", "已写入 {f}", f=args.out))
            return EXIT_OK
        try:
            summary = service.import_document(doc, replace=args.replace)
        except UserError as exc:
            raise UserError(f"{args.file}: {exc}") from None
    finally:
        database.close()
    _print(
        t(
            "imported scheme {n} ({k} items, weights {w})",
            "已导入考核方案 {n}（{k} 个考核项，权重合计 {w}）",
            n=summary.name,
            k=summary.item_count,
            w=format(summary.weight_total.normalize(), "f"),
        )
    )
    return EXIT_OK


def _cmd_cycle(args: argparse.Namespace) -> int:
    from salesdesk.domain.workflow import parse_state, state_label
    from salesdesk.services.cycles import CyclesService
    from salesdesk.services.database import open_database

    target = parse_state(args.to) if args.cycle_action == "advance" else None
    database = open_database(_db_path(args))
    try:
        service = CyclesService(database)
        if args.cycle_action == "open":
            summary = service.open_cycle(args.scheme, args.period, name=args.name)
            _print(
                t(
                    "opened cycle {i} {n} ({c} participants)",
                    "已开启考核周期 {i} {n}（{c} 人参加）",
                    i=summary.id,
                    n=summary.name,
                    c=summary.participants,
                )
            )
            return EXIT_OK
        if args.cycle_action == "list":
            cycles = service.list_cycles()
            if args.json:
                _print(
                    json.dumps(
                        {"cycles": [c.to_json_dict() for c in cycles]},
                        ensure_ascii=False,
                        indent=1,
                    )
                )
                return EXIT_OK
            table = [
                [
                    t("id", "编号"),
                    t("name", "名称"),
                    t("period", "期间"),
                    t("scheme", "方案"),
                    t("state", "状态"),
                    t("participants", "人数"),
                ]
            ]
            for c in cycles:
                table.append(
                    [str(c.id), c.name, c.period, c.scheme, c.state_label, str(c.participants)]
                )
            if not cycles:
                _print(t("no cycles yet", "尚无考核周期"))
                return EXIT_OK
            for line in _aligned(table, right={0, 5}):
                _print(line)
            return EXIT_OK
        assert target is not None
        before = service.get(args.cycle)
        summary = service.advance(args.cycle, target, reason=args.reason)
    finally:
        database.close()
    _print(
        t(
            "cycle {n}: {a} → {b}",
            "考核周期 {n}：{a} → {b}",
            n=summary.name,
            a=state_label(before.state),
            b=state_label(summary.state),
        )
    )
    return EXIT_OK


def _cmd_score(args: argparse.Namespace) -> int:
    from salesdesk.services.cycles import CyclesService
    from salesdesk.services.database import open_database

    database = open_database(_db_path(args))
    try:
        service = CyclesService(database)
        results = service.results(args.cycle)
        changed = not args.json and results.frozen and service.data_changed(results.cycle_id)
    finally:
        database.close()
    if args.json:
        _print(results.to_json().rstrip("\n"))
        return EXIT_OK
    _print(f"{results.cycle} · {results.period} · {results.scheme} · {results.state}")
    if changed:
        _print(
            t(
                "note: data changed since confirmation (the results below are as confirmed)",
                "注意：确认后数据已有变动（以下为确认时的结果）",
            )
        )
    table = [
        [
            t("rank", "排名"),
            t("code", "工号"),
            t("name", "姓名"),
            t("total", "总分"),
            t("band", "分档"),
            t("distributed", "分布后"),
            t("final", "最终"),
            t("pay", "绩效工资"),
            t("warnings", "提示"),
        ]
    ]
    for row in results.rows:
        card = row.card
        table.append(
            [
                str(card["rank"]),
                row.code,
                row.participant.name,
                str(card["total"]),
                str(card["band_grade"]),
                str(card["distributed_grade"]),
                str(card["final_grade"]),
                str(card["performance_pay"] or "—"),
                str(len(card["warnings"])) if card["warnings"] else "",
            ]
        )
    for line in _aligned(table, right={0, 3, 7}):
        _print(line)
    counts = ", ".join(
        f"{g['grade']} {g['count_final']}/{g['quota']}" for g in results.distribution["grades"]
    )
    _print(t("grades (count/quota): {c}", "等级（人数/名额）：{c}", c=counts))
    return EXIT_OK


def _cmd_info(args: argparse.Namespace) -> int:
    from salesdesk.services.database import open_database
    from salesdesk.services.settings import SettingsService
    from salesdesk.services.staff import StaffService

    database = open_database(_db_path(args))
    try:
        counts = StaffService(database).summary()
        company = SettingsService(database).company_name()
    finally:
        database.close()
    data = {"database": str(_db_path(args)), "company": company, **counts}
    if args.json:
        _print(json.dumps(data, ensure_ascii=False))
    else:
        for key, value in data.items():
            _print(f"{key}: {value}")
    return EXIT_OK


COMMANDS = {
    "demo": _cmd_demo,
    "template": _cmd_template,
    "import": _cmd_import,
    "export": _cmd_export,
    "backup": _cmd_backup,
    "restore": _cmd_restore,
    "info": _cmd_info,
    "actuals": _cmd_actuals,
    "scheme": _cmd_scheme,
    "cycle": _cmd_cycle,
    "score": _cmd_score,
}


def _utf8_output() -> None:
    # A Windows console defaults to the ANSI code page; Chinese names must print intact.
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(encoding="utf-8", errors="replace")


def main(argv: Sequence[str] | None = None) -> int:
    _utf8_output()
    set_language(language_from_environment())
    args = build_parser().parse_args(argv)
    if args.command is None:
        from salesdesk.app import run_gui

        return run_gui(args.db)
    setup_logging(console=False)
    try:
        return COMMANDS[args.command](args)
    except UserError as exc:
        if sys.stderr is not None:
            print(f"salesdesk: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader (e.g. `| head`) stopped reading: not an error of the command.
        return EXIT_OK
    except Exception:
        log.exception("command %s failed", args.command)
        if sys.stderr is not None:
            print(
                t(
                    "salesdesk: unexpected error; details are in the log file",
                    "salesdesk：意外错误，详情见日志文件",
                ),
                file=sys.stderr,
            )
        return EXIT_BUG
