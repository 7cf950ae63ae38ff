"""Small-cell suppression: every count from 1 to 4 is hidden, and no hidden cell can be worked
out from the published cells and totals (checked by exact linear algebra, independently of
the bridge rule the suppression uses)."""

from __future__ import annotations

import random
from fractions import Fraction

import pytest

from tsunagu.reports.suppression import suppress_grid


def with_totals(inner: list[list[int]]) -> list[list[int]]:
    rows = [[*r, sum(r)] for r in inner]
    rows.append([sum(col) for col in zip(*rows, strict=True)])
    return rows


def _rank(matrix: list[list[Fraction]]) -> int:
    m = [row[:] for row in matrix]
    rank, cols = 0, len(m[0]) if m else 0
    for c in range(cols):
        pivot = next((r for r in range(rank, len(m)) if m[r][c] != 0), None)
        if pivot is None:
            continue
        m[rank], m[pivot] = m[pivot], m[rank]
        for r in range(len(m)):
            if r != rank and m[r][c] != 0:
                f = m[r][c] / m[rank][c]
                m[r] = [a - f * b for a, b in zip(m[r], m[rank], strict=True)]
        rank += 1
    return rank


def recoverable(grid: list[list[int]], hidden: set[tuple[int, int]]) -> list[tuple[int, int]]:
    """Hidden cells whose value the line equations of the grid (with its totals) fix."""
    n, m = len(grid) - 1, len(grid[0]) - 1
    cells = sorted(hidden)
    index = {cell: k for k, cell in enumerate(cells)}
    lines = []
    for i in range(n + 1):  # rows: inner cells − row total = 0
        lines.append({(i, j): (1 if j < m else -1) for j in range(m + 1)})
    for j in range(m + 1):  # columns: inner cells − column total = 0
        lines.append({(i, j): (1 if i < n else -1) for i in range(n + 1)})
    matrix = [[Fraction(0)] * len(cells) for _ in lines]
    for r, line in enumerate(lines):
        for cell, coef in line.items():
            if cell in index:
                matrix[r][index[cell]] = Fraction(coef)
    base = _rank(matrix)
    found = []
    for cell, k in index.items():
        unit = [Fraction(0)] * len(cells)
        unit[k] = Fraction(1)
        if _rank([*matrix, unit]) == base:
            found.append(cell)
    return found


def test_one_small_cell_gets_partners_in_its_row_and_column():
    grid = with_totals([[3, 10, 12], [8, 9, 20], [15, 6, 7]])
    hidden = suppress_grid(grid)
    assert (0, 0) in hidden
    assert sum(1 for (i, _j) in hidden if i == 0) >= 2
    assert sum(1 for (_i, j) in hidden if j == 0) >= 2
    assert recoverable(grid, hidden) == []


def test_small_row_total_is_hidden_too():
    grid = with_totals([[1, 2, 0], [30, 40, 50], [20, 25, 30]])
    hidden = suppress_grid(grid)
    assert {(0, 0), (0, 1), (0, 3)} <= hidden
    assert recoverable(grid, hidden) == []


def test_nothing_hidden_without_small_counts():
    grid = with_totals([[0, 10, 12], [8, 0, 20]])
    assert suppress_grid(grid) == set()


@pytest.mark.parametrize("seed", range(60))
def test_no_hidden_cell_is_recoverable(seed):
    rng = random.Random(seed)
    rows, cols = rng.randint(1, 7), rng.randint(1, 8)
    inner = [
        [rng.choice([0, 0, 1, 2, 3, 4, 5, 6, 9, 15, 40]) for _ in range(cols)] for _ in range(rows)
    ]
    grid = with_totals(inner)
    hidden = suppress_grid(grid)
    for i, row in enumerate(grid):
        for j, value in enumerate(row):
            if 0 < value < 5:
                assert (i, j) in hidden
    assert recoverable(grid, hidden) == []


def test_the_check_itself_catches_a_lone_hidden_cell():
    grid = with_totals([[3, 10], [8, 9]])
    assert recoverable(grid, {(0, 0)}) == [(0, 0)]
    assert recoverable(grid, {(0, 0), (0, 1), (1, 0), (1, 1)}) == []


def test_prefecture_report_is_consistent_across_tables(world, fy2025):
    """Across the whole prefecture report: 1–4 never shown, no hidden cell recoverable in any
    grid, and a municipality's 実人数 hidden in one person table is hidden in all of them."""
    from tsunagu.reports.engine import run_report
    from tsunagu.reports.periods import Period
    from tsunagu.reports.sources import Scope
    from tsunagu.reports.standard import STANDARD

    munis = [(world.home.municipality.pk, "八王子市"), (world.away.municipality.pk, "町田市")]
    result = run_report(
        STANDARD, Scope(tuple(pk for pk, _n in munis)), Period.fiscal_year(2025),
        scope_label="東京都", prefecture=True, municipalities=munis,
    )  # fmt: skip
    person_totals: dict[str, set[bool]] = {}
    for table in result.tables:
        grid = [[v or 0 for v in row.values] for row in table.rows]
        hidden = {
            (i, j)
            for i, row in enumerate(table.rows)
            for j, v in enumerate(row.values)
            if v is None
        }
        assert all(not (0 < v < 5) for row in table.rows for v in row.values if v is not None)
        assert recoverable(grid, hidden) == [], table.key
        if result.report.measures[table.table.cross_measure].key == "persons":
            for row in table.rows[:-1]:
                person_totals.setdefault(row.label, set()).add(row.values[-1] is None)
    assert all(len(states) == 1 for states in person_totals.values())
