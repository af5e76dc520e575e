"""Per-area results of an assessment across areas (the readiness check).

A cross-area attempt is never summed into one level: at grading each area it touched
gets its own snapshot — the area's ability from every answer of the learner that counts
(``services.abilities``), the number of questions answered (not left blank) behind it,
and this attempt's own share —
stored on the attempt, so its result page keeps showing what was true when it was
graded. The verdict (below / not sure / at target / not enough answers) is made from the
snapshot by ``quizzes.standing.decide(scope="area")`` when the page is shown.
"""

from __future__ import annotations

from ..models import Attempt, Response


def record_area_results(*, attempt: Attempt, responses: list[Response],
                        counted: list[Response], estimates: dict[int, dict]) -> dict:
    """Store ``attempt.area_results`` from what updating the area abilities read and
    wrote (``abilities.update_for_attempt``): the learner's counted responses and each
    area's new estimate values."""
    mine: dict[int, dict] = {}
    for r in responses:
        area = r.question.topic.area
        row = mine.setdefault(area.pk, {"slug": area.slug, "title": area.title,
                                        "order": area.order, "asked": 0, "answered": 0,
                                        "credit": 0.0})
        row["asked"] += 1
        row["answered"] += r.answer is not None
        row["credit"] += r.credit or 0.0
    # Evidence is what the learner answered: a blank counts as wrong in the estimate but
    # is not an answer a level may rest on (quizzes.standing).
    evidence: dict[int, int] = {}
    for r in counted:
        if r.answer is not None:
            area_id = r.question.topic.area_id
            evidence[area_id] = evidence.get(area_id, 0) + 1
    results = {}
    for area_id, row in sorted(mine.items(), key=lambda kv: (kv[1]["order"], kv[1]["slug"])):
        e = estimates.get(area_id)
        results[row["slug"]] = {
            "area_id": area_id, "title": row["title"],
            "asked": row["asked"], "answered": row["answered"],
            "credit": round(row["credit"], 4),
            # The area's ability from every counted answer so far (this attempt included).
            "theta": e["theta"] if e else 0.0,
            "se": e["se"] if e else 1.0,
            "evidence": evidence.get(area_id, 0),
        }
    Attempt.objects.filter(pk=attempt.pk).update(area_results=results)
    attempt.area_results = results
    return results
