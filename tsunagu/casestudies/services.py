"""Producing a case-study document: the disclosure is logged with its basis, then the PDF is
rendered, in one transaction (a refused basis or a failed rendering leaves nothing behind)."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from tsunagu.accounts.models import User
from tsunagu.accounts.permissions import Action, require
from tsunagu.audit.log import record
from tsunagu.audit.models import AuditAction
from tsunagu.consent.disclosure import Basis, disclose
from tsunagu.core.pdf import render_pdf
from tsunagu.jp.wareki import fiscal_year, format_fiscal_year
from tsunagu.people.models import Case
from tsunagu.tenancy.models import Organization

from .review import Reviewed, categories_of

CHANNEL = "case_study"
TEMPLATE = "casestudies/case_study_pdf.html"


@transaction.atomic
def produce_case_study(
    actor: User,
    case: Case,
    reviewed: Reviewed,
    *,
    organizations: Sequence[Organization],
    basis: Basis,
) -> bytes:
    """The PDF of a reviewed case study. Raises ValidationError (DisclosureRefused for the
    basis) with a Japanese message when it may not be produced."""
    require(actor, Action.EXPORT_RECORDS, case.municipality_id)
    if not reviewed.is_valid:
        raise ValidationError("確認が必要な行があります。内容を確認してから作成してください。")
    if reviewed.line_count == 0:
        raise ValidationError("資料に含める行がありません。")
    if any(o.municipality_id != case.municipality_id for o in organizations):
        raise ValidationError("このケースの自治体の機関だけを選べます。")
    categories = categories_of(reviewed.sections)
    disclosure = disclose(
        actor,
        case,
        channel=CHANNEL,
        organizations=list(organizations),
        categories=categories,
        basis=basis,
    )
    record(
        AuditAction.EXPORT,
        obj=case,
        extra={
            "document": CHANNEL,
            "disclosure": disclosure.pk,
            "lines": reviewed.line_count,
            "categories": sorted(categories),
        },
    )
    # No calendar date in the document: with 「初回相談から…（資料作成時点）」 a date would give
    # away the first consultation, and through it every relative date. The 年度 is enough.
    year = format_fiscal_year(fiscal_year(timezone.localdate()))
    return render_pdf(
        TEMPLATE,
        {"sections": reviewed.sections, "fiscal_year": year},
    )
