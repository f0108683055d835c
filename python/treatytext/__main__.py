"""``python -m treatytext``: the command line (see :mod:`treatytext.cli`)."""

from .cli import main

raise SystemExit(main())
