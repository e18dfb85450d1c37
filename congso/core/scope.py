"""Explicit scopes for reads that are not one user's: `None` never means "everything" in a path a request can
reach (a forgotten argument would otherwise open every agency's data).

- `PUBLIC`: what anyone may see — the public statistics board, with no names.
- `EVERYWHERE`: every agency, for a caller that checked it is allowed (a system administrator's audit log).
"""

from __future__ import annotations

from typing import Final


class _Scope:
    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return f"<scope {self.name}>"


PUBLIC: Final = _Scope("public")
EVERYWHERE: Final = _Scope("everywhere")
