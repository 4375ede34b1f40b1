"""How the `convergence` command reports failures: one or two French lines, never a traceback.

Configuration errors (a missing or invalid setting) and expected failures (database
unreachable or not migrated, a command refused in this mode) print the variable to set and
exit with status 2. Anything else prints one line and exits 1. The traceback is shown only
with the global `--debug` option.
"""

from __future__ import annotations

import sys
import traceback
from typing import Any, NoReturn

import click
import typer
from pydantic import ValidationError

EXIT_CONFIGURATION = 2
EXIT_UNEXPECTED = 1


class ErreurCommande(Exception):
    """An expected failure of a command: its message is printed as it is (French)."""


class Options:
    debug = False


def echouer(message: str) -> NoReturn:
    raise ErreurCommande(message)


def _setting_variable(loc: tuple[Any, ...]) -> str:
    if not loc:
        return ""
    return "CONVERGENCE_" + str(loc[0]).upper()


def describe(exc: BaseException) -> tuple[str, int] | None:
    """The French lines and the exit status for an expected failure; None for a bug."""
    if isinstance(exc, ErreurCommande):
        return str(exc), EXIT_CONFIGURATION
    if isinstance(exc, ValidationError) and exc.title == "Settings":
        lines = []
        for err in exc.errors():
            variable = _setting_variable(tuple(err.get("loc", ())))
            message = str(err.get("msg", "")).removeprefix("Value error, ")
            lines.append(f"{variable} : {message}" if variable else message)
        return "Configuration invalide — " + " ; ".join(lines), EXIT_CONFIGURATION
    return _database_problem(exc)


def _database_problem(exc: BaseException) -> tuple[str, int] | None:
    from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, OperationalError

    from api.core.errors import _causes, database_failure

    if isinstance(exc, ArgumentError | NoSuchModuleError):
        return (
            "CONVERGENCE_DATABASE_URL n'est pas une adresse de base de données valide "
            "(ex. postgresql+asyncpg://utilisateur@hote:5432/convergence).",
            EXIT_CONFIGURATION,
        )
    sqlstates = {getattr(cause, "sqlstate", None) for cause in _causes(exc)}
    if "3D000" in sqlstates:
        return (
            "La base de données nommée dans CONVERGENCE_DATABASE_URL n'existe pas : "
            "créez-la (createdb) ou corrigez l'adresse.",
            EXIT_CONFIGURATION,
        )
    missing_table = "42P01" in sqlstates or "no such table" in str(exc)
    if isinstance(exc, DBAPIError) and missing_table:
        return (
            "La base de données n'est pas initialisée : lancez « convergence migrate ».",
            EXIT_CONFIGURATION,
        )
    if database_failure(exc) is not None or (
        isinstance(exc, OperationalError | ConnectionError | OSError)
        and not isinstance(exc, FileNotFoundError | PermissionError)
    ):
        return (
            f"La base de données est injoignable ({type(exc).__name__}) : vérifiez "
            "CONVERGENCE_DATABASE_URL et que le serveur PostgreSQL est démarré.",
            EXIT_CONFIGURATION,
        )
    if isinstance(exc, PermissionError | FileNotFoundError):
        return f"Fichier ou dossier inaccessible : {exc.filename}", EXIT_CONFIGURATION
    return None


def run(app: typer.Typer, args: list[str] | None = None) -> NoReturn:
    """Run the command line; map every failure to a short message and an exit status."""
    command = typer.main.get_command(app)
    try:
        status = command.main(args=args, prog_name="convergence", standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        typer.echo("Interrompu.", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        typer.echo("Interrompu.", err=True)
        sys.exit(130)
    except Exception as exc:
        if Options.debug:
            traceback.print_exc()
        described = describe(exc)
        if described is None:
            typer.echo(
                f"Erreur inattendue ({type(exc).__name__}) : relancez avec "
                "« convergence --debug … » pour la trace complète.",
                err=True,
            )
            sys.exit(EXIT_UNEXPECTED)
        message, status = described
        typer.echo(f"Erreur : {message}", err=True)
        sys.exit(status)
    sys.exit(status if isinstance(status, int) else 0)
