"""Areas, topics, questions with immutable versions, assessments, attempts, responses,
resources and review cards (DESIGN.md §2). Business rules live in services, not here."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Count, F, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.functional import cached_property

from . import grading, imagecheck, measurement, sampling
from .levels import Level, level_for


class Area(models.Model):
    slug = models.SlugField(unique=True)
    title = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("quizzes:area_detail", args=[self.slug])


class Topic(models.Model):
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="topics")
    slug = models.SlugField()
    title = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    #: What the topic tests, as the bank lists it: [{"slug": ..., "title": ...}, ...];
    #: questions name theirs in ``Question.tags`` (docs/bank-format.md).
    subtopics = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["area__order", "order", "title"]
        constraints = [
            models.UniqueConstraint(fields=["area", "slug"], name="topic_unique_slug_per_area"),
        ]

    def __str__(self) -> str:
        return f"{self.area.title} › {self.title}"

    @property
    def ref(self) -> str:
        return f"{self.area.slug}/{self.slug}"


class QuestionKind(models.TextChoices):
    SINGLE = "single", "Single choice"
    MULTIPLE = "multiple", "Multiple choice (select all that apply)"
    TRUEFALSE = "truefalse", "True / false"
    NUMERIC = "numeric", "Numeric"
    TEXT = "text", "Short text"
    ORDERING = "ordering", "Ordering"


CHOICE_KINDS = {QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.TRUEFALSE,
                QuestionKind.ORDERING}


class QuestionStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    LIVE = "live", "Live"
    RETIRED = "retired", "Retired"


class QuestionQuerySet(models.QuerySet):
    def live(self):
        return self.filter(status=QuestionStatus.LIVE, current_version__isnull=False)


class Question(models.Model):
    """A bank entry with a stable slug. Its content lives in immutable versions."""

    slug = models.SlugField(max_length=120, unique=True)
    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, related_name="questions")
    # A new question is a draft until someone makes it live (bank loads say so themselves).
    status = models.CharField(max_length=10, choices=QuestionStatus.choices,
                              default=QuestionStatus.DRAFT)
    current_version = models.ForeignKey(
        "QuestionVersion", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    tags = models.JSONField(default=list, blank=True)
    # IRT 2PL parameters from calibration (null until calibrated; the tier prior is used).
    irt_a = models.FloatField(null=True, blank=True)
    irt_b = models.FloatField(null=True, blank=True)
    irt_se_a = models.FloatField(null=True, blank=True)
    irt_se_b = models.FloatField(null=True, blank=True)
    irt_n = models.PositiveIntegerField(null=True, blank=True)
    calibrated_at = models.DateTimeField(null=True, blank=True)
    # Who last made it live, and when (quizzes.services.approval); the admin's History
    # shows every change.
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = QuestionQuerySet.as_manager()

    class Meta:
        ordering = ["topic__area__order", "topic__order", "slug"]
        permissions = [("approve_question", "Can approve questions to live")]
        constraints = [
            models.CheckConstraint(condition=Q(irt_a__isnull=True) | Q(irt_a__gt=0),
                                   name="question_irt_a_positive"),
        ]

    def __str__(self) -> str:
        return self.slug


class QuestionVersion(models.Model):
    """Immutable content of a question. Attempts point at the version they showed."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    kind = models.CharField(max_length=10, choices=QuestionKind.choices)
    difficulty = models.PositiveSmallIntegerField(default=3, help_text="1 very easy … 5 very hard")
    stem = models.TextField(help_text="Markdown; $…$ and $$…$$ for LaTeX; fenced code.")
    explanation = models.TextField(blank=True)
    # Kind-specific key: numeric {answer, tolerance, tolerance_mode, unit};
    # text {accepted, case_sensitive}; ordering {partial_credit}; single/multiple {shuffle}.
    data = models.JSONField(default=dict, blank=True)
    content_hash = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["question", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["question", "number"],
                                    name="questionversion_unique_number"),
            models.CheckConstraint(condition=Q(difficulty__gte=1) & Q(difficulty__lte=5),
                                   name="questionversion_difficulty_1_to_5"),
            models.CheckConstraint(condition=Q(number__gte=1), name="questionversion_number_gte_1"),
        ]

    def __str__(self) -> str:
        return f"{self.question.slug} v{self.number}"

    def answer_key(self, choices=None) -> grading.AnswerKey:
        """The pure grading key. ``choices`` avoids a query when already loaded."""
        choices = list(self.choices.all()) if choices is None else choices
        return grading.key_from_data(
            self.kind, tuple(grading.ChoiceKey(c.id, c.fraction) for c in choices),
            self.data or {})


class Choice(models.Model):
    """An option of a choice question, or an item of an ordering question (``order`` is
    then its place in the correct order)."""

    version = models.ForeignKey(QuestionVersion, on_delete=models.CASCADE, related_name="choices")
    order = models.PositiveSmallIntegerField()
    text = models.TextField()
    fraction = models.FloatField(default=0.0)
    feedback = models.TextField(blank=True)

    class Meta:
        ordering = ["version", "order"]
        constraints = [
            models.UniqueConstraint(fields=["version", "order"], name="choice_unique_order"),
            models.CheckConstraint(condition=Q(fraction__gte=-1) & Q(fraction__lte=1),
                                   name="choice_fraction_range"),
        ]

    def __str__(self) -> str:
        return self.text[:60]


class AssessmentMode(models.TextChoices):
    FIXED = "fixed", "Fixed form"
    ADAPTIVE = "adaptive", "Adaptive"
    PRACTICE = "practice", "Practice"


class FeedbackTiming(models.TextChoices):
    DEFERRED = "deferred", "At the end"
    IMMEDIATE = "immediate", "After each answer"


class AssessmentQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


class Assessment(models.Model):
    slug = models.SlugField(unique=True)
    title = models.CharField(max_length=160)
    area = models.ForeignKey(Area, null=True, blank=True, on_delete=models.PROTECT,
                             related_name="assessments",
                             help_text="Empty for an assessment across areas.")
    description = models.TextField(blank=True)
    mode = models.CharField(max_length=10, choices=AssessmentMode.choices,
                            default=AssessmentMode.FIXED)
    time_limit_minutes = models.PositiveIntegerField(null=True, blank=True)
    shuffle_choices = models.BooleanField(default=True)
    feedback = models.CharField(max_length=10, choices=FeedbackTiming.choices,
                                default=FeedbackTiming.DEFERRED)
    attempts_allowed = models.PositiveIntegerField(default=0, help_text="0 = unlimited")
    cooldown_hours = models.PositiveIntegerField(
        default=0, help_text="Hours a learner waits after submitting an attempt before "
                             "starting the next one. 0 = no wait.")
    per_area = models.PositiveSmallIntegerField(
        default=0, help_text="0: each listed topic gives its own count of questions. "
                             "N > 0: each attempt draws N questions from every area among the "
                             "listed topics, one per topic, the topics the learner has seen "
                             "least first (so retakes rotate through all of them); the topic "
                             "counts are then not used.")
    is_published = models.BooleanField(default=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                              on_delete=models.CASCADE, related_name="+",
                              help_text="Set for a learner's own practice set.")
    created_at = models.DateTimeField(auto_now_add=True)
    # Adaptive only: the lengths its stop rule reaches with the current item parameters,
    # by simulation (services.adaptive.assessment_simulate_lengths); never hand-written.
    length_stats = models.JSONField(null=True, blank=True, editable=False)

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["area__order", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(time_limit_minutes__isnull=True) | Q(time_limit_minutes__gt=0),
                name="assessment_time_limit_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("quizzes:assessment_detail", args=[self.slug])

    @cached_property
    def question_count(self) -> int:
        """How many questions an attempt will really contain: computed from the draws and
        the live questions of their topics (``sampling.attempt_length``), never typed.
        Draws prefetched with ``AssessmentTopic.objects.with_live_count()`` cost no query;
        otherwise the draws are read once, with their counts."""
        draws = list(self.draws.all())
        if any(getattr(d, "live_count", None) is None for d in draws):
            draws = list(AssessmentTopic.objects.filter(assessment=self).with_live_count())
        adaptive_max = None
        if self.mode == AssessmentMode.ADAPTIVE:
            adaptive_max = measurement.adaptive_rule(sum(d.count for d in draws)).max_items
        return sampling.attempt_length(((d.area_key, d.count, d.live_count) for d in draws),
                                       per_area=self.per_area, adaptive_max=adaptive_max)

    @property
    def length_claim(self) -> str:
        """Adaptive only: how long it usually runs, computed by simulating its stop rule
        with the current question parameters ("" until simulated)."""
        return measurement.length_claim(measurement.LengthStats.from_dict(self.length_stats))


class AssessmentTopicQuerySet(models.QuerySet):
    def with_live_count(self):
        """Each draw with ``live_count`` (live questions in its topic) and ``area_key``
        (its topic's area), in the same query: what ``Assessment.question_count`` needs."""
        live = (Question.objects.live().filter(topic=OuterRef("topic")).order_by()
                .values("topic").annotate(n=Count("pk")).values("n"))
        return self.annotate(live_count=Coalesce(Subquery(live), 0),
                             area_key=F("topic__area_id"))


class AssessmentTopic(models.Model):
    """How many questions an assessment draws from one topic."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="draws")
    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, related_name="+")
    count = models.PositiveSmallIntegerField(default=5)

    objects = AssessmentTopicQuerySet.as_manager()

    class Meta:
        ordering = ["assessment", "topic__order"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "topic"],
                                    name="assessmenttopic_unique_topic"),
            models.CheckConstraint(condition=Q(count__gt=0), name="assessmenttopic_count_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.count} × {self.topic}"


class AttemptStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", "In progress"
    GRADED = "graded", "Graded"


class AttemptQuerySet(models.QuerySet):
    def for_history(self, user):
        """The learner's attempts with what the history page shows, in one query."""
        return (self.filter(user=user).select_related("assessment__area")
                .order_by("-started_at"))


class Attempt(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="attempts")
    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="attempts")
    status = models.CharField(max_length=12, choices=AttemptStatus.choices,
                              default=AttemptStatus.IN_PROGRESS)
    started_at = models.DateTimeField()
    deadline = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    expired = models.BooleanField(default=False, help_text="Graded because time ran out.")
    score = models.FloatField(null=True, blank=True, help_text="Fraction of full credit, 0–1.")
    theta = models.FloatField(null=True, blank=True)
    se = models.FloatField(null=True, blank=True)
    # Per-topic results computed at grading: {"area/topic": {...}}.
    topic_results = models.JSONField(default=dict, blank=True)
    # Per-area results of an attempt across areas, computed at grading (the area's ability
    # from every answer that counts up to this attempt): {"area-slug": {...}}.
    area_results = models.JSONField(default=dict, blank=True)

    objects = AttemptQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "assessment"],
                condition=Q(status="in_progress"),
                name="attempt_one_open_per_user_assessment",
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | (Q(score__gte=0) & Q(score__lte=1)),
                name="attempt_score_range"),
            models.CheckConstraint(
                condition=Q(deadline__isnull=True) | Q(deadline__gt=F("started_at")),
                name="attempt_deadline_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.assessment} · {self.started_at:%Y-%m-%d %H:%M}"

    def get_absolute_url(self) -> str:
        if self.status == AttemptStatus.GRADED:
            return reverse("quizzes:attempt_result", args=[self.pk])
        return reverse("quizzes:attempt_take", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status == AttemptStatus.IN_PROGRESS


class ResponseQuerySet(models.QuerySet):
    def with_content(self):
        """Responses with their version, question, topic and ordered choices: the take and
        result pages touch all of them, in a fixed number of queries."""
        return self.select_related(
            "version", "question__topic__area"
        ).prefetch_related(
            Prefetch("version__choices", queryset=Choice.objects.order_by("order"))
        ).order_by("position")


class Response(models.Model):
    """One question (as a fixed version) in an attempt, and the learner's answer to it."""

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="responses")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="responses")
    version = models.ForeignKey(QuestionVersion, on_delete=models.PROTECT,
                                related_name="responses")
    position = models.PositiveSmallIntegerField()
    # The order choices were shown in (choice ids), fixed at the draw.
    choice_order = models.JSONField(default=list, blank=True)
    # {"choices": [ids]} | {"value": "raw text", "number": 2448.0} | {"text": "..."}
    # | {"order": [ids]}
    answer = models.JSONField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    seconds = models.FloatField(null=True, blank=True, help_text="Time on the question.")
    shown_at = models.DateTimeField(null=True, blank=True)
    flagged = models.BooleanField(default=False)
    locked = models.BooleanField(default=False, help_text="Answer final; feedback may show.")
    # The client's sequence number of the stored answer: a write carrying an older one
    # (an autosave that finished after a later "Save and next") is refused in the UPDATE.
    seq = models.PositiveIntegerField(default=0)
    credit = models.FloatField(null=True, blank=True)

    objects = ResponseQuerySet.as_manager()

    class Meta:
        ordering = ["attempt", "position"]
        constraints = [
            models.UniqueConstraint(fields=["attempt", "question"],
                                    name="response_unique_question_per_attempt"),
            models.UniqueConstraint(fields=["attempt", "position"],
                                    name="response_unique_position_per_attempt"),
            models.CheckConstraint(
                condition=Q(credit__isnull=True) | (Q(credit__gte=0) & Q(credit__lte=1)),
                name="response_credit_range"),
        ]

    def __str__(self) -> str:
        return f"{self.attempt_id} #{self.position} {self.question_id}"

    @property
    def is_answered(self) -> bool:
        return self.answer is not None


class ResourceKind(models.TextChoices):
    COURSE = "course", "Course"
    BOOK = "book", "Book"
    VIDEO = "video", "Video"
    DOCUMENTATION = "documentation", "Documentation"
    CERTIFICATION = "certification", "Certification"
    PRACTICE = "practice", "Practice"
    TOOL = "tool", "Tool"


class ResourceCost(models.TextChoices):
    FREE = "free", "Free"
    FREEMIUM = "freemium", "Free with paid extras"
    PAID = "paid", "Paid"


class ResourceLevel(models.TextChoices):
    BEGINNER = "beginner", "Beginner"
    INTERMEDIATE = "intermediate", "Intermediate"
    ADVANCED = "advanced", "Advanced"


class Resource(models.Model):
    slug = models.SlugField(max_length=120, unique=True)
    title = models.CharField(max_length=200)
    provider = models.CharField(max_length=120)
    url = models.URLField(max_length=500)
    kind = models.CharField(max_length=16, choices=ResourceKind.choices)
    cost = models.CharField(max_length=10, choices=ResourceCost.choices)
    level = models.CharField(max_length=14, choices=ResourceLevel.choices)
    hours = models.FloatField()
    description = models.CharField(max_length=300)
    topics = models.ManyToManyField(Topic, related_name="resources")
    is_active = models.BooleanField(default=True)
    #: Chapters or modules of a long resource: [{"title", "hours", "topics": ["area/topic"]}]
    #: (docs/bank-format.md §2). The plan offers only the sections that serve a gap.
    sections = models.JSONField(default=list, blank=True)
    path = models.CharField(max_length=16, blank=True, choices=[
        ("project", "Project"), ("competition", "Competition"),
        ("open-source", "Open source"), ("certification", "Certification")],
        help_text="A path beyond the basics (the seed article's): offered as a stretch goal.")

    class Meta:
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(condition=Q(hours__gt=0), name="resource_hours_positive"),
        ]

    def __str__(self) -> str:
        return self.title


class ResourceMark(models.Model):
    """A learner marked a resource done or not useful; the study plan follows."""

    class Status(models.TextChoices):
        DONE = "done", "Done"
        NOT_USEFUL = "not_useful", "Not useful"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="resource_marks")
    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=12, choices=Status.choices)
    marked_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "resource"], name="resourcemark_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.resource} · {self.status}"


class AbilityEstimate(models.Model):
    """A learner's latest ability in an area or one of its topics, from graded responses."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="abilities")
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="+")
    topic = models.ForeignKey(Topic, null=True, blank=True, on_delete=models.CASCADE,
                              related_name="+")
    theta = models.FloatField()
    se = models.FloatField()
    correct = models.FloatField(default=0)
    answered = models.PositiveIntegerField(default=0)
    attempt = models.ForeignKey(Attempt, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+")
    measured_at = models.DateTimeField()
    #: The estimate this one replaced (None: the first measurement), so the study plan can
    #: say what changed after a retake.
    previous_theta = models.FloatField(null=True, blank=True)
    previous_se = models.FloatField(null=True, blank=True)
    previous_correct = models.FloatField(null=True, blank=True)
    previous_answered = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "area"], condition=Q(topic__isnull=True),
                                    name="ability_unique_area"),
            models.UniqueConstraint(fields=["user", "topic"], condition=Q(topic__isnull=False),
                                    name="ability_unique_topic"),
            models.CheckConstraint(condition=Q(se__gt=0), name="ability_se_positive"),
        ]
        indexes = [
            # The result page's standing among other learners counts the area's abilities
            # below and equal to the learner's: a range of this index, not every learner's
            # row of every area (4 ms at 3,000 rows before).
            models.Index(fields=["area", "theta", "user"], condition=Q(topic__isnull=True),
                         name="ability_area_theta"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.topic or self.area} θ={self.theta:.2f}"

    @property
    def level(self) -> Level:
        return level_for(self.theta)

    @property
    def level_label(self) -> str:
        return self.level.label

    @property
    def level_slug(self) -> str:
        return self.level.name.lower()


class AbilityBucket(models.Model):
    """How many learners' area estimates (``AbilityEstimate`` with no topic) fall in one
    band of θ, ``PER_UNIT`` bands per unit: band ``floor(θ × 20)``, 0.05 wide.

    Database triggers keep it (migration 0013): every insert, update and delete of an area
    estimate, by any path (grading, a regrade, an account's deletion, the admin), moves the
    count in the same transaction. The result page's standing among other learners sums
    these rows and counts only the learners in the learner's own band, so it no longer
    reads one row per learner in the area (28 ms at 100,000 learners)."""

    PER_UNIT = 20  # the triggers' SQL writes the same number

    # No index of its own: the unique (area, bucket) serves every read by area.
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="+", db_index=False)
    bucket = models.IntegerField()
    learners = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["area", "bucket"], name="ability_bucket_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.area_id} · band {self.bucket}: {self.learners}"


class ReviewCard(models.Model):
    """Spaced-repetition state (FSRS) of one missed question for one learner. It follows
    the question, so a review shows the question's current version."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="review_cards")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+")
    state = models.JSONField(default=dict)
    due = models.DateTimeField()
    reviews = models.PositiveIntegerField(default=0)
    last_rating = models.CharField(max_length=10, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due"]
        constraints = [
            models.UniqueConstraint(fields=["user", "question"], name="reviewcard_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.question} due {self.due:%Y-%m-%d}"



class ItemFlag(models.TextChoices):
    """A question's standing in one assessment's item statistics (quizzes.itemstats)."""

    OK = "ok", "No problem found"
    FLAGGED = "flagged", "Flagged"
    FEW = "few", "Not enough attempts"


class AssessmentStatistic(models.Model):
    """Test-level item statistics of an assessment (Moodle's quiz statistics), computed
    from each learner's first graded attempt by ``services.itemstats``. Scores are
    fractions of full credit."""

    assessment = models.OneToOneField(Assessment, on_delete=models.CASCADE,
                                      related_name="statistic")
    n_attempts = models.PositiveIntegerField()
    length = models.PositiveIntegerField(null=True, blank=True)
    mean = models.FloatField(null=True, blank=True)
    median = models.FloatField(null=True, blank=True)
    sd = models.FloatField(null=True, blank=True)
    skewness = models.FloatField(null=True, blank=True)
    kurtosis = models.FloatField(null=True, blank=True)
    alpha = models.FloatField(null=True, blank=True, help_text="Cronbach's alpha")
    error_ratio = models.FloatField(null=True, blank=True)
    standard_error = models.FloatField(null=True, blank=True)
    note = models.CharField(max_length=300, blank=True)
    computed_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.assessment} · {self.n_attempts} attempts"


class QuestionStatistic(models.Model):
    """Item statistics of one question in one assessment, from the attempts that
    contained it. ``options``: the distractor analysis, one dict per choice shown
    (choice, version, text, fraction, count, rate, top_rate, bottom_rate)."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE,
                                   related_name="question_statistics")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="statistics")
    n = models.PositiveIntegerField()
    facility = models.FloatField(null=True, blank=True)
    sd = models.FloatField(null=True, blank=True)
    random_guess = models.FloatField(null=True, blank=True)
    discrimination = models.FloatField(null=True, blank=True)
    discriminative_efficiency = models.FloatField(null=True, blank=True)
    effective_weight = models.FloatField(null=True, blank=True)
    omitted = models.PositiveIntegerField(default=0)
    options = models.JSONField(default=list, blank=True)
    flag = models.CharField(max_length=8, choices=ItemFlag.choices, default=ItemFlag.FEW)
    reasons = models.CharField(max_length=300, blank=True)
    computed_at = models.DateTimeField()

    class Meta:
        ordering = ["assessment", "question__slug"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "question"],
                                    name="questionstatistic_unique_per_assessment"),
        ]

    def __str__(self) -> str:
        return f"{self.assessment} · {self.question}"


class ReportReason(models.TextChoices):
    KEY_WRONG = "key_wrong", "The key is wrong"
    UNCLEAR = "unclear", "The question is unclear"
    TYPO = "typo", "A typo or rendering problem"
    OTHER = "other", "Other"


class ReportStatus(models.TextChoices):
    OPEN = "open", "Open"
    ACCEPTED = "accepted", "Accepted"
    REJECTED = "rejected", "Rejected"
    FIXED = "fixed", "Fixed"


REPORT_TEXT_MAX = 1000


class ProblemReportQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=ReportStatus.OPEN)


class ProblemReport(models.Model):
    """A learner says something is wrong with a question version they saw graded.
    Staff triage it in the admin (quizzes/admin/reports.py)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="problem_reports")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="reports")
    version = models.ForeignKey(QuestionVersion, on_delete=models.CASCADE, related_name="reports")
    # Where it was reported from: the learner's response (result page, practice feedback),
    # or None for a spaced-review card.
    response = models.ForeignKey(Response, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")
    reason = models.CharField(max_length=12, choices=ReportReason.choices)
    text = models.TextField(max_length=REPORT_TEXT_MAX, blank=True)
    status = models.CharField(max_length=10, choices=ReportStatus.choices,
                              default=ReportStatus.OPEN)
    staff_note = models.TextField(blank=True, help_text="For staff only; the learner sees "
                                                        "the status, never this note.")
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    resolved_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ProblemReportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "version"], condition=Q(status="open"),
                                    name="problemreport_one_open_per_user_version"),
            models.CheckConstraint(
                condition=(Q(status="open", resolved_at__isnull=True)
                           | (~Q(status="open") & Q(resolved_at__isnull=False))),
                name="problemreport_resolved_at_iff_closed"),
        ]

    def __str__(self) -> str:
        return f"{self.question.slug} v{self.version.number}: {self.get_reason_display()}"


class RegradeLog(models.Model):
    """One response regraded after a key fix: the response moved from ``from_version`` to
    the corrected ``to_version`` and its credit from ``old_credit`` to ``new_credit``; the
    attempt's score moved with it. The old answer is kept so the change can be audited.
    Versions themselves are never edited (invariant 1)."""

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="regrades")
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="regrades")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="regrades")
    from_version = models.ForeignKey(QuestionVersion, on_delete=models.PROTECT,
                                     related_name="+")
    to_version = models.ForeignKey(QuestionVersion, on_delete=models.PROTECT, related_name="+")
    old_answer = models.JSONField(null=True, blank=True)
    old_choice_order = models.JSONField(default=list, blank=True)
    old_credit = models.FloatField(null=True, blank=True)
    new_credit = models.FloatField()
    old_score = models.FloatField()
    new_score = models.FloatField()
    regraded_at = models.DateTimeField()
    regraded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-regraded_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(new_credit__gte=0) & Q(new_credit__lte=1),
                name="regradelog_new_credit_range"),
            models.CheckConstraint(
                condition=~Q(from_version=F("to_version")),
                name="regradelog_versions_differ"),
        ]

    def __str__(self) -> str:
        return (f"attempt {self.attempt_id} · {self.question.slug} "
                f"v{self.from_version.number}→v{self.to_version.number}")


IMAGE_SLUG_PATTERN = r"[a-z0-9]+(?:-[a-z0-9]+)*"
IMAGE_SLUG_INVALID = "Use lower-case letters, digits and single hyphens (e.g. loss-curve-2)."


def validate_image_upload(file) -> None:
    """An uploaded image must be a PNG, JPEG, GIF or WebP within the limits
    (``quizzes.imagecheck``); anything else is refused with the reason."""
    file.seek(0)
    data = file.read(imagecheck.MAX_BYTES + 1)  # one byte more: an oversized file is told so
    file.seek(0)
    try:
        imagecheck.check_image(data, getattr(file, "name", "") or "")
    except imagecheck.ImageRefused as exc:
        raise ValidationError(str(exc), code="image_refused") from exc


class QuestionImage(models.Model):
    """An image authors reference from Markdown as ``![alt](image:slug)``. Immutable once
    uploaded (a version that shows it must keep showing the same picture): to change a
    picture, upload a new image under a new slug."""

    # Lower case, digits and single hyphens: what ``rendering`` reads after ``image:``
    # (a validator, not a CHECK: a regex constraint needs a REGEXP function in SQLite).
    slug = models.SlugField(max_length=80, unique=True, validators=[RegexValidator(
        rf"^{IMAGE_SLUG_PATTERN}$", IMAGE_SLUG_INVALID, code="image_slug")],
        help_text="Referenced as ![alt text](image:slug) in Markdown.")
    image = models.ImageField(upload_to="question-images/%Y/%m/", width_field="width",
                              height_field="height", validators=[validate_image_upload],
                              help_text="PNG, JPEG, GIF or WebP; SVG is refused.")
    alt_text = models.CharField(
        max_length=300, help_text="What the image shows, for readers who cannot see it. "
                                  "Used when the Markdown gives no alt text.")
    width = models.PositiveIntegerField(editable=False, default=0)
    height = models.PositiveIntegerField(editable=False, default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["slug"]
        constraints = [
            models.CheckConstraint(condition=~Q(alt_text=""), name="questionimage_alt_required"),
        ]

    def __str__(self) -> str:
        return self.slug

    @property
    def markdown(self) -> str:
        return f"![{self.alt_text}](image:{self.slug})"
