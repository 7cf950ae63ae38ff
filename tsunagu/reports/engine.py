"""Running a report definition: collect every cell's aggregate, run one query per source, and
lay the counts out as tables (municipality view) or municipality × category grids with small
counts suppressed (prefecture view, suppression.py)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from .definitions import Category, Dimension, Measure, ReportDefinition, Table
from .periods import Month, Period
from .sources import SOURCES, Agg, Result, Scope

TOTAL = "合計"


@dataclass
class Row:
    label: str
    values: list[int | None]
    total: bool = False
    suppressed: list[bool] = field(default_factory=list)
    # Keys shared between tables (a municipality's 実人数 is every person table's row total):
    # suppressed in one table means suppressed in all.
    shared: list[object] = field(default_factory=list)


@dataclass
class TableResult:
    table: Table
    row_header: str
    columns: list[str]
    rows: list[Row]
    unit: str = ""
    chart_svg: str = ""

    @property
    def key(self) -> str:
        return self.table.key

    @property
    def title(self) -> str:
        return self.table.title


@dataclass
class ReportResult:
    report: ReportDefinition
    period: Period
    scope_label: str
    tables: list[TableResult]
    prefecture: bool = False
    queries: int = 0


def _kept(dim: Dimension | None, cat: Category | None) -> Dimension | None:
    """The dimension an aggregate keeps: with a category, or for its total when the dimension
    restricts what it counts (訪問の結果: visits only)."""
    return dim if dim is not None and (cat is not None or dim.only) else None


class Collector:
    """The aggregates a report needs, by source, and their values once run."""

    def __init__(self, report: ReportDefinition) -> None:
        self.report = report
        self.aggs: dict[str, dict[tuple, Agg]] = defaultdict(dict)
        self.values: dict[str, Result] = {}

    def need(
        self,
        measure: str,
        dim: Dimension | None = None,
        cat: Category | None = None,
        month: Month | None = None,
    ) -> None:
        m = self.report.measures[measure]
        for part in m.minus or m.plus or (measure,):
            pm = self.report.measures[part]
            agg = Agg(pm, _kept(dim, cat), cat, month)
            self.aggs[pm.source][agg.key] = agg

    def run(self, scope: Scope, period: Period) -> int:
        for source, aggs in self.aggs.items():
            self.values[source] = SOURCES[source](scope, period, list(aggs.values()))
        return len(self.aggs)

    def get(
        self,
        measure: str,
        muni: int | None,
        dim: Dimension | None = None,
        cat: Category | None = None,
        month: Month | None = None,
    ) -> int:
        m = self.report.measures[measure]
        if m.minus:
            a, b = m.minus
            return self.get(a, muni, dim, cat, month) - self.get(b, muni, dim, cat, month)
        if m.plus:
            return sum(self.get(part, muni, dim, cat, month) for part in m.plus)
        key = Agg(m, _kept(dim, cat), cat, month).key
        result = self.values.get(m.source, {})
        if muni is None:
            return sum(cells.get(key, 0) for cells in result.values())
        return result.get(muni, {}).get(key, 0)


def _dim(report: ReportDefinition, key: str | None) -> Dimension | None:
    return report.dimensions[key] if key else None


# Municipality view ---------------------------------------------------------------------------
def _plan_local(c: Collector, table: Table, period: Period) -> None:
    dim = _dim(c.report, table.dimension)
    cats: list[Category | None] = [*(dim.categories if dim else ()), None]
    months: list[Month | None] = [*period.months(), None] if table.monthly else [None]
    measures = table.measures[:1] if (table.monthly and dim) else table.measures
    for m in measures:
        for cat in cats:
            for month in months:
                c.need(m, dim, cat, month)


def _lay_local(c: Collector, table: Table, period: Period) -> TableResult:
    report = c.report
    dim = _dim(report, table.dimension)
    label = report.measures
    if table.monthly:
        months = period.months()
        columns = [m.label for m in months] + [TOTAL]
        rows = []
        if dim:
            m = table.measures[0]
            for cat in (*dim.categories, None):
                values = [c.get(m, None, dim, cat, mo) for mo in (*months, None)]
                rows.append(Row(cat.label if cat else TOTAL, values, total=cat is None))
            return TableResult(table, dim.label, columns, rows, unit=label[m].label)
        for m in table.measures:
            values = [c.get(m, None, None, None, mo) for mo in (*months, None)]
            rows.append(Row(label[m].label, values))
        return TableResult(table, "", columns, rows)
    columns = [label[m].label for m in table.measures]
    rows = []
    for cat in (*(dim.categories if dim else ()), None):
        values = [c.get(m, None, dim, cat) for m in table.measures]
        rows.append(Row(cat.label if cat else TOTAL, values, total=cat is None))
    return TableResult(table, dim.label if dim else "", columns, rows)


# Prefecture view -----------------------------------------------------------------------------
def _cross_columns(report: ReportDefinition, table: Table, period: Period) -> list:
    dim = _dim(report, table.cross_dimension)
    if dim is not None:
        return [(dim, cat, None) for cat in dim.categories]
    if table.monthly:
        return [(None, None, m) for m in period.months()]
    return []


def _plan_cross(c: Collector, table: Table, period: Period) -> None:
    for dim, cat, month in _cross_columns(c.report, table, period):
        c.need(table.cross_measure, dim, cat, month)
    c.need(table.cross_measure, _dim(c.report, table.cross_dimension))


def _lay_cross(
    c: Collector, table: Table, period: Period, municipalities: list[tuple[int, str]]
) -> TableResult:
    report = c.report
    measure = table.cross_measure
    cols = _cross_columns(report, table, period)
    dim = _dim(report, table.cross_dimension)
    columns = [cat.label if cat else month.label for _d, cat, month in cols] + [TOTAL]
    shared_total = (report.measures[measure].source, measure)
    rows = []
    for muni_id, name in municipalities:
        values = [c.get(measure, muni_id, d, cat, month) for d, cat, month in cols]
        values.append(c.get(measure, muni_id, dim))
        shared = [None] * len(cols) + [(*shared_total, muni_id)]
        rows.append(Row(name, values, shared=shared))
    totals = [sum(r.values[i] for r in rows) for i in range(len(columns))]
    rows.append(
        Row(TOTAL, totals, total=True, shared=[None] * len(cols) + [(*shared_total, "all")])
    )
    header = "自治体"
    unit = report.measures[measure].label
    result = TableResult(table, header, columns, rows, unit=unit)
    result.cross_dimension = dim  # type: ignore[attr-defined]
    return result


def run_report(
    report: ReportDefinition,
    scope: Scope,
    period: Period,
    *,
    scope_label: str,
    prefecture: bool = False,
    municipalities: list[tuple[int, str]] | None = None,
) -> ReportResult:
    """Count a report for a scope and period. `prefecture`: municipality × category grids for
    the given municipalities ([(id, name)]), small counts suppressed."""
    from .suppression import suppress_report

    collector = Collector(report)
    for table in report.tables:
        (_plan_cross if prefecture else _plan_local)(collector, table, period)
    queries = collector.run(scope, period)
    if prefecture:
        tables = [_lay_cross(collector, t, period, municipalities or []) for t in report.tables]
        suppress_report(tables)
    else:
        tables = [_lay_local(collector, t, period) for t in report.tables]
    result = ReportResult(report, period, scope_label, tables, prefecture, queries)
    from .charts import chart_for

    for table in tables:
        table.chart_svg = chart_for(table)
    return result


__all__ = ["TOTAL", "Measure", "ReportResult", "Row", "TableResult", "run_report"]
