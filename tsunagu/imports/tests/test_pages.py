"""The import pages: supervisors only, the whole flow through the screens (upload → the dry
run in the worker → report → import → progress), and the task queue."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from tsunagu.accounts.roles import Role
from tsunagu.imports.models import ImportJob, ImportMapping, JobStatus, Kind
from tsunagu.imports.reader import read_table
from tsunagu.imports.services import run_job, start_check, start_import
from tsunagu.people.models import Person
from tsunagu.testing.imports import (
    CONTACT_HEADINGS,
    PERSON_COLUMNS,
    PERSON_HEADINGS,
    csv_bytes,
    person_rows,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", [Role.COUNSELLOR, Role.MUNICIPALITY_ADMIN, Role.RECEPTION])
def test_only_supervisors_import(world, login, role):
    assert login(world.user(role)).get("/staff/imports/").status_code == 403


def test_another_municipalitys_job_and_source_are_404(world, login, person_mapping, supervisor):
    job = start_check(supervisor, person_mapping, filename="a.csv", content=b"a\n1\n")
    other = login(world.away.users[Role.SUPERVISOR])
    assert other.get(f"/staff/imports/jobs/{job.pk}/").status_code == 404
    assert other.get(f"/staff/imports/sources/{person_mapping.pk}/upload/").status_code == 404


def test_the_flow_through_the_pages(
    world, login, supervisor, django_capture_on_commit_callbacks, monkeypatch
):
    # The worker runs for real in this process, inside the test's transaction: its connection
    # housekeeping (close_old_connections, for a long-lived worker) would close the test's own
    # connection on PostgreSQL, where a connection in a transaction counts as obsolete.
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )
    client = login(supervisor)
    page = client.get("/staff/imports/")
    assert page.status_code == 200 and "データの取り込み" in page.text
    form = client.get("/staff/imports/sources/new/?kind=persons")
    assert "行の識別子" in form.text
    data = {"kind": "persons", "name": "Excel 台帳", "default_window": world.home.window.pk}
    data |= {f"col_{k}": v for k, v in PERSON_COLUMNS.items()}
    response = client.post("/staff/imports/sources/new/", data)
    mapping = ImportMapping.objects.get(name="Excel 台帳")
    assert response.status_code == 302 and mapping.kind == Kind.PERSONS

    rows = person_rows(5, "")  # no window column value: the source's default window
    content = csv_bytes(PERSON_HEADINGS, rows, "cp932")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/staff/imports/sources/{mapping.pk}/upload/",
            {"file": SimpleUploadedFile("台帳.csv", content, content_type="text/csv")},
        )
    job = ImportJob.objects.unscoped("test").get(mapping=mapping)
    assert response.status_code == 302
    assert DBTaskResult.objects.filter(args_kwargs__args=[job.pk, True]).exists()
    running = client.get(f"/staff/imports/jobs/{job.pk}/")
    assert 'hx-trigger="every 1s"' in running.text and "<progress" in running.text

    call_command("worker", batch=True, interval=0)  # the real worker, until the queue is empty
    job.refresh_from_db()
    assert job.status == JobStatus.CHECKED, job.failure
    assert job.encoding == "Shift_JIS"
    report = client.get(f"/staff/imports/jobs/{job.pk}/")
    assert "5 行を取り込む" in report.text and "hx-trigger" not in report.text
    polled = client.get(f"/staff/imports/jobs/{job.pk}/progress/", HTTP_HX_REQUEST="true")
    assert polled["HX-Refresh"] == "true"

    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/staff/imports/jobs/{job.pk}/run/", {})
    call_command("worker", batch=True, interval=0)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.created_count == 5
    persons = Person.objects.in_municipality(world.home.municipality)
    assert persons.filter(family_name="鈴木", given_name="一郎一").exists()
    assert "5 件を作成しました" in client.get(f"/staff/imports/jobs/{job.pk}/").text


def test_csv_encodings_are_read():
    rows = [["1", "佐藤 一郎", "令和元年5月1日"]]
    headings = ["番号", "氏名", "受付日"]
    for encoding, name in (
        ("utf-8-sig", "UTF-8（BOM付き）"),
        ("utf-8", "UTF-8"),
        ("cp932", "Shift_JIS"),
    ):
        table = read_table(csv_bytes(headings, rows, encoding), "a.csv")
        assert table.encoding == name
        assert table.rows == [(2, {"番号": "1", "氏名": "佐藤 一郎", "受付日": "令和元年5月1日"})]
    table = read_table(xlsx_bytes(headings, rows), "a.xlsx")
    assert table.rows[0][1]["氏名"] == "佐藤 一郎"


def test_contacts_refer_to_persons_of_the_same_source(
    world, supervisor, person_mapping, contact_mapping
):
    persons = xlsx_bytes(PERSON_HEADINGS, person_rows(2, world.home.window.name))
    job = start_check(supervisor, person_mapping, filename="p.xlsx", content=persons)
    run_job(job.pk, True)
    start_import(supervisor, job)
    run_job(job.pk, False)
    rows = [
        ["c1", "1", "R7.4.2 10:30", "電話", "家族", "母から電話", "本人は昼夜逆転", "家族提供"],
        ["c2", "2", "令和7年4月3日 14:00", "訪問", "不在", "", "", ""],
        ["c3", "9", "R7.4.3 9:00", "FAX", "本人", "", "", ""],
    ]
    content = csv_bytes(CONTACT_HEADINGS, rows, "utf-8-sig")
    check = start_check(supervisor, contact_mapping, filename="c.csv", content=content)
    run_job(check.pk, True)
    check.refresh_from_db()
    messages = {(e[0], e[1]) for e in check.report["errors"]}
    assert (4, "本人の識別子（本人の取り込みの識別子）") in messages and (4, "方法") in messages
    assert {e[0] for e in check.report["errors"]} == {4}
