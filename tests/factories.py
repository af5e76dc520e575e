"""factory-boy factories for every model. Defaults satisfy every constraint."""

from __future__ import annotations

from datetime import timedelta

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from accounts.models import User
from quizzes.models import (
    AbilityEstimate,
    Area,
    Assessment,
    AssessmentTopic,
    Attempt,
    Choice,
    Question,
    QuestionVersion,
    Resource,
    ResourceMark,
    Response,
    ReviewCard,
    Topic,
)


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"learner{n}@example.com")
    display_name = factory.Faker("first_name")

    @factory.post_generation
    def password(obj, create, extracted, **kwargs):
        obj.set_password(extracted or "correct-horse-battery")
        if create:
            obj.save(update_fields=["password"])


class AreaFactory(DjangoModelFactory):
    class Meta:
        model = Area
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"area-{n}")
    title = factory.LazyAttribute(lambda o: o.slug.replace("-", " ").title())
    description = "An area."


class TopicFactory(DjangoModelFactory):
    class Meta:
        model = Topic

    area = factory.SubFactory(AreaFactory)
    slug = factory.Sequence(lambda n: f"topic-{n}")
    title = factory.LazyAttribute(lambda o: o.slug.replace("-", " ").title())


class QuestionFactory(DjangoModelFactory):
    """A live question with a current version: single choice, one right and three wrong,
    unless ``version__kind=…``, ``version__difficulty=…`` or ``version__choices=[(text,
    fraction), …]`` say otherwise."""

    class Meta:
        model = Question
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"question-{n}")
    topic = factory.SubFactory(TopicFactory)
    status = "live"

    @factory.post_generation
    def version(obj, create, extracted, **kwargs):
        if not create or extracted is False:  # False: the caller makes the version
            return
        version = extracted or QuestionVersionFactory(question=obj, **kwargs)
        obj.current_version = version
        obj.save(update_fields=["current_version"])


DEFAULT_DATA = {
    "single": {"shuffle": True},
    "multiple": {"shuffle": True},
    "truefalse": {},
    "numeric": {"answer": 2.5, "tolerance": 0.01, "tolerance_mode": "absolute", "unit": ""},
    "text": {"accepted": ["git stash", "stash"], "case_sensitive": False},
    "ordering": {"partial_credit": False},
}
DEFAULT_CHOICES = {
    "single": [("Right", 1.0), ("Wrong A", 0.0), ("Wrong B", 0.0), ("Wrong C", 0.0)],
    "multiple": [("Yes 1", 0.5), ("Yes 2", 0.5), ("No 1", -0.5), ("No 2", -0.5)],
    "truefalse": [("True", 1.0), ("False", 0.0)],
    "numeric": [],
    "text": [],
    "ordering": [("First", 0.0), ("Second", 0.0), ("Third", 0.0), ("Fourth", 0.0)],
}


class QuestionVersionFactory(DjangoModelFactory):
    class Meta:
        model = QuestionVersion
        skip_postgeneration_save = True

    question = factory.SubFactory(QuestionFactory, version=False)
    number = factory.LazyAttribute(lambda o: o.question.versions.count() + 1)
    kind = "single"
    difficulty = 3
    stem = factory.Sequence(lambda n: f"Question stem {n}: what is $x^2$?")
    explanation = "Because **reasons**."
    data = factory.LazyAttribute(lambda o: dict(DEFAULT_DATA[o.kind]))

    @factory.post_generation
    def choices(obj, create, extracted, **kwargs):
        if not create:
            return
        rows = extracted if extracted is not None else DEFAULT_CHOICES[obj.kind]
        Choice.objects.bulk_create([
            Choice(version=obj, order=i, text=text, fraction=fraction,
                   feedback=f"Feedback on {text}.")
            for i, (text, fraction) in enumerate(rows, start=1)
        ])


class ChoiceFactory(DjangoModelFactory):
    class Meta:
        model = Choice

    version = factory.SubFactory(QuestionVersionFactory)
    order = factory.Sequence(lambda n: n + 100)
    text = factory.Sequence(lambda n: f"Choice {n}")
    fraction = 0.0


class AssessmentFactory(DjangoModelFactory):
    """An assessment drawing ``per_topic`` questions from each of ``topics``."""

    class Meta:
        model = Assessment
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"assessment-{n}")
    title = factory.Sequence(lambda n: f"Assessment {n}")
    area = factory.SubFactory(AreaFactory)
    description = "A **short** assessment."
    mode = "fixed"
    time_limit_minutes = 20
    shuffle_choices = True
    feedback = "deferred"

    @factory.post_generation
    def topics(obj, create, extracted, per_topic=5, **kwargs):
        if not create or not extracted:
            return
        for topic in extracted:
            AssessmentTopic.objects.create(assessment=obj, topic=topic, count=per_topic)


class AssessmentTopicFactory(DjangoModelFactory):
    class Meta:
        model = AssessmentTopic

    assessment = factory.SubFactory(AssessmentFactory)
    topic = factory.SubFactory(TopicFactory)
    count = 5


class AttemptFactory(DjangoModelFactory):
    class Meta:
        model = Attempt

    user = factory.SubFactory(UserFactory)
    assessment = factory.SubFactory(AssessmentFactory)
    status = "in_progress"
    started_at = factory.LazyFunction(timezone.now)
    deadline = factory.LazyAttribute(lambda o: o.started_at + timedelta(minutes=20))
    # A graded attempt was submitted (the grading service always sets it).
    submitted_at = factory.LazyAttribute(
        lambda o: o.started_at + timedelta(minutes=10) if o.status == "graded" else None)


class ResponseFactory(DjangoModelFactory):
    """A response whose question belongs to the attempt's assessment area."""

    class Meta:
        model = Response

    attempt = factory.SubFactory(AttemptFactory)
    question = factory.SubFactory(
        QuestionFactory, topic=factory.SubFactory(
            TopicFactory, area=factory.SelfAttribute("...attempt.assessment.area")))
    version = factory.LazyAttribute(lambda o: o.question.current_version)
    position = factory.Sequence(lambda n: n + 1)
    choice_order = factory.LazyAttribute(
        lambda o: [c.pk for c in o.version.choices.order_by("order")])


class ResourceFactory(DjangoModelFactory):
    class Meta:
        model = Resource
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"resource-{n}")
    title = factory.Sequence(lambda n: f"Resource {n}")
    provider = "Provider"
    url = factory.Sequence(lambda n: f"https://example.org/r/{n}")
    kind = "course"
    cost = "free"
    level = "beginner"
    hours = 6
    description = "Learn things."

    @factory.post_generation
    def topics(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.topics.set(extracted)


class ResourceMarkFactory(DjangoModelFactory):
    class Meta:
        model = ResourceMark

    user = factory.SubFactory(UserFactory)
    resource = factory.SubFactory(ResourceFactory)
    status = "done"


class AbilityEstimateFactory(DjangoModelFactory):
    class Meta:
        model = AbilityEstimate

    user = factory.SubFactory(UserFactory)
    area = factory.SubFactory(AreaFactory)
    topic = None
    theta = 0.0
    se = 0.5
    measured_at = factory.LazyFunction(timezone.now)


class ReviewCardFactory(DjangoModelFactory):
    class Meta:
        model = ReviewCard

    user = factory.SubFactory(UserFactory)
    question = factory.SubFactory(QuestionFactory)
    state = factory.LazyFunction(dict)
    due = factory.LazyFunction(timezone.now)
