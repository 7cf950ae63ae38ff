"""Small-cell suppression for the prefecture view.

A grid is municipalities × categories with its row totals, column totals and grand total, all
published. Primary suppression hides every count from 1 to 4 (THRESHOLD 5). Complementary
suppression then hides more cells until no hidden cell can be worked out from what is shown.

Why the rule below is exact: with every line sum of the grid published, the hidden cells are
known only up to the cycles they form in the bipartite graph "row — hidden cell — column"
(rows and columns of the grid, the total row and column included; scaling each total by −1
turns every line equation into the same sum-to-zero form). A hidden cell is therefore
recoverable exactly when it is a *bridge* of that graph — e.g. the only hidden cell of a line.
So: while some hidden cell is a bridge, also hide the cheapest cell that closes a cycle through
it (a cell joining the two sides the bridge separates; failing that, one that enlarges its
side). Cheapest = an inner cell before a total, a non-zero count before a zero, then smallest.

Counts shared by several tables (a municipality's 実人数 is the total of every person table)
are hidden in all of them once hidden in one, and the tables are re-checked until stable.
"""

from __future__ import annotations

from collections.abc import Iterable

THRESHOLD = 5
Cell = tuple[int, int]


def primary(value: int | None) -> bool:
    return value is not None and 0 < value < THRESHOLD


def _component(start: str, edges: set[Cell], skip: Cell | None) -> set[str]:
    """Nodes ("r3", "c5") reachable from `start` through hidden cells other than `skip`."""
    adjacency: dict[str, list[str]] = {}
    for i, j in edges:
        if (i, j) == skip:
            continue
        adjacency.setdefault(f"r{i}", []).append(f"c{j}")
        adjacency.setdefault(f"c{j}", []).append(f"r{i}")
    seen, todo = {start}, [start]
    while todo:
        node = todo.pop()
        for other in adjacency.get(node, ()):
            if other not in seen:
                seen.add(other)
                todo.append(other)
    return seen


def bridges(hidden: set[Cell]) -> list[Cell]:
    """Hidden cells whose value the published line sums determine."""
    return [(i, j) for i, j in sorted(hidden) if f"c{j}" not in _component(f"r{i}", hidden, (i, j))]


def suppress_grid(values: list[list[int]], forced: Iterable[Cell] = ()) -> set[Cell]:
    """The hidden cells of a grid whose last row and last column are the totals."""
    n_rows, n_cols = len(values), len(values[0]) if values else 0
    hidden = {(i, j) for i in range(n_rows) for j in range(n_cols) if primary(values[i][j])}
    hidden |= set(forced)

    def cost(cell: Cell) -> tuple[int, int, int]:
        i, j = cell
        total = int(i == n_rows - 1 or j == n_cols - 1)
        return (total, int(values[i][j] == 0), values[i][j])

    while True:
        found = bridges(hidden)
        if not found:
            return hidden
        i, j = found[0]
        side_a = _component(f"r{i}", hidden, (i, j))
        side_b = _component(f"c{j}", hidden, (i, j))
        open_cells = [(r, c) for r in range(n_rows) for c in range(n_cols) if (r, c) not in hidden]
        closing = [
            (r, c)
            for r, c in open_cells
            if (f"r{r}" in side_a and f"c{c}" in side_b)
            or (f"r{r}" in side_b and f"c{c}" in side_a)
        ]
        growing = [(r, c) for r, c in open_cells if (f"r{r}" in side_a) != (f"c{c}" in side_a)]
        choice = min(closing or growing or open_cells, key=cost, default=None)
        if choice is None:  # everything is hidden already
            return hidden
        hidden.add(choice)


def suppress_report(tables: list) -> None:
    """Suppress every grid (engine.TableResult with `rows` of Row) consistently."""
    hidden_shared: set[object] = set()
    while True:
        before = len(hidden_shared)
        for table in tables:
            grid = [[v or 0 for v in row.values] for row in table.rows]
            forced = [
                (i, j)
                for i, row in enumerate(table.rows)
                for j, key in enumerate(row.shared)
                if key is not None and key in hidden_shared
            ]
            hidden = suppress_grid(grid, forced)
            for i, row in enumerate(table.rows):
                row.suppressed = [(i, j) in hidden for j in range(len(row.values))]
                for j, key in enumerate(row.shared):
                    if key is not None and (i, j) in hidden:
                        hidden_shared.add(key)
        if len(hidden_shared) == before:
            break
    for table in tables:
        for row in table.rows:
            row.values = [None if s else v for v, s in zip(row.values, row.suppressed, strict=True)]
