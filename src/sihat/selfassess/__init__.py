"""Self-assessment (the Health Assessment Tool): the versioned questionnaire and its scoring,
answers per person per day, daily tasks for people under watch, the completion metric, and
self-test results."""
