"""Errors that carry where in the input they come from (pySigma's ``SigmaRuleLocation``).

Examples
--------
>>> str(Location("logs/a.jsonl", 12, "ts"))
'logs/a.jsonl:12:ts'
>>> str(DistillguardError("bad timestamp", source=Location("logs/a.jsonl", 12, "ts")))
'logs/a.jsonl:12:ts: bad timestamp'
>>> str(DistillguardError("no such file", source=Location("missing.jsonl")))
'missing.jsonl: no such file'
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["DistillguardError", "Location"]


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
    """

    def __init__(self, message: str, source: Location | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.source = source

    def __str__(self) -> str:
        return f"{self.source}: {self.message}" if self.source is not None else self.message
