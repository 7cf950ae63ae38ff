"""Reading back the demo accounts (for `demo-accounts` and the `demo` banner)."""

from tsunagu.accounts.models import Membership


def demo_memberships() -> list[Membership]:
    """Active memberships of active demo accounts, by username, municipality code and role."""
    return list(
        Membership.objects.filter(user__is_demo=True, is_active=True, user__is_active=True)
        .select_related("user", "municipality", "window", "organization")
        .order_by("user__username", "municipality__code", "role")
    )
