"""Every shipped bank survives an export to GIFT and to Moodle XML and back unchanged;
file sniffing and Moodle's HTML text. Pure: no database."""

from dataclasses import replace

import pytest

from quizzes.formats import gift, moodle_xml
from quizzes.formats.html_text import html_to_markdown
from quizzes.formats.interchange import NOT_TEXT, percent, snap_fraction
from quizzes.formats.question_file import parse_bytes
from quizzes.formats.yaml_bank import parse_bank
from quizzes.services.banks import bank_paths


@pytest.fixture(scope="module")
def shipped():
    banks = [parse_bank(p.read_text(encoding="utf-8")) for p in bank_paths()]
    return [(b.area.slug, q) for b in banks if b.area for q in b.questions]


@pytest.mark.parametrize("module", [gift, moodle_xml], ids=["gift", "xml"])
def test_every_shipped_question_round_trips_unchanged(module, shipped):
    exported = module.dump(shipped)
    assert exported.skipped == []
    result = module.parse(exported.text)
    assert result.messages() == []
    assert len(result.questions) == len(shipped) > 600
    for (_area, original), parsed in zip(shipped, result.questions, strict=True):
        back = parsed.question
        # Content (what a version holds), identity, topic, tags and tier all survive.
        assert back.content_hash() == original.content_hash(), original.slug
        assert replace(back, line=0) == replace(original, line=0)
        assert parsed.kind == original.kind


@pytest.mark.parametrize(("value", "fraction"), [(1 / 3, 0.3333333), (-1 / 7, -0.1428571),
                                             (0.35, None), (1.5, None), (-1.0, -1.0)])
def test_snap_fraction_accepts_only_moodles_grades(value, fraction):
    assert snap_fraction(value) == fraction


def test_percent_is_written_as_moodle_writes_grades():
    assert [percent(f) for f in (1.0, 0.3333333, -0.5, 0.0, 0.1428571)] == \
        ["100", "33.33333", "-50", "0", "14.28571"]


@pytest.mark.parametrize("raw", [b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", b"\xff\xfe\x00a",
                                 b"text with a NUL \x00 byte"])
def test_binary_upload_is_a_file_problem(raw):
    fmt, result = parse_bytes(raw)
    assert (fmt, result.problems, result.questions) == ("", [NOT_TEXT], [])


def test_upload_is_sniffed_by_its_first_character():
    assert parse_bytes(b"\xef\xbb\xbf  <quiz></quiz>")[0] == "xml"
    assert parse_bytes(b"::A:: a {T}")[0] == "gift"


def test_html_text_becomes_markdown_keeping_code_and_emphasis():
    html = ("<p>Run <code>ls -l</code> and <b>read</b> it:</p><pre><code>a  &lt; b\n"
            "  c</code></pre><ul><li>one</li><li><em>two</em></li></ul><img src=x>")
    assert html_to_markdown(html) == ("Run `ls -l` and **read** it:\n\n```text\na  < b\n"
                                      "  c\n```\n\n- one\n- *two*")
