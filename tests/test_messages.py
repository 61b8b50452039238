"""Every officer-facing text lives in edi_workbook/core/messages.py and reads the same way."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

from edi_workbook.core import messages

PACKAGE = Path(messages.__file__).parent.parent
# Every module of the package, new ones included: reasons and advice come from messages.py.
MODULES = sorted(str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*.py"))
# Calls that carry a reason or advice to an officer.
CARRIERS = {"ReturnError", "PlanError", "WorkbookError", "Rejection", "OutputError",
            "EdiWorkbookError", "Problem", "Issued", "error", "reject", "ClickException",
            "MessageError", "Unusable", "ReportError"}
MAX_LITERAL = 25

# Sample values for the template functions, by annotation.
SAMPLES = {"str": "Housing", "int": 32767, "Iterable[str]": ["ID", "Status"],
           "object": "smtp.example.org", "BaseException": ValueError("bad value"),
           "bool": True, "list[str]": ["Housing.xlsx", "Housing.eml"],
           "Iterable[tuple[str, str]]": [("housing@example.org", "550 no such user")]}

# Texts that follow " — " (or ": ") after a reason, so start lower-case.
ADVICE = (
    "CHECK_NAME_AND_FOLDER", "NAME_THE_FILE", "ASK_FOR_FRESH_COPY", "SAVE_AS_XLSX",
    "RESAVE_XLSX", "REMOVE_PASSWORD", "SAVE_ODS_AS_XLSX", "FRESH_OR_LAST_GOOD",
    "ASK_SENDER_AGAIN", "SEND_BACK", "KEEP_HEADER_ROW", "KEEP_EVERY_COLUMN", "TYPE_PLAIN_TEXT",
    "LOCKED_ADVICE", "NO_NEW_ACTIONS", "KEEP_IDS", "ONE_ROW_PER_ACTION", "CHECK_WHICH_PLAN",
    "MERGE_INTO_LATEST", "REMOVED_AFTER_SENDING", "CHECK_TEXT", "WHOLE_TEXT_IN_CHANGES",
    "choose_status", "keep_header_row", "meta_removed",
    "IMPORT_WHAT", "GIVE_A_HEADER_ROW", "USE_THE_PLAN", "columns_there",
    "SAVE_MESSAGE_AGAIN", "NAME_THE_MESSAGE", "SAVE_ATTACHMENT_INSTEAD", "DOWNLOAD_FROM_LINK",
    "SAVE_FROM_OUTLOOK", "SEND_THE_WORKBOOK", "SAVE_ATTACHMENTS_INSTEAD", "ASK_FOR_ATTACHMENT",
    "EXPORT_NUMBERS_AS_XLSX", "ASK_FOR_THE_WORKBOOK", "UNZIP_FIRST", "CLOSE_OR_CHECK_ACCESS",
    "DELETE_FAR_CELLS", "IMPORT_A_PART", "CLOSE_THE_QUOTE", "SAVE_AS_CSV", "NOTHING_SENT_FIX",
    "MERGE_INTO_THAT_YEAR", "MOVE_INTO_TABLE", "REPLACE_ADVICE",
)
# Whole lines for the screen, written as sentences.
SENTENCES = ("merged_cleanly", "merged_with", "needs_a_person", "status_words_explained",
             # Where the plan stands: said alike by the summary and the report.
             "NO_UPDATE_FOR_REPORT", "no_update_for", "no_update_listed", "needing_attention",
             "timescales_revised", "returns_explained",
             # Who the plan reaches: sentences committee reads in the report and summary.
             "REACH_SHEET_WORDS", "reach_characteristics", "reach_own_named",
             "reach_own_missing", "reach_missing_aims", "reach_missing_modules", "reach_unset",
             "reach_outside", "reach_nothing_named", "reach_introduction")


def public_texts() -> dict[str, str]:
    """Name -> text for every public constant, and every template filled with samples."""
    texts: dict[str, str] = {}
    for name, value in vars(messages).items():
        if name.startswith("_") or getattr(value, "__module__", messages.__name__) != (
                messages.__name__):
            continue
        if isinstance(value, str):
            texts[name] = value
        elif inspect.isfunction(value):
            args = [SAMPLES[p.annotation] for p in inspect.signature(value).parameters.values()]
            texts[name] = value(*args)
    return texts


TEXTS = public_texts()


def test_templates_are_checked_filled_in():
    """The checks below see what an officer reads: each template filled with samples."""
    assert TEXTS["too_long"] == messages.too_long(32_767, 32_767)
    assert TEXTS["NOTHING_TO_FIX"] == messages.NOTHING_TO_FIX


def faults(name: str, text: str) -> list[str]:
    found = []
    if not text:
        found.append("empty")
    if text.strip() != text:
        found.append("space or line break at an end")
    if "  " in text:
        found.append("two spaces")
    if "\n" in text:
        found.append("line break")
    if name not in SENTENCES and text.endswith("."):
        found.append("full stop (reasons and advice end without one)")
    return found


def test_faults_are_found():
    assert faults("X", " reason.") == ["space or line break at an end",
                                       "full stop (reasons and advice end without one)"]
    assert faults("merged_cleanly", "Merged cleanly: 1 box applied.") == []


def test_texts_read_cleanly():
    """Every text, each fault named: one list to fix rather than a failure per text."""
    found = {name: faults(name, text) for name, text in TEXTS.items()}
    assert {name: f for name, f in found.items() if f} == {}


def test_advice_starts_lower_case():
    """Advice follows " — " or ": " after a reason."""
    assert [name for name in ADVICE if not TEXTS[name][:1].islower()] == []


def test_each_name_is_defined_once():
    """A second definition silently replaces the first: two modules' texts collide."""
    tree = ast.parse(Path(messages.__file__).read_text(encoding="utf-8"))
    names = [target.id for node in tree.body if isinstance(node, ast.Assign)
             for target in node.targets if isinstance(target, ast.Name)]
    names += [node.name for node in tree.body if isinstance(node, ast.FunctionDef)]
    assert sorted(n for n in set(names) if names.count(n) > 1) == []


def test_spelling_is_british():
    for text in TEXTS.values():
        for american in ("color", "recognized", "canceled", "dropdown", "analyze"):
            assert american not in text.casefold()


def long_literals(source: str) -> list[tuple[int, str]]:
    """(line, text) of string literals over MAX_LITERAL characters given to a carrier."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
        if name not in CARRIERS:
            continue
        for arg in [*node.args, *(k.value for k in node.keywords)]:
            text = "".join(c.value for c in ast.walk(arg)
                           if isinstance(c, ast.Constant) and isinstance(c.value, str))
            if len(text) > MAX_LITERAL:
                found.append((node.lineno, text))
    return found


def test_the_scan_finds_a_literal_message():
    source = ('raise ReturnError(path, "the file is no good at all, really",'
              ' advice=f"send {x} again, or ask the plan owner")\nRejection(p, "short")\n')
    assert [line for line, _ in long_literals(source)] == [1, 1]


def test_messages_come_from_messages_py():
    found = {module: long_literals((PACKAGE / module).read_text(encoding="utf-8"))
             for module in MODULES}
    assert {module: texts for module, texts in found.items() if texts} == {}, (
        "move these texts to core/messages.py")
