"""The command line and input reading: what goes in, what comes out, exit codes.

The checks here do not depend on how well the article is extracted, only on
the CLI's contract: one record per input in order, one error line per failure.
"""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
import tracemalloc

import pytest

import newsclean
from newsclean import cli
from newsclean.read import InputError, read_input

DUMP = (
    b"Home > World > Cities\n"
    b"City council approves riverside park after years of debate\n"
    b"By Jane Doe\n"
    b"The city council voted on Tuesday to approve a riverside park that residents have sought for a decade.\n"
    b"Construction is expected to begin next spring and to last about eighteen months, officials said.\n"
    b"Related stories\n"
    b"- Mayor unveils new budget\n"
)

PAGE = (
    b"<!doctype html><html><head><title>Riverside park approved</title></head><body>"
    b"<nav><a href='/'>Home</a></nav><article><h1>Riverside park approved</h1>"
    b"<p>The city council voted on Tuesday to approve a riverside park that residents have sought.</p>"
    b"<p>Construction is expected to begin next spring and to last about eighteen months.</p>"
    b"</article></body></html>"
)


def gzip_bomb(inflated_mib: int) -> bytes:
    """A valid multi-member gzip stream of ``inflated_mib`` MiB of zeros, made in a few KiB."""
    return gzip.compress(bytes(1 << 20)) * inflated_mib


def error_lines(result) -> list:
    lines = result.stderr.splitlines()
    assert all(line.startswith("newsclean: error: ") for line in lines), result.stderr
    assert "Traceback" not in result.stderr
    return lines


def test_version(run_cli):
    result = run_cli(["--version"])
    assert result.exit_code == 0
    assert result.stdout == f"newsclean {newsclean.__version__}\n"


@pytest.mark.parametrize("args", [["extract"], ["extract", "-"]])
def test_stdin(run_cli, parse_records, validate_record, args):
    result = run_cli(args, input=DUMP)
    assert result.exit_code == 0, result.stderr
    (record,) = parse_records(result)
    validate_record(record)
    assert record["source"] == "-"
    assert record["input_type"] == "text"


def test_many_files_in_input_order_with_source_as_given(run_cli, parse_records, validate_record, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    names = ["c.txt", "a.html", "b.txt"]
    for name in names:
        (tmp_path / name).write_bytes(PAGE if name.endswith(".html") else DUMP)
    args = ["./c.txt", str(tmp_path / "a.html"), "b.txt"]
    result = run_cli(["extract", *args])
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    got = parse_records(result)
    for record in got:
        validate_record(record)
    assert [r["source"] for r in got] == args
    assert [r["input_type"] for r in got] == ["text", "html", "text"]


def test_failing_inputs_are_reported_and_the_others_still_processed(run_cli, parse_records, tmp_path):
    good = tmp_path / "good.txt"
    good.write_bytes(DUMP)
    missing = tmp_path / "missing.txt"
    args = [str(good), str(missing), str(tmp_path), str(good)]
    result = run_cli(["extract", *args])
    assert result.exit_code == 1
    assert [r["source"] for r in parse_records(result)] == [str(good), str(good)]
    assert error_lines(result) == [
        f"newsclean: error: {missing}: no such file",
        f"newsclean: error: {tmp_path}: is a directory (for a folder, use: newsclean batch DIR OUT_DIR)",
    ]


def test_unexpected_exception_is_one_error_line(run_cli, parse_records, tmp_path, monkeypatch):
    real_extract = cli.extract_article

    def extract_or_crash(data, **options):
        if options["source"].endswith("bad.txt"):
            raise RuntimeError("boom\nsecond line")
        return real_extract(data, **options)

    monkeypatch.setattr(cli, "extract_article", extract_or_crash)
    bad, good = tmp_path / "bad.txt", tmp_path / "good.txt"
    bad.write_bytes(DUMP)
    good.write_bytes(DUMP)
    result = run_cli(["extract", str(bad), str(good)])
    assert result.exit_code == 1
    assert [r["source"] for r in parse_records(result)] == [str(good)]
    assert error_lines(result) == [f"newsclean: error: {bad}: internal error: RuntimeError: boom second line"]


@pytest.mark.parametrize(
    "args",
    [
        ["extract", "--input-type", "pdf"],
        ["extract", "--max-bytes", "0"],
        ["extract", "--max-bytes", "lots"],
        ["extract", "--no-such-option"],
        ["extract", "a.txt", "b.txt", "--url", "https://example.com/"],
        ["extract", "-", "-"],
        ["no-such-command"],
    ],
)
def test_usage_errors_exit_2(run_cli, args):
    result = run_cli(args, input=DUMP)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "Usage:" in result.stderr


def test_url_is_copied_into_the_record(run_cli, parse_records):
    result = run_cli(["extract", "--url", "https://example.com/park"], input=DUMP)
    assert result.exit_code == 0, result.stderr
    assert parse_records(result)[0]["url"] == "https://example.com/park"


@pytest.mark.parametrize("input_type", ["text", "html"])
def test_input_type_can_be_forced(run_cli, parse_records, validate_record, input_type):
    result = run_cli(["extract", "--input-type", input_type], input=PAGE)
    assert result.exit_code == 0, result.stderr
    (record,) = parse_records(result)
    validate_record(record)
    assert record["input_type"] == input_type


def test_pretty_is_the_same_record_indented(run_cli, parse_records, tmp_path):
    page = tmp_path / "page.txt"
    page.write_bytes(DUMP)
    compact = run_cli(["extract", str(page)])
    pretty = run_cli(["extract", "--pretty", str(page)])
    assert pretty.exit_code == 0, pretty.stderr
    assert pretty.stdout.startswith('{\n  "schema_version": ')
    assert json.loads(pretty.stdout) == parse_records(compact)[0]


def test_output_is_utf8_not_escaped(run_cli):
    line = "Le café de la gare rouvre ses portes à Zürich — 東京でも話題に。"
    result = run_cli(["extract"], input=(line + "\n").encode("utf-8"))
    assert result.exit_code == 0, result.stderr
    assert "Zürich".encode() in result.stdout_bytes
    assert b"\\u" not in result.stdout_bytes


@pytest.mark.skipif(sys.platform != "linux", reason="needs a file system that takes any bytes in names")
def test_file_name_that_is_not_utf8_keeps_the_output_utf8(run_cli, parse_records, tmp_path):
    page = tmp_path / "caf\udce9.txt"  # the Latin-1 byte for "é" in the name
    page.write_bytes(DUMP)
    result = run_cli(["extract", str(page)])
    assert result.exit_code == 0, result.stderr
    result.stdout_bytes.decode("utf-8")
    assert parse_records(result)[0]["source"] == str(page)


def test_gzip_input_gives_the_same_record(run_cli, parse_records, tmp_path):
    plain, packed = tmp_path / "page.html", tmp_path / "page.bin"  # detected by content, not name
    plain.write_bytes(PAGE)
    packed.write_bytes(gzip.compress(PAGE))
    result = run_cli(["extract", str(plain), str(packed)])
    assert result.exit_code == 0, result.stderr
    from_plain, from_packed = parse_records(result)
    assert from_packed["input_type"] == "html"
    assert from_packed == dict(from_plain, source=str(packed))


def test_gzip_bomb_stops_at_max_bytes(run_cli, tmp_path):
    bomb = tmp_path / "bomb.html.gz"
    bomb.write_bytes(gzip_bomb(256))
    result = run_cli(["extract", "--max-bytes", "1000000", str(bomb)])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert error_lines(result) == [f"newsclean: error: {bomb}: larger than 1000000 bytes when inflated (--max-bytes)"]


def test_input_beyond_max_bytes(run_cli, tmp_path):
    page = tmp_path / "page.txt"
    page.write_bytes(DUMP)
    result = run_cli(["extract", "--max-bytes", str(len(DUMP) - 1), str(page)])
    assert result.exit_code == 1
    assert error_lines(result) == [f"newsclean: error: {page}: larger than {len(DUMP) - 1} bytes (--max-bytes)"]
    assert run_cli(["extract", "--max-bytes", str(len(DUMP)), str(page)]).exit_code == 0


@pytest.mark.parametrize("data", [b"\x1f\x8bnot gzip at all", gzip.compress(DUMP)[:-12]], ids=["garbage", "truncated"])
def test_invalid_gzip(run_cli, tmp_path, data):
    page = tmp_path / "page.gz"
    page.write_bytes(data)
    result = run_cli(["extract", str(page)])
    assert result.exit_code == 1
    assert error_lines(result) == [f"newsclean: error: {page}: not valid gzip data"]


def test_empty_file_is_a_failed_input(run_cli, parse_records, tmp_path):
    """0 bytes is no page: an error line naming it and exit 1, so a script can tell (was a record, exit 0)."""
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    blank = tmp_path / "blank.txt"
    blank.write_bytes(b" \n")
    result = run_cli(["extract", str(empty), str(blank)])
    assert result.exit_code == 1
    assert error_lines(result) == [f"newsclean: error: {empty}: empty input (0 bytes)"]
    (record,) = parse_records(result)  # whitespace is read, and gives a record with a warning
    assert record["source"] == str(blank) and record["warnings"] == ["no article text found"]


def test_schema_command_prints_the_schema(run_cli, schema):
    result = run_cli(["schema"])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == schema


def test_python_dash_m_newsclean(tmp_path):
    page = tmp_path / "page.txt"
    page.write_bytes(DUMP)
    run = subprocess.run(
        [sys.executable, "-m", "newsclean", "extract", str(page)],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr.decode()
    assert run.stderr == b""
    (line,) = run.stdout.decode("utf-8").splitlines()
    assert json.loads(line)["source"] == str(page)


def test_cli_imports_nothing_heavy():
    code = "import sys, newsclean.cli; print(sorted({'rich', 'trafilatura', 'lxml'} & set(sys.modules)))"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert run.stdout.strip() == "[]", run.stderr


@pytest.mark.parametrize("stdin", [False, True])
def test_plain_extract_skips_click_and_does_what_click_does(run_cli, tmp_path, stdin):
    """``newsclean extract FILE...`` with no option runs without importing click (start-up), with
    the same records, error lines and exit status as the click command."""
    good, gz, missing = tmp_path / "good.txt", tmp_path / "good.txt.gz", tmp_path / "missing.txt"
    good.write_bytes(DUMP)
    gz.write_bytes(gzip.compress(DUMP))
    args = ["extract", str(good), "-" if stdin else str(gz), str(missing), str(tmp_path)]
    code = (
        "import sys\n"
        "from newsclean.entry import main\n"
        "sys.argv = ['newsclean'] + sys.argv[1:]\n"
        "try: main()\n"
        "finally: print('click imported' if 'click' in sys.modules else '', file=sys.stderr)\n"
    )
    fast = subprocess.run([sys.executable, "-c", code, *args], input=DUMP, capture_output=True, timeout=60)
    via_click = run_cli(args, input=DUMP)
    assert fast.returncode == via_click.exit_code == 1
    assert fast.stdout == via_click.stdout_bytes
    assert fast.stderr.decode().splitlines() == via_click.stderr.splitlines() + ["click imported"]
    ok = subprocess.run([sys.executable, "-c", code, "extract", str(good)], capture_output=True, timeout=60)
    assert (ok.returncode, ok.stderr) == (0, b"\n")
    assert ok.stdout == run_cli(["extract", str(good)]).stdout_bytes


# read_input, the CLI's input layer, on its own


def test_read_input_gunzips_by_magic_bytes(tmp_path):
    page = tmp_path / "page.txt"
    page.write_bytes(gzip.compress(DUMP) + gzip.compress(b"more\n"))
    assert read_input(str(page), 1 << 20) == DUMP + b"more\n"


def test_read_input_bomb_does_not_inflate_past_the_limit(tmp_path):
    bomb = tmp_path / "bomb"
    bomb.write_bytes(gzip_bomb(1024))  # 1 GiB inflated from about 1 MB
    tracemalloc.start()
    try:
        with pytest.raises(InputError, match="larger than 4000000 bytes when inflated"):
            read_input(str(bomb), 4_000_000)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 16 << 20


def test_read_input_permission_denied(tmp_path, monkeypatch):
    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("newsclean.read.os.open", denied)  # inputs are opened with os.open (see open_input)
    with pytest.raises(InputError) as err:
        read_input(str(tmp_path / "secret.txt"), 100)
    assert str(err.value) == f"{tmp_path / 'secret.txt'}: permission denied"


def test_input_error_names_stdin():
    assert str(InputError("-", "larger than 10 bytes (--max-bytes)")) == "<stdin>: larger than 10 bytes (--max-bytes)"
