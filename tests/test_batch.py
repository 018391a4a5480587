"""newsclean batch: a mirrored tree, atomic writes, resuming, failures on the side, safe directories."""

from __future__ import annotations

import filecmp
import gzip
import importlib.util
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_cli import DUMP
from test_warc import archive, crawl, record_id, response

from newsclean.batch import MANIFEST, TMP_SUFFIX

PAGE = (
    b"<html><head><title>Riverside park approved</title></head><body><article><h1>Riverside park approved</h1>"
    b"<p>The city council voted on Tuesday to approve a riverside park that residents have sought.</p>"
    b"</article></body></html>"
)


@pytest.fixture
def tree(tmp_path) -> Path:
    """pages/: text, HTML, gzip, a WARC, a file that is not an input, in nested folders."""
    pages = tmp_path / "pages"
    (pages / "world" / "deep").mkdir(parents=True)
    (pages / "a.txt").write_bytes(DUMP)
    (pages / "world" / "b.html").write_bytes(PAGE)
    (pages / "world" / "deep" / "c.htm.gz").write_bytes(gzip.compress(PAGE))
    (pages / "world" / "crawl.warc.gz").write_bytes(crawl(gz=True))
    (pages / "notes.md").write_bytes(b"not an input")
    return pages


def outputs(out: Path) -> dict:
    """{relative path: bytes} of every file in ``out`` but the manifest."""
    return {
        str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file() and p.name != MANIFEST
    }


def test_mirrors_the_tree(run_cli, tree, tmp_path):
    out = tmp_path / "out"
    result = run_cli(["batch", str(tree), str(out)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert result.stderr.startswith("newsclean: batch done: 4 inputs, 4 converted, 0 up to date, 0 failed; 5 pages")
    got = outputs(out)
    assert sorted(got) == [
        "a.txt.json",
        "errors.jsonl",
        "world/b.html.json",
        "world/crawl.warc.gz.jsonl",
        "world/deep/c.htm.gz.json",
    ]
    assert got["errors.jsonl"] == b""
    for rel in ("a.txt", "world/b.html", "world/crawl.warc.gz"):  # the same bytes as extract gives
        assert got[rel + (".jsonl" if "warc" in rel else ".json")] == run_cli(["extract", str(tree / rel)]).stdout_bytes
    sources = [json.loads(line)["source"] for line in got["world/crawl.warc.gz.jsonl"].splitlines()]
    assert sources == [f"{tree / 'world' / 'crawl.warc.gz'}#{record_id(n)}" for n in (2, 5)]


def test_include_exclude_and_formats(run_cli, tree, tmp_path):
    out = tmp_path / "out"
    result = run_cli(
        [
            "batch",
            str(tree),
            str(out),
            "--include",
            "*.md",
            "--include",
            "world/*.html",
            "--exclude",
            "deep",
            "--format",
            "markdown",
            "-q",
        ]
    )
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    got = outputs(out)
    assert sorted(got) == ["errors.jsonl", "notes.md.md", "world/b.html.md"]
    assert got["world/b.html.md"].startswith(b"# Riverside park approved\n\n")


def test_rerun_skips_what_is_up_to_date(run_cli, tree, tmp_path):
    out = tmp_path / "out"
    assert run_cli(["batch", str(tree), str(out)]).exit_code == 0
    again = run_cli(["batch", str(tree), str(out)])
    assert "4 inputs, 0 converted, 4 up to date" in again.stderr
    (tree / "a.txt").write_bytes(DUMP.replace(b"officials said.", b"officials said in a statement added later."))
    (out / "world" / "b.html.json").unlink()
    changed = run_cli(["batch", str(tree), str(out)])
    assert "4 inputs, 2 converted, 2 up to date" in changed.stderr
    assert "added later" in json.loads((out / "a.txt.json").read_bytes())["text"]
    assert "4 inputs, 4 converted" in run_cli(["batch", str(tree), str(out), "--force"]).stderr
    assert "4 inputs, 4 converted" in run_cli(["batch", str(tree), str(out), "--fields", "title"]).stderr
    assert json.loads((out / "a.txt.json").read_bytes()) == {
        "title": "City council approves riverside park after years of debate",
    }


def test_failures_are_listed_and_do_not_stop_the_batch(run_cli, tree, tmp_path):
    (tree / "bad.html.gz").write_bytes(b"\x1f\x8bnot gzip")
    (tree / "big.warc").write_bytes(archive([response(1, PAGE * 100), response(2)]))
    out = tmp_path / "out"
    args = ["batch", str(tree), str(out), "--max-bytes", str(len(PAGE) * 10)]
    result = run_cli(args)
    assert result.exit_code == 1
    assert f"6 inputs, 5 converted, 0 up to date, 2 failed (see {out / 'errors.jsonl'})" in result.stderr
    errors = [json.loads(line) for line in (out / "errors.jsonl").read_text().splitlines()]
    assert errors == [
        {"file": str(tree / "bad.html.gz"), "error": "not valid gzip data"},
        {
            "file": str(tree / "big.warc"),
            "record": record_id(1),
            "error": f"larger than {len(PAGE) * 10} bytes (--max-bytes)",
        },
    ]
    assert not (out / "bad.html.gz.json").exists()
    assert len((out / "big.warc.jsonl").read_bytes().splitlines()) == 1
    rerun = run_cli(args)  # the failed file is tried again; the archive is done, its error still listed
    assert rerun.exit_code == 1
    assert "6 inputs, 0 converted, 5 up to date, 2 failed" in rerun.stderr
    assert [json.loads(line) for line in (out / "errors.jsonl").read_text().splitlines()] == errors


def test_out_dir_inside_in_dir_is_not_read(run_cli, tree):
    out = tree / "out"
    assert run_cli(["batch", str(tree), str(out)]).exit_code == 0
    again = run_cli(["batch", str(tree), str(out), "--include", "*"])
    assert again.exit_code == 0, again.stderr
    assert not any("out/" in name for name in outputs(out))


@pytest.mark.parametrize("where", ["same", "parent", "foreign", "file"])
def test_directories_that_are_refused(run_cli, tree, tmp_path, where):
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_bytes(b"mine")
    out = {"same": tree, "parent": tmp_path, "foreign": mine, "file": tree / "a.txt"}[where]
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    result = run_cli(["batch", str(tree), str(out)])
    assert result.exit_code == 2
    assert "Usage:" in result.stderr and "Traceback" not in result.stderr
    assert {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()} == before


def test_leftover_temp_files_are_removed(run_cli, tree, tmp_path):
    out = tmp_path / "out"
    assert run_cli(["batch", str(tree), str(out)]).exit_code == 0
    leftover = out / "world" / f".b.html.json.12345{TMP_SUFFIX}"
    leftover.write_bytes(b"{half")
    assert run_cli(["batch", str(tree), str(out)]).exit_code == 0
    assert not leftover.exists()


def test_jobs_give_the_same_files(run_cli, tree, tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    assert run_cli(["batch", str(tree), str(one), "-j", "1"]).exit_code == 0
    assert run_cli(["batch", str(tree), str(two), "-j", "2"]).exit_code == 0
    assert outputs(one) == outputs(two)


def _paragraphs(i: int) -> bytes:
    lines = [f"Story number {i}: the council meets again to debate the riverside park plans"]
    lines += [
        f"Paragraph {j} of story {i} says what the council members argued about at length today." for j in range(60)
    ]
    return ("\n".join(lines) + "\n").encode()


def test_killed_batch_resumes_to_the_same_files(tmp_path):
    pages = tmp_path / "pages"
    for i in range(200):
        path = pages / f"d{i % 7}" / f"p{i:03d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(_paragraphs(i))
    whole, resumed = tmp_path / "whole", tmp_path / "resumed"

    def batch(out: Path) -> subprocess.Popen:
        return subprocess.Popen(
            [sys.executable, "-m", "newsclean", "batch", str(pages), str(out), "-j", "2", "-q"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )

    killed = batch(resumed)
    manifest = resumed / MANIFEST
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and killed.poll() is None:
        if manifest.exists() and len(manifest.read_bytes().splitlines()) > 20:
            break
        time.sleep(0.01)
    assert killed.poll() is None, "the batch finished before it could be killed"
    os.kill(killed.pid, signal.SIGKILL)
    killed.communicate(timeout=30)
    done_before = len(manifest.read_bytes().splitlines()) - 1
    assert 0 < done_before < 200

    for out in (resumed, whole):
        run = batch(out)
        stdout, stderr = run.communicate(timeout=120)
        assert run.returncode == 0, stderr.decode()
        assert stdout == stderr == b""
    assert outputs(resumed) == outputs(whole)
    assert len(outputs(whole)) == 201  # 200 records and errors.jsonl
    assert not [p for p in resumed.rglob("*") if p.name.endswith(TMP_SUFFIX)]
    assert filecmp.cmp(resumed / "errors.jsonl", whole / "errors.jsonl", shallow=False)


@pytest.mark.parametrize(
    "options, expected",
    [
        (["--include", "**/*.html"], ["top.html", "world/b.html"]),  # ** takes no folder too: the top level
        (["--include", "*.HTML"], ["top.html", "world/b.html"]),  # letters match whatever their case
        (["--include", "*.html", "--include", "*.txt"], ["a.txt", "top.html", "world/b.html"]),
        (["--include", "world/*"], ["world/b.html", "world/crawl.warc.gz", "world/deep/c.htm.gz"]),
        (["--include", "world/*.html"], ["world/b.html"]),  # * stays within one folder
        (["--exclude", "world/"], ["a.txt", "top.html"]),  # a folder and all under it
        (["--exclude", "./world/*"], ["a.txt", "top.html"]),  # ./ means IN_DIR
        (["--exclude", "deep/"], ["a.txt", "top.html", "world/b.html", "world/crawl.warc.gz"]),  # at any depth
        (["--exclude", "/deep/"], ["a.txt", "top.html", "world/b.html", "world/crawl.warc.gz", "world/deep/c.htm.gz"]),
        (["--exclude", "world/*", "--exclude", "!world/b.html"], ["a.txt", "top.html", "world/b.html"]),
    ],
)
def test_globs_follow_gitignore_rules(tree, options, expected):
    """``**/*.html`` missed the top level, ``--exclude sub/`` and ``./sub/*`` excluded nothing, and
    ``*.HTML`` was case-sensitive where the default names are not."""
    from newsclean.batch import find_inputs

    (tree / "top.HTML").write_bytes(PAGE)
    include = [v for k, v in zip(options[::2], options[1::2], strict=True) if k == "--include"]
    exclude = [v for k, v in zip(options[::2], options[1::2], strict=True) if k == "--exclude"]
    found = find_inputs(str(tree), str(tree.parent / "out"), include, exclude)
    assert [p.replace(os.sep, "/").replace("top.HTML", "top.html") for p in found] == expected


def test_a_batch_that_matches_nothing_is_an_error(run_cli, tree, tmp_path):
    result = run_cli(["batch", str(tree), str(tmp_path / "out"), "--include", "*.xml", "-q"])
    assert result.exit_code == 1
    assert result.stderr == f"newsclean: error: {tree}: no file matches --include '*.xml'\n"
    empty = tmp_path / "empty"
    empty.mkdir()
    result = run_cli(["batch", str(empty), str(tmp_path / "out2"), "-q"])
    assert result.exit_code == 1 and "no input file found" in result.stderr


def test_a_bad_glob_is_a_usage_error(run_cli, tree, tmp_path):
    result = run_cli(["batch", str(tree), str(tmp_path / "out"), "--exclude", "!"])
    assert result.exit_code == 2 and "--exclude: not a valid pattern" in result.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("jobs", [1, 2])
def test_the_progress_bar_counts_the_pages_inside_archives(tmp_path, monkeypatch, jobs):
    """On a big WARC the bar stayed at '0/1 files 0.0 pages/s' for the whole run."""
    from test_warc import archive, conversion

    from newsclean import batch as batch_module
    from newsclean.output import Formatter

    src = tmp_path / "in"
    src.mkdir()
    (src / "a.wet.gz").write_bytes(archive([conversion(n) for n in range(5)], gz=True))
    (src / "b.wet").write_bytes(archive([conversion(n) for n in range(5, 8)]))
    seen = []

    class Recording(batch_module.ProgressBar):
        def advance(self, failed):
            super().advance(failed)
            seen.append(self.line())

    monkeypatch.setattr(batch_module, "ProgressBar", Recording)
    summary = batch_module.run_batch(
        str(src), str(tmp_path / "out"), batch_module.Settings(formatter=Formatter()), jobs=jobs, progress=True
    )
    assert summary.pages == 8
    assert len(seen) == 2 and "2/2 files" in seen[-1] and " 8 pages " in seen[-1]
    first = seen[0].split(" pages ")[0].split()[-1]
    # the first file's pages were counted as they went (with two workers, some of the other's too)
    assert int(first) == 5 if jobs == 1 else 3 <= int(first) <= 8


# --- --inputs and fsspec URLs ---------------------------------------------------------------------


def test_inputs_list_names_the_inputs_under_in_dir(run_cli, tree, tmp_path):
    """--inputs converts what the list names (relative to IN_DIR, or under it), and lists the rest."""
    listing = tmp_path / "list.txt"
    listing.write_text(
        "# a cc-pyspark style list\n"
        "a.txt\n"
        f"{tree / 'world' / 'b.html'}\n"
        "\n"
        "notes.md\n"  # named, so taken, whatever its name: it converts as a text page
        f"{tmp_path / 'elsewhere.html'}\n"
        "../escape.html\n"
        "world/missing.html\n"
    )
    out = tmp_path / "out"
    result = run_cli(["batch", str(tree), str(out), "--inputs", str(listing)])
    assert result.exit_code == 1, result.stderr
    assert "4 inputs, 3 converted, 0 up to date, 3 failed" in result.stderr
    assert sorted(outputs(out)) == ["a.txt.json", "errors.jsonl", "notes.md.json", "world/b.html.json"]
    errors = [json.loads(line) for line in outputs(out)["errors.jsonl"].splitlines()]
    assert [(e["file"], e["error"].split(" (")[0]) for e in errors] == [
        (str(tmp_path / "elsewhere.html"), "not under IN_DIR"),
        ("../escape.html", "not under IN_DIR"),
        (str(tree / "world" / "missing.html"), "no such file or directory"),
    ]
    assert outputs(out)["world/b.html.json"] == run_cli(["extract", str(tree / "world" / "b.html")]).stdout_bytes


def test_a_url_without_fsspec_is_a_usage_error(run_cli, tree, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "fsspec", None)  # import fsspec raises ImportError
    monkeypatch.setitem(sys.modules, "fsspec.core", None)
    result = run_cli(["batch", str(tree), "s3://bucket/out"])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        "Error: s3://bucket/out: reading or writing a URL needs fsspec, which is not installed:"
        " pip install 'newsclean[dask]'"
    )


@pytest.fixture
def s3(monkeypatch):
    """(s3fs filesystem, environment for a newsclean process) of moto's S3 server on 127.0.0.1."""
    pytest.importorskip("s3fs")
    server_module = pytest.importorskip("moto.server")
    server = server_module.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    env = {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_ENDPOINT_URL": f"http://127.0.0.1:{server._server.server_port}",
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    import s3fs

    fs = s3fs.S3FileSystem(skip_instance_cache=True)
    fs.mkdir("bkt")
    try:
        yield fs, dict(os.environ)
    finally:
        server.stop()


def _cli(args, env, cwd):
    return subprocess.run([sys.executable, "-m", "newsclean", *args], env=env, cwd=cwd, capture_output=True)


def test_an_s3_round_trip_gives_the_local_bytes_and_resumes(run_cli, tree, tmp_path, s3):
    """IN_DIR and OUT_DIR in S3 (moto's server): the outputs a local batch writes (sources named by
    URL), a manifest a re-run resumes from, --inputs of URLs, and Dask workers writing to S3 themselves."""
    fs, env = s3
    for path in sorted(tree.rglob("*")):
        if path.is_file():
            fs.pipe_file(f"bkt/in/{path.relative_to(tree).as_posix()}", path.read_bytes())
    local = tmp_path / "local"
    assert run_cli(["batch", str(tree), str(local), "-j", "1"]).exit_code == 0
    expected = {
        rel: data.replace(str(tree).encode(), b"s3://bkt/in")
        for rel, data in outputs(local).items()
        if rel != "errors.jsonl"
    }

    def got(prefix: str) -> dict:
        return {
            path[len(prefix) + 1 :]: fs.cat_file(path)
            for path in fs.find(prefix)
            if not path.endswith((MANIFEST, "errors.jsonl"))
        }

    run = _cli(["batch", "s3://bkt/in", "s3://bkt/out"], env, tmp_path)
    assert run.returncode == 0, run.stderr
    assert b"4 inputs, 4 converted, 0 up to date, 0 failed; 5 pages" in run.stderr
    assert got("bkt/out") == expected
    assert fs.cat_file("bkt/out/errors.jsonl") == b""
    again = _cli(["batch", "s3://bkt/in", "s3://bkt/out"], env, tmp_path)
    assert b"4 inputs, 0 converted, 4 up to date, 0 failed" in again.stderr

    listing = tmp_path / "list.txt"
    listing.write_text("s3://bkt/in/a.txt\nworld/crawl.warc.gz\ns3://other/x.html\n")
    listed = _cli(["batch", "s3://bkt/in", str(tmp_path / "some"), "--inputs", str(listing)], env, tmp_path)
    assert listed.returncode == 1, listed.stderr
    assert b"2 inputs, 2 converted, 0 up to date, 1 failed" in listed.stderr
    some = outputs(tmp_path / "some")
    assert some.pop("errors.jsonl").startswith(b'{"file": "s3://other/x.html", "error": "not under IN_DIR')
    assert some == {rel: expected[rel] for rel in ("a.txt.json", "world/crawl.warc.gz.jsonl")}

    if importlib.util.find_spec("distributed") is not None:
        on_cluster = _cli(["batch", "s3://bkt/in", "s3://bkt/dask", "--cluster", "local:2", "-q"], env, tmp_path)
        assert on_cluster.returncode == 0, on_cluster.stderr
        assert got("bkt/dask") == expected
