"""ORM writes and transactions. The pure core (grading, measurement, recommending,
formats) does the thinking; these functions load, call it, and save."""
