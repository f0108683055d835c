"""Optional dependencies: import one, or say which extra of treatytext installs it."""

from __future__ import annotations

import importlib
from types import ModuleType


def require(module: str, *, extra: str, feature: str) -> ModuleType:
    """Imports ``module`` for ``feature``, or raises a ModuleNotFoundError naming the extra.

    Parameters
    ----------
    module : str
        The module to import (``"sklearn"``).
    extra : str
        The extra of treatytext that installs it (``"sklearn"`` for
        ``pip install 'treatytext[sklearn]'``).
    feature : str
        What needs it, as the user meets it (``"treatytext.sklearn"``).

    Raises
    ------
    ModuleNotFoundError
        When the module is not installed; the message says what needs it and the install
        command, and ``name`` is the missing module (as Python's own error has it).
    """
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as exc:
        missing = exc.name or module
        raise ModuleNotFoundError(
            f"{feature} needs {missing}, which is not installed; install it with "
            f"pip install 'treatytext[{extra}]'",
            name=missing,
        ) from exc
