"""``python -m myopathy_outcomes``: the same as the ``myopathy-outcomes`` command."""

from myopathy_outcomes.cli import main

raise SystemExit(main())
