"""Migration tests move the test database to an older state and back. Back means the latest
state of every app (the graph's leaves), not the migration under test: a later migration of
the same app (e.g. the audit chain's PostgreSQL function) would otherwise stay unapplied for
every test that runs afterwards."""

from __future__ import annotations

from django.apps.registry import Apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def migrate_to(targets: list[tuple[str, str]]) -> Apps:
    """Apply or unapply migrations until exactly `targets` are the apps' latest; their models."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def migrate_to_latest() -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
