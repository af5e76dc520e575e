from django.urls import path

from .views import attempts, authoring, catalogue, learning, reports, results

app_name = "quizzes"

urlpatterns = [
    path("", catalogue.home, name="home"),
    path("areas/<slug:slug>/", catalogue.area_detail, name="area_detail"),
    path("assessments/<slug:slug>/", catalogue.assessment_detail, name="assessment_detail"),
    path("assessments/<slug:slug>/start/", catalogue.attempt_start_view, name="attempt_start"),
    path("attempts/", results.attempt_list, name="attempt_list"),
    path("attempts/<int:pk>/", attempts.attempt_take, name="attempt_take"),
    path("attempts/<int:pk>/q/<int:position>/", attempts.response_save_view,
         name="response_save"),
    path("attempts/<int:pk>/submit/", attempts.attempt_submit_view, name="attempt_submit"),
    path("attempts/<int:pk>/result/", results.attempt_result, name="attempt_result"),
    path("dashboard/", learning.dashboard, name="dashboard"),
    path("resources/<slug:slug>/mark/", learning.resource_mark, name="resource_mark"),
    path("practice/", learning.practice_start, name="practice_start"),
    path("review/", learning.review_session, name="review_session"),
    path("review/<int:pk>/", learning.review_answer, name="review_answer"),
    path("report/response/<int:pk>/", reports.report_response, name="report_response"),
    path("report/review/<int:pk>/", reports.report_review, name="report_review"),
    path("preview/draft/", authoring.question_draft_preview, name="question_draft_preview"),
    path("preview/<int:version_id>/", results.question_preview, name="question_preview"),
]
