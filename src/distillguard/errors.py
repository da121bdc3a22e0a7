"""Errors that carry where in the input they come from (pySigma's ``SigmaRuleLocation``).

Examples
--------
>>> str(Location("logs/a.jsonl", 12, "ts"))
'logs/a.jsonl:12:ts'
>>> str(DistillguardError("bad timestamp", source=Location("logs/a.jsonl", 12, "ts")))
'logs/a.jsonl:12:ts: bad timestamp'
>>> str(DistillguardError("no such file", source=Location("missing.jsonl")))
'missing.jsonl: no such file'
>>> DistillguardError("corrupt database").exit_code, UsageError("--top must be positive").exit_code
(3, 2)

The command line turns these into one-line messages and exit codes (``docs/formats.md`` lists
them): a :class:`UsageError` (a bad option or setting) exits 2, any other
:class:`DistillguardError` (input that cannot be used: a missing or corrupt file, too many bad
rows, an output directory in use) exits 3.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["EXIT_FLAGGED", "EXIT_INPUT", "EXIT_INTERNAL", "EXIT_OK", "EXIT_USAGE", "DistillguardError", "Location", "UsageError"]

#: exit codes of the command line
EXIT_OK, EXIT_FLAGGED, EXIT_USAGE, EXIT_INPUT, EXIT_INTERNAL = 0, 1, 2, 3, 4


@dataclass(frozen=True)
class Location:
    """A place in an input file: ``path``, 1-based ``line`` and ``field`` where known.

    ``str()`` gives ``path:line:field``, leaving out the parts that are not known.
    """

    path: str
    line: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        parts = [self.path]
        if self.line is not None:
            parts.append(str(self.line))
        if self.field is not None:
            parts.append(self.field)
        return ":".join(parts)


class DistillguardError(Exception):
    """An error the user can act on; ``source`` says where in the input it was found.

    Parameters
    ----------
    message
        What went wrong, in a plain sentence.
    source
        The file (and line and field) at fault, if the error comes from an input.
    hint
        What to do about it, where that is known (printed on a second line).
    """

    #: what the command line exits with when this error ends a run
    exit_code: int = EXIT_INPUT

    def __init__(self, message: str, source: Location | None = None, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.source = source
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.source}: {self.message}" if self.source is not None else self.message


class UsageError(DistillguardError):
    """A bad option, setting or argument: the command was asked for something it cannot do."""

    exit_code = EXIT_USAGE
