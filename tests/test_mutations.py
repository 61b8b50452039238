"""Generated input: valid files of every kind the tool reads, mutated, given to the commands.

Hypothesis starts from real files (a lead's reply saved as .eml and .msg, the
Housing return, a council's Word plan, CSV and tracker workbook) and spoils
them the ways files get spoiled, and the ways someone would spoil them on
purpose: bytes flipped, cut, repeated or replaced with what breaks parsers
(line breaks, NUL, escape codes, quotes, entity declarations); inside a zip,
a part mutated, dropped, doubled or renamed; in an e-mail, a header doubled a
thousand times, lengthened, broken across lines, parts nested; in a CSV,
cells and rows of anything at all. Each mutated file goes to the commands
that read it (merge with receipts, import, check), and whatever it is:

* the output is one clear line when the command refuses it, never a
  traceback or "something unexpected went wrong", and control characters
  never reach the terminal;
* the exit status is honest: merge exits 2 only when it wrote nothing, and
  0 or 1 only when the merged plan and the summary are both written; import
  exits 0 only with the plan written and 1 only without it;
* nothing is written outside the outputs, the input is not changed, and no
  scratch folder is left behind;
* each run ends within SECONDS, and the process stays within MEMORY.

The examples are the same on every run (derandomised), so `make test` is
stable; EDI_WORKBOOK_MUTATIONS=500 runs more of them, with fresh randomness.
"""

from __future__ import annotations

import hashlib
import io
import os
import resource
import shutil
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from edi_workbook.cli import cli
from edi_workbook.workbooks.plan_writer import write_plan
from edi_workbook.workflow.example import example_plan

FIXTURES = Path(__file__).parent / "fixtures"
sys.path.insert(0, str(FIXTURES))
from make_messages import Msg, MsgAttachment, write_msg  # noqa: E402

ROOT = Path(__file__).parent.parent
HOUSING_RETURN = (ROOT / "examples" / "returns" / "Housing.xlsx").read_bytes()
SEEDS = {
    "eml": [(FIXTURES / "messages" / n).read_bytes()
            for n in ("one-return.eml", "two-returns.eml", "forwarded.eml")],
    "msg": [(FIXTURES / "messages" / n).read_bytes() for n in ("one-return.msg",
                                                               "forwarded.msg")],
    "docx": [p.read_bytes() for p in sorted((FIXTURES / "sources").glob("*.docx"))],
    "csv": [(FIXTURES / "sources" / "objective-column-2024-25.csv").read_bytes()],
    "xlsx": [HOUSING_RETURN, (FIXTURES / "sources" / "tracker.xlsx").read_bytes()],
}
EXAMPLES = int(os.environ.get("EDI_WORKBOOK_MUTATIONS", "0"))
SECONDS = 20.0  # any one command on any one file; the stalls seen ran to minutes
MEMORY = 1536 * 1024 * 1024  # the whole test process at its peak: the blow-ups took 2-9 GB
UNEXPECTED = "something unexpected went wrong"
# What breaks parsers, and what reaches a terminal or an e-mail header.
TOKENS = [b"\r\n", b"\n", b"\r", b"\x00", b"\x1b]0;pwned\x07", b"\x1b[2J", b"\x08", b"\xff\xfe",
          b"\xc3", b'"', b"'", b",", b";", b"\t", b"=?utf-8?b?", b"=?utf-8?q?=0D=0A?=", b"(" * 200,
          b"<!DOCTYPE x [<!ENTITY a 'bbbb'>]>", b"&a;", b"<", b">", b"]]>", b"PK\x03\x04",
          b"\r\n\r\n", b"--", "\u202e".encode(), b"%", b"\\",
          b"Content-Type: multipart/mixed; boundary=x\r\n", b"<w:tbl><w:tr><w:tc>",
          b'<c r="XFD1048576"><v>1</v></c>', b'<row r="1048576">']
CAP = 2 * 1024 * 1024  # a mutated file's size, so one example never takes long to make


# Shrinking a failure to its smallest form can take minutes: `make test` reports the
# failing file as generated; a longer run (EDI_WORKBOOK_MUTATIONS) shrinks it.
settings.register_profile(
    "mutations", max_examples=EXAMPLES or 150, deadline=None, derandomize=not EXAMPLES,
    phases=list(Phase) if EXAMPLES else [Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                           HealthCheck.function_scoped_fixture], database=None)
MUTATIONS = settings.get_profile("mutations")
# A failing example is a whole file: hypothesis warns that printing it is long; and
# zipfile warns as a part is doubled, which is the point.
pytestmark = [pytest.mark.filterwarnings("ignore::hypothesis.errors.HypothesisWarning"),
              pytest.mark.filterwarnings("ignore:Duplicate name:UserWarning")]


# --- Mutations ------------------------------------------------------------------------

@st.composite
def spoiled_bytes(draw, data: bytes) -> bytes:
    """`data` with one to four spoilings of its bytes."""
    buf = bytearray(data)
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["flip", "insert", "delete", "truncate", "repeat", "token",
                                   "overwrite"]))
        at = draw(st.integers(0, max(len(buf) - 1, 0)))
        if op == "flip" and buf:
            buf[at] ^= 1 << draw(st.integers(0, 7))
        elif op == "insert":
            buf[at:at] = draw(st.binary(min_size=1, max_size=64))
        elif op == "delete":
            del buf[at:at + draw(st.integers(1, 4096))]
        elif op == "truncate":
            del buf[at:]
        elif op == "repeat" and buf:
            piece = bytes(buf[at:at + draw(st.integers(1, 200))])
            buf[at:at] = piece * draw(st.integers(2, max(2, CAP // (len(piece) * 4))))
        elif op == "token":
            buf[at:at] = draw(st.sampled_from(TOKENS)) * draw(st.sampled_from([1, 2, 50, 5000]))
        elif op == "overwrite":
            token = draw(st.sampled_from(TOKENS))
            buf[at:at + len(token)] = token
        if len(buf) > CAP:
            del buf[CAP:]
    return bytes(buf)


@st.composite
def spoiled_zip(draw, data: bytes) -> bytes:
    """A whole zip whose parts are spoiled: one mutated, dropped, doubled, renamed or added."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = [(info.filename, archive.read(info)) for info in archive.infolist()]
    for _ in range(draw(st.integers(1, 3))):
        op = draw(st.sampled_from(["mutate", "mutate", "drop", "double", "rename", "add",
                                   "nest"]))
        at = draw(st.integers(0, len(parts) - 1))
        name, content = parts[at]
        if op == "mutate":
            parts[at] = (name, draw(spoiled_bytes(content)))
        elif op == "drop":
            del parts[at]
        elif op == "double":
            parts.append((name.upper() if draw(st.booleans()) else name, content))
        elif op == "rename":
            parts[at] = (draw(st.sampled_from(["../" + name, "/" + name, name.upper(),
                                               name + "\x00", "a/" * 50 + name])), content)
        elif op == "add":
            parts.append((draw(st.sampled_from(["xl/worksheets/sheet99.xml",
                                                "word/media/image9.png", "customXml/a.xml"])),
                          draw(st.binary(max_size=512))))
        elif op == "nest" and name.endswith(".xml"):
            start = content.find(b"<", 40)
            depth = draw(st.sampled_from([10, 300, 3000]))
            if start > 0:
                parts[at] = (name, content[:start] + b"<a>" * depth + b"</a>" * depth
                             + content[start:])
        if not parts:
            break
    out = io.BytesIO()
    method = draw(st.sampled_from([zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED]))
    with zipfile.ZipFile(out, "w", method) as archive:
        for name, content in parts:
            try:
                archive.writestr(name, content)
            except (ValueError, UnicodeEncodeError):
                archive.writestr(name.replace("\x00", "_"), content)
    return out.getvalue()


@st.composite
def spoiled_eml(draw, data: bytes) -> bytes:
    """A message whose headers and parts are spoiled line by line."""
    lines = data.split(b"\n")
    blank = next((i for i, line in enumerate(lines) if line.strip() == b""), len(lines))
    for _ in range(draw(st.integers(1, 3))):
        op = draw(st.sampled_from(["double", "lengthen", "break", "nest", "unblank", "bytes"]))
        at = draw(st.integers(0, max(blank - 1, 0)))
        if op == "double":
            lines[at:at] = [lines[at]] * draw(st.sampled_from([2, 100, 3000]))
        elif op == "lengthen":
            lines[at] = lines[at].rstrip(b"\r") + b" x" * draw(st.sampled_from(
                [100, 10_000, 40_000])) + b"\r"
        elif op == "break":
            lines[at] = lines[at] + draw(st.sampled_from([b"\r", b"\x00", b" \x1b[31m"]))
        elif op == "nest":
            depth = draw(st.sampled_from([3, 60, 600]))
            nest = [b'Content-Type: multipart/mixed; boundary="n%d"\r\n\r\n--n%d\r' % (i, i)
                    for i in range(depth)]
            lines[blank:blank] = nest
        elif op == "unblank" and blank < len(lines):
            lines[blank] = b"X-Not-Blank: 1\r"
        elif op == "bytes":
            return draw(spoiled_bytes(b"\n".join(lines)))
    return b"\n".join(lines)[:CAP * 8]


TEXT = st.text(alphabet=st.characters(codec="utf-8"), max_size=300) | st.sampled_from(
    ["", "\r\nBcc: evil@x.test", "\x1b]0;pwned\x07", "NUL.tar.xlsx", "../../x.xlsx",
     "a" * 20_000, "Housing\u202egpj.xlsx", "=?utf-8?b?Zm9v?="])


@st.composite
def generated_msg(draw) -> bytes:
    """An Outlook .msg written afresh from generated text, or a real one's bytes spoiled."""
    if draw(st.booleans()):
        return draw(spoiled_bytes(draw(st.sampled_from(SEEDS["msg"]))))
    from datetime import UTC, datetime

    name = draw(TEXT) or "Housing.xlsx"
    sender = f"{draw(TEXT).replace('<', '').replace('>', '') or 'Lead'} <lead@example.org>"
    try:
        return write_msg(Msg(sender, "Officer <officer@example.org>", draw(TEXT),
                             datetime(2024, 3, 4, tzinfo=UTC), draw(TEXT),
                             attachments=[MsgAttachment(name, HOUSING_RETURN)]))
    except (ValueError, UnicodeEncodeError, OverflowError):
        return draw(spoiled_bytes(SEEDS["msg"][0]))


CELL = st.text(max_size=40) | st.sampled_from(["=cmd|' /C calc'!A0", "+1", "@x", '"', '""',
                                                "\r\n", "x" * 40_000, "Green", "31/03/2025"])
HEADERS = st.lists(st.sampled_from(["ID", "Action title", "Action", "By when", "Lead",
                                    "Responsible service(s)", "Timescale", "RAG", "Status",
                                    "Objective", "Notes", "", "Ref"]), min_size=1, max_size=8)


@st.composite
def generated_csv(draw) -> bytes:
    """A CSV of anything under a header import may know, or the council's CSV spoiled."""
    if draw(st.booleans()):
        return draw(spoiled_bytes(SEEDS["csv"][0]))
    header = draw(HEADERS)
    rows = draw(st.lists(st.lists(CELL, max_size=len(header) + 2), max_size=30))
    separator = draw(st.sampled_from([",", ";", "\t", "|"]))
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]))
    lines = [separator.join(header)]
    for row in rows:
        cells = []
        for cell in row:
            quoted = draw(st.booleans())
            cells.append('"' + cell.replace('"', '""') + '"' if quoted else cell)
        lines.append(separator.join(cells))
    return "\r\n".join(lines).encode(encoding, "replace")


def mutated(kind: str) -> st.SearchStrategy[bytes]:
    seeds = st.sampled_from(SEEDS.get(kind, [b""]))
    if kind == "eml":
        return seeds.flatmap(spoiled_eml)
    if kind == "msg":
        return generated_msg()
    if kind == "csv":
        return generated_csv()
    return seeds.flatmap(lambda data: spoiled_zip(data) | spoiled_bytes(data))


# --- Running a command on a mutated file ----------------------------------------------

@dataclass
class Ran:
    exit_code: int
    output: str
    outputs: set[str]  # the files written, by their paths under the outputs' folder


def files_under(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*")}


@pytest.fixture(scope="module")
def plan_file(tmp_path_factory) -> Path:
    return write_plan(example_plan(), tmp_path_factory.mktemp("plan") / "plan.xlsx")


@pytest.fixture(scope="module")
def workspace(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("mutations")


def run(workspace: Path, name: str, data: bytes, command: list[str]) -> Ran:
    """Run `command` (with {input} and {out}) on `data` saved as `name` in a fresh folder."""
    folder = Path(tempfile.mkdtemp(dir=workspace))
    scratch = folder / "tmp"
    scratch.mkdir()
    given_file = folder / name
    given_file.write_bytes(data)
    out = folder / "out"
    args = [a.replace("{input}", str(given_file)).replace("{out}", str(out)) for a in command]
    before = files_under(folder)
    saved, tempfile.tempdir = tempfile.tempdir, str(scratch)
    start = time.perf_counter()
    try:
        result = CliRunner().invoke(cli, args)
    finally:
        tempfile.tempdir = saved
    seconds = time.perf_counter() - start
    output = result.output
    assert UNEXPECTED not in output, output
    assert "Traceback" not in output, output
    if result.exception is not None:
        assert isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code in (0, 1, 2), result.exit_code
    assert "\x1b" not in output and "\r" not in output and "\x07" not in output, output
    if output.startswith("Error: "):
        assert output.count("\n") == 1, output  # one clear line
    assert seconds < SECONDS, (seconds, args)
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 < MEMORY
    # Nothing written outside the outputs, the input as it was, no scratch folder left.
    assert files_under(folder) - before <= files_under(out) | {out}
    assert hashlib.sha256(given_file.read_bytes()).digest() == hashlib.sha256(data).digest()
    assert list(scratch.iterdir()) == []
    ran = Ran(result.exit_code, output, {str(p.relative_to(out)) for p in files_under(out)})
    shutil.rmtree(folder, ignore_errors=True)
    return ran


def merge(workspace: Path, plan: Path, name: str, data: bytes) -> None:
    folder_outputs = ["-o", "{out}/merged.xlsx", "--summary", "{out}/summary.xlsx"]
    ran = run(workspace, name, data, ["merge", str(plan), "{input}", *folder_outputs,
                                      "--as-of", "2024-03-15", "--receipts", "{out}/receipts"])
    # Honest: 2 only when nothing was written, 0 or 1 only with both outputs.
    lines = ran.output.splitlines()
    if ran.exit_code == 2:
        assert ran.output.startswith("Error: ") and not ran.outputs, ran.output
    else:
        assert {"merged.xlsx", "summary.xlsx"} <= ran.outputs, ran.output
        assert lines[-1].startswith(("Merged cleanly", "Needs a person", "warning: ",
                                     "Receipts not")), lines[-1]


def imported(workspace: Path, name: str, data: bytes) -> None:
    ran = run(workspace, name, data, ["import", "{input}", "-o", "{out}/plan.xlsx"])
    if ran.exit_code == 0:  # honest: the plan written exactly when it says so
        assert ran.outputs == {"plan.xlsx"} and "written to " in ran.output, ran.output
    else:
        assert ran.exit_code == 1 and ran.output.startswith("Error: "), ran.output
        assert not ran.outputs


def checked(workspace: Path, name: str, data: bytes) -> None:
    ran = run(workspace, name, data, ["check", "{input}"])
    assert ran.exit_code in (0, 1) and " checked: " in ran.output.splitlines()[-1]


# --- The tests ------------------------------------------------------------------------

@MUTATIONS
@given(data=mutated("eml"))
def test_mutated_saved_emails_merge_or_are_named(data, workspace, plan_file):
    merge(workspace, plan_file, "reply.eml", data)


@MUTATIONS
@given(data=mutated("msg"))
def test_mutated_outlook_messages_merge_or_are_named(data, workspace, plan_file):
    merge(workspace, plan_file, "reply.msg", data)


@MUTATIONS
@given(data=mutated("xlsx"))
def test_mutated_workbooks_merge_import_and_check_or_are_named(data, workspace, plan_file):
    merge(workspace, plan_file, "Housing.xlsx", data)
    imported(workspace, "tracker.xlsx", data)
    checked(workspace, "Housing.xlsx", data)


@MUTATIONS
@given(data=mutated("docx"))
def test_mutated_word_plans_import_and_check_or_are_named(data, workspace):
    imported(workspace, "plan.docx", data)
    checked(workspace, "plan.docx", data)


@MUTATIONS
@given(data=mutated("csv"))
def test_mutated_csv_plans_import_or_are_named(data, workspace):
    imported(workspace, "plan.csv", data)
