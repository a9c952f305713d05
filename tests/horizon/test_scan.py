"""``govatlas scan`` over a fixture watchlist: planted changes are detected and diffed exactly,
and a misbehaving server costs one recorded failure per watch, never a partial version."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from govatlas.errors import BusyError, InvalidInputError, NotFoundError
from govatlas.horizon.diff import diff_versions
from govatlas.horizon.fetching import PoliteFetcher
from govatlas.horizon.lock import store_lock
from govatlas.horizon.scan import Scanner
from govatlas.horizon.significance import SignificanceModel
from govatlas.horizon.watchlist import WatchSpec, add_watch, remove_watch, watch_instrument
from govatlas.store.models import Change, InstrumentVersion, RawResponse, ScanEvent, Watch
from govatlas.store.session import transaction
from govatlas.vocabulary import ChangeKind, ScanOutcome, WatchKind
from tests.conftest import FIXTURE_MIRROR
from tests.horizon.conftest import Route, Site

V1 = """Model Safety Act

Section 1. Short title
This Act may be cited as the Model Safety Act.

Section 2. Incident reporting
Developers shall report serious incidents to the authority within fifteen days.

Section 3. Red lines
No person shall deploy an AI system that enables the development of biological weapons.

Section 4. Penalties
A developer who violates this Act is liable to a civil penalty of up to one million dollars
for each violation.
"""

# sec.1 unchanged, sec.2 modified (fifteen -> ten), sec.3 replaced by other words (red lines
# removed, emergency response added), sec.4 renumbered to sec.5 (moved).
V2 = """Model Safety Act

Section 1. Short title
This Act may be cited as the Model Safety Act.

Section 2. Incident reporting
Developers shall report serious incidents to the authority within ten days.

Section 3. Emergency response
The authority shall maintain a national emergency response plan for critical failures of
frontier models and coordinate it with foreign counterparts.

Section 5. Penalties
A developer who violates this Act is liable to a civil penalty of up to one million dollars
for each violation.
"""


def scanner(
    engine: Engine, fetcher: PoliteFetcher, model: SignificanceModel, **kw: Path
) -> Scanner:
    return Scanner(engine, fetcher, kw.get("mirror"), model=lambda: model)


def _watch(engine: Engine, spec: WatchSpec) -> int:
    with transaction(engine) as session:
        return add_watch(session, spec).id


def _versions(engine: Engine) -> int:
    with transaction(engine) as session:
        return session.scalar(select(func.count()).select_from(InstrumentVersion)) or 0


def test_planted_changes_are_detected_and_diffed_exactly(
    built: Engine, site: Site, fetcher: PoliteFetcher, significance: SignificanceModel
) -> None:
    url = site.serve("/alpha", V1)
    watch = _watch(built, WatchSpec(WatchKind.URL, url, instrument="alpha-act"))
    scan = scanner(built, fetcher, significance)

    first = scan.scan([watch])[0]
    assert first.outcome is ScanOutcome.CHANGED, first.detail
    with transaction(built) as session:
        change = session.get_one(Change, first.changes[0])
        assert change.kind is ChangeKind.NEW_INSTRUMENT
        assert change.instrument_id == "alpha-act"
        assert change.counts["added"] == 5  # preamble and four sections

    again = scan.scan([watch])[0]  # the server answers 304 to the stored ETag
    assert again.outcome is ScanOutcome.NOT_MODIFIED
    assert again.changes == []

    site.serve("/alpha", V2)
    second = scan.scan([watch])[0]
    assert second.outcome is ScanOutcome.CHANGED, second.detail
    with transaction(built) as session:
        change = session.get_one(Change, second.changes[0])
        assert change.kind is ChangeKind.NEW_VERSION
        assert change.old_version_id is not None
        diff = diff_versions(session, "alpha-act", change.old_version_id, change.new_version_id)
        found = {
            (c.kind, c.old.path if c.old else None, c.new.path if c.new else None)
            for c in diff.changes
        }
        assert found == {
            ("unchanged", "preamble", "preamble"),
            ("unchanged", "sec.1", "sec.1"),
            ("modified", "sec.2", "sec.2"),
            ("removed", "sec.3", None),
            ("added", None, "sec.3"),
            ("moved", "sec.4", "sec.5"),
        }
        assert change.counts == {
            "added": 1,
            "removed": 1,
            "modified": 1,
            "moved": 1,
            "unchanged": 2,
        }
        modified = next(c for c in diff.changes if c.kind == "modified")
        assert [(w.old, w.new) for w in modified.words if w.op != "equal"] == [("fifteen", "ten")]
        assert "fli-blocks:emergency-response" in change.concepts
        assert any(h.startswith("adds sec.3") for h in change.highlights)
        assert "emergency response plan" in change.changed_text
    assert _versions(built) == 2
    with transaction(built) as session:
        stored = session.get_one(Watch, watch)
        assert stored.last_outcome is ScanOutcome.CHANGED and stored.etag
        assert session.scalar(select(func.count()).select_from(RawResponse)) == 2


def test_a_changed_body_without_etag_is_compared_by_hash(
    built: Engine, site: Site, fetcher: PoliteFetcher, significance: SignificanceModel
) -> None:
    url = site.serve("/alpha", V1)
    site.routes["/alpha"].etag = False
    watch = _watch(built, WatchSpec(WatchKind.URL, url, instrument="alpha-act"))
    scan = scanner(built, fetcher, significance)
    assert scan.scan([watch])[0].outcome is ScanOutcome.CHANGED
    same = scan.scan([watch])[0]
    assert same.outcome is ScanOutcome.UNCHANGED and same.changes == []
    assert _versions(built) == 1


MISBEHAVIOURS = {
    "/slow": (Route(b"late", behaviour="hang"), "timed out"),
    "/error": (Route(b"", behaviour="fail", failures=99), "HTTP 500 (after 2 attempts)"),
    "/gone": (Route(b"", behaviour="status", status=404), "HTTP 404"),
    "/cut": (Route(V1.encode(), behaviour="truncate"), "after 2 attempts"),
    "/picture": (
        Route(b"\x89PNG...", content_type="image/png"),
        "unexpected content type image/png",
    ),
    "/loop": (Route(b"", behaviour="loop"), "too many redirects"),
    "/huge": (Route(b"", behaviour="huge"), "over the 50 MiB limit"),
    "/huge-declared": (Route(b"", behaviour="huge-declared"), "100 MiB, over the 50 MiB limit"),
    "/private/memo": (Route(V1.encode()), "robots.txt does not allow"),
    "/empty": (Route(b"   "), "empty"),
}


def test_misbehaving_sources_fail_clearly_and_the_scan_goes_on(
    built: Engine, site: Site, fetcher: PoliteFetcher, significance: SignificanceModel
) -> None:
    ids = {}
    for path, (route, _) in MISBEHAVIOURS.items():
        site.routes[path] = route
        ids[path] = _watch(built, WatchSpec(WatchKind.URL, site.url(path), instrument="alpha-act"))
    good = _watch(built, WatchSpec(WatchKind.URL, site.serve("/beta", V1), instrument="beta-bill"))
    flaky = site.serve("/flaky", V2)
    site.routes["/flaky"].behaviour, site.routes["/flaky"].failures = "fail", 1
    site.routes["/flaky"].status = 503
    retried = _watch(built, WatchSpec(WatchKind.URL, flaky, instrument="alpha-act"))

    results = {
        r.watch_id: r
        for r in scanner(built, fetcher, significance).scan([*ids.values(), good, retried])
    }

    for path, (_, message) in MISBEHAVIOURS.items():
        result = results[ids[path]]
        assert result.outcome is ScanOutcome.FAILED, path
        assert message in result.detail, (path, result.detail)
    assert results[good].outcome is ScanOutcome.CHANGED
    assert results[retried].outcome is ScanOutcome.CHANGED  # 503 once, then 200
    assert site.hits["/flaky"] == 2
    assert site.hits["/private/memo"] == 0  # robots.txt was obeyed
    assert _versions(built) == 2  # only the good and the retried documents
    with transaction(built) as session:
        events = session.scalars(
            select(ScanEvent).where(ScanEvent.outcome == ScanOutcome.FAILED)
        ).all()
        assert len(events) == len(MISBEHAVIOURS)
        failed = session.get_one(Watch, ids["/gone"])
        assert failed.last_outcome is ScanOutcome.FAILED and "HTTP 404" in (failed.last_error or "")
        assert failed.content_hash is None  # a failure remembers nothing


ATOM_FEED = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <id>tag:example.org,2026:bills</id><title>AI bills</title><updated>2026-11-20T10:00:00Z</updated>
  {entries}
</feed>"""
ENTRY = """<entry><id>tag:example.org,2026:{key}</id><title>{title}</title>
<updated>2026-11-20T10:00:00Z</updated><link href="{link}"/><summary>{summary}</summary></entry>"""


def _feed(site: Site, entries: list[tuple[str, str, str]]) -> str:
    body = "".join(
        ENTRY.format(key=path.strip("/"), title=title, link=site.url(path), summary=summary)
        for path, title, summary in entries
    )
    return site.serve("/feed.atom", ATOM_FEED.format(entries=body), "application/atom+xml")


def test_feed_entries_become_new_instruments_or_new_versions(
    built: Engine, site: Site, fetcher: PoliteFetcher, significance: SignificanceModel
) -> None:
    site.serve("/docs/model-safety", V1)
    site.serve("/docs/other", "Guidance on chatbots\n\nSection 1. Scope\nThis applies to chatbots.")
    entries = [
        ("/docs/model-safety", "Model Safety Act", "A bill on incident reporting."),
        ("/docs/other", "Guidance on chatbots", "Transparency of chatbots."),
    ]
    watch = _watch(built, WatchSpec(WatchKind.FEED, _feed(site, entries), jurisdiction="DEU"))
    scan = scanner(built, fetcher, significance)

    first = scan.scan([watch])[0]
    assert first.outcome is ScanOutcome.CHANGED, first.detail
    assert "2 new entries followed" in first.detail
    with transaction(built) as session:
        changes = session.scalars(select(Change).order_by(Change.id)).all()
        assert [c.kind for c in changes] == [ChangeKind.NEW_INSTRUMENT] * 2
        assert {c.instrument.jurisdiction_id for c in changes} == {"DEU"}
        model_act = changes[0].instrument_id

    # the same feed again: nothing new is followed
    assert scan.scan([watch])[0].changes == []
    # a new entry points to an amended text at a new address, titled like the known bill
    site.serve("/docs/model-safety-amended", V2)
    entries.append(("/docs/model-safety-amended", "The Model Safety Act", "Amended in committee."))
    _feed(site, entries)
    third = scan.scan([watch])[0]
    assert "1 new entry followed" in third.detail
    with transaction(built) as session:
        change = session.get_one(Change, third.changes[0])
        assert change.kind is ChangeKind.NEW_VERSION
        assert change.instrument_id == model_act  # matched by title similarity
    assert site.hits["/docs/other"] == 1


def test_a_feed_scope_concept_filters_entries(
    built: Engine, site: Site, fetcher: PoliteFetcher, significance: SignificanceModel
) -> None:
    site.serve("/docs/a", V1)
    site.serve("/docs/b", "Tax rules\n\nSection 1. Scope\nThis is about taxes.")
    url = _feed(
        site,
        [
            ("/docs/a", "Model Safety Act", "Sets red lines for AI."),
            ("/docs/b", "Tax rules", "Nothing about AI."),
        ],
    )
    watch = _watch(built, WatchSpec(WatchKind.FEED, url, concept="fli-blocks:red-lines"))
    result = scanner(built, fetcher, significance).scan([watch])[0]
    assert "1 new entry followed" in result.detail
    assert site.hits["/docs/b"] == 0


def test_a_broken_feed_is_a_clear_failure(
    built: Engine, site: Site, fetcher: PoliteFetcher, significance: SignificanceModel
) -> None:
    url = site.serve("/feed.xml", "<rss><channel><item>", "application/rss+xml")
    watch = _watch(built, WatchSpec(WatchKind.FEED, url))
    result = scanner(built, fetcher, significance).scan([watch])[0]
    assert result.outcome is ScanOutcome.FAILED
    assert "not a readable RSS or Atom feed" in result.detail


def test_folder_watch_ingests_through_the_connector(
    built: Engine, tmp_path: Path, fetcher: PoliteFetcher, significance: SignificanceModel
) -> None:
    mirror = tmp_path / "mirror"
    shutil.copytree(FIXTURE_MIRROR / "laws", mirror / "laws")
    watch = _watch(built, WatchSpec(WatchKind.FOLDER, str(mirror), connector="laws"))
    scan = scanner(built, fetcher, significance)
    first = scan.scan([watch])[0]
    assert first.outcome is ScanOutcome.CHANGED, first.detail
    assert scan.scan([watch])[0].outcome is ScanOutcome.UNCHANGED  # no file changed
    text = mirror / "laws" / "xx_test_act.md"
    text.write_text(text.read_text() + "\n\n## Section 99. Review\n\nThe Act is reviewed yearly.\n")
    third = scan.scan([watch])[0]
    assert third.outcome is ScanOutcome.CHANGED, third.detail
    with transaction(built) as session:
        change = session.get_one(Change, third.changes[-1])
        assert change.kind is ChangeKind.NEW_VERSION
        assert change.counts["added"] >= 1


def test_dataset_watch_downloads_into_the_mirror_and_ingests(
    built: Engine,
    site: Site,
    tmp_path: Path,
    fetcher: PoliteFetcher,
    significance: SignificanceModel,
) -> None:
    mirror = tmp_path / "mirror"
    shutil.copytree(FIXTURE_MIRROR / "agora", mirror / "agora")
    release = (FIXTURE_MIRROR / "agora" / "documents.csv").read_bytes()
    (mirror / "agora" / "documents.csv").write_text("")  # an outdated copy
    url = site.serve("/agora/documents.csv", release, "text/csv")
    watch = _watch(built, WatchSpec(WatchKind.DATASET, url, connector="agora"))
    result = scanner(built, fetcher, significance, mirror=mirror).scan([watch])[0]
    assert result.outcome is ScanOutcome.CHANGED, result.detail
    assert (mirror / "agora" / "documents.csv").read_bytes() == release
    assert len(result.changes) >= 1


def test_two_scans_never_overlap(
    built: Engine, site: Site, fetcher: PoliteFetcher, significance: SignificanceModel
) -> None:
    watch = _watch(built, WatchSpec(WatchKind.URL, site.serve("/alpha", V1)))
    with store_lock(built, "scan"), pytest.raises(BusyError, match="another scan is running"):
        scanner(built, fetcher, significance).scan([watch])
    assert site.hits["/alpha"] == 0
    assert scanner(built, fetcher, significance).scan([watch])[0].outcome is ScanOutcome.CHANGED


def test_watchlist_validation(built: Engine, tmp_path: Path) -> None:
    with transaction(built) as session:
        with pytest.raises(InvalidInputError, match="not an http"):
            add_watch(session, WatchSpec(WatchKind.URL, "ftp://example.org/x"))
        with pytest.raises(InvalidInputError, match="needs --connector"):
            add_watch(session, WatchSpec(WatchKind.FOLDER, str(tmp_path)))
        with pytest.raises(NotFoundError, match="no source called"):
            add_watch(session, WatchSpec(WatchKind.FOLDER, str(tmp_path), connector="nope"))
        with pytest.raises(NotFoundError, match="no concept"):
            add_watch(session, WatchSpec(WatchKind.FEED, "https://x.org/f", concept="x:y"))
        watches = watch_instrument(session, "alpha-act")
        assert [w.location for w in watches] == ["https://example.org/alpha"]
        assert watch_instrument(session, "alpha-act") == []  # already watched
        with pytest.raises(InvalidInputError, match="already watched"):
            add_watch(session, WatchSpec(WatchKind.URL, "https://example.org/alpha"))
        remove_watch(session, watches[0].id)
        with pytest.raises(NotFoundError):
            remove_watch(session, watches[0].id)
