"""load_banks and create_demo_users, through call_command."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from accounts.models import User
from quizzes.models import Question, QuestionVersion, Resource, Topic

pytestmark = pytest.mark.django_db
SAMPLE = Path(__file__).resolve().parent.parent / "data" / "sample_bank.yaml"


def load(*paths, **kwargs) -> str:
    out = StringIO()
    call_command("load_banks", *map(str, paths), stdout=out, stderr=StringIO(), **kwargs)
    return out.getvalue()


def test_load_banks_creates_then_is_idempotent():
    assert "created 1 areas, 6 questions" in load(SAMPLE)
    assert "unchanged 1 areas, 6 questions" in load(SAMPLE)
    assert Question.objects.count() == 6 and QuestionVersion.objects.count() == 6


def test_load_banks_changed_stem_becomes_new_version(tmp_path):
    load(SAMPLE)
    changed = tmp_path / "bank.yaml"
    changed.write_text(SAMPLE.read_text().replace("What is $2 + 2$?", "What is $2 + 2$ now?"))
    assert "updated 1 questions" in load(changed)
    q = Question.objects.get(slug="sample-single")
    assert q.versions.count() == 2 and q.current_version.number == 2
    assert "now?" in q.current_version.stem


def test_load_banks_dry_run_writes_nothing():
    assert "Dry run" in load(SAMPLE, dry_run=True)
    assert not Question.objects.exists()


def test_load_banks_problem_loads_nothing_and_names_line(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(SAMPLE.read_text().replace("difficulty: 4", "difficulty: 8"))
    err = StringIO()
    with pytest.raises(CommandError, match="nothing was loaded"):
        call_command("load_banks", str(bad), stdout=StringIO(), stderr=err)
    assert "bad.yaml:line" in err.getvalue() and "difficulty" in err.getvalue()
    assert not Question.objects.exists()


def test_load_banks_resource_with_unknown_topic_is_rejected(tmp_path):
    res = tmp_path / "res.yaml"
    res.write_text("resources:\n  - {slug: r, title: T, provider: P, url: 'https://x.org', "
                   "kind: book, cost: free, level: beginner, hours: 2, description: D, "
                   "topics: [sample/nope]}\n")
    with pytest.raises(CommandError):
        load(SAMPLE, res)
    assert not Resource.objects.exists()


def test_load_banks_missing_file_is_a_clear_error():
    with pytest.raises(CommandError, match="No such file"):
        load("nope.yaml")


def test_create_demo_users_is_idempotent_and_prints_logins(settings):
    settings.DEBUG = True
    out = StringIO()
    call_command("create_demo_users", stdout=out)
    call_command("create_demo_users", stdout=out)
    assert User.objects.count() == 4
    for email in ("learner@example.com", "author@example.com", "reviewer@example.com",
                  "admin@example.com"):
        assert email in out.getvalue()
    assert User.objects.get(email="admin@example.com").is_superuser
    author = User.objects.get(email="author@example.com")
    reviewer = User.objects.get(email="reviewer@example.com")
    # Staff in their group, not superusers: the group's permissions are all they have.
    assert author.is_staff and not author.is_superuser
    assert [g.name for g in author.groups.all()] == ["Authors"]
    assert [g.name for g in reviewer.groups.all()] == ["Reviewers"]
    assert reviewer.has_perm("quizzes.approve_question")
    assert not author.has_perm("quizzes.approve_question")
    assert User.objects.get(email="learner@example.com").check_password("learn-skillcheck")


def test_calibrate_items_stores_parameters_only_where_responses_suffice():
    import numpy as np

    from tests.factories import (
        AttemptFactory,
        QuestionFactory,
        ResponseFactory,
        TopicFactory,
        UserFactory,
    )

    rng = np.random.default_rng(5)
    topic = TopicFactory()
    questions = QuestionFactory.create_batch(3, topic=topic)
    sparse = QuestionFactory(topic=topic)
    for n in range(60):
        theta = rng.normal()
        attempt = AttemptFactory(user=UserFactory(), status="graded")
        for position, (q, b) in enumerate(zip(questions, (-1.0, 0.0, 1.0), strict=True)):
            correct = rng.random() < 1 / (1 + np.exp(-(theta - b)))
            ResponseFactory(attempt=attempt, question=q, version=q.current_version,
                            position=position, credit=float(correct))
        if n < 5:
            ResponseFactory(attempt=attempt, question=sparse, version=sparse.current_version,
                            position=9, credit=1.0)
    out = StringIO()
    call_command("calibrate_items", min_responses=50, stdout=out)
    assert "Calibrated 3 questions in 1 area; 1 keep their tier prior" in out.getvalue()
    fitted = {q.pk: q for q in Question.objects.all()}
    easy, hard = fitted[questions[0].pk], fitted[questions[2].pk]
    assert easy.irt_b < hard.irt_b and easy.irt_n == 60 and easy.calibrated_at
    assert fitted[sparse.pk].irt_a is None and fitted[sparse.pk].calibrated_at is None


def test_calibrate_items_with_no_responses_says_so():
    out = StringIO()
    call_command("calibrate_items", stdout=out)
    assert "nothing to calibrate" in out.getvalue()


def test_load_banks_keeps_inactive_resources_out_of_recommendations(tmp_path):
    load(SAMPLE)
    catalogue = tmp_path / "resources.yaml"
    entry = ("  - slug: {s}\n    title: {s}\n    provider: P\n    url: https://example.com/{s}\n"
             "    kind: book\n    cost: free\n    level: beginner\n    hours: 2\n"
             "    description: D\n    topics: [sample/basics]\n")
    catalogue.write_text("resources:\n" + entry.format(s="live") + entry.format(s="retired")
                         + "    active: false\n")
    load(catalogue)
    assert dict(Resource.objects.values_list("slug", "is_active")) == {"live": True,
                                                                       "retired": False}


def test_load_banks_text_that_does_not_render_loads_nothing_and_says_where(tmp_path):
    """A stray $ in an explanation and an unknown macro in a choice: the whole load is
    refused with file, line, slug, field and reason; not one question is half-loaded."""
    bad = tmp_path / "bad.yaml"
    text = SAMPLE.read_text()
    text = text.replace("Two plus two is four.", "Two plus two is four, $2 + 2 = 4.")
    text = text.replace('- text: "22"', '- text: "$\\\\frob{22}$"')
    bad.write_text(text)
    err = StringIO()
    with pytest.raises(CommandError, match="nothing was loaded"):
        call_command("load_banks", str(bad), stdout=StringIO(), stderr=err)
    message = err.getvalue()
    assert "bad.yaml:line 12: question 'sample-single': explanation: a stray $" in message
    assert "question 'sample-single': choice 4: LaTeX" in message
    assert "unknown command \\frob" in message
    assert not Question.objects.exists() and not QuestionVersion.objects.exists()


def test_load_banks_stores_topic_subtopics_and_question_tags(tmp_path):
    bank = tmp_path / "bank.yaml"
    text = SAMPLE.read_text().replace(
        "    - slug: basics\n      title: Basics\n",
        "    - slug: basics\n      title: Basics\n      subtopics:\n"
        "        - {slug: sums, title: Sums}\n        - {slug: primes, title: Primes}\n", 1)
    text = text.replace("    kind: single\n", "    kind: single\n    tags: [sums]\n", 1)
    bank.write_text(text)
    load(bank)
    topic = Topic.objects.get(slug="basics")
    assert topic.subtopics == [{"slug": "sums", "title": "Sums"},
                               {"slug": "primes", "title": "Primes"}]
    assert Question.objects.get(slug="sample-single").tags == ["sums"]
    # Dropping a subtopic from the file drops it from the topic on the next load.
    bank.write_text(text.replace("        - {slug: primes, title: Primes}\n", ""))
    load(bank)
    topic.refresh_from_db()
    assert topic.subtopics == [{"slug": "sums", "title": "Sums"}]
