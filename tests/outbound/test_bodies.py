"""Decoding compressed bodies piece by piece: every chunking and encoding round-trips."""

from __future__ import annotations

import gzip
import zlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govatlas.outbound.bodies import BodyError, decoded_pieces

pytestmark = pytest.mark.engine_neutral  # the same on every database engine


@given(st.binary(max_size=300_000), st.sampled_from(["gzip", "deflate", "raw-deflate", ""]))
@settings(max_examples=40, deadline=None)
def test_decoding_round_trips_in_any_chunking(data: bytes, encoding: str) -> None:
    if encoding == "gzip":
        sent = gzip.compress(data)
    elif encoding == "deflate":
        sent = zlib.compress(data)
    elif encoding == "raw-deflate":
        packer = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
        sent, encoding = packer.compress(data) + packer.flush(), "deflate"
    else:
        sent = data
    chunks = [sent[i : i + 777] for i in range(0, len(sent), 777)]
    assert b"".join(decoded_pieces(encoding, chunks)) == data


def test_several_gzip_members_and_stacked_encodings() -> None:
    two = gzip.compress(b"first ") + gzip.compress(b"second")
    assert b"".join(decoded_pieces("gzip", [two])) == b"first second"
    stacked = gzip.compress(zlib.compress(b"twice"))
    assert b"".join(decoded_pieces("deflate, gzip", [stacked])) == b"twice"
    with pytest.raises(BodyError, match="corrupt"):
        b"".join(decoded_pieces("gzip", [b"\x1f\x8b\x08\x00garbage" * 10]))
