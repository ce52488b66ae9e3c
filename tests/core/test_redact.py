"""Credentials in URLs are masked wherever a path is recorded or logged."""

from __future__ import annotations

import pytest

from seq_pipeline.core.redact import redact, redact_all


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://user:SECRET@host/x.csv", "http://<redacted>@host/x.csv"),
        ("s3://AKIA:SECRET@bucket/in.parquet", "s3://<redacted>@bucket/in.parquet"),
        ("https://host/x.csv?token=SECRET&page=2", "https://host/x.csv?token=<redacted>&page=2"),
        (
            "https://acct.blob.core.windows.net/c/x.csv?sv=2024&sig=SECRET",
            "https://acct.blob.core.windows.net/c/x.csv?sv=<redacted>&sig=<redacted>",
        ),
        (
            "https://b.s3.amazonaws.com/x?X-Amz-Credential=AK%2F1&X-Amz-Signature=SECRET",
            "https://b.s3.amazonaws.com/x?X-Amz-Credential=<redacted>&X-Amz-Signature=<redacted>",
        ),
        ("/data/in/sample.csv", "/data/in/sample.csv"),
        ("https://host/x.csv?page=2", "https://host/x.csv?page=2"),
    ],
)
def test_credentials_in_urls_are_masked_and_the_rest_kept(url, expected):
    assert redact(url) == expected
    assert "SECRET" not in str(redact(f"reading {url} failed"))


def test_nested_records_are_masked_and_non_strings_kept():
    record = {"raw_path": "http://u:SECRET@h/x", "n": 3, "paths": ["ftp://a:SECRET@h/y", None]}
    assert redact_all(record) == {
        "raw_path": "http://<redacted>@h/x",
        "n": 3,
        "paths": ["ftp://<redacted>@h/y", None],
    }
