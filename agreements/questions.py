"""What `agreements init` asks on a terminal: each answer the options did not give, with its
default, checked as it is typed (a B.V.'s seat against the Dutch municipalities, asked again
with a suggestion when it is not one). Never asked without a terminal, nor in CI."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

import click

from . import scaffold
from .errors import AgreementsError


def interactive() -> bool:
    """Whether init may ask: only on a terminal, and never in CI."""
    return sys.stdin.isatty() and sys.stdout.isatty() and not os.environ.get("CI")


def ask(
    folder: Path,
    name: str | None,
    legal_name: str | None,
    form: str | None,
    seat: str | None,
    language: str | None,
    agents: int | None,
) -> tuple[str, str, str, str | None, str, int]:
    """Ask for each answer the options did not give, with the default in brackets."""

    def checked(check: Callable[[str], str]) -> Callable[[str], str]:
        def run(value: str) -> str:
            try:
                return check(value)
            except AgreementsError as exc:
                raise click.BadParameter(str(exc)) from None

        return run

    if form is None:
        form = click.prompt(
            "Legal form: bv (Dutch B.V.), ltd (English company) or cic",
            default="bv",
            type=click.Choice(scaffold.FORMS),
        )
    assert form is not None
    if name is None:
        name = click.prompt(
            "Name of the enterprise", default=scaffold.name_from_folder(folder), value_proc=checked(scaffold.check_name)
        )
    assert name is not None
    name, named = scaffold.split_legal_name(name, form)
    if legal_name is None:
        legal_name = named or click.prompt(
            "Registered name of the company",
            default=scaffold.default_legal_name(name, form),
            value_proc=checked(lambda v: scaffold.check_legal_name(v, form)),
        )
    if seat is None:
        where = "Statutory seat (a Dutch municipality)" if form == "bv" else "Town of the registered office"
        seat = click.prompt(where, value_proc=checked(lambda v: scaffold.check_seat(v, form)))
    if language is None:
        language = click.prompt(
            "Language of the documents", default=scaffold.default_language(form), type=click.Choice(scaffold.LANGUAGES)
        )
    if agents is None:
        agents = click.prompt(
            "How many Purpose Agents start it",
            default=scaffold.DEFAULT_AGENTS,
            type=click.IntRange(1, scaffold.MAX_AGENTS),
        )
    assert legal_name is not None and language is not None and agents is not None
    return name, legal_name, form, seat, language, agents
