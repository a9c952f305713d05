"""The incident domain model's measured quality, as shipped: what the web and the API say.

Cross-fitting the domain model takes about 20 s, too long for a page, so
``govatlas incidents --quality --write`` measures it on the store's AIID incidents (5
folds against AIID's own MIT coding) beside the CSET annotators' agreement, and writes
the figures into the package (``data/quality.json``). A store whose incidents were
never measured says so (``measured: false``) rather than showing a number.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, cast

from govatlas.i18n import gettext, ngettext
from govatlas.incidents.ceiling import Agreement
from govatlas.shipped_figures import ShippedFigures

if TYPE_CHECKING:  # the domain model needs scikit-learn, which the web never loads
    from govatlas.incidents.domain_model import DomainModelQuality

FILE = "quality.json"


SHIPPED = ShippedFigures("govatlas.incidents", FILE)


def quality_file() -> Path:
    return SHIPPED.path()


def _figures() -> dict[str, object]:
    return SHIPPED.read()


def forget() -> None:
    """Read the file again on next use."""
    SHIPPED.forget()


def shipped_quality() -> dict[str, object]:
    """``{"measured": true, "incidents": n, "accuracy": ..., "macro_f1": ...,
    "majority_accuracy": ..., "domains": [...], "human_ceiling": [...]}`` or
    ``{"measured": false}``."""
    figures = _figures()
    return {"measured": True, **figures} if figures else {"measured": False}


def quality_document(figures: DomainModelQuality, agreements: list[Agreement]) -> dict[str, object]:
    """The figures as the JSON the command prints and the package ships."""
    return {
        "method": "tf-idf (words and pairs) and logistic regression, 5-fold cross-fitted "
        "against AIID's MIT domain coding",
        "incidents": figures.incidents,
        "accuracy": figures.accuracy,
        "macro_f1": figures.macro_f1,
        "majority_accuracy": figures.majority_accuracy,
        "domains": [asdict(d) for d in figures.domains],
        "human_ceiling": [asdict(a) for a in agreements],
    }


def write_quality(document: dict[str, object], path: Path | None = None) -> Path:
    """Write the figures (whole, then renamed: a reader never sees half a file)."""
    target = path or quality_file()
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".partial")
    partial.write_text(json.dumps(document, indent=1) + "\n", encoding="utf-8")
    partial.replace(target)
    forget()
    return target


def quality_sentence() -> str:
    """One sentence on how far the predicted domains can be trusted, in the language of
    the page or report being rendered (English by default)."""
    found = shipped_quality()
    if not found.get("measured"):
        return gettext(
            "The domain model's quality is not measured in this release: predicted domains "
            "are shown as predictions and count in no headline."
        )
    kappas = [
        float(kappa)
        for a in cast(list[dict[str, object]], found.get("human_ceiling", []))
        if a.get("field") == "AI Harm Level" and isinstance(kappa := a.get("kappa"), int | float)
    ]
    incidents = found["incidents"]
    accuracy = f"{float(cast(float, found['accuracy'])):.0%}"
    macro_f1 = f"{float(cast(float, found['macro_f1'])):.2f}"
    majority = f"{float(cast(float, found['majority_accuracy'])):.0%}"
    sentences = [
        ngettext(
            "Where AIID has not coded an incident's MIT domain, a model predicts it: "
            "cross-fitted on %(num)s coded incident it names the coded domain %(accuracy)s of "
            "the time (macro-F1 %(macro_f1)s; always naming the commonest domain would score "
            "%(majority)s).",
            "Where AIID has not coded an incident's MIT domain, a model predicts it: "
            "cross-fitted on %(num)s coded incidents it names the coded domain %(accuracy)s "
            "of the time (macro-F1 %(macro_f1)s; always naming the commonest domain would "
            "score %(majority)s).",
            incidents if isinstance(incidents, int) else 0,
            num=incidents,  # as written before: the figure as the file holds it
            accuracy=accuracy,
            macro_f1=macro_f1,
            majority=majority,
        )
    ]
    if kappas:
        lowest, highest = f"{min(kappas):.2f}", f"{max(kappas):.2f}"
        sentences.append(
            gettext(
                "For comparison, CSET's annotators coding the same incidents agree on the harm "
                "level at Cohen's kappa %(lowest)s–%(highest)s.",
                lowest=lowest,
                highest=highest,
            )
        )
    sentences.append(gettext("Predicted domains are marked and counted apart."))
    return " ".join(sentences)
