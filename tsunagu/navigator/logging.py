"""Keep what a person answers out of the logs.

The navigator carries its answers in the query string (tsunagu/navigator/views.py), so a request
line such as ``GET /navi/result/?m=132152&who=family&age=45`` would tell a log reader who asked
about whom. This filter cuts the query string from every request line of these paths (Django's
development server logs them through ``django.server``; gunicorn's access log is off by default,
and docs/performance.md shows a format without the query string)."""

from __future__ import annotations

import logging
import re

REDACTED_PATHS = ("/navi/", "/language/")
# gunicorn's access log without the query string (%(U)s is the path alone) and without the
# Referer (it may carry a query string of a page before): for `--access-logformat`.
ACCESS_LOG_FORMAT = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(L)s'

_PATHS = "|".join(re.escape(p) for p in REDACTED_PATHS)
_QUERY = re.compile(rf"(?P<path>(?:{_PATHS})[^\s?]*)\?\S*")
# A booking's manage link carries its secret token in the path (tsunagu/booking/urls.py).
_TOKEN = re.compile(r"/booking/manage/[^/\s?]+")


def redact(text: str) -> str:
    text = _TOKEN.sub("/booking/manage/[redacted]", text)
    return _QUERY.sub(r"\g<path>?[redacted]", text)


class RedactAnswers(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(redact(a) if isinstance(a, str) else a for a in record.args)
        return True
