"""What is measured after the index date: outcome windows and time-to-event endpoints.

- :mod:`.windows`: baseline and follow-up values per measure (:class:`OutcomeRules`);
- :mod:`.events`: time from the index date to ILD progression, death, or either;
- :mod:`.observation`: months observed after the index date.
"""

from myopathy_outcomes.outcomes.events import DAYS_PER_MONTH, Endpoint, EventTime, event_times
from myopathy_outcomes.outcomes.observation import observation_months
from myopathy_outcomes.outcomes.windows import (
    MeasureOutcome,
    OutcomeRules,
    derive_outcome,
    derive_outcomes,
)

__all__ = [
    "DAYS_PER_MONTH",
    "Endpoint",
    "EventTime",
    "MeasureOutcome",
    "OutcomeRules",
    "derive_outcome",
    "derive_outcomes",
    "event_times",
    "observation_months",
]
