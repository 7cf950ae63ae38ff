"""Two people can never get the same last seat: parallel bookings of one slot, each in its own
thread and database connection, on PostgreSQL (SQLite serialises every write anyway)."""

import threading

import pytest
from django.db import connection, connections

from tsunagu.booking.models import Booking, SlotSeat
from tsunagu.booking.services import SlotUnavailable, book
from tsunagu.testing.booking import make_rule, tomorrow_slot, visitor
from tsunagu.testing.world import build_world

PARALLEL = 8


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("capacity", [1, 3])
def test_parallel_requests_for_the_last_seats(capacity):
    if connection.vendor != "postgresql":
        pytest.skip("the race needs a database with concurrent writers (PostgreSQL)")
    world = build_world(totp=False)
    rule = make_rule(world.home.window, capacity=capacity)
    slot = tomorrow_slot(rule)
    barrier = threading.Barrier(PARALLEL)
    outcomes: list[str] = []

    def attempt(n: int) -> None:
        try:
            barrier.wait()
            book(rule, slot.starts_at, visitor(nickname=f"人{n}"))
            outcomes.append("booked")
        except SlotUnavailable:
            outcomes.append("full")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(PARALLEL)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == sorted(["booked"] * capacity + ["full"] * (PARALLEL - capacity))
    assert Booking.objects.unscoped("test").count() == capacity
    assert sorted(SlotSeat.objects.values_list("seat", flat=True)) == list(range(1, capacity + 1))
