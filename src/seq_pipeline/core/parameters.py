"""Checks on parameters that no options model owns: the shared seed and top-level keys.

Kedro validates an options block typed as a pydantic model, but silently keeps a top-level
key that no node reads (`--params trian_options.epochs=3`), and `seed` is a plain integer;
both are checked here so a typo or an impossible value stops the run with its name.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from seq_pipeline.core.errors import ParameterError

# numpy's and Keras' seeds are unsigned 32-bit integers.
SEED_MAX = 2**32 - 1


def check_seed(seed: object) -> int:
    """The seed as an int in numpy's range, else an error saying what a seed must be."""
    if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed <= SEED_MAX:
        raise ParameterError(
            f"Parameter 'seed' must be an integer from 0 to {SEED_MAX}, got {seed!r}. "
            "Set `seed` in conf/base/parameters.yml or pass e.g. --params seed=42"
        )
    return seed


def check_known_keys(given: Iterable[str], known: Iterable[str]) -> None:
    """Refuse top-level parameter keys nobody declared, suggesting the closest known one."""
    known = sorted(set(known))
    unknown = sorted(set(given) - set(known))
    if not unknown:
        return
    lines = []
    for key in unknown:
        close = difflib.get_close_matches(key, known, n=1)
        guess = f"; did you mean '{close[0]}'?" if close else ""
        lines.append(f"Unknown parameter '{key}'{guess}")
    raise ParameterError(
        "\n".join(lines) + f"\nKnown top-level parameters: {known}. Each comes from "
        "conf/base/parameters*.yml (or is a run input such as raw_path); a key nobody "
        "reads would be ignored silently, so the run stops instead."
    )
