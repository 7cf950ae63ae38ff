import base64
import hashlib
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from cryptography.fernet import Fernet
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from tsunagu.audit.log import record
from tsunagu.audit.models import AuditAction


class AccountAdapter(DefaultAccountAdapter):
    """Staff accounts are created by administrators: nobody signs up."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        """allauth refuses an attempt over the login_failed rate limit (ACCOUNT_RATE_LIMITS)
        before checking the password, so Django sends no user_login_failed: audit it here."""
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError:
            username = str(credentials.get("username") or credentials.get("email") or "")[:150]
            record(
                AuditAction.LOGIN_FAILED,
                username=username,
                extra={"username": username, "reason": "locked"},
            )
            raise


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
