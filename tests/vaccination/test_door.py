"""The premise door's vaccination colour: complete, partial or none, from the doses that stand."""

from __future__ import annotations

from datetime import timedelta

from sihat.checkins import status
from sihat.vaccination import approvals, doses
from sihat.vaccination.door import door_status
from tests.vaccination.conftest import PFIZER, an_hour_ago, recipient


def dose(world, person_id: str, n: int) -> doses.DoseInput:
    return doses.DoseInput(
        person_id=person_id,
        dose_number=n,
        product=PFIZER,
        batch_id=world.pfizer_a.id,
        ppv_code="PPV-A",
        administered_at=an_hour_ago(),
    )


def test_complete_partial_none_and_a_voided_dose(session, world, moved) -> None:
    vaccinator = world.account("vaccinator_a")
    twice, once, never = (recipient(session).person_id for _ in range(3))
    moved(timedelta(days=-30))
    doses.record(session, vaccinator, dose(world, twice, 1))
    doses.record(session, vaccinator, dose(world, once, 1))
    moved(timedelta(days=30))
    second, _ = doses.record(session, vaccinator, dose(world, twice, 2))
    assert door_status(session, [twice, once, never]) == {
        twice: "complete",
        once: "partial",
        never: "none",
    }
    void = approvals.request_amendment(session, vaccinator, second.id, "VOID", {}, "wrong person")
    approvals.decide_amendment(session, world.account("supervisor_a"), void.id, True)
    assert door_status(session, [twice])[twice] == "partial"


def test_the_app_connects_the_door_to_vaccination(app, session, world) -> None:
    person = recipient(session).person_id
    assert status.statuses(session, [person]) == {person: "none"}
    assert status.door("none")["colour"] == "orange"


def test_a_fully_vaccinated_asymptomatic_case_isolates_seven_days(session, world, moved) -> None:
    """MyRisk learns who is fully vaccinated from this domain through the bootstrap (the
    policy from 2022-03-01: 7 days instead of 10 when fully vaccinated and asymptomatic)."""
    from sihat.core import clock
    from sihat.risk import listeners, service
    from sihat.vaccination.door import fully_vaccinated

    vaccinator = world.account("vaccinator_a")
    twice, never = (recipient(session).person_id for _ in range(2))
    moved(timedelta(days=-30))
    doses.record(session, vaccinator, dose(world, twice, 1))
    moved(timedelta(days=30))
    doses.record(session, vaccinator, dose(world, twice, 2))
    assert fully_vaccinated(session, [twice, never]) == {twice}
    sample = clock.now() - timedelta(hours=2)
    for n, person in enumerate((twice, never)):
        listeners.on_case_confirmed(
            session, person_id=person, case_ref=f"case-{n}", sample_at=sample, onset_at=None
        )
    for person, days in ((twice, 7), (never, 10)):
        until = service.current(session, person).until
        assert until is not None and until - sample == timedelta(days=days)
