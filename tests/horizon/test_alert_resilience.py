"""Alerts survive bad subscribers (issue 26, finding 3): a malformed webhook URL is
refused when subscribing; one already stored never stops a scan or `alerts deliver`,
never keeps other subscriptions (feed-only ones included) from their alerts, and ends
as a dead letter; each webhook is signed when it is sent."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, select
from typer.testing import CliRunner

from govatlas.cli import app
from govatlas.errors import ExitCode
from govatlas.horizon import alerts
from govatlas.horizon.fetching import PoliteFetcher
from govatlas.horizon.significance import SignificanceModel
from govatlas.store.models import Delivery, Subscription
from govatlas.store.session import transaction
from govatlas.vocabulary import DeliveryStatus
from tests.horizon.conftest import Site
from tests.horizon.test_alerts import _match, _scan_two_versions
from tests.horizon.test_scan import V1

runner = CliRunner(env={"COLUMNS": "400"})
BAD = "http://[::1/hook"


def invoke(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, " ".join(result.output.split())


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        (BAD, "not a valid URL"),
        ("ftp://example.org/hook", "not an http"),
        ("https:///hook", "no host"),
        ("http://169.254.169.254/hook", "link-local"),
    ],
)
def test_bad_webhooks_are_refused_when_subscribing(
    built: Engine, env_db: str, url: str, reason: str
) -> None:
    code, out = invoke("alerts", "subscribe", "x", "--webhook", url)
    assert code == ExitCode.INVALID_INPUT, out
    assert reason in out and "Traceback" not in out
    with transaction(built) as session:
        assert session.scalars(select(Subscription)).all() == []


def _deliveries(engine: Engine, subscription_id: int) -> list[Delivery]:
    with transaction(engine) as session:
        return list(
            session.scalars(select(Delivery).where(Delivery.subscription_id == subscription_id))
        )


def test_a_stored_malformed_webhook_never_stops_alerting(
    built: Engine, env_db: str, site: Site
) -> None:
    with transaction(built) as session:  # stored before subscriptions were checked
        bad = Subscription(
            name="bad", webhook_url=BAD, secret=secrets.token_hex(32), token="bad" * 16
        )
        session.add(bad)
        session.flush()
        bad_id = bad.id
    code, out = invoke("alerts", "subscribe", "hook", "--webhook", site.url("/hook"))
    assert code == 0, out
    code, out = invoke("alerts", "subscribe", "feed only", "--jurisdiction", "FRA")
    assert code == 0, out
    url = site.serve("/alpha", V1)
    assert invoke("watch", "add", url, "--instrument", "alpha-act")[0] == 0

    code, out = invoke("scan", "--host-interval", "0")
    assert code == 0, out
    assert "3 alert(s)" in out and "1 delivered" in out and "1 dead" in out, out
    assert len(site.posts) == 1  # the good webhook got its alert
    with transaction(built) as session:
        ids = {s.name: s.id for s in session.scalars(select(Subscription))}
    (feed_only,) = _deliveries(built, ids["feed only"])
    assert feed_only.status is DeliveryStatus.DELIVERED
    (letter,) = _deliveries(built, bad_id)
    assert letter.status is DeliveryStatus.DEAD and letter.attempts == 1
    assert "not a valid URL" in (letter.last_error or "")
    code, out = invoke("alerts", "deliver")
    assert code == 0 and "0 delivered, 0 to retry, 0 dead" in out, out
    code, out = invoke("alerts", "deliveries", "--status", "dead")
    assert code == 0 and "not a valid URL" in out


def test_each_webhook_is_signed_when_it_is_sent(
    built: Engine,
    env_db: str,
    site: Site,
    fetcher: PoliteFetcher,
    significance: SignificanceModel,
) -> None:
    with transaction(built) as session:
        hook = alerts.subscribe(session, alerts.SubscriptionSpec("h", webhook_url=site.url("/h")))
        secret = hook.secret
    changes = _scan_two_versions(built, site, fetcher, significance)
    assert _match(built, changes) == 2
    with pytest.MonkeyPatch.context() as patch:
        clock: list[datetime] = []
        start = datetime.now(UTC)

        def now() -> datetime:
            clock.append(start + timedelta(seconds=90 * len(clock)))
            return clock[-1]

        patch.setattr(alerts, "utcnow", now)
        code, out = invoke("alerts", "deliver")
    assert code == 0 and "2 delivered" in out, out
    stamps = [
        int(headers[alerts.SIGNATURE_HEADER].split(",")[0].removeprefix("t="))
        for _, headers, _ in site.posts
    ]
    assert len(stamps) == 2 and stamps[1] > stamps[0], stamps  # not one time for the batch
    for (_, headers, body), stamp in zip(site.posts, stamps, strict=True):
        assert alerts.verify_signature(secret, headers[alerts.SIGNATURE_HEADER], body, now=stamp)


def test_webhooks_go_through_the_outbound_guard(
    built: Engine,
    site: Site,
    fetcher: PoliteFetcher,
    significance: SignificanceModel,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A webhook whose host resolves to loopback is refused when it is sent, unless
    GOVATLAS_ALLOW_PRIVATE_URLS allows it; a refusal is a failed attempt, retried."""
    hook = site.url("/hook").replace("127.0.0.1", "localhost")
    with transaction(built) as session:
        alerts.subscribe(session, alerts.SubscriptionSpec("h", webhook_url=hook))
    changes = _scan_two_versions(built, site, fetcher, significance)
    _match(built, changes[:1])
    monkeypatch.delenv("GOVATLAS_ALLOW_PRIVATE_URLS")
    report = alerts.deliver_webhooks(built)
    assert (report.delivered, report.retrying, report.dead) == (0, 1, 0)
    assert site.posts == []
    with transaction(built) as session:
        error = session.scalars(select(Delivery)).one().last_error or ""
    assert "loopback" in error and "GOVATLAS_ALLOW_PRIVATE_URLS" in error
