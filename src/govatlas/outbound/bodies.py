"""Reading a response body with a cap that decompression cannot get round.

A server chooses how its body is compressed: one megabyte of gzip can expand to
gigabytes. httpx would inflate each network chunk in one call, so the body is
read raw here and inflated in pieces of at most ``PIECE`` bytes, counting the
decoded bytes against the cap as they come. Only the encodings govatlas asks for
(``ACCEPT_ENCODING``) are accepted.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Iterator
from typing import Protocol

import httpx

from govatlas.errors import InvalidInputError

ACCEPT_ENCODING = "gzip, deflate"
PIECE = 64 * 1024
MIB = 1024 * 1024


class BodyError(InvalidInputError):
    """A body that cannot be read: an unknown encoding, corrupt compressed data."""


class BodyTooLargeError(BodyError):
    """A body over its cap (decoded size)."""


class BodyTruncatedError(BodyError):
    """Fewer bytes arrived than the server announced."""


class _Decoder(Protocol):
    def feed(self, data: bytes) -> Iterator[bytes]: ...


class _Identity:
    def feed(self, data: bytes) -> Iterator[bytes]:
        for start in range(0, len(data), PIECE):
            yield data[start : start + PIECE]


class _Inflate:
    """zlib, gzip (several members too) or raw deflate, inflated ``PIECE`` bytes at a time."""

    def __init__(self, wbits: int, fallback: int | None = None) -> None:
        self.wbits = wbits
        self.fallback = fallback  # raw deflate, for servers that send it as "deflate"
        self.started = False
        self.inflater = zlib.decompressobj(wbits)

    def feed(self, data: bytes) -> Iterator[bytes]:
        pending = data
        while pending:
            try:
                out = self.inflater.decompress(pending, PIECE)
            except zlib.error:
                if self.started or self.fallback is None:
                    raise
                self.wbits, self.fallback = self.fallback, None
                self.inflater = zlib.decompressobj(self.wbits)
                continue
            self.started = True
            if out:
                yield out
            pending = self.inflater.unconsumed_tail
            if self.inflater.eof:
                pending = self.inflater.unused_data
                if pending:  # another gzip member follows
                    self.inflater = zlib.decompressobj(self.wbits)
            elif not pending and len(out) == PIECE:
                pending = b""
                while True:  # output zlib holds back once the input is used up
                    more = self.inflater.decompress(b"", PIECE)
                    if not more:
                        break
                    yield more


def _decoder(encoding: str) -> _Decoder:
    if encoding in ("", "identity"):
        return _Identity()
    if encoding in ("gzip", "x-gzip"):
        return _Inflate(16 + zlib.MAX_WBITS)
    if encoding == "deflate":
        return _Inflate(zlib.MAX_WBITS, fallback=-zlib.MAX_WBITS)
    raise BodyError(
        f"the server sent the body in an encoding govatlas did not ask for ({encoding})",
        "ask the site's operator; govatlas accepts gzip and deflate",
    )


def _chain(decoders: list[_Decoder], pieces: Iterable[bytes]) -> Iterator[bytes]:
    if not decoders:
        yield from pieces
        return
    first, rest = decoders[0], decoders[1:]
    yield from _chain(rest, (out for piece in pieces for out in first.feed(piece)))


def decoded_pieces(encodings: str, raw: Iterable[bytes]) -> Iterator[bytes]:
    """The decoded body of ``raw`` chunks sent with ``Content-Encoding: encodings``."""
    names = [e.strip().lower() for e in encodings.split(",") if e.strip()]
    # encodings are listed in the order they were applied: undo the last first
    decoders = [_decoder(name) for name in reversed(names)]
    try:
        yield from _chain(decoders, raw)
    except zlib.error as exc:
        raise BodyError(f"the compressed body is corrupt ({exc})", "try again later") from exc


def read_body(
    response: httpx.Response, limit: int, *, what: str = "the body", truncate: bool = False
) -> bytes:
    """The decoded body of a streamed ``response``, at most ``limit`` bytes.

    Over the limit: ``BodyTooLargeError``, or with ``truncate`` the first ``limit``
    bytes (robots.txt, whose rules past a generous size may be ignored).
    """
    encoding = response.headers.get("content-encoding", "")
    declared_text = response.headers.get("content-length") or ""
    declared = int(declared_text) if declared_text.isdigit() else None
    if declared is not None and declared > limit and not encoding and not truncate:
        raise _too_large(what, limit, declared)
    received = 0

    def counted() -> Iterator[bytes]:
        nonlocal received
        for chunk in response.iter_raw():
            received += len(chunk)
            yield chunk

    parts: list[bytes] = []
    size = 0
    for piece in decoded_pieces(encoding, counted()):
        if size + len(piece) > limit:
            if truncate:
                parts.append(piece[: limit - size])
                return b"".join(parts)
            raise _too_large(what, limit)
        parts.append(piece)
        size += len(piece)
    if declared is not None and received < declared:
        raise BodyTruncatedError(f"{what} was cut short ({received} of {declared} bytes)")
    return b"".join(parts)


def _too_large(what: str, limit: int, declared: int | None = None) -> BodyTooLargeError:
    cap = (
        f"{limit / MIB:.0f} MiB"
        if limit >= MIB
        else f"{limit // 1024} KiB"
        if limit >= 1024
        else f"{limit:,}-byte"
    )
    size = f"is {declared / MIB:.0f} MiB," if declared is not None and declared >= MIB else "is"
    return BodyTooLargeError(
        f"{what} {size} over the {cap} limit", "ask for a smaller file, or mirror it by hand"
    )
