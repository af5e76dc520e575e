"""config.url_formats gives what ``reverse`` gives, under any script prefix."""

import pytest
from django.urls import NoReverseMatch, reverse, set_script_prefix

from config.url_formats import reverse_ints


@pytest.mark.parametrize("prefix", ["/", "/sub path/", "/{odd}/"])
def test_reverse_ints_is_reverse(prefix):
    set_script_prefix(prefix)
    try:
        for pk, position in [(1, 1), (7, 24), (123_456_789, 32_767), (0, 5)]:
            assert reverse_ints("quizzes:attempt_take", pk) == reverse(
                "quizzes:attempt_take", args=[pk])
            assert reverse_ints("quizzes:response_save", pk, position) == reverse(
                "quizzes:response_save", args=[pk, position])
        assert reverse_ints("quizzes:home") == reverse("quizzes:home")
    finally:
        set_script_prefix("/")


@pytest.mark.parametrize("arg", [True, -1, "12"])
def test_anything_but_a_plain_number_takes_the_ordinary_path(arg):
    """``reverse`` itself answers: a bool or a negative number matches no pattern (a
    sentinel's format would have written it in), a string of digits does."""
    if arg == "12":
        assert reverse_ints("quizzes:attempt_take", arg) == reverse(
            "quizzes:attempt_take", args=[arg])
        return
    with pytest.raises(NoReverseMatch):
        reverse_ints("quizzes:attempt_take", arg)
