"""The record schema: itself valid, in step with the model, and followed by extract()."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

import newsclean
from newsclean.model import REMOVED_KINDS, SCHEMA_VERSION, Article
from newsclean.read import read_input

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"

DUMP = (
    "Home > Business\n"
    "Shipping rates fall for a third month as demand cools\n"
    "Published 2024-04-26 09:30\n"
    "Rates for moving containers between Asia and Europe fell again in April, according to industry data.\n"
    "Analysts said new ships entering service had added capacity faster than trade had grown.\n"
    "Most read\n"
    "1. Ten tips for saving on groceries\n"
    "2. Markets close higher\n"
)

PAGE = (
    "<!doctype html><html lang='en'><head><title>Shipping rates fall</title>"
    "<meta property='og:site_name' content='Example News'></head><body>"
    "<nav><a href='/'>Home</a> <a href='/business'>Business</a></nav>"
    "<article><h1>Shipping rates fall for a third month</h1>"
    "<p>Rates for moving containers between Asia and Europe fell again in April, according to industry data.</p>"
    "<p>Analysts said new ships entering service had added capacity faster than trade had grown.</p></article>"
    "<footer>© Example News</footer></body></html>"
)


def test_schema_is_valid_draft_2020_12(schema):
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_schema_matches_the_model(schema):
    keys = list(Article().to_dict())
    assert list(schema["properties"]) == keys
    assert schema["required"] == keys
    assert schema["properties"]["schema_version"]["const"] == SCHEMA_VERSION
    assert schema["properties"]["removed"]["items"]["properties"]["kind"]["enum"] == list(REMOVED_KINDS)


def test_every_property_is_described(schema):
    def undescribed(properties, prefix=""):
        for name, spec in properties.items():
            if not spec.get("description"):
                yield prefix + name
            yield from undescribed(spec.get("items", {}).get("properties", {}), f"{prefix}{name}[].")

    assert list(undescribed(schema["properties"])) == []


@pytest.mark.parametrize(
    "data, input_type",
    [(DUMP, "text"), (DUMP.encode("utf-8"), "text"), (PAGE.encode("utf-8"), "html"), (b"", "text")],
    ids=["text-str", "text-bytes", "html", "empty"],
)
def test_extract_gives_a_valid_record(validate_record, data, input_type):
    record = newsclean.extract(data, url="https://example.com/a", source="test").to_dict()
    validate_record(record)
    assert record["input_type"] == input_type
    assert record["source"] == "test"


@pytest.mark.parametrize(
    "path",
    sorted(p for p in FIXTURES.rglob("*") if p.is_file() and not p.name.endswith(".expected.json")),
    ids=lambda p: str(p.relative_to(FIXTURES)),
)
def test_every_fixture_gives_a_valid_record(validate_record, path):
    validate_record(newsclean.extract(read_input(str(path)), source=str(path)).to_dict())


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.one_of(st.binary(max_size=2000), st.text(max_size=2000)))
def test_any_input_gives_a_valid_record(validate_record, data):
    validate_record(newsclean.extract(data).to_dict())
