"""Write different values to several rows in one UPDATE, without the ORM's CASE/When.

``QuerySet.bulk_update`` keeps grading's query count constant, but it builds and resolves
a ``Case(When(pk=…, then=Value(…)))`` expression for every row and field: 8 ms of CPU for
the 24 answers of an attempt (two fields) and 25 ms for ten ability rows (nine fields),
a third of a submit. The statement it sends is simple, so it is written here directly:

    UPDATE table SET f = CASE id WHEN %s THEN %s … ELSE f END, … WHERE id IN (%s, …)

with each value prepared by its field as ``save()`` would (``get_db_prep_save``) and, on
PostgreSQL, cast to the column's type as Django's own bulk update does there (a bare
parameter in a CASE would otherwise be read as text). Like ``bulk_update``: no
``save()``, no signals, ``auto_now`` fields untouched.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import connections, router
from django.db.models import Model


def bulk_set(objs: Sequence[Model], fields: Iterable[str]) -> int:
    """Write ``fields`` (names, as for ``bulk_update``) of ``objs`` (saved instances of
    one model) in one UPDATE; the number of rows changed."""
    if not objs:
        return 0
    model = type(objs[0])
    meta = model._meta
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    pk = meta.pk
    cast = connection.features.requires_casted_case_in_updates
    ids = [pk.get_db_prep_value(obj.pk, connection) for obj in objs]
    assignments, params = [], []
    for name in fields:
        field = meta.get_field(name)
        column = quote(field.column)
        placeholder = f"CAST(%s AS {field.cast_db_type(connection)})" if cast else "%s"
        for id_, obj in zip(ids, objs, strict=True):
            params += [id_, field.get_db_prep_save(getattr(obj, field.attname), connection)]
        whens = " ".join([f"WHEN %s THEN {placeholder}"] * len(objs))
        assignments.append(f"{column} = CASE {quote(pk.column)} {whens} ELSE {column} END")
    params += ids
    # Only quoted names from the model's options and placeholders: every value is a param.
    sql = (f"UPDATE {quote(meta.db_table)} SET {', '.join(assignments)} "  # noqa: S608
           f"WHERE {quote(pk.column)} IN ({', '.join(['%s'] * len(objs))})")
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount
