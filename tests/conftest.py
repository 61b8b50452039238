"""Shared fixtures: the real example plan and a written copy of it."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from edi_workbook.core.model import Plan
from edi_workbook.workbooks.plan_writer import write_plan
from edi_workbook.workflow.example import example_plan


@pytest.fixture
def plan() -> Plan:
    return example_plan()


@pytest.fixture
def plan_path(tmp_path: Path, plan: Plan) -> Path:
    return write_plan(plan, tmp_path / "plan.xlsx")


@pytest.fixture
def smtp_inbox() -> Iterator[tuple[int, list[Any]]]:
    """A real SMTP server on a free local port: (port, the envelopes it received)."""
    from aiosmtpd.controller import Controller

    received: list[Any] = []

    class Inbox:
        async def handle_DATA(self, server, session, envelope):  # noqa: N802
            received.append(envelope)
            return "250 OK"

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    controller = Controller(Inbox(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield port, received
    finally:
        controller.stop()
