"""Body caps that compression cannot get round (issue 26, finding 6: a 1 MB gzip
robots.txt expanding to 400 MiB pushed `scan` to 2.56 GB of memory)."""

from __future__ import annotations

import tracemalloc
import zlib
from collections.abc import Callable

import pytest

from govatlas.horizon.fetching import FetchError, FetchPolicy, PoliteFetcher
from tests.outbound.conftest import Answer, Server

pytestmark = pytest.mark.engine_neutral  # the same on every database engine

MIB = 1024 * 1024


def gzip_bomb(mib: int) -> bytes:
    """``mib`` MiB of zeros, gzipped (about 1 KiB per MiB)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = bytes(MIB)
    return b"".join(packer.compress(block) for _ in range(mib)) + packer.flush()


def peak_mib(work: Callable[[], object]) -> float:
    tracemalloc.start()
    try:
        work()
        return tracemalloc.get_traced_memory()[1] / MIB
    finally:
        tracemalloc.stop()


@pytest.fixture
def polite(allow_private_urls: None) -> PoliteFetcher:
    return PoliteFetcher(FetchPolicy(timeout=5, attempts=1, host_interval=0))


def test_a_gzip_bomb_robots_txt_is_read_only_up_to_its_cap(
    server: Server, polite: PoliteFetcher
) -> None:
    rules = b"User-agent: *\nDisallow: /private/\n"
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    bomb = packer.compress(rules) + b"".join(packer.compress(bytes(MIB)) for _ in range(400))
    server.answers["/robots.txt"] = Answer(
        body=bomb + packer.flush(),
        headers={"Content-Type": "text/plain", "Content-Encoding": "gzip"},
    )
    server.answers["/doc.txt"] = Answer(body=b"Article 1. Hello.")
    server.answers["/private/x.txt"] = Answer(body=b"Article 1. Hidden.")
    used = peak_mib(lambda: polite.get(server.url("/doc.txt")))
    assert used < 16, f"{used:.0f} MiB held while reading a 400 MiB robots.txt"
    assert not polite.allowed(server.url("/private/x.txt"))  # the rules before the cap hold
    assert server.hits["/private/x.txt"] == 0


def test_a_gzip_bomb_document_is_refused_without_being_inflated(
    server: Server, polite: PoliteFetcher
) -> None:
    server.answers["/robots.txt"] = Answer(404)
    server.answers["/bomb.txt"] = Answer(
        body=gzip_bomb(200), headers={"Content-Type": "text/plain", "Content-Encoding": "gzip"}
    )

    def fetch() -> None:
        with pytest.raises(FetchError, match="over the 50 MiB limit"):
            polite.get(server.url("/bomb.txt"))

    used = peak_mib(fetch)
    assert used < 70, f"{used:.0f} MiB held for a body capped at 50 MiB"


def test_an_encoding_we_did_not_ask_for_is_refused(server: Server, polite: PoliteFetcher) -> None:
    server.answers["/robots.txt"] = Answer(404)
    server.answers["/br.txt"] = Answer(
        body=b"\x0b\x02\x80hello\x03",
        headers={"Content-Type": "text/plain", "Content-Encoding": "br"},
    )
    with pytest.raises(FetchError, match=r"encoding govatlas did not ask for \(br\)"):
        polite.get(server.url("/br.txt"))
