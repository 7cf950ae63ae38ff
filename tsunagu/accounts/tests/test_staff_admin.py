"""Staff administration by a 自治体管理者: invite (account + membership + one-time link to set
a password, two-factor enrolment at first login), change a membership, deactivate, reset
two-factor; all audited, all refused across municipalities, hostile input → Japanese errors."""

from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from tsunagu.accounts import staff_admin
from tsunagu.accounts.models import Membership, User
from tsunagu.accounts.roles import Role
from tsunagu.audit.models import AuditAction, AuditEvent
from tsunagu.testing.routing_concerns import login
from tsunagu.testing.world import TOTP_SECRET, make_user


@pytest.fixture
def admin(world):
    return world.user(Role.MUNICIPALITY_ADMIN)


@pytest.fixture
def away_admin(world):
    """町田's 自治体管理者 (world.home is 八王子)."""
    return make_user("away_admin", Role.MUNICIPALITY_ADMIN, world.away, totp=False)


def _membership(world, role: str, side: str = "home") -> Membership:
    user = getattr(world, side).users[role]
    return Membership.objects.get(user=user)


def test_invite_creates_account_membership_and_a_one_time_link(world, admin, settings):
    home = world.home
    invitation = staff_admin.invite_staff(
        admin,
        home.municipality,
        username="new_counsellor",
        display_name="新井 相談",
        role=Role.COUNSELLOR,
        window=home.window,
    )
    user = invitation.user
    assert not user.has_usable_password() and user.is_active
    assert invitation.membership.window == home.window
    events = AuditEvent.objects.filter(action=AuditAction.CREATE)
    assert events.filter(object_type="accounts.membership", municipality_id=home.municipality.pk)
    assert events.filter(object_type="accounts.user", object_id=str(user.pk)).exists()

    client = Client()
    page = client.get(invitation.link)
    assert page.status_code == 200 and "new_counsellor" in page.content.decode()
    short = client.post(invitation.link, {"new_password1": "x", "new_password2": "x"})
    assert short.status_code == 422
    password = "a-long-enough-passphrase-42"
    done = client.post(invitation.link, {"new_password1": password, "new_password2": password})
    assert done.status_code == 302 and done["Location"] == "/accounts/login/"
    user.refresh_from_db()
    assert user.check_password(password)
    assert client.get(invitation.link).status_code == 404  # used once
    assert Client().get("/accounts/set-password/!!/x/").status_code == 404
    # the first login goes to the two-factor enrolment
    client.post("/accounts/login/", {"login": "new_counsellor", "password": password})
    assert client.get("/staff/").headers["Location"].startswith("/accounts/2fa/totp/activate")


def test_invite_refuses_bad_input_with_japanese_messages(world, admin):
    home, away = world.home, world.away
    cases = [
        ({"username": "home_reception"}, "すでに使われています"),
        ({"role": Role.SYSTEM_ADMIN}, "自治体管理者には設定できません"),
        ({"role": Role.RECEPTION, "window": None}, "所属窓口が必要です"),
        ({"role": Role.AGENCY_STAFF}, "所属機関・団体が必要です"),
        ({"window": away.window}, "窓口は同じ自治体のもの"),
    ]
    for change, message in cases:
        values = {
            "username": "someone",
            "display_name": "誰か",
            "role": Role.COUNSELLOR,
            "window": home.window,
            **change,
        }
        with pytest.raises(ValidationError) as error:
            staff_admin.invite_staff(admin, home.municipality, **values)
        assert message in str(error.value), change
    assert not User.objects.filter(username="someone").exists()


def test_change_deactivate_reactivate_and_reset_two_factor(world, admin):
    member = _membership(world, Role.RECEPTION)
    staff_admin.change_membership(
        admin, member, role=Role.COUNSELLOR, window=world.home.other_window
    )
    member.refresh_from_db()
    assert (member.role, member.window) == (Role.COUNSELLOR, world.home.other_window)
    with pytest.raises(ValidationError, match="すでに持っています"):
        other = Membership.objects.create(
            user=member.user, municipality=world.home.municipality, role=Role.SUPERVISOR
        )
        staff_admin.change_membership(admin, other, role=Role.COUNSELLOR, window=world.home.window)

    user = staff_admin.deactivate_member(admin, member)
    assert not user.is_active
    assert not Membership.objects.filter(user=user, is_active=True).exists()
    staff_admin.reactivate_member(admin, member)
    user.refresh_from_db()
    assert user.is_active

    TOTP.activate(user, TOTP_SECRET)
    assert staff_admin.reset_two_factor(admin, member) >= 1
    assert not Authenticator.objects.filter(user=user).exists()
    reset = AuditEvent.objects.get(action=AuditAction.MFA_CHANGED, object_id=str(user.pk))
    assert reset.municipality_id == world.home.municipality.pk
    assert reset.extra["change"] == "reset_by_admin" and reset.actor_id == admin.pk

    own = _membership(world, Role.MUNICIPALITY_ADMIN)
    with pytest.raises(ValidationError, match="自分自身は無効にできません"):
        staff_admin.deactivate_member(admin, own)


def test_another_municipalitys_admin_cannot_touch_the_staff(world, away_admin, settings):
    home_member = _membership(world, Role.RECEPTION)
    for act in (staff_admin.deactivate_member, staff_admin.reset_two_factor):
        with pytest.raises(PermissionDenied):
            act(away_admin, home_member)
    with pytest.raises(PermissionDenied):
        staff_admin.invite_staff(
            away_admin,
            world.home.municipality,
            username="x_user",
            display_name="x",
            role=Role.SUPERVISOR,
        )
    assert home_member.user not in [m.user for m in staff_admin.memberships_managed_by(away_admin)]

    client = login(Client(), settings, away_admin)
    base = f"/staff/admin/staff/{home_member.pk}/"
    assert client.get(base).status_code == 404
    for action in ("deactivate/", "reactivate/", "reset-two-factor/"):
        assert client.post(base + action).status_code == 404
    assert client.post(base, {"role": Role.SUPERVISOR}).status_code == 404
    page = client.get("/staff/admin/staff/").content.decode()
    assert "home_reception" not in page and "away_supervisor" in page
    home_member.refresh_from_db()
    assert home_member.is_active and home_member.role == Role.RECEPTION
    assert AuditEvent.objects.filter(
        action=AuditAction.ACCESS_DENIED, object_type="accounts.membership"
    ).exists()
    # other roles have no staff pages at all
    counsellor = login(Client(), settings, world.user(Role.COUNSELLOR))
    assert counsellor.get("/staff/admin/staff/").status_code == 403


def test_staff_pages(world, admin, settings, django_assert_max_num_queries):
    client = login(Client(), settings, admin)
    for n in range(5):
        make_user(f"extra_{n}", Role.COUNSELLOR, world.home, totp=False)
    with django_assert_max_num_queries(12):
        page = client.get("/staff/admin/staff/")
    assert page.status_code == 200 and "extra_4" in page.content.decode()
    for n in range(5, 25):
        make_user(f"extra_{n}", Role.COUNSELLOR, world.home, totp=False)
    with django_assert_max_num_queries(12):
        assert "extra_24" in client.get("/staff/admin/staff/").content.decode()

    data = {
        "municipality": world.home.municipality.pk,
        "username": "invited_one",
        "display_name": "招待 一",
        "role": Role.RECEPTION,
        "window": world.home.window.pk,
    }
    bad = client.post(
        "/staff/admin/staff/invite/", {**data, "username": "名前\x00", "window": "9" * 30}
    )
    assert bad.status_code == 422 and "ユーザー名は半角英数字" in bad.content.decode()
    done = client.post("/staff/admin/staff/invite/", data)
    assert done.status_code == 200 and "/accounts/set-password/" in done.content.decode()
    member = Membership.objects.get(user__username="invited_one")
    url = f"/staff/admin/staff/{member.pk}/"
    assert "招待 一" in client.get(url).content.decode()
    bad = client.post(url, {"role": Role.RECEPTION, "window": ""})
    assert bad.status_code == 422 and "所属窓口が必要です" in bad.content.decode()
    assert client.post(url, {"role": Role.SUPERVISOR}).status_code == 302
    assert client.post(url + "deactivate/").status_code == 302
    member.refresh_from_db()
    assert member.role == Role.SUPERVISOR and not member.is_active


def test_the_system_administrators_membership_is_not_managed_here(world, admin):
    system = _membership(world, Role.SYSTEM_ADMIN)
    for act in (
        staff_admin.deactivate_member,
        staff_admin.reset_two_factor,
        staff_admin.reactivate_member,
    ):
        with pytest.raises(ValidationError, match="システム管理者の所属"):
            act(admin, system)
    with pytest.raises(ValidationError, match="システム管理者の所属"):
        staff_admin.change_membership(admin, system, role=Role.SUPERVISOR)
    system.refresh_from_db()
    assert system.is_active and system.role == Role.SYSTEM_ADMIN


def test_a_new_link_for_a_member_who_has_not_set_a_password(world, admin, settings):
    invitation = staff_admin.invite_staff(
        admin,
        world.home.municipality,
        username="late_joiner",
        display_name="遅 参加",
        role=Role.SUPERVISOR,
    )
    client = login(Client(), settings, admin)
    url = f"/staff/admin/staff/{invitation.membership.pk}/"
    assert "発行し直す" in client.get(url).content.decode()
    page = client.post(url + "new-link/")
    assert page.status_code == 200 and "/accounts/set-password/" in page.content.decode()
    event = AuditEvent.objects.filter(extra__change="set_password_link").get()
    assert event.municipality_id == world.home.municipality.pk and event.actor_id == admin.pk
    # a member with a password gets no link (no taking over an account this way)
    member = _membership(world, Role.COUNSELLOR)
    refused = client.post(f"/staff/admin/staff/{member.pk}/new-link/", follow=True)
    assert "まだパスワードを設定していない" in refused.content.decode()
    with pytest.raises(ValidationError):
        staff_admin.new_set_password_link(admin, member)
