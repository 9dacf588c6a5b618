"""Who is fully vaccinated, as the vaccination domain (above this one) answers it: the
policy's shorter isolation depends on it. ``sihat.bootstrap`` installs the answer; asking
before that is an error, never a silent "no"."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from sqlalchemy.orm import Session

FullyVaccinated = Callable[[Session, Sequence[str]], set[str]]

_answer: FullyVaccinated | None = None


def install(answer: FullyVaccinated) -> None:
    global _answer
    _answer = answer


def fully_vaccinated(session: Session, person_ids: Sequence[str]) -> set[str]:
    if _answer is None:
        raise RuntimeError("fully_vaccinated asked before sihat.bootstrap.boot()")
    return _answer(session, person_ids)
