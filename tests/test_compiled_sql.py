"""config.compiled_sql: finding where a compiled query's sentinels sit, and binding."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from config.compiled_sql import find_slots


class Int2(int):
    """Like psycopg's small-integer parameter type."""


WHEN = datetime(2001, 2, 3, tzinfo=UTC)


def test_each_sentinel_is_replaced_where_it_sits():
    slots = find_slots(["x", Int2(32687), False, 1_999_999_871, WHEN], (1_999_999_871, 32687,
                                                                         WHEN), where="t")
    assert slots.bind({1_999_999_871: 5, 32687: 2, WHEN: "now"}) == ["x", 2, False, 5, "now"]


def test_a_bool_is_never_a_number_sentinel():
    with pytest.raises(RuntimeError, match="t: a sentinel is missing"):
        find_slots([True, "a"], (1,), where="t")


@pytest.mark.parametrize("params", [[7], [7, 9, 9], ["9", 7]])
def test_a_missing_or_doubled_sentinel_fails_loudly(params):
    with pytest.raises(RuntimeError, match="missing or written twice"):
        find_slots(params, (7, 9), where="t")
