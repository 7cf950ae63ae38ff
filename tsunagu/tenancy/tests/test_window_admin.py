"""Window and organization settings by a 自治体管理者: details and channels, weekly hours with
Saturdays, holiday rules, closures / extra openings / 出張相談; organizations and their staff.
Validated in the service, audited by the registry, refused across municipalities."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from tsunagu.accounts.roles import Role
from tsunagu.audit.models import AuditAction, AuditEvent
from tsunagu.tenancy import window_admin
from tsunagu.tenancy.models import OpeningException, Organization, Window, window_is_open_on
from tsunagu.testing.routing_concerns import login
from tsunagu.testing.world import make_user

T = datetime.time
SATURDAY = datetime.date(2026, 6, 6)
P = window_admin.Period


@pytest.fixture
def admin(world):
    return world.user(Role.MUNICIPALITY_ADMIN)


def test_hours_saturday_and_exceptions(world, admin):
    window = world.home.window
    window_admin.set_opening_hours(
        admin,
        window,
        [P(0, T(9), T(12)), P(0, T(13), T(17)), P(5, T(10), T(15))],
    )
    assert window_is_open_on(window, SATURDAY)
    for periods, message in (
        ([P(1, T(12), T(9))], "開始は終了より前"),
        ([P(1, T(9), T(13)), P(1, T(12), T(17))], "重なっています"),
        ([P(9, T(9), T(10))], "曜日が正しくありません"),
        ([P(2, T(h), T(h, 30)) for h in range(9, 13)], "1日3回まで"),
    ):
        with pytest.raises(ValidationError, match=message):
            window_admin.set_opening_hours(admin, window, periods)
    assert window.opening_hours.count() == 3  # unchanged by the refused ones

    closed = window_admin.add_exception(admin, window, date=SATURDAY, kind="closed", note="研修")
    assert not window_is_open_on(window, SATURDAY) and closed.opens is None
    sunday = SATURDAY + datetime.timedelta(days=1)
    window_admin.add_exception(
        admin, window, date=sunday, kind="outreach", opens=T(13), closes=T(16), place="日野台公民館"
    )
    assert window_is_open_on(window, sunday)
    for values, message in (
        ({"date": sunday, "kind": "closed"}, "すでに予定があります"),
        (
            {
                "date": SATURDAY + datetime.timedelta(days=7),
                "kind": "outreach",
                "opens": T(9),
                "closes": T(12),
            },
            "場所を入力",
        ),
        ({"date": SATURDAY + datetime.timedelta(days=7), "kind": "extra"}, "開始と終了"),
        (
            {
                "date": SATURDAY + datetime.timedelta(days=7),
                "kind": "extra",
                "opens": T(12),
                "closes": T(9),
            },
            "終了は開始より後",
        ),
        ({"date": SATURDAY + datetime.timedelta(days=7), "kind": "party"}, "一覧から選んで"),
    ):
        with pytest.raises(ValidationError, match=message):
            window_admin.add_exception(admin, window, **values)
    created = AuditEvent.objects.filter(
        action=AuditAction.CREATE,
        object_type="tenancy.openingexception",
        municipality_id=world.home.municipality.pk,
    )
    assert created.count() == 2


def test_window_details_channels_and_validation(world, admin):
    home = world.home
    values = {"name": "出張相談室", "kind": "general", "channels": ["phone", "outreach"]}
    window = window_admin.save_window(admin, home.municipality, None, values)
    assert window.slug == "window" and window.channels == ["phone", "outreach"]
    other = window_admin.save_window(
        admin, home.municipality, None, {**values, "name": "Youth Room"}
    )
    assert other.slug == "youth-room"
    for change, message in (
        ({"channels": ["fax"]}, "相談方法は一覧から"),
        ({"age_min": 40, "age_max": 15}, "上限は下限以上"),
        ({"age_min": 200}, "0〜120歳"),
        ({"operator": world.away.agency}, "同じ自治体"),
    ):
        with pytest.raises(ValidationError, match=message):
            window_admin.save_window(admin, home.municipality, window, {**values, **change})
    window.refresh_from_db()
    assert window.channels == ["phone", "outreach"]


def test_another_municipalitys_admin_is_refused(world, settings):
    away_admin = make_user("away_admin", Role.MUNICIPALITY_ADMIN, world.away, totp=False)
    home = world.home
    with pytest.raises(PermissionDenied):
        window_admin.set_opening_hours(away_admin, home.window, [P(0, T(9), T(10))])
    with pytest.raises(PermissionDenied):
        window_admin.save_window(away_admin, home.municipality, home.window, {"name": "x"})
    with pytest.raises(PermissionDenied):
        window_admin.save_organization(away_admin, home.municipality, home.agency, {"name": "x"})
    client = login(Client(), settings, away_admin)
    for url in (
        f"/staff/admin/windows/{home.window.pk}/",
        f"/staff/admin/organizations/{home.agency.pk}/",
    ):
        assert client.get(url).status_code == 404
        assert client.post(url, {"name": "乗っ取り"}).status_code == 404
    hours = {
        "hours-TOTAL_FORMS": "1",
        "hours-INITIAL_FORMS": "0",
        "hours-0-weekday": "0",
        "hours-0-opens": "9:00",
        "hours-0-closes": "10:00",
    }
    assert client.post(f"/staff/admin/windows/{home.window.pk}/hours/", hours).status_code == 404
    assert (
        client.post(
            f"/staff/admin/windows/{home.window.pk}/exceptions/",
            {"date": "2026-06-06", "kind": "closed"},
        ).status_code
        == 404
    )
    listing = client.get("/staff/admin/windows/").content.decode()
    assert home.window.name not in listing and world.away.window.name in listing
    home.window.refresh_from_db()
    assert home.window.name != "乗っ取り" and not home.window.opening_hours.exists()
    reception = login(Client(), settings, world.user(Role.RECEPTION))
    assert reception.get("/staff/admin/windows/").status_code == 403


def test_window_pages(world, admin, settings, django_assert_max_num_queries):
    client = login(Client(), settings, admin)
    for n in range(3):
        Window.objects.create(
            municipality=world.home.municipality, slug=f"w{n}", name=f"窓口{n}", kind="other"
        )
    with django_assert_max_num_queries(10):
        page = client.get("/staff/admin/windows/")
    assert "窓口2" in page.content.decode()
    for n in range(3, 20):
        Window.objects.create(
            municipality=world.home.municipality, slug=f"w{n}", name=f"窓口{n}", kind="other"
        )
    with django_assert_max_num_queries(10):
        assert "窓口19" in client.get("/staff/admin/windows/").content.decode()

    url = f"/staff/admin/windows/{world.home.window.pk}/"
    form = {
        "name": "はちまるサポート",
        "kind": "general",
        "channels": ["phone", "line"],
        "phone": "042-600-0000",
        "postal_code": "〒192-0001",
        "closed_on_holidays": "on",
        "is_public": "on",
    }
    bad = client.post(url, {**form, "phone": "電話", "age_min": "-1", "channels": ["fax"]})
    assert bad.status_code == 422 and "電話番号" in bad.content.decode()
    assert client.post(url, form).status_code == 302
    window = Window.objects.get(pk=world.home.window.pk)
    assert (window.phone, window.postal_code) == ("+81426000000", "1920001")
    assert window.channels == ["phone", "line"] and not window.closed_year_end

    hours = {
        "hours-TOTAL_FORMS": "2",
        "hours-INITIAL_FORMS": "0",
        "hours-0-weekday": "5",
        "hours-0-opens": "10:00",
        "hours-0-closes": "15:00",
        "hours-1-weekday": "0",
        "hours-1-opens": "25:00",
        "hours-1-closes": "x",
    }
    response = client.post(f"{url}hours/", hours, follow=True)
    assert "時刻は" in response.content.decode()
    hours["hours-1-opens"], hours["hours-1-closes"] = "9:00", "17:00"
    client.post(f"{url}hours/", hours)
    assert window.opening_hours.count() == 2
    response = client.post(
        f"{url}exceptions/",
        {"date": "令和8年6月7日", "kind": "outreach", "opens": "13:00", "closes": "16:00"},
        follow=True,
    )
    assert "出張相談の場所を入力してください" in response.content.decode()
    client.post(
        f"{url}exceptions/",
        {
            "date": "令和8年6月7日",
            "kind": "outreach",
            "opens": "13:00",
            "closes": "16:00",
            "place": "公民館",
        },
    )
    exception = OpeningException.objects.get(window=window)
    page = client.get(url).content.decode()
    assert "出張相談" in page and "公民館" in page
    public = Client().get(f"/windows/{world.home.municipality.code}/{window.slug}/")
    assert "公民館" in public.content.decode()
    assert client.post(f"{url}exceptions/{exception.pk}/delete/").status_code == 302
    assert not OpeningException.objects.filter(window=window).exists()
    bad_date = client.post(
        f"{url}exceptions/", {"date": "2026-02-30", "kind": "closed"}, follow=True
    )
    assert bad_date.status_code == 200 and "追加できませんでした" in bad_date.content.decode()


def test_organization_pages_show_their_staff(world, admin, settings, django_assert_max_num_queries):
    client = login(Client(), settings, admin)
    for n in range(15):
        Organization.objects.create(
            municipality=world.home.municipality, slug=f"o{n}", name=f"団体{n}", org_type="npo"
        )
    with django_assert_max_num_queries(10):
        assert "団体14" in client.get("/staff/admin/organizations/").content.decode()
    response = client.post(
        "/staff/admin/organizations/new/", {"name": "日野家族会", "org_type": "family_association"}
    )
    organization = Organization.objects.get(name="日野家族会")
    assert response["Location"] == f"/staff/admin/organizations/{organization.pk}/"
    bad = client.post(
        f"/staff/admin/organizations/{organization.pk}/",
        {"name": "", "org_type": "x", "website": "javascript:x"},
    )
    assert bad.status_code == 422 and "URLの形式" in bad.content.decode()
    page = client.get(f"/staff/admin/organizations/{world.home.agency.pk}/").content.decode()
    assert "home_agency_staff" in page or "home_agency_staff（テスト）" in page
    listing = client.get("/staff/admin/organizations/").content.decode()
    assert "日野家族会" in listing and world.away.agency.name not in listing
