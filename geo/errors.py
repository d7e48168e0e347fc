"""The exceptions frontline raises; the CLI maps them to exit codes.

``BadInput`` (exit 2) is the user's to fix: a file, a value or a field that is wrong, said in one line
naming where. ``WorkFailed`` (exit 1) is a failure while working (a network, a disk).
"""

from __future__ import annotations

__all__ = ["FrontlineError", "BadInput", "WorkFailed"]


class FrontlineError(Exception):
    """Base class of every error frontline raises on purpose."""

    exit_code = 1


class BadInput(FrontlineError):
    """Input or usage the user must correct (exit code 2)."""

    exit_code = 2


class WorkFailed(FrontlineError):
    """Something failed while working: network, disk, a dependency (exit code 1)."""

    exit_code = 1
