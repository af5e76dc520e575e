"""The learner's dashboard, study plan, spaced review and topic practice."""

from __future__ import annotations

import random
import time

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from .. import reviewing
from ..cards import build_card
from ..forms import AnswerForm
from ..models import QuestionKind, Resource, ResourceMark, ReviewCard, Topic
from ..selectors_dashboard import dashboard as dashboard_data
from ..services import recommendations, reviews, secrecy
from ..services import reports as report_services
from ..services.attempts import answer_from_json, attempt_start
from ..services.errors import ServiceError
from ..services.practice import practice_assessment_for
from .common import HtmxHttpRequest
from .reports import box_for_review

UNKNOWN_TOPIC = "That topic does not exist."
REVIEW_SALT = "quizzes.review.shown"


@login_required
@require_safe
def dashboard(request: HtmxHttpRequest) -> HttpResponse:
    context = dashboard_data(request.user)
    context["advice"] = recommendations.advice_for_user(user=request.user)
    # Reports staff closed in the last 30 days, each said true to its status (one query).
    context["report_outcomes"] = [report_services.outcome_line(r) for r in
                                  report_services.recently_resolved(user=request.user)]
    return render(request, "quizzes/dashboard.html", context)


@login_required
@require_POST
def resource_mark(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    resource = get_object_or_404(Resource, slug=slug, is_active=True)
    status = request.POST.get("status")
    if status not in {ResourceMark.Status.DONE, ResourceMark.Status.NOT_USEFUL, "clear"}:
        messages.error(request, "Choose done, not useful or clear.")
        return redirect("quizzes:dashboard")
    recommendations.resource_mark(user=request.user, resource=resource,
                                  status=None if status == "clear" else status)
    label = {"done": "marked done", "not_useful": "marked not useful",
             "clear": "back in your plan"}[status]
    messages.success(request, f"“{resource.title}” {label}. Your plan is updated.")
    if request.htmx:
        context = dashboard_data(request.user)
        context["advice"] = recommendations.advice_for_user(user=request.user)
        return render(request, "quizzes/dashboard.html#study-plan", context)
    return redirect("quizzes:dashboard")


@login_required
@require_POST
def practice_start(request: HtmxHttpRequest) -> HttpResponse:
    ref = request.POST.get("topic", "")
    area_slug, _, topic_slug = ref.partition("/")
    topic = Topic.objects.select_related("area").filter(area__slug=area_slug,
                                                        slug=topic_slug).first()
    if topic is None:
        messages.error(request, UNKNOWN_TOPIC)
        return redirect("quizzes:dashboard")
    assessment = practice_assessment_for(user=request.user, topic=topic)
    try:
        attempt = attempt_start(user=request.user, assessment=assessment)
    except ServiceError as exc:
        messages.error(request, str(exc))
        return redirect("quizzes:dashboard")
    return redirect(attempt)


def _review_order(card: ReviewCard, version) -> list[int]:
    """The order a review shows the choices in: shuffled per card and per review."""
    order = [c.pk for c in sorted(version.choices.all(), key=lambda c: c.order)]
    if version.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.ORDERING):
        rng = random.Random(card.pk * 7919 + card.reviews)
        shuffled = list(order)
        rng.shuffle(shuffled)
        if version.kind == QuestionKind.ORDERING and shuffled == order and len(order) > 1:
            shuffled = shuffled[1:] + shuffled[:1]
        order = shuffled
    return order


def _review_form(card: ReviewCard, version, order: list[int], data=None) -> AnswerForm:
    # The tokens name this card at this review, so they change from one review to the next.
    return AnswerForm(data, kind=version.kind, choice_ids=order,
                      scope=f"rv{card.pk}.{card.reviews}")


def _review_card_context(card: ReviewCard, form: AnswerForm | None = None, *,
                         revealed: bool = False, credit: float | None = None,
                         answer: dict | None = None, order: list[int] | None = None) -> dict:
    version = card.question.current_version
    order = order if order is not None else _review_order(card, version)
    form = form or _review_form(card, version, order)
    return {
        "review": card,
        "version": version,
        "card": build_card(version, order, form, answer, reveal=revealed, credit=credit,
                           prefix="rv"),
        "shown": signing.dumps(time.time(), salt=REVIEW_SALT),
        "revealed": revealed,
        # Only once the answer and the key are on screen (invariant 2).
        "report_box": box_for_review(card) if revealed else None,
    }


@login_required
@require_safe
def review_session(request: HtmxHttpRequest) -> HttpResponse:
    due = reviews.due_cards(user=request.user)
    card = due.prefetch_related("question__current_version__choices").first()
    held = list(secrecy.secret_attempts(user_id=request.user.pk)
                .select_related("assessment__area"))
    context = {"remaining": due.count(), "held": [secrecy.message_for(a) for a in held]}
    if card is not None:
        context.update(_review_card_context(card))
    else:
        context["queue"] = reviews.review_queue(user=request.user)
    template = "quizzes/review_session.html"
    if request.htmx:
        template += "#review-card"
    return render(request, template, context)


@login_required
@require_POST
def review_answer(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    card = get_object_or_404(
        ReviewCard.objects.select_related("question__current_version", "question__topic__area")
        .prefetch_related("question__current_version__choices"),
        pk=pk, user=request.user)
    version = card.question.current_version
    if version is None:
        messages.error(request, "That question is no longer in the bank.")
        return redirect("quizzes:review_session")
    # The order is recomputed here, never read from the post.
    order = _review_order(card, version)
    form = _review_form(card, version, order, request.POST)
    template = "quizzes/review_session.html" + ("#review-card" if request.htmx else "")
    if not form.is_valid() or form.answer_json() is None:
        if form.is_valid():
            form.add_error(None, "Give an answer first; a review is rated from it.")
        context = {"remaining": reviews.due_cards(user=request.user).count()}
        context.update(_review_card_context(card, form))
        return render(request, template, context)
    try:
        shown = signing.loads(request.POST.get("shown", ""), salt=REVIEW_SALT, max_age=86400)
        seconds = max(0.0, time.time() - float(shown))
    except (signing.BadSignature, TypeError, ValueError):
        seconds = None
    answer = form.answer_json()
    try:
        card, credit = reviews.card_review(card=card, answer=answer_from_json(version.kind, answer),
                                           seconds=seconds)
    except ServiceError as exc:
        messages.info(request, str(exc))
        return redirect("quizzes:review_session")
    now = timezone.localtime()
    context = {"remaining": reviews.due_cards(user=request.user).count(),
               "rating": reviewing.rating_words(card.last_rating),
               "rating_rule": reviewing.RATING_RULE,
               "next_when": reviewing.when_words(timezone.localtime(card.due), now)}
    context.update(_review_card_context(card, form, revealed=True, credit=credit,
                                        answer=answer, order=order))
    return render(request, template, context)


