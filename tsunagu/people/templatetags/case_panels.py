"""{% case_panel panel %}: one of the case page's panels (people.panels), rendered inside the
page's context with the panel's own pushed on top, as {% include %} does."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString

register = template.Library()


@register.simple_tag(takes_context=True)
def case_panel(context: template.Context, panel: tuple[str, dict[str, Any]]) -> SafeString:
    name, extra = panel
    panel_template = context.template.engine.get_template(name)
    with context.push(**extra):
        return panel_template.render(context)
