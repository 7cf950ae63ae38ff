import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tsunagu.accounts.roles import Role
from tsunagu.audit.models import AuditEvent
from tsunagu.contacts.models import Contact, ContactNote, NoteSource, OutreachVisit
from tsunagu.contacts.services import (
    cancel_visit,
    complete_next_action,
    disclosure_view,
    log_contact,
    plan_visit,
    record_visit,
)
from tsunagu.testing.audit import last_audit_id
from tsunagu.testing.world import make_user

NOTES = [
    (NoteSource.PERSON, "本人「外には出たくない」"),
    (NoteSource.FAMILY, "母「夜は起きている」"),
    (NoteSource.THIRD_PARTY, "民生委員から：新聞がたまっている"),
    (NoteSource.STAFF, "表情は穏やか"),
]


def _log(world, role=Role.COUNSELLOR, **extra):
    fields = {
        "channel": "phone",
        "occurred_at": timezone.now(),
        "reached": "family",
        "summary": "母親から電話",
        "notes": NOTES,
    }
    fields.update(extra)
    return log_contact(world.user(role), world.home.case, **fields)


def test_log_contact_with_staff_and_note_parts(world):
    counsellor = world.user(Role.COUNSELLOR)
    supervisor = world.user(Role.SUPERVISOR)
    contact = _log(
        world,
        staff=[counsellor, supervisor],
        duration_minutes=30,
        next_action="来週もう一度電話",
        next_action_due=datetime.date(2026, 5, 1),
    )
    assert contact.municipality_id == world.home.municipality.pk
    assert set(contact.staff.all()) == {counsellor, supervisor}
    parts = disclosure_view(contact)
    assert [(p.source, p.text) for p in parts] == NOTES
    assert contact.created_by == counsellor
    assert not contact.next_action_done


def test_staff_defaults_to_the_actor_and_blank_notes_are_skipped(world):
    contact = _log(world, notes=[(NoteSource.PERSON, "  "), (NoteSource.STAFF, "所見")])
    assert list(contact.staff.all()) == [world.user(Role.COUNSELLOR)]
    assert [p.text for p in disclosure_view(contact)] == ["所見"]


def test_naive_times_are_tokyo(world):
    contact = _log(world, occurred_at=datetime.datetime(2026, 4, 1, 9, 0))
    assert timezone.localtime(contact.occurred_at).hour == 9
    assert contact.occurred_at.utcoffset() is not None


@pytest.mark.parametrize(
    ("field", "value"),
    [("channel", "fax"), ("reached", "someone"), ("duration_minutes", -5)],
)
def test_invalid_codes_are_refused_in_japanese(world, field, value):
    with pytest.raises(ValidationError) as err:
        _log(world, **{field: value})
    assert field in err.value.message_dict
    assert Contact.objects.in_municipality(world.home.municipality).count() == 0


def test_invalid_note_source_is_refused(world):
    with pytest.raises(ValidationError) as err:
        _log(world, notes=[("rumour", "うわさ")])
    assert "情報源" in str(err.value)


def test_staff_must_be_of_the_same_municipality(world):
    with pytest.raises(ValidationError) as err:
        _log(world, staff=[world.away.users[Role.COUNSELLOR]])
    assert "自治体" in err.value.message_dict["staff"][0]
    # a home user without a casework role is refused too
    with pytest.raises(ValidationError):
        _log(world, staff=[world.user(Role.PUBLICITY)])


@pytest.mark.parametrize(
    "role", [Role.RECEPTION, Role.AGENCY_STAFF, Role.WELFARE_COMMISSIONER, Role.MUNICIPALITY_ADMIN]
)
def test_writing_needs_edit_case(world, role):
    with pytest.raises(PermissionDenied):
        _log(world, role=role)


def test_a_user_of_another_municipality_cannot_write(world):
    with pytest.raises(PermissionDenied):
        log_contact(
            world.away.users[Role.SUPERVISOR],
            world.home.case,
            channel="phone",
            occurred_at=timezone.now(),
            reached="family",
        )


def test_writes_are_audited_without_values(world):
    before = last_audit_id()
    contact = _log(world)
    events = list(AuditEvent.objects.filter(pk__gt=before))
    types = {e.object_type for e in events}
    assert {"contacts.contact", "contacts.contactnote", "contacts.contactstaff"} <= types
    created = next(e for e in events if e.object_type == "contacts.contact")
    assert created.object_id == str(contact.pk)
    assert "summary" in created.changed_fields
    assert all("母親" not in str(e.extra) for e in events)


def test_disclosure_view_by_source(world):
    contact = _log(world)
    own_words = disclosure_view(contact, include_sources=[NoteSource.PERSON, NoteSource.FAMILY])
    assert [p.source for p in own_words] == [NoteSource.PERSON, NoteSource.FAMILY]
    withheld = {p.text for p in disclosure_view(contact)} - {p.text for p in own_words}
    assert withheld == {"民生委員から：新聞がたまっている", "表情は穏やか"}
    assert disclosure_view(contact, include_sources=[]) == []
    with pytest.raises(ValueError):
        disclosure_view(contact, include_sources=["rumour"])


def test_disclosure_view_only_reads_its_own_contact(world):
    first, second = _log(world), _log(world, notes=[(NoteSource.STAFF, "別の記録")])
    assert "別の記録" not in {p.text for p in disclosure_view(first)}
    assert [p.text for p in disclosure_view(second)] == ["別の記録"]


def test_complete_next_action(world):
    contact = _log(world, next_action="家庭訪問", next_action_due=datetime.date(2026, 4, 10))
    complete_next_action(world.user(Role.COUNSELLOR), contact)
    contact.refresh_from_db()
    assert contact.next_action_done
    with pytest.raises(PermissionDenied):
        complete_next_action(world.user(Role.AGENCY_STAFF), contact)


def test_plan_visit_warns_when_alone(world):
    counsellor = world.user(Role.COUNSELLOR)
    alone = plan_visit(
        counsellor,
        world.home.case,
        planned_for=timezone.now(),
        safety_notes="犬がいる。機関名を名乗らない",
    )
    assert alone.warnings and "2人以上" in alone.warnings[0]
    assert alone.status == OutreachVisit.Status.PLANNED
    pair = plan_visit(
        counsellor,
        world.home.case,
        planned_for=timezone.now(),
        staff=[counsellor, world.user(Role.SUPERVISOR)],
    )
    assert pair.warnings == []
    assert pair.staff.count() == 2


def test_record_visit_turns_the_plan_into_a_done_contact(world):
    counsellor = world.user(Role.COUNSELLOR)
    second = make_user("home_counsellor2", Role.COUNSELLOR, world.home)
    when = timezone.now() - datetime.timedelta(hours=2)
    visit = plan_visit(counsellor, world.home.case, planned_for=when, staff=[counsellor, second])
    contact = record_visit(
        counsellor,
        visit,
        reached="letter_left",
        notes=[(NoteSource.STAFF, "応答なし、手紙を置いた")],
    )
    visit.refresh_from_db()
    assert visit.status == OutreachVisit.Status.DONE
    assert visit.contact == contact
    assert contact.channel == "visit"
    assert contact.reached == "letter_left"
    assert contact.occurred_at == when
    assert set(contact.staff.all()) == {counsellor, second}
    with pytest.raises(ValidationError):
        record_visit(counsellor, visit, reached="absent")
    assert ContactNote.objects.in_municipality(world.home.municipality).count() == 1


def test_cancel_visit(world):
    counsellor = world.user(Role.COUNSELLOR)
    visit = plan_visit(counsellor, world.home.case, planned_for=timezone.now())
    cancel_visit(counsellor, visit)
    assert visit.status == OutreachVisit.Status.CANCELLED
    with pytest.raises(ValidationError):
        record_visit(counsellor, visit, reached="person")
