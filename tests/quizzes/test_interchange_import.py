"""Importing GIFT / Moodle XML into an area (all or nothing, drafts, versions only when the
content changed) and the export and import commands."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from quizzes.formats import gift, moodle_xml
from quizzes.formats.question_file import parse_bytes
from quizzes.models import Choice, Question, QuestionStatus, QuestionVersion
from quizzes.rendering import STRAY_DOLLAR
from quizzes.services.interchange import (
    CREATE,
    NEW_VERSION,
    NOT_A_TOPIC,
    OTHER_AREA,
    UNCHANGED,
    questions_export,
    questions_import,
)
from tests.factories import AreaFactory, QuestionFactory, ResponseFactory, TopicFactory

pytestmark = pytest.mark.django_db

GIFT = """$CATEGORY: $course$/top/History/Presidents

// [id:grant-tomb] [tag:tombs] [tag:tier-2]
::Grant's tomb::[markdown]Who is buried in **Grant's tomb**?
{=Grant #Yes. ~No one #It is a tomb. ~Lincoln ####He and his wife lie there.}

::Born::In which year was Grant born? {#1822:0####He was born in 1822.}
"""


@pytest.fixture
def area():
    area = AreaFactory(slug="history")
    TopicFactory(area=area, slug="presidents", title="Presidents")
    TopicFactory(area=area, slug="wars", title="Wars")
    return area


def run_import(area, text: str, **kwargs):
    return questions_import(area=area, parsed=parse_bytes(text.encode())[1], **kwargs)


def test_import_creates_drafts_with_topic_tags_tier_and_a_first_version(area):
    report = run_import(area, GIFT)
    assert report.ok and report.written
    assert [(r.slug, r.action, r.topic) for r in report.rows] == [
        ("grant-tomb", CREATE, "presidents"), ("born", CREATE, "presidents")]
    grant = Question.objects.get(slug="grant-tomb")
    assert (grant.status, grant.tags, grant.topic.slug) == (QuestionStatus.DRAFT, ["tombs"],
                                                            "presidents")
    v = grant.current_version
    assert (v.number, v.kind, v.difficulty) == (1, "single", 2)
    assert [(c.text, c.fraction, c.feedback) for c in v.choices.order_by("order")] == [
        ("Grant", 1.0, "Yes."), ("No one", 0.0, "It is a tomb."), ("Lincoln", 0.0, "")]
    assert Question.objects.get(slug="born").current_version.data["answer"] == 1822.0


def test_reimport_of_the_same_file_changes_nothing(area):
    run_import(area, GIFT)
    report = run_import(area, GIFT)
    assert [r.action for r in report.rows] == [UNCHANGED, UNCHANGED]
    assert QuestionVersion.objects.count() == 2


def test_changed_content_becomes_a_new_version_and_the_answered_one_stays(area):
    run_import(area, GIFT)
    grant = Question.objects.get(slug="grant-tomb")
    answered = grant.current_version
    ResponseFactory(question=grant, version=answered,
                    attempt__assessment__area=area)
    report = run_import(area, GIFT.replace("Who is buried", "Who lies"))
    assert [r.action for r in report.rows] == [NEW_VERSION, UNCHANGED]
    grant.refresh_from_db()
    assert grant.current_version.number == 2 and grant.current_version.stem.startswith("Who lies")
    answered.refresh_from_db()
    assert answered.stem.startswith("Who is buried")  # invariant 1


@pytest.mark.parametrize(("may_publish", "status", "unpublished"), [
    (False, QuestionStatus.DRAFT, 1), (True, QuestionStatus.LIVE, 0)])
def test_an_authors_new_version_of_a_live_question_waits_for_review(area, may_publish,
                                                                     status, unpublished):
    run_import(area, GIFT)
    Question.objects.update(status=QuestionStatus.LIVE)
    report = run_import(area, GIFT.replace("Who is buried", "Who lies"),
                        may_publish=may_publish)
    assert report.unpublished == unpublished
    statuses = dict(Question.objects.values_list("slug", "status"))
    assert statuses == {"grant-tomb": status, "born": QuestionStatus.LIVE}  # born: unchanged


def test_one_bad_question_writes_nothing(area):
    bad = GIFT + "\n::Cost::It costs $5 {#5:0####Five.}\n"
    report = run_import(area, bad)
    assert not report.ok and not report.written
    assert report.rows[2].errors == [f"stem: {STRAY_DOLLAR.format(context='It costs $5')}"]
    assert Question.objects.count() == 0


def test_topic_outside_the_area_is_an_error(area):
    report = run_import(area, GIFT.replace("Presidents", "Kings"))
    assert report.rows[0].errors == [NOT_A_TOPIC.format(topic="Kings", area="history",
                                                        topics="presidents, wars")]
    assert Question.objects.count() == 0


def test_slug_of_another_area_is_an_error(area):
    QuestionFactory(slug="born")
    report = run_import(area, GIFT)
    assert report.rows[1].errors == [OTHER_AREA.format(slug="born", area=Question.objects.get(
        slug="born").topic.area.slug)]
    assert not Question.objects.filter(slug="grant-tomb").exists()


def test_dry_run_reports_and_writes_nothing(area):
    report = run_import(area, GIFT, dry_run=True)
    assert report.ok and not report.written and report.summary() == "2 new"
    assert Question.objects.count() == 0


@pytest.mark.parametrize("fmt", ["gift", "xml"])
def test_export_then_import_into_the_same_area_is_unchanged(area, fmt):
    topic = area.topics.get(slug="wars")
    kinds = ["single", "multiple", "truefalse", "numeric", "text", "ordering"]
    for i, kind in enumerate(kinds):
        QuestionFactory(topic=topic, slug=f"q-{kind}", tags=["t"], version__kind=kind,
                        version__difficulty=1 + i % 5)
    # Ordering items carry no feedback in bank files, GIFT or the ordering plugin's XML.
    Choice.objects.filter(version__kind="ordering").update(feedback="")
    exported = questions_export(questions=Question.objects.all(), fmt=fmt)
    assert exported.skipped == []
    report = run_import(area, exported.text)
    assert report.messages() == []
    assert [r.action for r in report.rows] == [UNCHANGED] * 6


def test_export_command_writes_a_file_the_import_command_reads(area, tmp_path):
    run_import(area, GIFT)
    out = tmp_path / "history.xml"
    call_command("export_questions", "--format", "xml", "--area", "history", "-o", str(out),
                 stdout=StringIO())
    assert moodle_xml.parse(out.read_text()).ok
    stdout = StringIO()
    call_command("import_questions", str(out), "--area", "history", "--dry-run", stdout=stdout)
    assert "Dry run, nothing written: 2 unchanged (xml, 2 questions)" in stdout.getvalue()


def test_export_command_prints_to_stdout():
    QuestionFactory(slug="only-one")
    stdout = StringIO()
    call_command("export_questions", "--format", "gift", stdout=stdout)
    assert [p.question.slug for p in gift.parse(stdout.getvalue()).questions] == ["only-one"]


def test_import_command_prints_each_error_and_writes_nothing(area, tmp_path):
    path = tmp_path / "q.gift.txt"
    path.write_text(GIFT.replace("{#1822:0", "{#=1822:0 =%50%1800:5"))
    stderr = StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_questions", str(path), "--area", "history", stderr=stderr)
    assert f"question 2, line 7 (Born): {gift.NUMERIC_ONE}" in stderr.getvalue()
    assert Question.objects.count() == 0


def test_import_command_unknown_area_is_a_clear_error(tmp_path):
    path = tmp_path / "q.txt"
    path.write_text(GIFT)
    with pytest.raises(CommandError, match="No area with slug 'nowhere'"):
        call_command("import_questions", str(path), "--area", "nowhere")


def test_report_summary_counts_each_action(area):
    run_import(area, GIFT)
    changed = GIFT.replace("Who is buried", "Who lies") + \
        "\n::Third::Is this new? {T####Yes, it is new.}\n"
    report = run_import(area, changed, dry_run=True)
    assert [r.action for r in report.rows] == [NEW_VERSION, UNCHANGED, CREATE]
    assert report.summary() == "1 new, 1 new version, 1 unchanged"


def test_export_costs_two_queries_whatever_the_number_of_questions(
        area, django_assert_num_queries):
    """No N+1 over questions or choices: one query for questions with topic, area and
    version, one for every version's choices."""
    for i in range(5):
        QuestionFactory(topic=area.topics.first(), slug=f"q-{i}")
    with django_assert_num_queries(2):
        exported = questions_export(questions=Question.objects.all(), fmt="xml")
    assert len(moodle_xml.parse(exported.text).questions) == 5


def test_import_preview_costs_the_same_queries_for_one_or_many_questions(
        area, django_assert_num_queries):
    """Checking a file against the database reads topics, existing questions and their
    choices once, not per question (savepoint and release of the transaction aside)."""
    many = GIFT + "".join(f"\n::Extra {i}::Extra {i}? {{T####Yes, it is.}}\n" for i in range(20))
    run_import(area, many)
    with django_assert_num_queries(5):
        report = run_import(area, many, dry_run=True)
    assert len(report.rows) == 22 and report.ok


@pytest.mark.parametrize("fmt", ["gift", "xml"])
def test_a_loaded_shipped_bank_exported_and_imported_back_is_unchanged(fmt, tmp_path):
    """The maths bank (LaTeX, code, every kind) through the database: load_banks, the
    export command, then the import command finds every question unchanged."""
    from quizzes.services.banks import BANKS_DIR, banks_load

    assert not banks_load(paths=[BANKS_DIR / "maths.yaml"]).problems
    out = tmp_path / f"maths.{fmt}"
    call_command("export_questions", "--format", fmt, "--area", "maths", "-o", str(out),
                 stdout=StringIO())
    stdout = StringIO()
    call_command("import_questions", str(out), "--area", "maths", stdout=stdout)
    n = Question.objects.filter(topic__area__slug="maths").count()
    assert n > 80 and stdout.getvalue().strip() == f"{n} unchanged ({fmt}, {n} questions)."
