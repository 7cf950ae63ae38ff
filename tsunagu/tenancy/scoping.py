"""The ONE mechanism that scopes every query for personal data.

Every model holding personal data inherits `TenantOwned`. Its default manager hands out querysets
that refuse to run (fail closed) until they are narrowed with one of:

- `Model.objects.visible_to(user, action)`: what this user may see for an action, by role,
  record scope and access grants (the rules live in `tsunagu.accounts.permissions`, the
  per-model translation in `Model.scope_q`, the grants in `tsunagu.people.grants`);
- `Model.objects.in_municipality(municipality)`: system work for one tenant (imports, jobs);
- `Model.objects.unscoped(reason)`: system-wide maintenance (audit verification, migrations of
  data, synthetic data); the reason documents why the wall is lowered.

A forgotten `.filter()` therefore raises `ScopeError` instead of leaking another municipality's
records — also when the forgotten query is a subquery (`pk__in=qs`, `Subquery`, `Exists`):
the check sits where the SQL is compiled. Related-object access (`case.person`) uses Django's base manager and is allowed: it starts
from a record that was itself fetched through this mechanism.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any, ClassVar

from django.core.exceptions import FieldDoesNotExist
from django.db import models, transaction
from django.db.models import Q, sql
from django.db.models.query import EmptyQuerySet
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable

if TYPE_CHECKING:
    from tsunagu.accounts.models import Membership, User
    from tsunagu.tenancy.models import Municipality


class ScopeError(RuntimeError):
    """A query for personal data was run without a tenant scope."""


class Sensitivity:
    S = "S"  # 要配慮個人情報
    P = "P"  # personal
    O = "O"  # operational  # noqa: E741

    ALL = (S, P, O)
    LABELS: ClassVar[dict[str, str]] = {
        "S": "要配慮個人情報",
        "P": "個人情報",
        "O": "業務情報",
    }


NOTHING = Q(pk__in=[])
NO_NEEDS: frozenset[str] = frozenset()


def scope_subquery(model: type[models.Model], condition: Q) -> ScopedQuerySet:
    """Rows of `model` matching `condition`, for use INSIDE another scope's condition (a scope_q
    that reaches its rows through a parent). The outer query is what carries the tenant filter."""
    return model.objects.unscoped("part of a scope condition").filter(condition)


def scoped_through(
    parent: type[models.Model],
    path: str,
    level: str,
    user: User,
    membership: Membership,
    needs: frozenset[str] = NO_NEEDS,
) -> Q:
    """The scope of a model that hangs off another: rows whose `path` (a `parent` row) this
    membership may see — a case's contacts, a person's household, a household's members.
    `needs` says what an access grant must cover for the rows (see people.grants)."""
    if level == "municipality":
        return Q()
    parent_q = parent.scope_q(level, user, membership, needs)
    if parent_q is NOTHING:
        return NOTHING
    return Q(**{f"{path}__in": scope_subquery(parent, parent_q).values("pk")})


class ScopedQuery(sql.Query):
    """A query that refuses to compile until it carries a scope.

    The flag lives on the query (copied by every clone), not on the QuerySet, because a
    QuerySet used as a subquery (`pk__in=qs`, `Subquery(qs)`, `Exists(qs)`) contributes only its
    query: the check therefore runs wherever the SQL is built, top level or nested.
    """

    tsunagu_scoped = False

    def get_compiler(self, using: Any = None, connection: Any = None, elide_empty: bool = True):
        if not self.tsunagu_scoped:
            raise ScopeError(
                f"{self.model.__name__} holds personal data: query it through "
                "visible_to(user, action), in_municipality(m) or unscoped(reason)."
            )
        return super().get_compiler(using, connection, elide_empty)


class ScopedQuerySet(models.QuerySet):
    def __init__(self, model: Any = None, query: Any = None, using: Any = None, hints: Any = None):
        super().__init__(model, query or ScopedQuery(model), using, hints)

    @property
    def is_scoped(self) -> bool:
        return bool(getattr(self.query, "tsunagu_scoped", False))

    def _require_scope(self) -> None:
        if not self.is_scoped:
            raise ScopeError(
                f"{self.model.__name__} holds personal data: query it through "
                "visible_to(user, action), in_municipality(m) or unscoped(reason)."
            )

    def _mark(self) -> ScopedQuerySet:
        clone = self._chain()
        clone.query.tsunagu_scoped = True
        return clone

    # Narrowing ------------------------------------------------------------
    def visible_to(
        self, user: User, action: str, *, needs: frozenset[str] = NO_NEEDS
    ) -> ScopedQuerySet:
        """The rows this user may see for `action`: in each municipality where one of the
        user's roles may do `action`, the rows that role's record scope reaches."""
        from tsunagu.accounts.permissions import memberships_for, record_scope

        condition = NOTHING
        for membership in memberships_for(user, action=action):
            level = record_scope(membership.role)
            if level == "none":
                continue
            part = self.model.scope_q(level, user, membership, needs)
            condition |= part & Q(municipality_id=membership.municipality_id)
        return self.filter(condition)._mark()

    def in_municipality(self, municipality: Municipality | int) -> ScopedQuerySet:
        municipality_id = getattr(municipality, "pk", municipality)
        if not municipality_id:
            raise ScopeError("in_municipality() needs a municipality.")
        return self.filter(municipality_id=municipality_id)._mark()

    def unscoped(self, reason: str) -> ScopedQuerySet:
        if not reason or not reason.strip():
            raise ScopeError("unscoped() needs a reason.")
        return self._mark()

    # Writes that send no signals: checked and audited here ------------------
    def update(self, **kwargs: Any) -> int:
        # QuerySet.update() sends no signals: audit each affected row here.
        from tsunagu.audit.log import record_rows

        self._require_scope()
        fields = sorted({self._field_name(name) for name in kwargs})
        with transaction.atomic(using=self.db, savepoint=False):
            rows = list(self.values_list("pk", "municipality_id"))
            count = super().update(**kwargs)
            record_rows("update", self.model, rows, fields)
        return count

    def _field_name(self, name: str) -> str:
        try:
            return self.model._meta.get_field(name).name  # "person_id" → "person"
        except FieldDoesNotExist:
            return name  # update() itself reports the unknown field

    def bulk_create(self, objs: Any, *args: Any, **kwargs: Any) -> list[Any]:
        # bulk_create() sends no post_save: audit each created row here.
        from tsunagu.audit.log import record_rows

        with transaction.atomic(using=self.db, savepoint=False):
            created = super().bulk_create(objs, *args, **kwargs)
            fields = [f.name for f in self.model._meta.concrete_fields]
            rows = [(obj.pk, obj.municipality_id) for obj in created]
            record_rows("create", self.model, rows, fields)
        return created

    def delete(self) -> tuple[int, dict[str, int]]:
        # The collector runs its own queries on the base manager: check the scope first.
        self._require_scope()
        return super().delete()

    # Combining: a wider result (OR, XOR) is scoped only if every part is scoped. A union's
    # parts are compiled one by one, so each is checked on its own.
    def _scoped_combination(self, combined: Any, parts: list[Any]) -> Any:
        if any(combined is part for part in parts):
            return combined  # Django returned the only non-empty operand as it is.
        if not isinstance(combined, ScopedQuerySet):
            combined = ScopedQuerySet(
                model=combined.model,
                query=combined.query,
                using=combined._db,
                hints=combined._hints,
            )
        if not isinstance(combined.query, ScopedQuery):
            # A sliced operand makes Django rebuild the query on the base manager: give it
            # back the check (the class adds behaviour only, no state).
            combined.query.__class__ = ScopedQuery
        combined.query.tsunagu_scoped = all(
            getattr(part.query, "tsunagu_scoped", False)
            for part in parts
            if not isinstance(part, EmptyQuerySet)
        )
        return combined

    def __or__(self, other: Any) -> Any:
        return self._scoped_combination(super().__or__(other), [self, other])

    def __xor__(self, other: Any) -> Any:
        return self._scoped_combination(super().__xor__(other), [self, other])


class ScopedManager(models.Manager.from_queryset(ScopedQuerySet)):  # type: ignore[misc]
    # Related managers (person.cases) are built from this class, so they fail closed too.
    use_in_migrations = False


@functools.cache
def _choice_labels(field: models.Field) -> dict[Any, Any]:
    """A model field's (static) choices: value → label."""
    return {make_hashable(value): label for value, label in field.flatchoices}


class TenantOwned(models.Model):
    """Base of every model that holds personal data.

    Subclasses declare `SENSITIVITY` (field name → S/P/O for every concrete field) and
    translate record-scope levels into a filter with `scope_q`.
    """

    municipality = models.ForeignKey(
        "tenancy.Municipality", on_delete=models.PROTECT, related_name="+", verbose_name="自治体"
    )

    objects = ScopedManager()

    SENSITIVITY: ClassVar[dict[str, str]] = {}

    class Meta:
        abstract = True

    @classmethod
    def scope_q(
        cls, level: str, user: User, membership: Membership, needs: frozenset[str] = NO_NEEDS
    ) -> Q:
        """Rows of the membership's municipality that this record-scope level may see.
        `needs`: what an access grant must cover to reach them (people.grants)."""
        if level == "municipality":
            return Q()
        return NOTHING

    @classmethod
    def sensitivity_of(cls, field_name: str) -> str:
        return cls.SENSITIVITY[field_name]

    def _get_FIELD_display(self, field: models.Field) -> Any:
        """get_FOO_display() without Django's hashing of every (lazy) label on each call (a
        timeline page calls it dozens of times): the labels by value, built once per field;
        they stay lazy and are translated when shown."""
        value = getattr(self, field.attname)
        label = _choice_labels(field).get(make_hashable(value), value)
        return force_str(label, strings_only=True)

    # Change tracking, so the audit log can name the fields a save changed.
    @classmethod
    def from_db(cls, db: str, field_names: list[str], values: list[Any]) -> TenantOwned:
        instance = super().from_db(db, field_names, values)
        instance._loaded_values = dict(zip(field_names, values, strict=True))
        return instance

    def changed_field_names(self) -> list[str]:
        loaded = getattr(self, "_loaded_values", None)
        fields = self._meta.concrete_fields
        if loaded is None:
            return [f.name for f in fields]
        return [
            f.name
            for f in fields
            if f.attname in loaded and loaded[f.attname] != getattr(self, f.attname)
        ]
