"""Reading a long unit whole: pieces cut between paragraphs, the best pair of pieces."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from govatlas.crosswalk.align import pair_features
from govatlas.crosswalk.unit_pieces import pieces, whole_cosine
from govatlas.records import Passage

# Our own wording: a long article whose second paragraph is about marking generated content.
ARTICLE = (
    "Article 9: Transparency\n\n"
    "1. Providers shall inform people that they are talking to a chatbot, unless it is "
    "obvious from the context.\n"
    "2. Providers of systems that generate images shall mark the generated content as "
    "artificially generated, in a machine-readable format.\n"
    "3. Deployers of emotion recognition systems shall inform the people exposed."
)


def _axes(texts: Sequence[str]) -> npt.NDArray[np.float32]:
    """A toy embedding: chatbot disclosure on one axis, content marking on the other."""
    rows = []
    for text in texts:
        words = text.lower()
        vector = np.array(
            [
                sum(w in words for w in ("chatbot", "talking", "inform")),
                sum(w in words for w in ("mark", "generated", "watermark")),
                0.1,
            ],
            dtype=np.float32,
        )
        rows.append(vector / np.linalg.norm(vector))
    return np.stack(rows)


def test_a_short_text_is_one_piece_and_a_long_one_is_cut_between_paragraphs() -> None:
    assert pieces("Short text.", 500) == ["Short text."]
    cut = pieces(ARTICLE, 130)
    assert len(cut) >= 3 and all(len(p) <= 130 for p in cut)
    assert any(p.startswith("2. Providers of systems that generate images") for p in cut)
    assert " ".join(" ".join(cut).split()) == " ".join(ARTICLE.split())  # nothing lost


def test_a_paragraph_longer_than_a_piece_is_cut_between_words() -> None:
    words = " ".join(f"word{i}" for i in range(100))
    cut = pieces(words, 120)
    assert all(len(p) <= 120 for p in cut) and " ".join(cut) == words


def test_the_best_pair_of_pieces_finds_what_the_first_paragraph_hides() -> None:
    target = "Providers shall watermark generated images."
    first_only = _axes([ARTICLE[:130]]) @ _axes([target]).T
    whole = whole_cosine([ARTICLE], [target], 130, _axes, _axes)
    assert whole.shape == (1, 1) and whole[0, 0] > first_only[0, 0] + 0.3
    # with pieces as large as the texts, it is the plain cosine of the two
    plain = whole_cosine([ARTICLE, target], [target], 10_000, _axes, _axes)
    assert np.allclose(plain, _axes([ARTICLE, target]) @ _axes([target]).T)


def test_pair_features_read_long_units_whole_only_when_asked() -> None:
    long_article = (
        "1. Providers shall inform people that they are talking to a chatbot. "
        + "The information shall be clear, timely and given in an accessible way. " * 8
        + "\n2. Providers of systems that generate images shall mark the generated content "
        "as artificially generated, in a machine-readable format."
    )
    sources = [Passage("art", long_article)]
    targets = [
        Passage("marking", "Generated pictures and videos shall carry a watermark."),
        Passage("budget", "The ministry publishes its annual budget for research."),
        Passage("chatbot", "Users are told when they talk to a chatbot."),
    ]
    first = pair_features(sources, targets, dense=False).features["e5_csls"]
    whole = pair_features(sources, targets, dense=False, whole_units=True).features["e5_csls"]
    # read whole, the marking duty in the second paragraph counts; read by its first 500
    # characters, only the chatbot paragraph does
    assert whole[0, 0] - whole[0, 1] > first[0, 0] - first[0, 1]
    short = [Passage("s", "Providers shall mark generated content.")]
    assert np.allclose(
        pair_features(short, targets, dense=False).features["e5_csls"],
        pair_features(short, targets, dense=False, whole_units=True).features["e5_csls"],
        atol=1e-5,
    )
