"""全国地方公共団体コード (JIS X 0401/0402 + 検査数字)."""

from django.core.exceptions import ValidationError


def check_digit(five_digits: str) -> int:
    """Weights 6,5,4,3,2; sum mod 11; 11 - remainder, last digit (0 → 1, 1 → 0)."""
    total = sum(int(d) * w for d, w in zip(five_digits, (6, 5, 4, 3, 2), strict=True))
    return (11 - total % 11) % 10


def is_valid_municipality_code(code: str) -> bool:
    if len(code) != 6 or not code.isascii() or not code.isdigit():
        return False
    if not 1 <= int(code[:2]) <= 47:
        return False
    return check_digit(code[:5]) == int(code[5])


def validate_municipality_code(code: str) -> None:
    if not is_valid_municipality_code(code):
        raise ValidationError(
            "地方公共団体コードは検査数字を含む6桁の数字で入力してください（例：132012）。",
            code="invalid_municipality_code",
        )
