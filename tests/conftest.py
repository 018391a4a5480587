"""Shared helpers: the record schema, a validator, and a CLI runner."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from importlib.resources import files

import pytest
from click.testing import CliRunner, Result
from jsonschema import Draft202012Validator

from newsclean.cli import cli

#: The schema as the installed package ships it (so the package data is checked too).
SCHEMA = json.loads((files("newsclean") / "schema" / "article.schema.json").read_text(encoding="utf-8"))


@pytest.fixture
def schema() -> dict:
    return SCHEMA


@pytest.fixture
def validate_record() -> Callable[[dict], None]:
    """``validate_record(d)`` raises ``jsonschema.ValidationError`` unless ``d`` follows the schema."""
    return Draft202012Validator(SCHEMA).validate


@pytest.fixture
def run_cli() -> Callable[..., Result]:
    """``run_cli(args, input=None)`` runs ``newsclean ARGS`` in-process.

    stdout and stderr are kept apart (``result.stdout``, ``result.stderr``);
    an exception the CLI does not handle fails the test with its traceback.
    """
    try:
        runner = CliRunner(mix_stderr=False)  # click 8.1
    except TypeError:
        runner = CliRunner()  # click 8.2+ always keeps stderr apart

    def run(args: Sequence[str], input: bytes | str | None = None) -> Result:
        return runner.invoke(cli, list(args), input=input, prog_name="newsclean", catch_exceptions=False)

    return run


@pytest.fixture
def parse_records() -> Callable[[Result], list[dict]]:
    """``parse_records(result)``: the JSON Lines records a run wrote to stdout."""

    def parse(result: Result) -> list[dict]:
        return [json.loads(line) for line in result.stdout.splitlines()]

    return parse
