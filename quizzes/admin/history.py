"""A question's History for its "Change log" page: who changed what, when. It reads what the
admin already records (LogEntry rows for the question and for its versions, with the
status lines quizzes.admin.roles writes) and each version's own created_at/created_by,
which also covers versions made by an import. Newest first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from ..models import Question, QuestionVersion

ACTION_WORDS = {ADDITION: "Added.", CHANGE: "Changed.", DELETION: "Deleted."}


@dataclass(frozen=True)
class HistoryEntry:
    when: datetime
    who: str
    what: str


def _who(user) -> str:
    return str(user) if user is not None else "an import or a script"


def question_history(question: Question) -> list[HistoryEntry]:
    """Every recorded change to ``question`` and its versions, newest first (3 queries)."""
    versions = {str(v.pk): v for v in
                QuestionVersion.objects.filter(question=question).select_related("created_by")}
    types = ContentType.objects.get_for_models(Question, QuestionVersion)
    entries = LogEntry.objects.filter(
        Q(content_type=types[Question], object_id=str(question.pk))
        | Q(content_type=types[QuestionVersion], object_id__in=list(versions),
            action_flag=CHANGE)).select_related("user")
    out = [HistoryEntry(v.created_at, _who(v.created_by), f"Version {v.number} created.")
           for v in versions.values()]
    for e in entries:
        what = e.get_change_message() or ACTION_WORDS.get(e.action_flag, "")
        if e.content_type_id == types[QuestionVersion].id:
            what = f"Version {versions[e.object_id].number} edited: {what}"
        out.append(HistoryEntry(e.action_time, _who(e.user), what))
    out.sort(key=lambda h: h.when, reverse=True)
    return out
