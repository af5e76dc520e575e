"""Errors a service raises for a learner to read. Messages are module constants that
tests import."""

ATTEMPT_CLOSED = "This attempt has already been submitted; its answers can no longer change."
TIME_UP = "Time is up: the attempt was submitted with the answers saved before the deadline."
RESPONSE_LOCKED = "This answer is final: feedback has been shown for it."
NO_ATTEMPTS_LEFT = "You have used all {allowed} attempts allowed for this assessment."
COOLDOWN = ("You can take this assessment again from {when} UTC: its author asks for "
            "{hours} between attempts, so that a retake measures what you learned, not what "
            "you remember of the last one.")
NOT_PUBLISHED = "This assessment is not open."
EMPTY_BANK = "This assessment has no live questions yet."
SUPERSEDED = "A newer answer to this question was already saved; this older one was not."


class ServiceError(Exception):
    """A rule stopped the action; ``str(exc)`` is a message for the learner."""


class AttemptClosed(ServiceError):
    pass


class TimeUp(ServiceError):
    pass


class ResponseLocked(ServiceError):
    pass


class CannotStart(ServiceError):
    pass


class Superseded(ServiceError):
    """The answer carried an older sequence number than the stored one: not stored."""
