"""argparse in Spanish: the usage line, the help and the usage errors say what the rest of the CLI says.

argparse looks its messages up through gettext at the moment it builds them, so the parser swaps in
the Spanish ones only while it builds a parser, parses or formats help; other users of argparse in the
same process keep theirs. A message missing here stays in English rather than failing.
"""
from __future__ import annotations

import argparse
from contextlib import contextmanager

SPANISH = {
    "usage: ": "uso: ",
    "options": "opciones",
    "positional arguments": "argumentos",
    "subcommands": "órdenes",
    "show this help message and exit": "muestra esta ayuda y termina",
    "%(prog)s: error: %(message)s\n": "%(prog)s: error: %(message)s\n",
    "the following arguments are required: %s": "faltan estos argumentos: %s",
    "argument %(argument_name)s: %(message)s": "argumento %(argument_name)s: %(message)s",
    "invalid %(type)s value: %(value)r": "%(value)r no es un %(type)s válido",
    "invalid choice: %(value)r (choose from %(choices)s)": "%(value)r no es una opción válida (elija entre %(choices)s)",
    "unrecognized arguments: %s": "argumentos no reconocidos: %s",
    "expected one argument": "falta su valor",
    "expected at most one argument": "admite un valor como mucho",
    "expected at least one argument": "falta al menos un valor",
    "ambiguous option: %(option)s could match %(matches)s": "opción ambigua: %(option)s puede ser %(matches)s",
    "one of the arguments %s is required": "falta uno de estos argumentos: %s",
    "not allowed with argument %s": "no se admite junto con el argumento %s",
    "ignored explicit argument %r": "se ignoró el valor %r",
    "unexpected option string: %s": "opción inesperada: %s",
}
SPANISH_PLURAL = {("expected %s argument", "expected %s arguments"): ("falta %s valor", "faltan %s valores")}


def _gettext(message: str) -> str:
    return SPANISH.get(message, message)


def _ngettext(singular: str, plural: str, n: int) -> str:
    one, many = SPANISH_PLURAL.get((singular, plural), (singular, plural))
    return one if n == 1 else many


@contextmanager
def spanish():
    old = argparse._, argparse.ngettext
    argparse._, argparse.ngettext = _gettext, _ngettext
    try:
        yield
    finally:
        argparse._, argparse.ngettext = old


def whole_number(text: str) -> int:
    return int(text)


whole_number.__name__ = "número entero"  # what argparse names the type in "'abc' no es un número entero válido"


class SpanishParser(argparse.ArgumentParser):
    """An ArgumentParser whose own words are Spanish; exit codes are argparse's (2 on bad usage)."""

    def __init__(self, *args, **kwargs):
        with spanish():
            super().__init__(*args, **kwargs)

    def add_subparsers(self, **kwargs):
        with spanish():
            return super().add_subparsers(**kwargs)

    def parse_args(self, args=None, namespace=None):
        with spanish():
            return super().parse_args(args, namespace)

    def parse_known_args(self, args=None, namespace=None):
        with spanish():
            return super().parse_known_args(args, namespace)

    def format_usage(self) -> str:
        with spanish():
            return super().format_usage()

    def format_help(self) -> str:
        with spanish():
            return super().format_help()

    def error(self, message: str):
        with spanish():
            super().error(message)
