"""What can go wrong with the store's file, said in Spanish: DuckDB's errors are English and technical."""
from __future__ import annotations

from pathlib import Path


class StoreError(Exception):
    """The store could not be used; the message says why, in Spanish, and what to do."""


class StoreUnreadable(StoreError):
    """The file is not a store, is damaged, or cannot be written (a read-only disk, a full one)."""


def is_busy(exc: BaseException) -> bool:
    """IOException 'Could not set lock': another process holds the file. ConnectionException: this process
    (the dashboard, another session) has it open with another configuration for a moment."""
    text = str(exc)
    return "lock" in text.lower() or "different configuration" in text


# DuckDB's words for what went wrong with a file, and what the user is told (the path is put in front).
_PROBLEMS = (
    ("not a valid DuckDB database file", "no es un almacén del tablero (está vacío, dañado o es otro tipo de "
     "archivo); no se tocó. Si es una copia dañada, restáurela desde la copia de seguridad; si es otro archivo, "
     "indique el almacén con --db o POA_DB"),
    ("checksum", "está dañado (una suma de verificación no coincide: el archivo cambió en el disco); no se escribió "
     "nada. Restáurelo desde la copia de seguridad, o cree uno nuevo y vuelva a cargar los libros"),
    ("corrupt", "está dañado; no se escribió nada. Restáurelo desde la copia de seguridad, o cree uno nuevo y "
     "vuelva a cargar los libros"),
    ("no space left", "no se pudo escribir: el disco está lleno; el almacén quedó como estaba. Libere espacio y "
     "vuelva a cargar"),
    ("read-only file system", "no se puede escribir: el disco es de solo lectura; el almacén quedó como estaba. "
     "Use un almacén en una carpeta donde se pueda escribir"),
    ("permission denied", "no se puede abrir o escribir: falta permiso sobre el archivo o su carpeta; el almacén "
     "quedó como estaba"),
    ("is a directory", "es una carpeta, no un archivo; indique el archivo del almacén con --db o POA_DB"),
    ("not a directory", "no está en una carpeta válida; indique otro almacén con --db o POA_DB"),
    ("invalidated", "dejó de responder tras un error de escritura (disco lleno o dañado); el almacén quedó como "
     "estaba en su último guardado. Revise el disco y vuelva a cargar"),
)


def problem(exc: BaseException) -> str | None:
    """What went wrong with the store's file (damaged, disk full, read-only…) in Spanish, if DuckDB's error says."""
    text = str(exc).lower()
    return next((spanish for words, spanish in _PROBLEMS if words.lower() in text), None)


def describe(path: Path | str, exc: BaseException) -> str:
    """What went wrong with the store, in Spanish, from DuckDB's (English) error."""
    said = problem(exc)
    if said is None:
        first = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
        said = f"no se pudo usar ({first}); el almacén quedó como estaba en su último guardado"
    return f"el almacén {path} {said}"


class StoreBusy(StoreError):
    """Another process held the store for longer than we were willing to wait."""

    def __init__(self, path: Path):
        super().__init__(
            f"el almacén {path} está ocupado por otro proceso (otra carga en curso); inténtelo de nuevo en unos segundos"
        )
