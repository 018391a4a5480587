"""``newsclean extract URL``: fetched from a local http.server on 127.0.0.1 that the test starts.

The server serves a page, redirects, a slow body, a huge body, a 404, a PNG
and pages whose charset is declared only in the HTTP header, or wrongly
there. Nothing reaches beyond this machine: the DNS failure is made by
replacing the resolver in-process.
"""

from __future__ import annotations

import gzip
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from newsclean.fetch import USER_AGENT

FRENCH = (
    "<html><head><title>Le marché de Noël rouvre</title></head><body><article><h1>Le marché de Noël rouvre</h1>"
    "<p>Le marché, fermé à Noël l’an passé, a déjà rouvert ses portes samedi matin sur la place.</p>"
    "<p>Les exposants étaient déjà là à l’aube, et la mairie espère dépasser les chiffres d’avant.</p>"
    "</article></body></html>"
)
SENTENCE = "Le marché, fermé à Noël l’an passé, a déjà rouvert ses portes samedi matin sur la place."


class Handler(BaseHTTPRequestHandler):
    seen_agents: list = []

    def log_message(self, *args) -> None:  # keep the test output clean
        pass

    def send(self, status: int, body: bytes, content_type: str = "text/html; charset=utf-8", **headers) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        Handler.seen_agents.append(self.headers.get("User-Agent"))
        path = self.path
        if not (self.send_whole(path) or self.send_streamed(path)):
            self.send(404, b"")

    def send_whole(self, path: str) -> bool:
        """The pages sent in one piece, with their Content-Length; False for any other path."""
        if path == "/page":
            self.send(200, FRENCH.encode("utf-8"))
        elif path == "/gzip":
            self.send(200, gzip.compress(FRENCH.encode("utf-8")), Content_Encoding="gzip")
        elif path == "/moved":
            self.send(301, b"", Location="/moved-again")
        elif path == "/moved-again":
            self.send(302, b"", Location="/page")
        elif path == "/loop":
            self.send(302, b"", Location="/loop")
        elif path == "/cp1252-in-header":  # no <meta charset>: only the header says
            self.send(200, FRENCH.encode("cp1252"), "text/html; charset=windows-1252")
        elif path == "/utf8-declared-latin1":  # the header is wrong: the bytes are UTF-8
            self.send(200, FRENCH.encode("utf-8"), "text/html; charset=iso-8859-1")
        elif path == "/missing":
            self.send(404, b"<h1>Not Found</h1>")
        elif path == "/broken":
            self.send(500, b"oops")
        elif path == "/image":
            self.send(200, b"\x89PNG\r\n\x1a\n" + bytes(100), "image/png")
        elif path == "/empty":
            self.send(200, b"")
        else:
            return False
        return True

    def send_streamed(self, path: str) -> bool:
        """The bodies that are not what their headers promise (endless, short, slow); False for any
        other path."""
        if path == "/huge":  # no Content-Length: only the streamed size can stop it
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            try:
                for _ in range(200):
                    self.wfile.write(b"<p>" + b"x" * 65536 + b"</p>")
            except OSError:
                pass
        elif path == "/huge-declared":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(50 * 1024 * 1024))
            self.end_headers()
        elif path == "/slow":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", "100000")
            self.end_headers()
            self.wfile.write(b"<html><body><p>first bytes")
            self.wfile.flush()
            time.sleep(3)
        else:
            return False
        return True


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_a_page_is_fetched_and_cleaned(run_cli, parse_records, server):
    Handler.seen_agents.clear()
    result = run_cli(["extract", f"{server}/page", f"{server}/gzip"])
    assert result.exit_code == 0, result.stderr
    records = parse_records(result)
    assert [r["source"] for r in records] == [f"{server}/page", f"{server}/gzip"]
    for r in records:
        assert r["title"] == "Le marché de Noël rouvre" and SENTENCE in r["text"] and r["warnings"] == []
    assert Handler.seen_agents == [USER_AGENT, USER_AGENT] and USER_AGENT.startswith(
        "Mozilla/5.0 (compatible; newsclean/"
    )


def test_redirects_are_followed_and_the_final_address_recorded(run_cli, parse_records, server):
    (record,) = parse_records(run_cli(["extract", f"{server}/moved"]))
    assert record["source"] == f"{server}/moved"
    assert record["url"] == f"{server}/page"
    assert SENTENCE in record["text"]


@pytest.mark.parametrize("path", ["/cp1252-in-header", "/utf8-declared-latin1"])
def test_the_charset_comes_from_the_header_unless_the_bytes_say_otherwise(run_cli, parse_records, server, path):
    (record,) = parse_records(run_cli(["extract", f"{server}{path}"]))
    assert record["title"] == "Le marché de Noël rouvre"
    assert SENTENCE in record["text"]
    assert record["warnings"] == []


@pytest.mark.parametrize(
    "path, args, message",
    [
        ("/missing", [], "HTTP 404 Not Found"),
        ("/broken", [], "HTTP 500 Internal Server Error"),
        ("/image", [], "not a web page (Content-Type image/png)"),
        ("/huge", ["--max-bytes", "1000000"], "larger than 1000000 bytes (--max-bytes)"),
        ("/huge-declared", ["--max-bytes", "1000000"], "larger than 1000000 bytes (--max-bytes)"),
        ("/slow", ["--timeout", "0.5"], "timed out after 0.5 s"),
        ("/loop", [], "more than 10 redirects"),
        ("/empty", [], "empty input (0 bytes)"),
    ],
    ids=lambda v: v if isinstance(v, str) and v.startswith("/") else None,
)
def test_each_failure_is_one_error_line(run_cli, parse_records, server, path, args, message):
    start = time.monotonic()
    result = run_cli(["extract", *args, f"{server}{path}", f"{server}/page"])
    assert time.monotonic() - start < 20
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [f"newsclean: error: {server}{path}: {message}"]
    assert [r["source"] for r in parse_records(result)] == [f"{server}/page"]  # the other input still came out


def test_refused_tls_and_dns_failures_are_one_line(run_cli, server, monkeypatch):
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()  # nothing listens there now
    result = run_cli(["extract", f"http://127.0.0.1:{port}/page"])
    assert result.stderr == f"newsclean: error: http://127.0.0.1:{port}/page: connection refused\n"
    https = server.replace("http://", "https://") + "/page"  # TLS spoken to a plain HTTP server
    result = run_cli(["extract", "--timeout", "5", https])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"newsclean: error: {https}: TLS error: ") and result.stderr.count("\n") == 1

    def no_dns(host, *args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_dns)
    result = run_cli(["extract", "https://no-such-host.invalid/story"])
    assert result.stderr == "newsclean: error: https://no-such-host.invalid/story: cannot resolve the host name (DNS)\n"


def test_explain_takes_a_url(run_cli, server):
    result = run_cli(["explain", f"{server}/moved"])
    assert result.exit_code == 0, result.stderr
    assert SENTENCE in result.stdout


def test_the_text_path_stays_free_of_urllib3():
    import subprocess
    import sys

    code = "import sys, newsclean.cli, newsclean.batch; print('urllib3' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.strip() == "False"


def test_inputs_lists_urls_and_files(run_cli, parse_records, server, tmp_path):
    page = tmp_path / "page.html"
    page.write_text(FRENCH, encoding="utf-8")
    listing = tmp_path / "inputs.txt"
    listing.write_text(f"# today's pages\n{server}/moved\n\n  {page}  \n{server}/missing\n", encoding="utf-8")
    result = run_cli(["extract", "--inputs", str(listing), "--fields", "source,url"])
    assert result.exit_code == 1
    assert parse_records(result) == [
        {"source": f"{server}/moved", "url": f"{server}/page"},
        {"source": str(page), "url": None},
    ]
    assert result.stderr == f"newsclean: error: {server}/missing: HTTP 404 Not Found\n"
    from_stdin = run_cli(["extract", "--inputs", "-", "--fields", "source"], input=f"{page}\n")
    assert parse_records(from_stdin) == [{"source": str(page)}]
    assert run_cli(["extract", "--inputs", str(tmp_path / "none.txt")]).exit_code == 2
    assert run_cli(["extract", "--inputs", "-", "-"], input="x\n").exit_code == 2
