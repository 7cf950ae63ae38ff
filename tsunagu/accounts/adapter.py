import base64
import hashlib
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.stagekit import clear_login
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.mfa.adapter import DefaultMFAAdapter
from cryptography.fernet import Fernet
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from tsunagu.audit.log import record
from tsunagu.audit.middleware import client_ip
from tsunagu.audit.models import AuditAction

from . import lockout
from .login_rules import login_refusal
from .models import User


def _username(credentials: dict[str, Any]) -> str:
    return str(credentials.get("username") or credentials.get("email") or "")[:150]


def _audit_refused(username: str, reason: str, user: User | None = None) -> None:
    """An attempt refused before or after the password check: Django sends no
    user_login_failed for it (tsunagu.audit.signals audits those)."""
    record(
        AuditAction.LOGIN_FAILED,
        username=username,
        object_type="accounts.user" if user is not None else "",
        object_id=user.pk if user is not None else "",
        extra={"username": username, "reason": reason},
    )


def slowed_down_response(request: HttpRequest, wait: int) -> HttpResponse:
    response = render(request, "account/login_slowed.html", {"wait": wait}, status=429)
    response["Retry-After"] = str(wait)
    return response


class AccountAdapter(DefaultAccountAdapter):
    """Staff accounts are created by administrators: nobody signs up. Password attempts are
    limited by tsunagu.accounts.lockout; who may log in at all by login_rules."""

    _attempt: lockout.Attempt | None = None

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        """Before the password is checked (login and re-authentication alike). Replaces
        allauth's login_failed rate limit: it locks a whole address after its per-IP limit."""
        username = _username(credentials)
        wait = lockout.slowed_down_for(client_ip(request))
        if wait is not None:
            _audit_refused(username, "slowed")
            raise ImmediateHttpResponse(slowed_down_response(request, wait))
        self._attempt = lockout.begin(username)
        if self._attempt is None:
            _audit_refused(username, "locked")
            raise self.validation_error("too_many_login_attempts")

    def authenticate(self, request: HttpRequest, **credentials: Any) -> Any:
        self._attempt = None
        user = super().authenticate(request, **credentials)
        if user is not None and self._attempt is not None:
            lockout.succeeded(self._attempt)
        return user

    def authentication_failed(self, request: HttpRequest, **credentials: Any) -> None:
        lockout.failed_from(client_ip(request))

    def pre_login(self, request: HttpRequest, user: Any, **kwargs: Any) -> HttpResponse | None:
        """The password was right; may this account log in at all? A missing TOTP is not a
        refusal here: RequireMFAMiddleware then allows nothing but enrolling one."""
        refusal = login_refusal(user)
        if refusal is not None and not refusal.lifted_by_enrolment:
            clear_login(request)
            _audit_refused(user.get_username(), refusal.code, user)
            messages.error(request, refusal.message)
            return redirect("account_login")
        return super().pre_login(request, user, **kwargs)


class MFAAdapter(DefaultMFAAdapter):
    """Encrypts TOTP secrets at rest (Fernet), so a copy of the database alone cannot mint codes."""

    def _fernet(self) -> Fernet:
        key_material = settings.TSUNAGU_MFA_KEY or f"tsunagu-mfa:{settings.SECRET_KEY}"
        key = base64.urlsafe_b64encode(hashlib.sha256(key_material.encode()).digest())
        return Fernet(key)

    def encrypt(self, text: str) -> str:
        return self._fernet().encrypt(text.encode()).decode()

    def decrypt(self, encrypted_text: str) -> str:
        return self._fernet().decrypt(encrypted_text.encode()).decode()
