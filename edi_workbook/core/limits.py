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


MESSAGE_LIMITS = MessageLimits()
