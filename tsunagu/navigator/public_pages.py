"""Navigator pages reached through its forms, for the tests over every public page
(tsunagu/testing/public_pages.py): each question with earlier answers, an answer refused, and
results (a parent asking about a 45-year-old in 国立市; nothing known at all)."""

from __future__ import annotations

from tsunagu.tenancy.models import Municipality


def example_urls() -> list[str]:
    municipality = Municipality.objects.filter(windows__is_public=True).order_by("code").first()
    code = municipality.code if municipality else "unknown"
    kunitachi = "132152" if Municipality.objects.filter(code="132152").exists() else code
    return [
        "/navi/municipality/?next=1",
        f"/navi/asker/?m={code}",
        f"/navi/age/?m={code}&who=family",
        f"/navi/age/?m={code}&who=self&age=abc&next=1",
        f"/navi/worries/?m={code}&who=family&age=45",
        f"/navi/result/?m={kunitachi}&who=family&age=45",
        f"/navi/result/?m={code}&who=self&age=unknown&topic=job",
        "/navi/result/?m=unknown&who=unknown&age=unknown",
        f"/navi/memo.pdf?m={kunitachi}&who=family&age=45",
    ]
