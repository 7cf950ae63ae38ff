"""The ONE mechanism that scopes every query for personal data.

Every model holding personal data inherits `TenantOwned`. Its default manager hands out querysets
that refuse to run (fail closed) until they are narrowed with one of:

- `Model.objects.visible_to(user)`: what this user may see, by role and record scope
  (the rules live in `tsunagu.accounts.permissions`, the per-model translation in
  `Model.scope_q`);
- `Model.objects.in_municipality(municipality)`: system work for one tenant (imports, jobs);
- `Model.objects.unscoped(reason)`: system-wide maintenance (audit verification, migrations of
  data, synthetic data); the reason documents why the wall is lowered.

A forgotten `.filter()` therefore raises `ScopeError` instead of leaking another municipality's
records. Related-object access (`case.person`) uses Django's base manager and is allowed: it starts
from a record that was itself fetched through this mechanism.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from django.core.exceptions import FieldDoesNotExist
from django.db import models, transaction
from django.db.models import Q
from django.db.models.query import EmptyQuerySet

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


def scoped_through(
    parent: type[models.Model], path: str, level: str, user: User, membership: Membership
) -> Q:
    """The scope of a model that hangs off another: rows whose `path` (a `parent` row) this
    membership may see — a case's contacts, a person's household, a household's members."""
    if level == "municipality":
        return Q()
    parent_q = parent.scope_q(level, user, membership)
    if parent_q is NOTHING:
        return NOTHING
    return Q(**{f"{path}__in": parent.objects.filter(parent_q).values("pk")})


class ScopedQuerySet(models.QuerySet):
    _scoped: bool = False

    def _clone(self) -> ScopedQuerySet:
        clone = super()._clone()
        clone._scoped = self._scoped
        return clone

    def _require_scope(self) -> None:
        if not self._scoped:
            raise ScopeError(
                f"{self.model.__name__} holds personal data: query it through "
                "visible_to(user), in_municipality(m) or unscoped(reason)."
            )

    def _mark(self) -> ScopedQuerySet:
        clone = self._chain()
        clone._scoped = True
        return clone

    # Narrowing ------------------------------------------------------------
    def visible_to(self, user: User) -> ScopedQuerySet:
        from tsunagu.accounts.permissions import record_scope

        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()._mark()
        condition = NOTHING
        for membership in user.active_memberships():
            level = record_scope(membership.role, self.model)
            if level == "none":
                continue
            part = self.model.scope_q(level, user, membership)
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

    # Evaluation points: every way a query reaches the database ---------------
    def _fetch_all(self) -> None:
        if self._result_cache is None:
            self._require_scope()
        super()._fetch_all()

    def count(self) -> int:
        self._require_scope()
        return super().count()

    def exists(self) -> bool:
        self._require_scope()
        return super().exists()

    def iterator(self, chunk_size: int | None = None) -> Any:
        self._require_scope()
        return super().iterator(chunk_size=chunk_size)

    def aggregate(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        self._require_scope()
        return super().aggregate(*args, **kwargs)

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

    async def aiterator(self, chunk_size: int = 2000) -> Any:
        self._require_scope()
        async for item in super().aiterator(chunk_size=chunk_size):
            yield item

    # Combining: a wider result (OR, XOR, UNION) is scoped only if every part is scoped.
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
        combined._scoped = all(
            getattr(part, "_scoped", False) for part in parts if not isinstance(part, EmptyQuerySet)
        )
        return combined

    def __or__(self, other: Any) -> Any:
        return self._scoped_combination(super().__or__(other), [self, other])

    def __xor__(self, other: Any) -> Any:
        return self._scoped_combination(super().__xor__(other), [self, other])

    def union(self, *other_qs: Any, all: bool = False) -> Any:
        return self._scoped_combination(super().union(*other_qs, all=all), [self, *other_qs])

    def delete(self) -> tuple[int, dict[str, int]]:
        self._require_scope()
        return super().delete()

    def in_bulk(self, *args: Any, **kwargs: Any) -> dict[Any, Any]:
        self._require_scope()
        return super().in_bulk(*args, **kwargs)

    def explain(self, *args: Any, **kwargs: Any) -> str:
        self._require_scope()
        return super().explain(*args, **kwargs)


class ScopedManager(models.Manager.from_queryset(ScopedQuerySet)):  # type: ignore[misc]
    # Related managers (person.cases) are built from this class, so they fail closed too.
    use_in_migrations = False


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
    def scope_q(cls, level: str, user: User, membership: Membership) -> Q:
        """Rows of the membership's municipality that this record-scope level may see."""
        if level == "municipality":
            return Q()
        return NOTHING

    @classmethod
    def sensitivity_of(cls, field_name: str) -> str:
        return cls.SENSITIVITY[field_name]

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
