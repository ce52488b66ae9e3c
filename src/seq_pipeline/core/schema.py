"""The pandera schema of a raw long table, built from `ColumnSpec` at run time.

pandera finds every problem in one pass (`lazy=True`); its failure-case table (column, check,
value, row) is translated here into messages that name the file, the column, and a few
offending sequence ids and values, instead of a traceback.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pandera.pandas as pa

from seq_pipeline.core.errors import RawInputError, examples
from seq_pipeline.core.splits import SPLITS

SPLIT_VALUES = SPLITS
# The model computes in float32: a larger magnitude becomes inf when the tensors are built.
FLOAT32_MAX = float(np.finfo(np.float32).max)


def raw_table_schema(
    renames: dict[str, str], features: list[str], unique: list[str]
) -> pa.DataFrameSchema:
    """Required columns present, ids/steps/labels not null, features numeric and finite.

    Finite means finite in float32, the dtype of the tensors and the model.
    """
    columns: dict[str, pa.Column] = {}
    for raw_name, canonical in renames.items():
        checks = []
        if canonical == "split":
            checks.append(pa.Check.isin(SPLIT_VALUES, name="split_value"))
        columns[raw_name] = pa.Column(nullable=canonical == "group", checks=checks)
    finite = pa.Check(lambda s: s.abs() <= FLOAT32_MAX, name="finite", ignore_na=True)
    for name in features:
        columns[name] = pa.Column("float64", coerce=True, nullable=True, checks=finite)
    return pa.DataFrameSchema(columns, unique=unique, report_duplicates="all")


def describe_failures(
    failures: pd.DataFrame, raw: pd.DataFrame, key: tuple[str, str], source: str
) -> RawInputError:
    """pandera's failure cases → one `RawInputError` with one line per column and check."""
    id_column = key[0]
    failures = failures.assign(check=failures["check"].astype(str))
    absent = failures["check"] == "column_in_dataframe"
    # pandera names a missing column in `failure_case`, not in `column`.
    failures.loc[absent, "column"] = failures.loc[absent, "failure_case"]
    coerce_failed = set(failures.loc[failures["check"].str.startswith("coerce_dtype"), "column"])
    lines = []
    for (column, check), rows in failures.groupby(["column", "check"], sort=False, dropna=False):
        # A failed cast makes pandera re-report the same rows as dtype and check errors.
        if column in coerce_failed and not check.startswith("coerce_dtype"):
            continue
        if check == "multiple_fields_uniqueness" and column != id_column:
            continue
        name = f"columns {key}" if check == "multiple_fields_uniqueness" else f"column '{column}'"
        lines.append(f"{source}: {name}: {_problem(check, rows, raw, key)}")
    if not lines:  # pragma: no cover - pandera always reports at least one case
        lines.append(f"{source}: failed validation:\n{failures.head(10)}")
    return RawInputError("\n".join(lines))


def _problem(check: str, rows: pd.DataFrame, raw: pd.DataFrame, key: tuple[str, str]) -> str:
    """One sentence for one failed check, with example values and the sequences holding them."""
    id_column, time_column = key
    values = examples(rows["failure_case"])
    index = [i for i in rows["index"] if i is not None and not pd.isna(i)]
    ids = examples(raw.loc[index, id_column]) if id_column in raw.columns and index else "[]"
    if check == "column_in_dataframe":
        return (
            f"required column not found; columns present: {list(raw.columns)}. "
            "Set `columns` in conf/base/parameters.yml to your column names"
        )
    if check == "multiple_fields_uniqueness":
        pairs = examples(zip(raw.loc[index, id_column], raw.loc[index, time_column], strict=True))
        return f"duplicate (sequence id, time step) rows: {pairs}; each step must appear once"
    kind = "non-numeric" if check.startswith(("coerce_dtype", "dtype")) else check
    template = _TEMPLATES.get(
        kind, "failed check " + check + ": value(s) {values} in sequence(s) {ids}"
    )
    if kind == "non-numeric" and rows["failure_case"].astype(str).str.match(DECIMAL_COMMA).any():
        template += _DECIMAL_COMMA_HINT
    return template.format(values=values, ids=ids, rows=examples(index), allowed=list(SPLIT_VALUES))


# `1,5`: a number written with a decimal comma (common in `;`-separated CSVs).
DECIMAL_COMMA = r"^\s*[-+]?\d+,\d+\s*$"
_DECIMAL_COMMA_HINT = (
    "; these look like decimal commas: give the raw dataset `load_args: {{decimal: ','}}` "
    "(conf/local/catalog.yml)"
)

_TEMPLATES = {
    "non-numeric": "non-numeric feature value(s) {values} in sequence(s) {ids}",
    "finite": "value(s) {values} in sequence(s) {ids} are infinite or beyond float32's range "
    "(±3.4e+38), the dtype the model computes in; rescale the column, or leave a step empty "
    "if missing",
    "not_nullable": "missing value(s) at row(s) {rows}, sequence(s) {ids}",
    "split_value": "unknown split value(s) {values} in sequence(s) {ids}; use {allowed}",
}
