"""Pure converters between bank files (YAML, GIFT, Moodle XML) and plain question data."""
