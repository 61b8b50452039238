"""Every officer-facing text lives in edi_workbook/core/messages.py and reads the same way."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import pytest

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
           "object": "smtp.example.org", "BaseException": ValueError("bad value"), "bool": True}

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
    "MERGE_INTO_THAT_YEAR", "MOVE_INTO_TABLE", "REPLACE_ADVICE",
)
# Whole lines for the screen, written as sentences.
SENTENCES = ("merged_cleanly", "needs_a_person", "status_words_explained")


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


def test_templates_were_all_filled():
    assert len(TEXTS) > 80
    assert TEXTS["too_long"].startswith("the text is 32,767 characters long")


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_text_reads_cleanly(name):
    text = TEXTS[name]
    assert text.strip() == text != ""
    assert "  " not in text
    assert "\n" not in text
    if name not in SENTENCES:
        assert not text.endswith("."), "reasons and advice end without a full stop"


@pytest.mark.parametrize("name", ADVICE)
def test_advice_starts_lower_case(name):
    assert TEXTS[name][0].islower()


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


@pytest.mark.parametrize("module", MODULES)
def test_messages_come_from_messages_py(module):
    source = (PACKAGE / module).read_text(encoding="utf-8")
    assert long_literals(source) == [], f"move these texts to core/messages.py ({module})"
