"""``govatlas alerts ...``, ``govatlas changes`` and ``govatlas digest``: telling people."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from govatlas import __version__
from govatlas.commands.common import (
    FormatOption,
    new_console,
    new_typer,
    open_engine,
    with_names,
)
from govatlas.horizon.alerts import (
    SIGNATURE_HEADER,
    SubscriptionSpec,
    deliver_webhooks,
    get_subscription,
    subscribe,
)
from govatlas.horizon.digest import build_digest
from govatlas.horizon.feeds import atom_feed, json_feed
from govatlas.horizon.recent import change_views
from govatlas.html import standalone_page
from govatlas.store.horizon import (
    FEED_ITEMS,
    alerted_changes,
    changes_since,
    delivery_statuses,
    newest_deliveries,
    subscriptions,
)
from govatlas.store.instruments import instrument_names, jurisdiction_names
from govatlas.store.migrate import require_current
from govatlas.store.session import transaction
from govatlas.tabular import OutputFormat, render_rows
from govatlas.vocabulary import DeliveryStatus

app = new_typer(
    "Alerts on detected changes: subscriptions by jurisdiction, instrument, concept or "
    "keyword, delivered as Atom and JSON feeds and as signed webhooks."
)
reports_app = typer.Typer()


class FeedFormat(StrEnum):
    ATOM = "atom"
    JSON = "json"


@app.command("subscribe")
def subscribe_command(
    name: Annotated[str, typer.Argument(help="A name for the subscription.")],
    jurisdiction: Annotated[str | None, typer.Option(help="e.g. USA, EU, GBR.")] = None,
    instrument: Annotated[str | None, typer.Option(help="An instrument id.")] = None,
    concept: Annotated[str | None, typer.Option(help="e.g. fli-blocks:red-lines.")] = None,
    keyword: Annotated[
        str | None, typer.Option(help="A word in the title or the changed text.")
    ] = None,
    webhook: Annotated[
        str | None, typer.Option(help="POST each alert here, signed with HMAC-SHA256.")
    ] = None,
) -> None:
    """Subscribe to changes detected from now on; every filter given must hold.

    Prints the feed token (for /feeds/TOKEN.atom and .json) and, for webhooks, the
    secret that signs them (header X-Govatlas-Signature: t=UNIX,v1=HMAC_SHA256(secret,
    "t.body")).

    Example: [bold]govatlas alerts subscribe "EU red lines" --jurisdiction EU
    --concept fli-blocks:red-lines --webhook https://example.org/hook[/]
    """
    engine = open_engine()
    require_current(engine)
    with transaction(engine) as session:
        sub = subscribe(
            session, SubscriptionSpec(name, jurisdiction, instrument, concept, keyword, webhook)
        )
        console = new_console()
        console.print(f"subscription {sub.id}: {escape(sub.name)}")
        console.print(f"feed: /feeds/{sub.token}.atom and /feeds/{sub.token}.json")
        if webhook:
            console.print(f"webhook secret (header {SIGNATURE_HEADER}): {sub.secret}")


@app.command("list")
def list_command(fmt: FormatOption = OutputFormat.TABLE) -> None:
    """Subscriptions with their filters and how many alerts each received.

    Example: [bold]govatlas alerts list[/]
    """
    engine = open_engine()
    require_current(engine)
    with transaction(engine) as session:
        subs = subscriptions(session)
        instruments = instrument_names(session, {s.instrument_id for s in subs if s.instrument_id})
        places = jurisdiction_names(session, {s.jurisdiction_id for s in subs if s.jurisdiction_id})
        rows = []
        for sub in subs:
            statuses = delivery_statuses(session, sub.id)
            filters = {
                "jurisdiction": sub.jurisdiction_id,
                "instrument": sub.instrument_id,
                "concept": sub.concept_id,
                "keyword": sub.keyword,
            }
            named = filters | {
                "jurisdiction": places.get(sub.jurisdiction_id or "", sub.jurisdiction_id),
                "instrument": instruments.get(sub.instrument_id or "", sub.instrument_id),
            }
            row: dict[str, object] = {
                "id": sub.id,
                "name": sub.name,
                "filters": _filters(named if fmt is OutputFormat.TABLE else filters),
            }
            if fmt is OutputFormat.CSV:  # names beside the ids, for a spreadsheet's reader
                row["filters_names"] = _filters(named)
            rows.append(
                row
                | {
                    "webhook": sub.webhook_url or "",
                    "token": sub.token,
                    "alerts": len(statuses),
                    "dead": sum(s is DeliveryStatus.DEAD for s in statuses),
                }
            )
    render_rows(new_console(), rows, fmt, title="Subscriptions")


def _filters(values: dict[str, str | None]) -> str:
    return " ".join(f"{k}={v}" for k, v in values.items() if v)


@app.command("remove")
def remove_command(subscription: Annotated[str, typer.Argument(help="Id or token.")]) -> None:
    """Remove a subscription and its delivery records.

    Example: [bold]govatlas alerts remove 2[/]
    """
    engine = open_engine()
    require_current(engine)
    with transaction(engine) as session:
        sub = get_subscription(session, subscription)
        session.delete(sub)
    new_console().print(f"subscription {escape(subscription)} removed")


@app.command("feed")
def feed_command(
    subscription: Annotated[str, typer.Argument(help="Id or token.")],
    feed_format: Annotated[FeedFormat, typer.Option("--as", help="Atom or JSON Feed.")] = (
        FeedFormat.ATOM
    ),
    base_url: Annotated[str | None, typer.Option(help="Web atlas address for links.")] = None,
    out: Annotated[Path | None, typer.Option("--out", help="Write to a file.")] = None,
) -> None:
    """A subscription's alerts as an Atom 1.0 feed or a JSON Feed 1.1 (newest 50).

    Example: [bold]govatlas alerts feed 2 --as json --out alerts.json[/]
    """
    engine = open_engine()
    require_current(engine)
    with transaction(engine) as session:
        sub = get_subscription(session, subscription)
        changes = alerted_changes(session, sub.id, FEED_ITEMS)
        if feed_format is FeedFormat.ATOM:
            data = atom_feed(sub, changes, base_url)
        else:
            data = json_feed(sub, changes, base_url).encode()
    if out is None:
        typer.echo(data.decode())
    else:
        out.write_bytes(data)
        new_console().print(f"{len(changes)} alert(s) written to {escape(str(out))}")


@app.command("deliver")
def deliver_command(
    base_url: Annotated[str | None, typer.Option(help="Web atlas address for links.")] = None,
) -> None:
    """Send the webhook alerts that are due (new ones and retries). `govatlas scan`
    does this too; run it alone from cron to retry between scans.

    Example: [bold]govatlas alerts deliver --base-url https://atlas.example.org[/]
    """
    engine = open_engine()
    require_current(engine)
    report = deliver_webhooks(engine, base_url=base_url)
    new_console().print(
        f"{report.delivered} delivered, {report.retrying} to retry, {report.dead} dead"
    )


@app.command("deliveries")
def deliveries_command(
    status: Annotated[
        DeliveryStatus | None, typer.Option(help="Only this status; `dead` = dead letters.")
    ] = None,
    fmt: FormatOption = OutputFormat.TABLE,
) -> None:
    """Delivery records: which change went to which subscription, attempts and errors.

    Example: [bold]govatlas alerts deliveries --status dead[/]
    """
    engine = open_engine()
    require_current(engine)
    with transaction(engine) as session:
        rows = [
            {
                "id": d.id,
                "subscription": d.subscription_id,
                "change": d.change_id,
                "instrument": d.change.instrument_id,
                "status": d.status.value,
                "attempts": d.attempts,
                "next attempt": f"{d.next_attempt_at:%Y-%m-%d %H:%M}" if d.next_attempt_at else "",
                "error": d.last_error or "",
            }
            for d in newest_deliveries(session, status)
        ]
        names = instrument_names(session, {str(r["instrument"]) for r in rows})
    rows = with_names(rows, {"instrument": names}, fmt)
    render_rows(new_console(), rows, fmt, title="Deliveries")


@reports_app.command("changes")
def changes_command(
    days: Annotated[int, typer.Option("--days", min=1, help="Detected in the last N days.")] = 7,
    fmt: FormatOption = OutputFormat.TABLE,
) -> None:
    """Changes detected by scans: new instruments and new versions, most significant first.

    Example: [bold]govatlas changes --days 30[/]
    """
    engine = open_engine()
    require_current(engine)
    since = datetime.now(UTC) - timedelta(days=days)
    with transaction(engine) as session:
        rows = [
            {
                "id": c.id,
                "detected": f"{c.detected_at:%Y-%m-%d %H:%M}",
                "kind": c.kind.value,
                "instrument": c.instrument_id,
                "counts": " ".join(f"{k}={v}" for k, v in c.counts.items() if v),
                "score": c.score,
                "concepts": " ".join(c.concepts[:3]) + (" …" if len(c.concepts) > 3 else ""),
                "highlight": c.highlights[0] if c.highlights else "",
            }
            for c in changes_since(session, since)
        ]
        names = instrument_names(session, {str(r["instrument"]) for r in rows})
    rows = with_names(rows, {"instrument": names}, fmt)
    render_rows(new_console(), rows, fmt, title=f"Changes in the last {days} days")


@reports_app.command("digest")
def digest_command(
    week: Annotated[
        str | None, typer.Option("--week", help="ISO week, e.g. 2026-W48 (default: this week).")
    ] = None,
    out: Annotated[Path, typer.Option("--out", help="HTML file to write.")] = Path("digest.html"),
    base_url: Annotated[str | None, typer.Option(help="Web atlas address for links.")] = None,
    pdf: Annotated[bool, typer.Option("--pdf", help="Also write a PDF beside the HTML.")] = False,
) -> None:
    """The weekly digest as HTML (and PDF): new versions by significance, new instruments,
    failed watches. Example: [bold]govatlas digest --week 2026-W48 --out digest.html --pdf[/]"""
    engine = open_engine()
    require_current(engine)
    with transaction(engine) as session:
        digest = build_digest(session, week)
        new_versions = change_views(session, digest.new_versions)
        new_instruments = change_views(session, digest.new_instruments)
        places = {c["jurisdiction"] for c in [*new_versions, *new_instruments]}
        html = standalone_page(
            "digest_standalone.html",
            digest=digest,
            new_versions=new_versions,
            new_instruments=new_instruments,
            places=jurisdiction_names(session, places),
            base_url=(base_url or "").rstrip("/"),
            version=__version__,
            generated=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        )
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(html, encoding="utf-8")
    if pdf:
        from weasyprint import HTML  # loading Pango takes a moment

        HTML(string=html, base_url=str(out.parent)).write_pdf(out.with_suffix(".pdf"))
    new_console().print(
        f"digest {digest.week}: {len(digest.new_versions)} new version(s), "
        f"{len(digest.new_instruments)} new instrument(s), {len(digest.failures)} failing "
        f"watch(es) → {escape(str(out))}"
        + (f" and {escape(str(out.with_suffix('.pdf')))}" if pdf else "")
    )
