"""Column roles: the validated table's canonical names, and where the user's file keeps them."""

from __future__ import annotations

from pydantic import ConfigDict, model_validator

from seq_pipeline.core.parameters import Options

ID, TIME, LABEL, SPLIT, GROUP = "sequence_id", "timestep", "label", "split", "group"
# Every column that is not a feature.
RESERVED = (ID, TIME, LABEL, SPLIT, GROUP)

# Columns that describe a whole sequence, so must not change from one step to the next.
PER_SEQUENCE = ("label", "split", "group")


class ColumnSpec(Options):
    """Where the raw table keeps ids, time steps, labels and features."""

    model_config = ConfigDict(extra="forbid")

    sequence_id: str = "sequence_id"
    timestep: str = "timestep"
    label: str | None = "label"
    feature_columns: list[str] | None = None
    split: str | None = None
    group: str | None = None

    @model_validator(mode="after")
    def _one_role_per_column(self) -> ColumnSpec:
        """One column cannot be both, say, the label and the sequence id."""
        if self.feature_columns == []:
            raise ValueError(
                "columns.feature_columns is an empty list; list the features, or use null "
                "for every column that has no other role"
            )
        roles = [(key, getattr(self, key)) for key in RESERVED if getattr(self, key)]
        roles += [("feature_columns", name) for name in self.feature_columns or []]
        seen: dict[str, str] = {}
        clashes = []
        for role, name in roles:
            if name in seen:
                clashes.append(f"columns.{seen[name]} and columns.{role} both name '{name}'")
            seen.setdefault(name, role)
        if clashes:
            raise ValueError("; ".join(clashes) + "; give each column a single role")
        return self


def resolve_columns(columns: ColumnSpec) -> dict:
    """The validated column mapping, as an artifact that inference can replace with its own."""
    return ColumnSpec.model_validate(columns).model_dump()
