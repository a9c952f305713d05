"""``govatlas download --catalog`` on loopback: texts stored with language and provisions,
failures recorded with their reason, resumable, a dry run that writes nothing, and the
outbound guard refusing private addresses unless told otherwise."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, func, select
from typer.testing import CliRunner

from govatlas.cli import app
from govatlas.horizon.catalog_texts import (
    DOWNLOAD_SOURCE,
    CatalogDownloader,
    FailureKind,
    Outcome,
    candidates,
)
from govatlas.horizon.fetching import FetchPolicy, PoliteFetcher
from govatlas.store.models import (
    Instrument,
    InstrumentVersion,
    Provision,
    RawResponse,
    SourceRecord,
)
from govatlas.store.session import transaction
from tests.ingest.pdf_fixture import make_pdf
from tests.outbound.conftest import PUBLIC_IP, Answer, Internet, Resolver, Server, outbound
from tests.outbound.conftest import server as server  # the loopback server fixture

runner = CliRunner(env={"COLUMNS": "240"})
HOST = "gov.example"
ROBOTS = b"User-agent: *\nDisallow: /private/\n"
ENGLISH = (
    "<!DOCTYPE html><html><head><title>Alpha Act</title></head><body><main>"
    "<h1>Alpha Act</h1>"
    "<p>Article 1. Scope. This Act applies to providers and deployers of artificial "
    "intelligence systems placed on the market of the Republic.</p>"
    "<p>Article 2. Transparency. Providers shall inform natural persons that they are "
    "interacting with an artificial intelligence system, unless this is obvious.</p>"
    "<p>Article 3. Oversight. The national authority shall supervise the application of "
    "this Act and may request any information it needs from providers.</p>"
    "</main></body></html>"
)
FRENCH = (
    "<!DOCTYPE html><html lang='fr'><head><title>Loi Gamma</title></head><body><main>"
    "<p>Article 1. Champ d'application. La présente loi s'applique aux fournisseurs et aux "
    "utilisateurs de systèmes d'intelligence artificielle mis sur le marché.</p>"
    "<p>Article 2. Transparence. Les fournisseurs informent les personnes physiques "
    "qu'elles interagissent avec un système d'intelligence artificielle.</p>"
    "<p>Article 3. Contrôle. L'autorité nationale veille à l'application de la présente "
    "loi et peut demander toute information nécessaire aux fournisseurs.</p>"
    "</main></body></html>"
)
PDF = make_pdf(
    [
        "Article 1: Scope",
        "This order applies to every federal agency that uses artificial intelligence.",
        "Article 2: Inventories",
        "Each agency shall publish an inventory of its uses of artificial intelligence.",
    ]
)


def _point(engine: Engine, urls: dict[str, str]) -> None:
    """Give fixture instruments official URLs on the test server (only these)."""
    with transaction(engine) as session:
        for instrument in session.scalars(select(Instrument)):
            instrument.official_urls = [urls[instrument.id]] if instrument.id in urls else []


def _serve(server: Server) -> dict[str, str]:
    server.answers["/robots.txt"] = Answer(body=ROBOTS)
    server.answers["/alpha.html"] = Answer(body=ENGLISH.encode(), headers=_type("text/html"))
    server.answers["/gamma.html"] = Answer(body=FRENCH.encode(), headers=_type("text/html"))
    server.answers["/delta.pdf"] = Answer(body=PDF, headers=_type("application/pdf"))
    server.answers["/private/beta.html"] = Answer(body=ENGLISH.encode())
    server.answers["/moved"] = Answer(302, headers={"Location": server.url("/alpha.html")})
    server.answers["/image.png"] = Answer(body=b"\x89PNG....", headers=_type("image/png"))
    return {
        "alpha-act": server.url("/alpha.html", HOST),
        "gamma-guidance": server.url("/gamma.html", HOST),
        "delta-order": server.url("/delta.pdf", HOST),
        "beta-bill": server.url("/private/beta.html", HOST),  # robots.txt disallows it
        "iso-iec-42001": server.url("/missing.html", HOST),  # 404
        "cltc-taxonomy-of-trustworthiness-for-ai": server.url("/moved", HOST),  # to loopback
    }


def _type(media: str) -> dict[str, str]:
    return {"Content-Type": f"{media}; charset=utf-8"}


@pytest.fixture
def public_fetcher() -> Iterator[tuple[PoliteFetcher, Internet]]:
    """A fetcher with the guard's default policy (no private addresses), on a stand-in
    internet where ``gov.example`` is a public address served by the loopback server."""
    internet = Internet()
    resolver = Resolver({HOST: [[PUBLIC_IP]]})
    fetcher = PoliteFetcher(
        FetchPolicy(timeout=2.0, attempts=1, host_interval=0.0),
        jitter=lambda: 0.0,
        _client=outbound(resolver, internet),
    )
    yield fetcher, internet
    fetcher.close()


def test_texts_are_stored_failures_recorded_and_a_second_run_skips(
    built: Engine, server: Server, public_fetcher: tuple[PoliteFetcher, Internet]
) -> None:
    fetcher, internet = public_fetcher
    _point(built, _serve(server))
    with transaction(built) as session:
        chosen = candidates(session)
    summary = CatalogDownloader(built, fetcher).run(chosen)
    by_id = {o.instrument: o for o in summary.outcomes}
    assert by_id["alpha-act"].outcome is Outcome.STORED
    assert by_id["alpha-act"].language == "en" and by_id["alpha-act"].provisions >= 3
    # the original language is kept as it is, and detected
    assert by_id["gamma-guidance"].outcome is Outcome.STORED
    assert by_id["gamma-guidance"].language == "fr"
    assert by_id["delta-order"].outcome is Outcome.STORED  # the PDF's text layer
    assert by_id["beta-bill"].kind is FailureKind.ROBOTS
    assert by_id["iso-iec-42001"].kind is FailureKind.HTTP
    assert "HTTP 404" in by_id["iso-iec-42001"].reason
    moved = by_id["cltc-taxonomy-of-trustworthiness-for-ai"]
    assert moved.kind is FailureKind.REFUSED and "loopback" in moved.reason
    assert server.hits["/private/beta.html"] == 0  # robots.txt was obeyed
    assert "127.0.0.1" not in internet.connected  # the redirect inside was never followed
    assert not summary.all_failed
    with transaction(built) as session:
        gamma = session.scalars(
            select(InstrumentVersion).where(InstrumentVersion.instrument_id == "gamma-guidance")
        ).one()
        assert gamma.language == "fr" and "Champ d'application" in gamma.text
        assert gamma.source_url == server.url("/gamma.html", HOST)
        assert gamma.retrieved_at is not None and gamma.source == DOWNLOAD_SOURCE
        provisions = session.scalar(
            select(func.count()).select_from(Provision).where(Provision.version_id == gamma.id)
        )
        assert provisions and provisions >= 3
        records = {
            r.key: r.data
            for r in session.scalars(
                select(SourceRecord).where(SourceRecord.source == DOWNLOAD_SOURCE)
            )
        }
        assert records["beta-bill"]["kind"] == FailureKind.ROBOTS.value
        assert "robots.txt" in records["beta-bill"]["reason"]
        assert records["alpha-act"]["outcome"] == "stored"
        assert session.scalar(select(func.count()).select_from(RawResponse)) == 3
    hits = sum(server.hits.values())
    # resumable: texts stored are skipped, nothing fetched for them again
    with transaction(built) as session:
        again = CatalogDownloader(built, fetcher).run(candidates(session))
    outcomes = {o.instrument: o.outcome for o in again.outcomes}
    assert outcomes["alpha-act"] is Outcome.SKIPPED
    assert outcomes["gamma-guidance"] is Outcome.SKIPPED
    assert outcomes["delta-order"] is Outcome.SKIPPED
    assert server.hits["/alpha.html"] == 1 and server.hits["/gamma.html"] == 1
    assert sum(server.hits.values()) - hits <= 4  # only the three failures, tried again


def test_not_a_text_and_a_limit(
    built: Engine, server: Server, public_fetcher: tuple[PoliteFetcher, Internet]
) -> None:
    fetcher, _ = public_fetcher
    urls = _serve(server)
    _point(built, {"alpha-act": server.url("/image.png", HOST), "delta-order": urls["delta-order"]})
    with transaction(built) as session:
        chosen = candidates(session)
    summary = CatalogDownloader(built, fetcher).run(chosen, limit=1)
    assert [(o.instrument, o.kind) for o in summary.outcomes] == [
        ("alpha-act", FailureKind.NOT_TEXT)
    ]
    assert summary.all_failed
    with transaction(built) as session:
        assert candidates(session, instruments=["delta-order"])[0].has_text is False


def _versions(engine: Engine) -> int:
    with transaction(engine) as session:
        return session.scalar(select(func.count()).select_from(InstrumentVersion)) or 0


def test_the_command_on_loopback_with_the_explicit_allowance(
    built: Engine, env_db: str, server: Server, allow_private_urls: None
) -> None:
    server.answers["/robots.txt"] = Answer(body=ROBOTS)
    server.answers["/alpha.html"] = Answer(body=ENGLISH.encode(), headers=_type("text/html"))
    _point(
        built,
        {"alpha-act": server.url("/alpha.html"), "beta-bill": server.url("/private/b.html")},
    )
    dry = runner.invoke(app, ["download", "--catalog", "--dry-run", "--host-interval", "0"])
    assert dry.exit_code == 0, dry.output
    assert "would fetch" in dry.output and "Dry run" in dry.output
    assert sum(server.hits.values()) == 0 and _versions(built) == 0  # nothing fetched or written
    with transaction(built) as session:
        assert session.scalar(select(func.count()).select_from(SourceRecord)) == 0
    result = runner.invoke(app, ["download", "--catalog", "--host-interval", "0"])
    assert result.exit_code == 0, result.output
    assert "1 stored" in result.output and "1 failed" in result.output
    assert "robots.txt disallows" in result.output
    assert _versions(built) == 1
    again = runner.invoke(
        app, ["download", "--catalog", "--instrument", "alpha-act", "--host-interval", "0"]
    )
    assert again.exit_code == 0 and "1 skipped" in again.output
    assert server.hits["/alpha.html"] == 1


def test_private_addresses_are_refused_by_default(
    built: Engine, env_db: str, server: Server
) -> None:
    _point(built, {"alpha-act": server.url("/alpha.html")})
    result = runner.invoke(app, ["download", "--catalog", "--host-interval", "0"])
    assert result.exit_code == 1, result.output  # everything attempted failed
    assert "private address refused" in result.output
    assert sum(server.hits.values()) == 0 and _versions(built) == 0


def test_unknown_instruments_and_mixed_arguments_are_explained(built: Engine, env_db: str) -> None:
    result = runner.invoke(app, ["download", "--catalog", "--instrument", "no-such-act"])
    assert result.exit_code == 6 and "no-such-act" in result.output
    both = runner.invoke(app, ["download", "nist", "--catalog"])
    assert both.exit_code == 3 and "not both" in both.output
    neither = runner.invoke(app, ["download"])
    assert neither.exit_code == 3 and "--catalog" in neither.output
