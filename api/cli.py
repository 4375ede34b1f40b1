"""The `convergence` command."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Annotated

import typer

from api.settings import ROOT_DIR, get_settings

app = typer.Typer(
    help="Convergence : API, migrations, données de démonstration.", no_args_is_help=True
)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface d'écoute")] = "127.0.0.1",
    port: Annotated[int, typer.Option(envvar="PORT", help="Port d'écoute")] = 8000,
    workers: Annotated[int, typer.Option(help="Processus uvicorn")] = 1,
) -> None:
    """Serve the API (and the built SPA) with uvicorn."""
    import uvicorn

    uvicorn.run(
        "api.main:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        proxy_headers=True,
        log_level=get_settings().log_level.lower(),
    )


@app.command()
def migrate(revision: Annotated[str, typer.Argument()] = "head") -> None:
    """Apply the database migrations (up to head by default)."""
    from api.core.migrations import upgrade

    settings = get_settings()
    if settings.is_sqlite:
        _sqlite_dir(settings.database_url)
    upgrade(settings.database_url, revision)
    typer.echo(f"Migrations appliquées ({revision}).")


def _sqlite_dir(url: str) -> None:
    path = url.split(":///", 1)[-1]
    if path and path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)


@app.command("seed-demo")
def seed_demo(
    if_empty: Annotated[
        bool, typer.Option("--if-empty", help="Ne rien faire si la base contient déjà des données")
    ] = False,
) -> None:
    """Load the demo data (fictitious people and organisations)."""
    from api.core.db import make_engine, make_sessionmaker
    from api.demo.seed import is_empty, seed_demo

    settings = get_settings()

    async def run() -> dict[str, int] | None:
        engine = make_engine(settings.database_url)
        try:
            async with make_sessionmaker(engine)() as session, session.begin():
                if not await is_empty(session):
                    if if_empty:
                        return None
                    raise typer.BadParameter(
                        "la base contient déjà des données : seed-demo attend une base vide"
                    )
                return await seed_demo(session)
        finally:
            await engine.dispose()

    counts = asyncio.run(run())
    if counts is None:
        typer.echo("Données déjà présentes : rien à charger.")
    else:
        typer.echo("Données de démonstration chargées : " + json.dumps(counts, ensure_ascii=False))


@app.command()
def openapi(
    output: Annotated[Path, typer.Option(help="Fichier à écrire")] = ROOT_DIR / "openapi.yaml",
) -> None:
    """Write the OpenAPI contract (deterministic YAML)."""
    from api.openapi_export import render_openapi

    output.write_text(render_openapi(), encoding="utf-8")
    typer.echo(f"{output} écrit.")
