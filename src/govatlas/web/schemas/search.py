"""What a search of the provisions answers, in each of its modes."""

from __future__ import annotations

from typing import Literal

from pydantic import Field
from pydantic.json_schema import SkipJsonSchema

from govatlas.classify.encoders.embeddings import EmbeddingModel
from govatlas.web.schemas.common import ApiModel


class SearchHit(ApiModel):
    """A provision that matches, with where it stands and a snippet."""

    provision_id: int
    instrument_id: str
    instrument: str = Field(description="The instrument's short name.")
    jurisdiction: str = Field(description="The instrument's jurisdiction id.")
    version_id: int = Field(description="The version of the text the provision is in.")
    path: str = Field(description="The provision's place in its text (e.g. sec.2.a, recital.12).")
    heading: str | None
    snippet: str = Field(
        description="The words around the match; the opening of the provision when the "
        "hit has no text match (semantic)."
    )
    score: float = Field(
        description="The rank's score, comparable within one answer only: full text, "
        "BM25 with the standing adjustment (SQLite, lower first) or ts_rank (PostgreSQL); "
        "a CJK query, the text's length; semantic, cosine similarity; hybrid, the fused "
        "reciprocal rank."
    )
    highlights: list[tuple[int, int]] = Field(
        description="[start, end) character spans of the matched words in `snippet`."
    )
    effect: (
        Literal["binding-in-force", "binding-adopted", "binding-proposed", "non-binding", "lapsed"]
        | None
    ) = Field(
        description="What the instrument does today: binding law in force, adopted (in force "
        "not recorded), a binding proposal, non-binding, or lapsed (failed, repealed or "
        "superseded: its provisions are no rule)."
    )
    language: str | None = Field(
        default=None,
        description="The language of the provision's text (ISO 639-1, e.g. en, zh): a "
        "semantic search with e5-small finds provisions in other languages than the query's.",
    )


class SearchAnswer(ApiModel):
    """The hits of one search, best first, and how many matched in all."""

    query: str
    mode: Literal["fulltext", "semantic", "hybrid"]
    total: int = Field(
        description="Full text: every provision that matches (on PostgreSQL counted up to "
        "500; see total_exact). Semantic: those ranked (at most "
        "offset + limit). Hybrid: the candidates of both rankings, fused."
    )
    total_exact: bool = Field(
        default=True,
        description="False when a PostgreSQL store stopped counting at 500 matches: "
        "`total` is then a lower bound (more than 500 provisions match).",
    )
    items: list[SearchHit]
    model: EmbeddingModel | SkipJsonSchema[None] = Field(
        default=None,
        description="The embedding model; only in the semantic and hybrid modes.",
    )
