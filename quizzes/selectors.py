"""Reads that span several models, each bundling what one page needs."""

from __future__ import annotations

import json
from functools import cache
from typing import NamedTuple

from django.db import connections
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    ExpressionWrapper,
    Func,
    OuterRef,
    Prefetch,
    Q,
    StringAgg,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Concat
from django.http import Http404

from . import measurement, reporting, standing_counts, version_cache
from .levels import JOB_READY, Level
from .models import (
    AbilityEstimate,
    Area,
    Assessment,
    AssessmentTopic,
    Attempt,
    AttemptStatus,
    ProblemReport,
    Question,
    RegradeLog,
    ResourceMark,
    Response,
    Topic,
)
from .navigator import NavCell


def attempt_for(*, user, pk: int) -> Attempt:
    """The learner's own attempt, or 404 (invariant 5: others' attempts do not exist)."""
    try:
        return Attempt.objects.select_related("assessment__area").get(pk=pk, user=user)
    except Attempt.DoesNotExist:
        raise Http404("No such attempt.") from None


#: One navigator cell as the database writes it: the position, then a letter for the
#: state (see ``_NAV_STATES``); cells are joined by commas.
_NAV_STATES = {"o": (False, False), "a": (True, False), "f": (False, True),
               "b": (True, True)}


def navigator_subquery(outer: str = "pk") -> Subquery:
    """The navigator of the attempt ``outer`` names (its id in the outer query), as one
    string aggregated by the database (see ``_NAV_STATES``)."""
    answered = Q(answer__isnull=False)
    state = Case(When(answered & Q(flagged=True), then=Value("b")),
                 When(answered, then=Value("a")),
                 When(flagged=True, then=Value("f")),
                 default=Value("o"), output_field=CharField())
    cell = Concat(Cast("position", output_field=CharField()), state,
                  output_field=CharField())
    return Subquery(Response.objects.filter(attempt=OuterRef(outer)).order_by()
                    .values("attempt").annotate(cells=StringAgg(cell, Value(",")))
                    .values("cells"))


def navigator_cells(cells: str | None) -> list[NavCell]:
    """The cells of ``navigator_subquery``'s string, in position order."""
    found = []
    for item in (cells or "").split(","):
        if item:
            answered, flagged = _NAV_STATES[item[-1]]
            found.append(NavCell(int(item[:-1]), answered, flagged))
    return sorted(found, key=lambda c: c.position)


@cache
def _with_navigator():
    """The attempts query with the navigator's subquery, built and resolved once per
    process (each use clones it): building the expression was a third of its cost."""
    return (Attempt.objects.select_related("assessment__area")
            .annotate(navigator_cells=navigator_subquery()))


def attempt_with_navigator(*, user, pk: int) -> tuple[Attempt, list[NavCell]]:
    """``attempt_for`` and ``attempt_navigator`` in one query: the navigator's plain
    values come aggregated into one string by the database (a subquery), so the take
    page and the answer post spend one round trip on both."""
    try:
        attempt = _with_navigator().get(pk=pk, user=user)
    except Attempt.DoesNotExist:
        raise Http404("No such attempt.") from None
    return attempt, navigator_cells(attempt.navigator_cells)


def attempt_navigator(attempt: Attempt) -> list[NavCell]:
    """What the navigator and the progress bar need of every response, as plain values
    (position, answered, flagged): one query returning three small columns per question,
    no answers, versions or choices."""
    rows = (Response.objects.filter(attempt=attempt).order_by("position")
            .annotate(has_answer=ExpressionWrapper(Q(answer__isnull=False),
                                                   output_field=BooleanField()))
            .values_list("position", "has_answer", "flagged"))
    return [NavCell(position, bool(answered), flagged) for position, answered, flagged in rows]


def attempt_response_at(attempt: Attempt, position: int, *,
                        with_choices: bool = True) -> Response:
    """The one response shown, in full: version, question and topic (one query), and its
    ordered choices (from memory once the process has shown this version, else one more
    query; none when ``with_choices`` is off: an answer post that moves on never shows
    them)."""
    response = (Response.objects.filter(attempt=attempt, position=position)
                .select_related("version", "question__topic__area").get())
    if with_choices:
        response_with_choices(response)
    return response


def attempt_responses_at(attempt: Attempt, positions: set[int]) -> dict[int, Response]:
    """A few responses in full (the one answered and the one shown next), by position, in
    one query; choices are loaded for the one shown (``response_with_choices``)."""
    return {r.position: r for r in Response.objects.filter(
        attempt=attempt, position__in=positions).select_related("version",
                                                                "question__topic__area")}


def response_with_choices(response: Response) -> Response:
    """Load the version's ordered choices once: from the process's memory when this
    version was shown before (``quizzes.version_cache``), else in one query."""
    version_cache.with_choices([response.version])
    return response


def attempt_responses_for_estimate(attempt: Attempt) -> list[Response]:
    """An adaptive attempt's responses with what the estimate needs (item parameters,
    which read the version's choices for the chance level)."""
    return list(attempt.responses.select_related("question", "version")
                .prefetch_related("version__choices"))


def assessment_for(*, user, slug: str, queryset=None) -> Assessment:
    """A published assessment the learner may see, or 404: another learner's private
    practice set does not exist for them, on its page and when starting it alike (so
    its slug cannot be probed)."""
    queryset = queryset if queryset is not None else Assessment.objects.all()
    assessment = queryset.published().filter(slug=slug).first()
    if assessment is None or (assessment.owner_id and assessment.owner_id != user.pk):
        raise Http404("No such assessment.")
    return assessment


def attempt_responses(attempt: Attempt) -> list[Response]:
    """All responses of the attempt with versions, questions, topics and ordered choices:
    one query, plus one for the choices of versions this process has not shown yet."""
    responses = list(Response.objects.filter(attempt=attempt)
                     .select_related("version", "question__topic__area").order_by("position"))
    version_cache.with_choices([r.version for r in responses])
    return responses


#: What ``attempt_review_rows`` reads of each response, in this order.
REVIEW_ROW_FIELDS = ("pk", "position", "question_id", "version_id", "version__content_hash",
                     "version__created_at", "choice_order", "answer", "credit",
                     "question__topic__title", "question__topic__slug",
                     "question__topic__area__slug")


def attempt_review_rows(attempt: Attempt) -> list[tuple]:
    """Every response of the attempt as named tuples of plain values
    (``REVIEW_ROW_FIELDS``), by position, in one query: the result page's counts, and
    the key of its cached review (``quizzes.review_cache``), with no model instance."""
    return list(Response.objects.filter(attempt=attempt).order_by("position")
                .values_list(*REVIEW_ROW_FIELDS, named=True))


#: Separators of the result page's state strings (below): a field, then a row.
_FIELD, _ROW = "\x1f", "\x1e"


class _Joined(Func):
    """Texts joined with ``||`` in one flat expression (``Concat`` nests a pair per
    part, which SQLite's parser cannot take for a dozen fields)."""

    arg_joiner = " || "
    template = "(%(expressions)s)"
    output_field = CharField()


def _joined(*fields) -> _Joined:
    """The fields as one text, separated by ``_FIELD`` (a NULL becomes empty text)."""
    parts = []
    for field in fields:
        if parts:
            parts.append(Value(_FIELD))
        parts.append(Coalesce(Cast(field, output_field=CharField()), Value("")))
    return _Joined(*parts)


def _aggregated(queryset, group: str, *fields) -> Subquery:
    """One text of every row of ``queryset`` (its ``fields``, the first being the row's
    id): a scalar subquery, NULL when there is no row. The rows come in no particular
    order (SQLite orders no aggregate): ``_canonical`` sorts them."""
    return Subquery(queryset.order_by().values(group)
                    .annotate(text=StringAgg(_joined(*fields), Value(_ROW)))
                    .values("text"))


def _canonical(text: str | None) -> str | None:
    """An aggregated text with its rows sorted: each row starts with its own id, so the
    same rows give the same text whatever order the database joined them in."""
    return _ROW.join(sorted(text.split(_ROW))) if text else None


#: Stand-ins for the attempt's and the learner's ids in the compiled state query.
_ANY_ATTEMPT, _ANY_USER = -7_357_113, -7_357_114


class ResultState(NamedTuple):
    """A learner's graded attempt as its result page shows it, as plain values: the
    attempt's own, then what can change after grading, as text aggregated by the
    database (``_FIELD`` and ``_ROW`` separated, rows sorted; None when empty)."""

    status: str
    submitted_at: object  # only compared: a datetime, or its text on SQLite
    expired: bool
    score: float | None
    theta: float | None
    se: float | None
    topic_results: dict
    area_results: dict
    assessment_id: int
    title: str  # the assessment's
    area_id: int | None
    area_slug: str | None
    area_title: str | None
    rows: str | None  # every response, as ``REVIEW_ROW_FIELDS`` (the review's key)
    reports: str | None  # the learner's problem reports on these questions
    regrades: str | None  # the attempt's regrades
    marks: str | None  # the learner's resource marks (slug, status)
    others_total: int | None  # other learners with an estimate in the attempt's area
    others_below: int | None
    others_ties: int | None

    @property
    def graded(self) -> bool:
        return self.status == AttemptStatus.GRADED

    @property
    def kept(self) -> tuple:
        """Every value but the standing among other learners (which moves whenever one
        of them is graded): what the result page's kept content depends on."""
        return self[:ResultState._fields.index("others_total")]

    def standing(self) -> measurement.Standing:
        """The other learners counted against the attempt's θ in its area
        (``standing_counts``), as this state's one query read them."""
        if self.area_id is None or self.theta is None:
            return measurement.Standing(total=0, below=0, ties=0)
        return measurement.Standing(total=self.others_total or 0,
                                    below=self.others_below or 0, ties=self.others_ties or 0)

    def mark_sets(self) -> tuple[frozenset[str], frozenset[str]]:
        """The learner's resource marks as ``recommendations.marks`` gives them."""
        pairs = [row.split(_FIELD) for row in (self.marks or "").split(_ROW) if row]
        return (frozenset(slug for slug, status in pairs if status == ResourceMark.Status.DONE),
                frozenset(slug for slug, status in pairs
                          if status == ResourceMark.Status.NOT_USEFUL))


_RESULT_ATTEMPT_FIELDS = ("status", "submitted_at", "expired", "score", "theta", "se",
                          "topic_results", "area_results", "assessment_id",
                          "assessment__title", "assessment__area_id",
                          "assessment__area__slug", "assessment__area__title")
_JSON_FIELDS = (ResultState._fields.index("topic_results"),
                ResultState._fields.index("area_results"))
_AGGREGATED = range(ResultState._fields.index("rows"), ResultState._fields.index("marks") + 1)


def _result_state_query():
    responses = Response.objects.filter(attempt=OuterRef("pk"))
    standing = standing_counts.counts(area=OuterRef("assessment__area"),
                                      theta=OuterRef("theta"), user=OuterRef("user"))
    return Attempt.objects.filter(pk=_ANY_ATTEMPT, user=_ANY_USER).order_by().annotate(
        state_rows=_aggregated(responses, "attempt", *REVIEW_ROW_FIELDS),
        state_reports=_aggregated(
            ProblemReport.objects.filter(
                user=OuterRef("user"),
                question__in=Response.objects.filter(attempt=OuterRef(OuterRef("pk")))
                .values("question")),
            "user", "pk", "question_id", "status", "reason", "created_at"),
        state_regrades=_aggregated(RegradeLog.objects.filter(attempt=OuterRef("pk")), "attempt",
                                   "pk", "response_id", "old_score", "new_score",
                                   "regraded_at"),
        state_marks=_aggregated(ResourceMark.objects.filter(user=OuterRef("user")), "user",
                                "resource__slug", "status"),
        others_total=standing["others"], others_below=standing["below"],
        others_ties=standing["ties"],
    ).values_list(*_RESULT_ATTEMPT_FIELDS, "state_rows", "state_reports", "state_regrades",
                  "state_marks", "others_total", "others_below", "others_ties")


@cache
def _result_state_sql(alias: str) -> tuple[str, tuple, int, int]:
    """The state's SQL, compiled once per process and database by the ORM for that
    database, with where the attempt's and the learner's ids go among its parameters:
    compiling it (a few dozen expressions) cost more than all the rest of the page."""
    sql, params = _result_state_query().query.get_compiler(using=alias).as_sql()
    attempt_at = [i for i, p in enumerate(params) if p == _ANY_ATTEMPT]
    user_at = [i for i, p in enumerate(params) if p == _ANY_USER]
    assert len(attempt_at) == len(user_at) == 1, "each stand-in id must be one parameter"
    return sql, tuple(params), attempt_at[0], user_at[0]


def result_state(*, user, pk: int, using: str = "default") -> ResultState:
    """The learner's own attempt ``pk`` as its result page shows it (``ResultState``), or
    404 (invariant 5): one query of plain values, whose SQL is compiled once a process.
    No model instance is built; the page builds the attempt only to render."""
    low, high = connections[using].ops.integer_field_range(
        Attempt._meta.pk.get_internal_type())
    if not (low or 0) <= int(pk) <= (high or int(pk)):  # as the ORM: no such attempt
        raise Http404("No such attempt.")
    sql, params, attempt_at, user_at = _result_state_sql(using)
    params = list(params)
    params[attempt_at], params[user_at] = int(pk), user.pk
    with connections[using].cursor() as cursor:
        cursor.execute(sql, params)
        found = cursor.fetchone()
    if found is None:
        raise Http404("No such attempt.")
    values = list(found)
    for i in _JSON_FIELDS:  # text from the cursor (PostgreSQL's jsonb too, as Django asks)
        if isinstance(values[i], str):
            values[i] = json.loads(values[i])
    for i in _AGGREGATED:
        values[i] = _canonical(values[i])
    state = ResultState(*values)
    return state._replace(expired=bool(state.expired))  # SQLite gives 0 or 1


def home_areas(user):
    """Areas with their topics and published assessments, plus the learner's ability and
    its reading (level, or "not enough answers yet")."""
    areas = list(Area.objects.prefetch_related(
        Prefetch("topics", queryset=Topic.objects.order_by("order")),
        Prefetch("assessments", queryset=Assessment.objects.published()
                 .filter(owner__isnull=True)
                 .prefetch_related(Prefetch("draws", queryset=AssessmentTopic.objects
                                            .with_live_count()))),
    ))
    # The page says how many questions an area has only while it has no assessment yet
    # (an area being authored): count those areas' live questions, never the whole bank.
    unpublished = [a.pk for a in areas if not a.assessments.all()]
    live = dict(Question.objects.live().filter(topic__area__in=unpublished)
                .values("topic__area").annotate(n=Count("*"))
                .values_list("topic__area", "n")) if unpublished else {}
    abilities = {}
    if user.is_authenticated:
        abilities = {a.area_id: a for a in AbilityEstimate.objects.filter(user=user,
                                                                            topic__isnull=True)}
    target = Level(user.target_level) if user.is_authenticated else JOB_READY
    for area in areas:
        area.live_questions = live.get(area.pk, 0)
        area.ability = ability = abilities.get(area.pk)
        area.reading = (reporting.read(ability.theta, ability.se, ability.answered,
                                       scope="area", target=target) if ability else None)
    return areas


def cross_area_assessments():
    # The draws' areas and live counts come in the same query (Assessment.question_count).
    return list(Assessment.objects.published().filter(area__isnull=True, owner__isnull=True)
                .prefetch_related(Prefetch("draws",
                                           queryset=AssessmentTopic.objects
                                           .with_live_count())))


def attempt_counts(user, assessment) -> dict:
    qs = Attempt.objects.filter(user=user, assessment=assessment)
    return {
        "used": qs.count(),
        "open": qs.filter(status=AttemptStatus.IN_PROGRESS).first(),
        "recent": list(qs.filter(status=AttemptStatus.GRADED).order_by("-submitted_at")[:5]),
    }
