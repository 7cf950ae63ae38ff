"""Fixtures of the case-study tests (data: tsunagu/testing/case_study.py)."""

from __future__ import annotations

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.test import Client

from tsunagu.accounts.mfa import has_mfa
from tsunagu.testing.case_study import StudyCase, build_study


@pytest.fixture
def study(world) -> StudyCase:
    return build_study(world)


@pytest.fixture
def login():
    def _login(user) -> Client:
        if not has_mfa(user):
            TOTP.activate(user, generate_totp_secret())
        client = Client()
        client.force_login(user)
        return client

    return _login
