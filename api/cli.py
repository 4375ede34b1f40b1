"""The `convergence` command."""

from __future__ import annotations

import asyncio
import contextlib
import json
import signal
from pathlib import Path
from typing import Annotated, Any

import typer

from api.core.commandes import Options, echouer
from api.core.commandes import run as run_command
from api.settings import ROOT_DIR, get_settings

app = typer.Typer(
    help="Convergence : API, migrations, données de démonstration.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)


@app.callback()
def _options(
    debug: Annotated[
        bool, typer.Option("--debug", help="Afficher la trace complète d'une erreur")
    ] = False,
) -> None:
    Options.debug = debug


def main() -> None:
    """Entry point: a failure ends on a short French message (api.core.commandes)."""
    run_command(app)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface d'écoute")] = "127.0.0.1",
    port: Annotated[int, typer.Option(envvar="PORT", help="Port d'écoute")] = 8000,
    workers: Annotated[int, typer.Option(help="Processus uvicorn")] = 1,
) -> None:
    """Serve the API (and the built SPA) with uvicorn."""
    import uvicorn

    from api.core.observabilite.journal import configure_logging, log_format
    from api.core.observabilite.processus import prepare_metrics_directory

    settings = get_settings()
    prepare_metrics_directory()
    configure_logging(settings.log_level, log_format(settings.env, settings.log_format))
    # uvicorn drains on SIGTERM (api.core.arret), then raises the signal again once done:
    # an orderly stop, so the command ends with status 0.
    signal.signal(signal.SIGTERM, _stopped)
    uvicorn.run(
        "api.main:serve_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        # X-Forwarded-For / -Proto believed from the configured reverse proxies only (none by
        # default: a client cannot choose the address its throttling and audit see).
        proxy_headers=bool(settings.trusted_proxies.strip()),
        forwarded_allow_ips=settings.trusted_proxies.strip() or None,
        log_level=settings.log_level.lower(),
        # One structured line per request replaces uvicorn's access log (api.core.observabilite).
        access_log=False,
        log_config=None,
        # The requests in flight at a SIGTERM have this long to finish (api.core.arret).
        timeout_graceful_shutdown=int(settings.arret_secondes),
    )


def _stopped(_signum: int, _frame: object) -> None:
    raise SystemExit(0)


@app.command()
def migrate(revision: Annotated[str, typer.Argument()] = "head") -> None:
    """Apply the database migrations (up to head by default)."""
    from api.core.migrations import upgrade

    settings = get_settings()
    if settings.is_sqlite:
        _sqlite_dir(settings.database_url)
    upgrade(settings.database_url, revision)
    typer.echo(f"Migrations appliquées ({revision}).")


@app.command()
def statistiques() -> None:
    """Recompute every statistical record from the files (after a bulk load or a rule change)."""
    from sqlalchemy.ext.asyncio import AsyncSession

    from api.core.db import make_engine
    from api.statistiques.service import rebuild

    async def run() -> tuple[int, int]:
        engine = make_engine(get_settings().database_url)
        try:
            async with AsyncSession(engine) as session, session.begin():
                return await rebuild(session)
        finally:
            await engine.dispose()

    parcours, orientations = asyncio.run(run())
    typer.echo(f"Enregistrements statistiques : {parcours} parcours, {orientations} orientations.")


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
    import api.handlers  # noqa: F401  (the features' event handlers)
    from api.core.db import make_engine, make_sessionmaker
    from api.core.storage import LocalDocumentStore
    from api.demo.seed import is_empty, seed_demo

    settings = get_settings()
    if not settings.demo:
        echouer("seed-demo n'existe qu'en mode démo : définissez CONVERGENCE_ENV=demo.")

    async def run() -> dict[str, int] | None:
        engine = make_engine(settings.database_url)
        try:
            async with make_sessionmaker(engine)() as session, session.begin():
                if not await is_empty(session):
                    if if_empty:
                        return None
                    echouer(
                        "La base contient déjà des données : seed-demo attend une base vide "
                        "(ou --if-empty)."
                    )
                return await seed_demo(session, LocalDocumentStore(settings.documents_dir))
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
    """Write the OpenAPI contract (deterministic YAML) and the SPA's vocabulary."""
    from api.openapi_export import render_openapi, render_typescript

    output.write_text(render_openapi(), encoding="utf-8")
    typer.echo(f"{output} écrit.")
    vocabulary = ROOT_DIR / "frontend" / "src" / "i18n" / "referentiel.generated.ts"
    vocabulary.write_text(render_typescript(), encoding="utf-8")
    typer.echo(f"{vocabulary} écrit.")


@app.command("demo-accounts")
def demo_accounts(
    as_json: Annotated[bool, typer.Option("--json", help="Sortie JSON")] = False,
) -> None:
    """Print the demo accounts and API clients (demo mode only)."""
    from api.demo.seed import demo_accounts as accounts

    if not get_settings().demo:
        echouer(
            "Les comptes de démonstration n'existent qu'en mode démo : "
            "définissez CONVERGENCE_ENV=demo."
        )
    data = accounts()
    if as_json:
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    typer.echo(f"Comptes de démonstration (mot de passe commun : {data['mot_de_passe']}) :")
    for user in data["utilisateurs"]:  # type: ignore[attr-defined]
        typer.echo(f"  {user['role']:<20} {user['email']}")
    typer.echo("Clients d'API (client_id / client_secret) :")
    for client in data["clients_api"]:  # type: ignore[attr-defined]
        typer.echo(f"  {client['client_id']} / {client['client_secret']}")


@app.command("create-admin")
def create_admin(
    email: Annotated[str, typer.Option(prompt=True, help="Adresse e-mail")],
    prenom: Annotated[str, typer.Option(prompt="Prénom")],
    nom: Annotated[str, typer.Option(prompt="Nom")],
    password: Annotated[
        str, typer.Option(prompt="Mot de passe", hide_input=True, confirmation_prompt=True)
    ],
) -> None:
    """Create an admin_national account (the first account of a new installation)."""
    from api.core.db import make_engine, make_sessionmaker
    from api.identity.service import create_first_admin

    settings = get_settings()

    async def run() -> None:
        engine = make_engine(settings.database_url)
        try:
            async with make_sessionmaker(engine)() as session, session.begin():
                await create_first_admin(
                    session, email=email, prenom=prenom, nom=nom, password=password
                )
        finally:
            await engine.dispose()

    try:
        asyncio.run(run())
    except ValueError as exc:
        echouer(str(exc))
    typer.echo(f"Compte administrateur national créé : {email}")


@app.command("import")
def import_file(
    fichier: Annotated[Path, typer.Argument(help="Le fichier CSV ou XLSX du gabarit")],
    auteur: Annotated[str, typer.Option(help="E-mail du compte qui importe (admin, coordinateur)")],
    confirmer: Annotated[
        bool, typer.Option("--confirmer", help="Appliquer l'import après l'analyse")
    ] = False,
) -> None:
    """Dry-run an import of history (docs/import.md), then apply it with --confirmer."""
    from collections import Counter

    from sqlalchemy import func, select

    import api.handlers  # noqa: F401  (the features' event handlers)
    from api.core.audit import AuditContext
    from api.core.db import make_engine, make_sessionmaker
    from api.core.errors import DomainError
    from api.identity.models import UserAccount
    from api.identity.service import load_account_actor
    from api.imports import service
    from api.imports.models import ImportFichier, ImportLigne
    from api.statistiques.service import install

    settings = get_settings()
    install()

    async def run() -> None:
        engine = make_engine(settings.database_url)
        maker = make_sessionmaker(engine)
        try:
            async with maker() as session:
                uid = await session.scalar(
                    select(UserAccount.id).where(func.lower(UserAccount.email) == auteur.lower())
                )
                actor = await load_account_actor(session, uid, settings) if uid else None
            if actor is None or not actor.can(service.IMPORTERS):
                raise typer.BadParameter("compte inconnu, inactif ou non autorisé à importer")
            async with maker() as session, session.begin():
                created = await service.create_import(
                    session, actor, fichier.name, fichier.read_bytes()
                )
            await service.analyse(maker, created.id, actor)
            async with maker() as session:
                report = await session.get(ImportFichier, created.id)
                assert report is not None
                typer.echo(f"Analyse de {report.total} lignes : {report.analyse}")
                rejected = await session.scalars(
                    select(ImportLigne)
                    .where(ImportLigne.import_id == created.id, ImportLigne.action == "rejeter")
                    .order_by(ImportLigne.numero)
                )
                for line in rejected:
                    for e in line.erreurs:
                        typer.echo(f"  ligne {line.numero} : {e['colonne']} — {e['message']}")
            if not confirmer:
                typer.echo("Rien n'est écrit : relancez avec --confirmer pour appliquer.")
                return
            async with maker() as session, session.begin():
                await service.confirm(session, actor, created.id)
            await service.apply(maker, created.id, actor, AuditContext(actor.kind, actor.id))
            async with maker() as session:
                done = await session.get(ImportFichier, created.id)
                assert done is not None
                typer.echo(f"Import appliqué : {dict(Counter(done.resultat))}")
        except DomainError as exc:
            raise typer.BadParameter(exc.detail) from None
        finally:
            await engine.dispose()

    asyncio.run(run())


audit_app = typer.Typer(
    help="Journal d'audit : scellement, vérification de la chaîne, tête signée, purge."
)
app.add_typer(audit_app, name="audit")


@audit_app.command("verify")
def audit_verify(
    tete: Annotated[
        Path | None,
        typer.Option(help="Tête exportée (`convergence audit tete`) à retrouver dans la chaîne"),
    ] = None,
) -> None:
    """Recompute the sealed part of the chain; name the first broken row; report the tail."""
    from api.core.audit import check_head, head_key, verify_chain
    from api.core.db import make_engine, make_sessionmaker

    settings = get_settings()
    exported = json.loads(tete.read_text(encoding="utf-8")) if tete else None

    async def run() -> tuple[Any, str | None]:
        engine = make_engine(settings.database_url)
        try:
            async with make_sessionmaker(engine)() as session:
                report = await verify_chain(session)
                head_problem = None
                if exported is not None:
                    key = head_key(settings.secret_key, settings.audit_head_key)
                    head_problem = await check_head(session, key, exported)
                return report, head_problem
        finally:
            await engine.dispose()

    report, head_problem = asyncio.run(run())
    tail = f"{report.unsealed} ligne(s) pas encore scellée(s)"
    if report.oldest_unsealed_at is not None:
        tail += f", la plus ancienne du {report.oldest_unsealed_at.isoformat()}"
    if report.probleme is not None:
        where = f" à la ligne d'audit id={report.first_broken_id}" if report.first_broken_id else ""
        typer.echo(
            f"Chaîne rompue{where} ({report.checked} lignes valides avant) : {report.probleme}"
        )
        typer.echo(tail + ".")
        raise typer.Exit(1)
    if head_problem is not None:
        typer.echo(f"Tête exportée non retrouvée : {head_problem}")
        raise typer.Exit(1)
    typer.echo(
        f"Chaîne d'audit intacte : {report.checked} lignes scellées vérifiées "
        f"(position {report.sealed_seq}) ; {tail}."
    )
    if report.lag_seconds is not None:
        typer.echo(f"Retard du dernier scellement : {report.lag_seconds:.1f} s.")


@audit_app.command("seal")
def audit_seal() -> None:
    """Seal every committed event now (the worker does it on each pass)."""
    from api.core.audit import seal_all
    from api.core.db import make_engine, make_sessionmaker

    settings = get_settings()

    async def run() -> int:
        engine = make_engine(settings.database_url)
        try:
            return await seal_all(make_sessionmaker(engine))
        finally:
            await engine.dispose()

    typer.echo(f"{asyncio.run(run())} ligne(s) d'audit scellée(s).")


@audit_app.command("tete")
def audit_tete() -> None:
    """Print the chain's head, signed with the audit head key: keep it outside the database."""
    from api.core.audit import export_head, head_key
    from api.core.db import make_engine, make_sessionmaker

    settings = get_settings()

    async def run() -> dict[str, Any]:
        engine = make_engine(settings.database_url)
        try:
            async with make_sessionmaker(engine)() as session:
                key = head_key(settings.secret_key, settings.audit_head_key)
                return await export_head(session, key)
        finally:
            await engine.dispose()

    typer.echo(json.dumps(asyncio.run(run()), ensure_ascii=False))


@audit_app.command("purge")
def audit_purge(
    days: Annotated[int | None, typer.Option(help="Rétention en jours (défaut : réglage)")] = None,
) -> None:
    """Delete audit rows past the retention period (12 months by default)."""
    from api.audit.service import purge_older_than
    from api.core.db import make_engine, make_sessionmaker

    settings = get_settings()
    retention = days if days is not None else settings.audit_retention_days

    async def run() -> int:
        engine = make_engine(settings.database_url)
        try:
            async with make_sessionmaker(engine)() as session, session.begin():
                return await purge_older_than(session, retention)
        finally:
            await engine.dispose()

    typer.echo(f"{asyncio.run(run())} ligne(s) d'audit purgée(s) (rétention {retention} jours).")


@app.command()
def sauvegarde(
    destination: Annotated[Path, typer.Argument(help="Dossier à créer (absent ou vide)")],
) -> None:
    """Back up the database (pg_dump custom format, or SQLite's online backup) and the
    documents, with a manifest of checksums and the migration head (docs/deploiement.md)."""
    from api.core.sauvegarde import ErreurSauvegarde, sauvegarder

    settings = get_settings()
    try:
        manifest = sauvegarder(settings, destination)
    except ErreurSauvegarde as exc:
        echouer(str(exc))
    typer.echo(
        f"Sauvegarde écrite dans {destination} : base {manifest['base']} à la migration "
        f"{manifest['migration']}, {manifest['documents']} document(s), "
        f"{len(manifest['fichiers'])} fichier(s) vérifiables (manifest.json)."
    )


@app.command()
def restauration(
    source: Annotated[
        Path, typer.Argument(help="Dossier d'une sauvegarde (convergence sauvegarde)")
    ],
) -> None:
    """Restore a backup into an EMPTY database and documents directory: checksums first,
    then the audit chain and every document's bytes verified (docs/deploiement.md)."""
    from api.core.migrations import head_revision
    from api.core.sauvegarde import ErreurSauvegarde, restaurer

    settings = get_settings()
    try:
        report = restaurer(settings, source)
    except ErreurSauvegarde as exc:
        echouer(str(exc))
    typer.echo(
        f"Sauvegarde restaurée : {report.fichiers} fichier(s) aux sommes de contrôle vérifiées, "
        f"base {report.base} à la migration {report.migration}, "
        f"{report.documents_verifies}/{report.documents} document(s) intacts."
    )
    if report.migration != head_revision():
        typer.echo(
            f"Lancez « convergence migrate » : ce code est à la migration {head_revision()}."
        )
    chain = report.chaine
    if chain.probleme is not None:
        typer.echo(f"Chaîne d'audit rompue après restauration : {chain.probleme}", err=True)
        raise typer.Exit(1)
    if report.documents_problemes:
        typer.echo("Documents : " + ", ".join(report.documents_problemes[:10]), err=True)
        raise typer.Exit(1)
    typer.echo(
        f"Chaîne d'audit intacte : {chain.checked} lignes scellées vérifiées "
        f"({chain.unsealed} pas encore scellée(s))."
    )


@app.command()
def retention(
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Compter seulement, par territoire, sans rien changer")
    ] = False,
    batch_size: Annotated[
        int | None, typer.Option(help="Personnes par transaction (défaut : réglage)")
    ] = None,
) -> None:
    """Anonymise the files past their retention period (docs/rgpd.md)."""
    from sqlalchemy import select

    import api.handlers  # noqa: F401  (the features' event handlers)
    from api.core.db import make_engine, make_sessionmaker
    from api.rgpd.jobs import run_retention
    from api.territoires.models import Territoire

    settings = get_settings()

    async def run() -> tuple[dict[str, int], dict[str, int], int, int]:
        engine = make_engine(settings.database_url)
        try:
            maker = make_sessionmaker(engine)
            passage = await run_retention(maker, settings, dry_run=dry_run, batch_size=batch_size)
            async with maker() as session:
                names = dict((await session.execute(select(Territoire.id, Territoire.nom))).all())
            by_name = {names.get(k, str(k)): v for k, v in passage.dossiers.items()}
            without = {names.get(k, str(k)): v for k, v in passage.sans_parcours.items()}
            return by_name, without, passage.total, passage.lots
        finally:
            await engine.dispose()

    by_name, without, total, lots = asyncio.run(run())
    verbe = "à anonymiser" if dry_run else "anonymisé(s)"
    for nom in sorted(by_name):
        typer.echo(
            f"  {nom} : {by_name[nom]} dossier(s) {verbe}"
            f" (dont {without.get(nom, 0)} sans parcours)"
        )
    if dry_run:
        typer.echo(
            f"Simulation : {total} dossier(s) dépassent la durée de conservation "
            f"({settings.retention_months} mois) ; rien n'a été modifié."
        )
    else:
        typer.echo(f"{total} dossier(s) anonymisé(s) en {lots} lot(s).")


@app.command()
def worker(
    once: Annotated[bool, typer.Option("--once", help="Un seul passage, puis s'arrêter")] = False,
    interval: Annotated[float, typer.Option(help="Pause entre deux passages (secondes)")] = 2.0,
) -> None:
    """Seal the audit trail, deliver the outbox (signed webhooks, e-mail notices), synchronise the
    chantiers' Les emplois connections when due (hourly by default); once a day, the retention
    job and the purges (audit trail, idempotent replies, kept contracts past their period)."""
    import logging
    import time

    import httpx

    import api.handlers  # noqa: F401  (the features' event handlers)
    from api.connecteurs.emplois import synchroniser_dues
    from api.core.audit import seal
    from api.core.db import make_engine, make_sessionmaker
    from api.core.errors import database_failure
    from api.core.observabilite import traces
    from api.core.observabilite.journal import configure_logging, log_format
    from api.core.observabilite.metriques import record_worker_pass
    from api.rgpd.jobs import DailyScheduler
    from api.webhooks.service import run_once

    settings = get_settings()
    configure_logging(settings.log_level, log_format(settings.env, settings.log_format))
    logger = logging.getLogger("convergence.worker")

    async def one_pass(
        maker: Any, daily: DailyScheduler, client: httpx.AsyncClient
    ) -> dict[str, object] | None:
        try:
            quotidien = await daily.tick(maker, settings)
            started = time.perf_counter()
            scelle = await seal(maker)
            outcome: dict[str, object] = dict(await run_once(maker, settings, client))
            # Les emplois: the connections due (hourly by default, from their last run)
            emplois = await synchroniser_dues(maker, settings, client)
            if emplois["synchronisations"] or emplois["ignorees"]:
                outcome["emplois"] = emplois
            record_worker_pass(outcome, time.perf_counter() - started)
        except Exception as exc:
            # The database is down or restarting: nothing is lost (the outbox and
            # the deliveries are in it), so wait and try again.
            if once or database_failure(exc) is None:
                raise
            logger.warning("database unavailable (%s): retrying", type(exc).__name__)
            return None
        if quotidien is not None:
            outcome["quotidien"] = quotidien
        outcome["audit_scelle"] = scelle.sealed
        if scelle.lag_seconds is not None:
            # The seal lag: how far behind the requests the chain is.
            outcome["audit_retard_s"] = round(scelle.lag_seconds, 3)
            logger.info("audit sealed: %d event(s), lag %.3f s", scelle.sealed, scelle.lag_seconds)
        return outcome

    async def run() -> None:
        engine = make_engine(
            settings.database_url,
            pool_size=2,
            pool_timeout=settings.db_pool_timeout,
            statement_timeout_ms=settings.db_statement_timeout_ms,
        )
        maker = make_sessionmaker(engine)
        daily = DailyScheduler()
        # SIGTERM (or Ctrl-C): the pass in progress finishes, for `arret_secondes` at most;
        # past that it is cancelled and the deliveries it had claimed are released.
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, stop.set)
        traces.configure(settings, "convergence-worker")
        traces.instrument_engine(engine)
        try:
            async with httpx.AsyncClient() as client:
                traces.instrument_client(client)
                while not stop.is_set():
                    current = asyncio.create_task(one_pass(maker, daily, client))
                    stopping = asyncio.create_task(stop.wait())
                    await asyncio.wait({current, stopping}, return_when=asyncio.FIRST_COMPLETED)
                    stopping.cancel()
                    if not current.done():
                        logger.info("stop asked: finishing the pass in progress")
                        done, _ = await asyncio.wait({current}, timeout=settings.arret_secondes)
                        if not done:
                            logger.warning("pass cancelled after %.0f s", settings.arret_secondes)
                            current.cancel()
                            await asyncio.gather(current, return_exceptions=True)
                            return
                    outcome = current.result()
                    if once and outcome is not None:
                        typer.echo(json.dumps(outcome, ensure_ascii=False))
                        return
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(stop.wait(), timeout=interval)
            logger.info("worker stopped")
        finally:
            traces.shutdown()
            await engine.dispose()

    asyncio.run(run())


indicateurs_app = typer.Typer(help="Indicateurs : contrôle du secret statistique.")
app.add_typer(indicateurs_app, name="indicateurs")


@indicateurs_app.command("audit-secret")
def indicateurs_audit_secret(
    role: Annotated[
        list[str] | None,
        typer.Option(
            help="Lecteur à auditer : fas, financeur, charge_partenariat, ou public (le "
            "lecteur anonyme des pages publiques) ; tous par défaut"
        ),
    ] = None,
    territoire: Annotated[
        list[str] | None,
        typer.Option(help="Code de territoire du lecteur (rôles territoriaux ; tous sinon)"),
    ] = None,
    exact: Annotated[
        bool, typer.Option("--exact", help="Bornes exactes de chaque intervalle (plus lent)")
    ] = False,
    toutes: Annotated[
        bool, typer.Option("--toutes", help="Afficher l'intervalle de chaque case sensible")
    ] = False,
) -> None:
    """Rebuild the attacker's system of a masked role, print each sensitive cell's feasible
    interval; exit 1 when one is narrower than the protection rule (docs/indicateurs.md)."""
    from sqlalchemy import select
    from sqlalchemy.ext.asyncio import AsyncSession

    from api.core.db import make_engine
    from api.indicateurs.audit import MASKED_ROLES, audit
    from api.indicateurs.secret import LARGEUR
    from api.referentiel import Role
    from api.territoires.models import Territoire

    allowed = {r.value: r for r in MASKED_ROLES}
    if any(r != "public" and r not in allowed for r in role or []):
        echouer(
            "Seuls fas, financeur, charge_partenariat et le public lisent des indicateurs masqués."
        )
    # None: the anonymous reader of the public pages (national figures only).
    roles: list[Role | None] = [allowed.get(r) for r in role] if role else [*MASKED_ROLES, None]

    async def run() -> int:
        engine = make_engine(get_settings().database_url)
        narrow = 0
        try:
            async with AsyncSession(engine) as session:
                codes = dict((await session.execute(select(Territoire.code, Territoire.id))).all())
                wanted = None
                if territoire:
                    unknown = [c for c in territoire if c not in codes]
                    if unknown:
                        echouer(f"Territoire inconnu : {', '.join(unknown)}")
                    wanted = frozenset(codes[c] for c in territoire)
                for r in roles:
                    vues = await audit(session, r, wanted, exact=exact)
                    count = sum(len(v.intervals) for v in vues)
                    bad = [iv for v in vues for iv in v.narrow]
                    narrow += len(bad)
                    widths = [v.narrowest.width for v in vues if v.narrowest is not None]
                    lecteur = r.value if r else "public"
                    typer.echo(
                        f"{lecteur} : {len(vues)} vues, {count} cases sensibles, "
                        f"intervalle le plus étroit {min(widths, default=0)} valeurs "
                        f"(règle : au moins {LARGEUR}), {len(bad)} trop étroites."
                    )
                    for v in vues:
                        shown = v.intervals if toutes else v.narrow
                        low = v.narrowest
                        typer.echo(
                            f"  {v.base} {v.annee} : {len(v.intervals)} sensibles, "
                            f"{v.hidden}/{v.cells} cases masquées"
                            + (f", plus étroit [{low.low}, {low.high}]" if low else "")
                        )
                        for iv in shown:
                            node, measure = iv.cell
                            flag = "" if iv.width >= LARGEUR else "  TROP ÉTROIT"
                            bounds = "=" if iv.exact else "⊇"
                            typer.echo(
                                f"    {node[0]}:{node[1] if len(node) > 1 else ''} {measure} "
                                f"{bounds} [{iv.low}, {iv.high}]{flag}"
                            )
        finally:
            await engine.dispose()
        return narrow

    if asyncio.run(run()):
        raise typer.Exit(1)


if __name__ == "__main__":
    main()
