"""An independent RFC 6238 TOTP (SHA-1, 6 digits, 30 s), to act as the user's authenticator app.

pyotp is not installed (allauth implements TOTP itself); this is the RFC's algorithm, checked
against its published test vectors in test_mfa.py.
"""

import base64
import hashlib
import hmac
import struct
import time


def hotp(key: bytes, counter: int, digits: int = 6) -> str:
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 10**digits:0{digits}d}"


def totp(secret_base32: str, at: float | None = None, digits: int = 6) -> str:
    key = base64.b32decode(secret_base32.upper() + "=" * (-len(secret_base32) % 8))
    now = time.time() if at is None else at
    return hotp(key, int(now) // 30, digits)
