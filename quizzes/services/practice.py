"""'Practise this topic': a learner's own short practice set on one topic."""

from __future__ import annotations

from ..models import Assessment, AssessmentMode, AssessmentTopic, FeedbackTiming, Topic

PRACTICE_QUESTIONS = 5


def practice_assessment_for(*, user, topic: Topic) -> Assessment:
    """The learner's practice set for ``topic`` (created once, then reused)."""
    slug = f"practice-u{user.pk}-t{topic.pk}"
    assessment, created = Assessment.objects.get_or_create(
        slug=slug,
        defaults={
            "title": f"Practice: {topic.title}",
            "area": topic.area,
            "description": f"{PRACTICE_QUESTIONS} questions on {topic.title}, with feedback "
                           "after each answer.",
            "mode": AssessmentMode.PRACTICE,
            "feedback": FeedbackTiming.IMMEDIATE,
            "owner": user,
            "is_published": True,
        },
    )
    if created:
        AssessmentTopic.objects.create(assessment=assessment, topic=topic,
                                       count=PRACTICE_QUESTIONS)
    return assessment
