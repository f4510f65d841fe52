"""Reading the same rows the same way on every view: the access helpers' fetch of one
object by key, and a page's fixed queries, compiled once per process."""

from datetime import date

from django.db import connections
from django.db.models.query import (
    FlatValuesListIterable,
    ModelIterable,
    ValuesListIterable,
    get_related_populators,
)

from promo.web.prepared import prepared_cursor


def by_pk(queryset, pk):
    """The row of `queryset` with this primary key, or None.

    `queryset.get(pk=pk)`, not `filter(pk=pk).first()`: the latter's ORDER BY and slice
    cost about 0.2 ms more to compile, on every page that opens one object."""
    try:
        return queryset.get(pk=pk)
    except queryset.model.DoesNotExist:
        return None


def instance_by_pk(model, pk, related=()):
    """The `model` row with this primary key, with `related` joined as `select_related`
    would, or None; its statement is compiled once per process (RowLookup)."""
    return instance_by(model, related, pk=pk)


def instance_by(model, related=(), **fields):
    """The `model` row whose integer `fields` have these values (a unique key), with
    `related` joined, or None; its statement is compiled once per process (RowLookup)."""
    key = (model, tuple(related), tuple(fields))
    lookup = _LOOKUPS.get(key)
    if lookup is None:
        lookup = _LOOKUPS[key] = RowLookup(model, tuple(fields), related)
    return lookup(*fields.values())


_LOOKUPS = {}


def _fits(field, value, connection):
    """Whether integer `value` is inside `field`'s range (a URL can carry any number)."""
    field = getattr(field, "target_field", field)
    low, high = connection.ops.integer_field_range(field.get_internal_type())
    return not isinstance(value, int) or low <= value <= high


def _placeholder(field, connection, index):
    """A value no row has for `field` (near the top of its range, so the lookup does not
    rule it out as an overflow), to find where the real one goes in the statement."""
    field = getattr(field, "target_field", field)
    top = connection.ops.integer_field_range(field.get_internal_type())[1]
    return top - 1_000 - index


class RowLookup:
    """One row of `model` by a unique key of integer `fields`, with `related` joined
    (`select_related`), its statement compiled once per process and database.

    Compiling a fetch that joins a few relations cost Django 0.3–0.8 ms on every page
    (resolving each relation's joins), several times what PostgreSQL takes to answer it.
    The statement depends only on the model, the fields and the relations, so it is
    compiled on first use; each call sends it with its own values and builds the instances
    as the queryset would (the same converters and related objects), through the same
    cursor wrappers (query counts and logging see it)."""

    def __init__(self, model, fields, related=()):
        self.model = model
        self.fields = fields
        self.related = related
        self.key_fields = [
            model._meta.pk if f == "pk" else model._meta.get_field(f) for f in fields
        ]
        self._compiled = {}

    def __call__(self, *values, using="default"):
        """The instance, or None when no row has these values."""
        connection = connections[using]
        plan = self._plan(using, connection)
        fields = self.key_fields
        values = [f.get_db_prep_value(v, connection) for f, v in zip(fields, values, strict=True)]
        if not all(_fits(f, v, connection) for f, v in zip(fields, values, strict=True)):
            return None  # no row has a key outside its column's range (Django's get() agrees)
        with prepared_cursor(using) as cursor:
            cursor.execute(plan.sql, plan.params_with(values))
            row = cursor.fetchone()
        return None if row is None else plan.instance(row, using, connection)

    def _plan(self, using, connection):
        plan = self._compiled.get((using, connection.vendor))
        if plan is None:
            queryset = self.model._default_manager.using(using).select_related(*self.related)
            placeholders = [
                _placeholder(field, connection, i) for i, field in enumerate(self.key_fields)
            ]
            queryset = queryset.filter(**dict(zip(self.fields, placeholders, strict=True)))
            plan = self._compiled[using, connection.vendor] = _Plan(queryset, placeholders)
        return plan


class CompiledQuery:
    """The rows of the queryset `build(**values)` gives, compiled once per process and
    database, and sent as a prepared statement with each call's values.

    For a page's fixed read whose compiling cost more than running it: instances, or the
    tuples (or values) of values_list(). `build` must give
    a queryset of the same shape whatever the values (no branching on them); the values
    are integers, dates, strings or lists of integers (an array parameter), which
    PostgreSQL takes as Python gives them. Elsewhere
    (SQLite, the zero-setup database) the queryset is simply evaluated."""

    def __init__(self, build):
        self.build = build
        self._compiled = {}

    def __call__(self, *, using="default", **values):
        kinds = tuple((name, type(value)) for name, value in values.items())
        connection = connections[using]
        plan = self._compiled.get((using, kinds))
        if plan is None:
            # Refuses a value it cannot place, on every database: made once per kinds.
            placeholders = {name: _placeholder_of(kind, i) for i, (name, kind) in enumerate(kinds)}
            if connection.vendor != "postgresql":
                return list(self.build(**values).using(using))
            queryset = self.build(**placeholders).using(using)
            plan = self._compiled[using, kinds] = _Plan(queryset, list(placeholders.values()))
        with prepared_cursor(using) as cursor:
            cursor.execute(plan.sql, plan.params_with(list(values.values())))
            rows = cursor.fetchall()
        return [plan.instance(row, using, connection) for row in rows]


class CompiledSQL:
    """The SQL and parameters of the queryset `build(**values)` gives, compiled once per
    process and database, for a hand-written statement that reads it as a subquery (a
    cached body's digest selecting the page's rows with the page's own query).

    `build` and the values follow CompiledQuery's rules. Returns (sql, params) with this
    call's values in place; elsewhere than on PostgreSQL (SQLite adapts dates to strings
    before they can be placed), compiled on each call."""

    def __init__(self, build):
        self.build = build
        self._compiled = {}

    def __call__(self, *, using="default", **values):
        kinds = tuple((name, type(value)) for name, value in values.items())
        statement = self._compiled.get((using, kinds))
        if statement is None:
            placeholders = {name: _placeholder_of(kind, i) for i, (name, kind) in enumerate(kinds)}
            if connections[using].vendor != "postgresql":
                query = self.build(**values).using(using).query
                return query.get_compiler(using=using).as_sql()
            query = self.build(**placeholders).using(using).query
            sql, params = query.get_compiler(using=using).as_sql()
            statement = _Statement(sql, params, list(placeholders.values()))
            self._compiled[using, kinds] = statement
        return statement.sql, statement.params_with(list(values.values()))


def _placeholder_of(kind, index):
    """A value of `kind` no query is given, to find where the real one goes."""
    if kind is int:
        return 2_000_000_000 - index  # inside every integer field's range but the smallest
    if kind is date:
        return date(1, 1, 1 + index)
    if kind is str:
        return f"\x00promo-placeholder-{index}"
    if kind is list:  # of integers: an array parameter (`= ANY(%s)`, `unnest(%s)`)
        return [2_000_000_000 - index]
    raise TypeError(f"CompiledQuery takes integers, dates, strings and lists, not {kind.__name__}")


def columns_of(model, alias):
    """The model's concrete columns on table `alias`, in the order instances_from reads."""
    return ", ".join(f"{alias}.{field.column}" for field in model._meta.concrete_fields)


def instances_from(model, rows, using="default"):
    """Instances of `model` from raw `rows` whose first columns are columns_of(model),
    converted as the ORM converts them (SQLite's dates and booleans, JSON), for a
    hand-written statement sent through prepared_cursor. Extra columns are left off."""
    connection = connections[using]
    key = (model, using, connection.vendor)
    converters = _CONVERTERS.get(key)
    if converters is None:
        converters = _CONVERTERS[key] = [
            (
                position,
                [*connection.ops.get_db_converters(col), *col.get_db_converters(connection)],
                col,
            )
            for position, col in enumerate(
                f.get_col(model._meta.db_table) for f in model._meta.concrete_fields
            )
        ]
    names = [field.attname for field in model._meta.concrete_fields]
    made = []
    for row in rows:
        values = list(row[: len(names)])
        for position, functions, col in converters:
            for function in functions:
                values[position] = function(values[position], col, connection)
        made.append(model.from_db(using, names, values))
    return made


_CONVERTERS = {}


class _Statement:
    """A compiled statement, and where each placeholder's value goes in its parameters."""

    def __init__(self, sql, params, placeholders):
        self.sql, self.params, self.slots = sql, tuple(params), []
        for placeholder in placeholders:
            slots = [i for i, value in enumerate(params) if value == placeholder]
            if not slots:
                raise ValueError(f"Cannot find where {placeholder!r} goes in {sql!r}")
            self.slots.append(slots)

    def params_with(self, values):
        """The statement's parameters with `values` in the placeholders' places."""
        params = list(self.params)
        for value, slots in zip(values, self.slots, strict=True):
            for slot in slots:
                params[slot] = value
        return params


class _Plan(_Statement):
    """A compiled statement and what turns each row into what the queryset gives: an
    instance (as ModelIterable), or a values_list() tuple or value."""

    def __init__(self, queryset, placeholders):
        compiler = queryset.query.get_compiler(using=queryset.db)
        super().__init__(*compiler.as_sql(), placeholders)
        select, klass_info = compiler.select, compiler.klass_info
        self.converters = list(
            compiler.get_converters([s[0] for s in select[: compiler.col_count]]).items()
        )
        self.shape = queryset._iterable_class
        if self.shape is not ModelIterable:
            if self.shape not in (ValuesListIterable, FlatValuesListIterable):
                raise TypeError("CompiledQuery reads instances or values_list() rows only")
            self.columns = compiler.col_count
            return
        self.model = klass_info["model"]
        fields = klass_info["select_fields"]
        self.start, self.end = fields[0], fields[-1] + 1
        self.init_list = [f[0].target.attname for f in select[self.start : self.end]]
        self.populators = get_related_populators(klass_info, select, queryset.db)
        self.annotations = list(compiler.annotation_col_map.items())

    def instance(self, row, using, connection):
        row = list(row)
        for position, (converters, expression) in self.converters:
            value = row[position]
            for converter in converters:
                value = converter(value, expression, connection)
            row[position] = value
        if self.shape is ValuesListIterable:
            return tuple(row[: self.columns])
        if self.shape is FlatValuesListIterable:
            return row[0]
        instance = self.model.from_db(using, self.init_list, row[self.start : self.end])
        for populator in self.populators:
            populator.populate(row, instance)
        for name, position in self.annotations:
            setattr(instance, name, row[position])
        return instance
