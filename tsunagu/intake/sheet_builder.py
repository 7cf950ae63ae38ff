"""Small helpers to write intake form schemas as Python data (used by the default sheet)."""

from __future__ import annotations

from typing import Any


def f(key: str, label: str, kind: str, help: str = "", s: str = "P", **extra: Any) -> dict:
    field = {"key": key, "label": label, "type": kind, "sensitivity": s, **extra}
    if help:
        field["help"] = help
    return field


def one(key: str, label: str, choices: list, help: str = "", s: str = "P", **extra: Any) -> dict:
    return f(key, label, "single_choice", help, s, choices=choices, **extra)


def many(key: str, label: str, choices: list, help: str = "", s: str = "P", **extra: Any) -> dict:
    return f(key, label, "multi_choice", help, s, choices=choices, **extra)


def ynu(key: str, label: str, help: str = "", s: str = "P", **extra: Any) -> dict:
    return f(key, label, "yes_no_unknown", help, s, **extra)


def section(key: str, title: str, *fields: dict) -> dict:
    return {"key": key, "title": title, "fields": list(fields)}
