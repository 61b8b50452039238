"""One exception tree. Every message is one line an officer can act on."""

from __future__ import annotations

from pathlib import Path


class EdiWorkbookError(Exception):
    """Base of every error the library raises on purpose."""


class WorkbookError(EdiWorkbookError, ValueError):
    """A workbook cannot be used as it stands; says where and what to do."""

    def __init__(
        self,
        path: Path | str,
        reason: str,
        advice: str = "",
        sheet: str | None = None,
        cell: str | None = None,
    ) -> None:
        self.path = Path(path)
        self.reason = reason
        self.advice = advice
        self.sheet = sheet
        self.cell = cell
        super().__init__(self.line())

    def where(self) -> str:
        place = self.path.name
        if self.sheet:
            place += f", sheet '{self.sheet}'"
        if self.cell:
            place += f", cell {self.cell}"
        return place

    def line(self) -> str:
        text = f"{self.where()}: {self.reason}"
        if self.advice:
            text += f" — {self.advice}"
        return text


class PlanError(WorkbookError):
    """The plan workbook is missing a part the tool needs."""


class ReturnError(WorkbookError):
    """A returned workbook cannot be merged at all."""


class OutputError(EdiWorkbookError, OSError):
    """An output cannot be written where it was asked to go."""


class OutputExists(OutputError):
    """A file already at an output's name holds what writing over it would lose."""


class ReportError(EdiWorkbookError, ValueError):
    """The progress update cannot be made as asked (a column or template it cannot use)."""


class MessageError(WorkbookError):
    """A saved e-mail (.eml, .msg) given as a return cannot be read at all."""
