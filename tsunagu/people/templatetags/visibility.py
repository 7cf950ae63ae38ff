"""`{% readable obj "field" as name %}`: may the page's user read this field of this record?

The template face of people.visibility (the one field policy): pages ask per record and field
instead of receiving flags from their views.
"""

from typing import Any

from django import template

from tsunagu.people.visibility import field_policy

register = template.Library()


@register.simple_tag(takes_context=True)
def readable(context: template.Context, obj: Any, field: str) -> bool:
    request = context.get("request")
    user = getattr(request, "user", None)
    if obj is None or user is None or not user.is_authenticated:
        return False
    return field_policy(user).readable(obj, field)
