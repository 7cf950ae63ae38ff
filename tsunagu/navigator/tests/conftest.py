import datetime

import pytest
from django.test import Client

from tsunagu.demo.loader import load_demo

KUNITACHI = "132152"


@pytest.fixture
def demo(db) -> None:
    load_demo(today=datetime.date(2026, 12, 1))


@pytest.fixture
def client() -> Client:
    return Client()
