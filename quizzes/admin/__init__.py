"""The Django admin, one module per concern; importing them registers the model admins."""

from . import assessments, catalogue, images, learners, questions, reports  # noqa: F401
