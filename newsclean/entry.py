"""The ``newsclean`` script's entry point: ``newsclean extract FILE...`` without click.

Importing click costs the script about 40 ms of start-up (it imports
``inspect``, ``typing``, ``uuid``, ``gettext`` ...), more than the text path's
own work on a page. So the commonest call, ``extract`` with files and no
option, runs here: the same code the click command runs
(:func:`newsclean.runner.write_records`) with the command's defaults. Every
other command line (an option, ``--help``, another command, a second ``-``)
goes to click in :mod:`newsclean.cli`, as does an exception the command does
not handle itself, so that exit codes and messages are click's. This module
depends on :mod:`newsclean.cli`, never the other way.
"""

from __future__ import annotations

import os
import sys


def main() -> None:
    """Entry point of the ``newsclean`` script and of ``python -m newsclean``."""
    args = sys.argv[1:]
    if _plain_extract(args):
        _extract_plain(args[1:])
    else:
        from .cli import main as click_main

        click_main()


def _plain_extract(args: list[str]) -> bool:
    """``extract`` and files only: no option (nothing else starting with ``-``), stdin at most once,
    no shell completion asked for, and not on Windows (where click expands globs in arguments)."""
    return (
        args[:1] == ["extract"]
        and all(a == "-" or not a.startswith("-") for a in args[1:])
        and args.count("-") <= 1
        and not os.environ.get("_NEWSCLEAN_COMPLETE")
        and os.name != "nt"
    )


def _extract_plain(files: list[str]) -> None:
    """``newsclean extract FILE...`` with every option at its default (see ``cli.extract``)."""
    from .batch import Settings
    from .output import Formatter
    from .pipeline import extract_read as extract
    from .read import DEFAULT_MAX_BYTES
    from .runner import write_records

    settings = Settings("auto", DEFAULT_MAX_BYTES, None, Formatter("json", None, False), extract, "balanced", ())
    try:
        write_records(tuple(files) or ("-",), settings, 1, None)
    except (Exception, KeyboardInterrupt) as e:  # as click would: Ctrl-C, a broken pipe on stderr, ...
        _as_click(e)


def _as_click(error: BaseException) -> None:
    """Handle an exception exactly as click's standalone mode does (message, exit status)."""
    import click

    def fail() -> None:
        raise error

    click.Command("extract", callback=fail).main([], prog_name="newsclean")
