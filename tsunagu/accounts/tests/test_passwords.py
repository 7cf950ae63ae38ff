"""1. Argon2 and the password rules, with Japanese messages, through the password change page."""

import pytest
from django.contrib.auth.hashers import check_password, make_password

from tsunagu.accounts.roles import Role
from tsunagu.settings import base, local
from tsunagu.testing.world import PASSWORD

from .conftest import password_login

CHANGE_URL = "/accounts/password/change/"
ARGON2 = "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_argon2_is_the_password_hasher_outside_tests(settings):
    # Test settings use MD5 for speed; production settings star-import base (see test_deploy).
    assert base.PASSWORD_HASHERS[0] == ARGON2
    assert local.PASSWORD_HASHERS[0] == ARGON2
    settings.PASSWORD_HASHERS = base.PASSWORD_HASHERS
    encoded = make_password("多摩川の土手を歩く 2026 秋")
    assert encoded.startswith("argon2$argon2id$")
    assert check_password("多摩川の土手を歩く 2026 秋", encoded)


@pytest.mark.parametrize(
    ("new_password", "message"),
    [
        ("Kq8!zr2", "このパスワードは短すぎます。最低 12 文字以上必要です。"),
        ("password1234", "このパスワードは一般的すぎます。"),
        ("830215947361502", "このパスワードは数字しか使われていません。"),
        ("home_publicity1", "このパスワードは ユーザー名 と似すぎています。"),
    ],
)
def test_weak_passwords_are_refused_in_japanese(client, world, new_password, message):
    user = world.user(Role.PUBLICITY)
    password_login(client, user.username)
    response = client.post(
        CHANGE_URL,
        {"oldpassword": PASSWORD, "password1": new_password, "password2": new_password},
    )
    assert response.status_code == 200
    assert message in response.context["form"].errors["password1"]
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_a_long_passphrase_is_accepted(client, world):
    user = world.user(Role.PUBLICITY)
    password_login(client, user.username)
    new = "多摩川の土手を歩く 2026 秋"
    response = client.post(
        CHANGE_URL, {"oldpassword": PASSWORD, "password1": new, "password2": new}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new)
