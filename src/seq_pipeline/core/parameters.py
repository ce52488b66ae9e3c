"""Checks on parameters: the base of every options model, the shared seed, top-level keys.

Kedro validates an options block typed as a pydantic model, but silently keeps a top-level
key that no node reads (`--params trian_options.epochs=3`), and `seed` is a plain integer;
both are checked here so a typo or an impossible value stops the run with its name.

YAML, OmegaConf and `--params` read yes/no/on/off/true/false as booleans, and pydantic takes a
boolean for the number 1 or 0: `early_stopping_patience: off` would mean a patience of 0.
`Options`, the base of every options block, refuses a boolean wherever a field wants a number.
"""

from __future__ import annotations

import difflib
import typing
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationInfo, field_validator

from seq_pipeline.core.errors import ParameterError

# numpy's and Keras' seeds are unsigned 32-bit integers.
SEED_MAX = 2**32 - 1


def _types_in(annotation: Any) -> set[Any]:
    """Every type an annotation names, through unions, `Annotated`, lists and dicts."""
    args = typing.get_args(annotation)
    if typing.get_origin(annotation) is typing.Literal:
        return set()
    if not args:
        return {annotation}
    return set().union(*(_types_in(arg) for arg in args))


def _wants_numbers_only(annotation: Any) -> bool:
    """A field for numbers (int or float, or lists of them) that has no place for a bool."""
    types = _types_in(annotation)
    return bool(types & {int, float}) and bool not in types


class Options(BaseModel):
    """Base of every options block: unknown keys and booleans given for numbers are refused."""

    model_config = ConfigDict(extra="forbid")

    @field_validator("*", mode="before")
    @classmethod
    def _no_booleans_for_numbers(cls, value: Any, info: ValidationInfo) -> Any:
        items = value if isinstance(value, list | tuple) else [value]
        if any(isinstance(v, bool) for v in items) and _wants_numbers_only(
            cls.model_fields[info.field_name].annotation
        ):
            raise ValueError(
                f"{value!r} holds a boolean where a number is expected (YAML reads "
                "yes/no/on/off/true/false as booleans); write the number, or null where allowed"
            )
        return value


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
