"""How big an input may be, for every kind of file the tool reads: one place, with reasons.

Every reader checks its input against these before it parses anything, so a
hostile or broken file is refused in one clear line (what is too big, and the
limit) instead of stalling the run or exhausting memory. Each value is far
above what a real council file holds and far below what would hurt.
"""

from __future__ import annotations

from dataclasses import dataclass

# --- Office files (.xlsx, .docx): a zip of XML parts --------------------------------

# A council return is a few hundred KB; even 10,000 actions unpack to ~30 MB.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_PART_BYTES = 100 * 1024 * 1024
MAX_RATIO = 200  # XML compresses ~10-20x; a bomb compresses thousands of times
RATIO_FLOOR_BYTES = 1024 * 1024  # tiny parts can have any ratio
# A sheet as the values reader (calamine) holds it: every cell from A1 to the
# last one used, filled or not, about 40 bytes each. One value typed in
# XFD1048576 makes 17 billion cells, and the allocation aborts the process.
# A 10,000-action plan's History sheet is 1.2 million.
MAX_SHEET_CELLS = 10_000_000


# --- Saved e-mails (.eml, .msg) -------------------------------------------------------

@dataclass(frozen=True)
class MessageLimits:
    """Caps on one saved message; a real reply with returns is well inside each.

    A return is a few hundred KB and a reply carries one or two; Exchange's
    default largest message is 25-35 MB, and a .msg also holds its body twice.
    """

    message_bytes: int = 100 * 1024 * 1024  # the saved file
    attachment_bytes: int = 64 * 1024 * 1024  # all attachments read, added up
    attachments: int = 200  # attachments looked at, nested ones included
    depth: int = 5  # messages forwarded inside messages
    parts: int = 2000  # MIME parts walked
    nesting: int = 50  # parts inside parts (a reply is 2 or 3 deep)
    # Headers are checked as raw text, before anything parses them: the standard
    # library's address and parameter parsers take time that grows with the
    # square of a header's length (a From of 10,000 addresses took 5 s).
    # Exchange Online refuses a message whose headers pass 256 KB, so no reply
    # that came through it has more; 64 KB is a To line of 1,500 addresses.
    header_bytes: int = 256 * 1024  # one message's (or part's) headers, all together
    header_chars: int = 64 * 1024  # one header, unfolded
    headers: int = 1000  # headers in one message or part (a real one has 20-100)
    # A part's Content-Type and Content-Disposition, whose parameters (the file's
    # name) are split in time that grows with the square of their length: a
    # 60 KB one took 3 s, and a message has up to 2,000 parts. A 255-character
    # name in any script, encoded as mail programs encode it, is under 3 KB.
    parameter_chars: int = 8 * 1024  # one of them
    parameters_bytes: int = 256 * 1024  # all of them in one message, added up


MESSAGE_LIMITS = MessageLimits()


# --- A council's own plan given to `import` (.docx, .csv, .xlsx) ---------------------

@dataclass(frozen=True)
class SourceLimits:
    """Caps on a plan given to `import`; a real plan is far inside each.

    Maidstone's plan is 25 actions and a county's 2,000; a Word plan's text
    (word/document.xml) is a few hundred KB. Import reads 10,000 rows of six
    columns in about 3 seconds, and 500,000 cells in about 15.
    """

    # A .docx's or tracker's XML parts: every part is parsed whole, and parsed
    # XML takes ten times its size in memory (a 1 GB document.xml took 2.1 GB).
    xml_part_bytes: int = 32 * 1024 * 1024
    # Any other part (a picture): import never reads one, but python-docx unpacks
    # them all (a 1.5 GB picture took 3.1 GB).
    part_bytes: int = 64 * 1024 * 1024
    csv_bytes: int = 32 * 1024 * 1024  # 20,000 rows of 1.6 KB
    rows: int = 20_000  # ten times a county's plan
    columns: int = 1_000  # a tracker with a column a month for years has dozens
    cells: int = 500_000  # filled or not, up to each row's last: 20,000 rows of 25
    cell_chars: int = 32_767  # Excel's own limit: no cell saved from Excel holds more


SOURCE_LIMITS = SourceLimits()


# --- What the plan puts in an e-mail's headers (send, chase, merge --receipts) -------

# An address: RFC 5321's longest path (256) less its angle brackets.
ADDRESS_CHARS = 254
# A lead's name, a service's name, the plan's title: each goes in a To: or
# Subject: line, which e-mail caps at 998 characters; 200 is longer than any
# real one and leaves room for the rest of the line.
NAME_CHARS = 200
