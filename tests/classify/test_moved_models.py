"""Models pickled before ``classify`` moved into sub-packages still load.

A pickle names its classes' modules. The test writes a model exactly as the flat
package did (its class under ``govatlas.classify.supervised``) and reads it back
after the move, through ``load_pickled``'s map of old module paths.
"""

from __future__ import annotations

import importlib
import pickle
import sys
import types
from pathlib import Path

import pytest

from govatlas.classify.agora.tfidf_model import ModelSettings, TfidfLinearModel
from govatlas.classify.pickled import MOVED_MODULES, load_pickled
from govatlas.classify.risks.model import RiskDomainModel
from govatlas.errors import GovatlasError
from tests.classify.test_classifiers import corpus

SOURCE = Path(__file__).parents[2] / "src" / "govatlas" / "classify"


def pickled_under(model: object, old_module: str) -> bytes:
    """``model`` pickled as if its class still lived in ``old_module``."""
    cls = type(model)
    flat = types.ModuleType(old_module)
    setattr(flat, cls.__qualname__, cls)
    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(sys.modules, old_module, flat)
        patch.setattr(cls, "__module__", old_module)
        data = pickle.dumps(model)
    assert old_module.encode() in data and old_module not in sys.modules
    return data


def test_a_model_saved_by_the_flat_package_loads(tmp_path: Path) -> None:
    model = TfidfLinearModel(["Incentives: Fines"], {}, ModelSettings(jobs=1)).fit(corpus(30, 3))
    path = tmp_path / "agora-tfidf-old.pkl"
    path.write_bytes(pickled_under(model, "govatlas.classify.supervised"))
    loaded = load_pickled(path, TfidfLinearModel, "a govatlas model")
    sample = corpus(5, 4)
    assert [p.labels for p in loaded.predict(sample)] == [p.labels for p in model.predict(sample)]


def test_an_unknown_module_is_a_clear_error(tmp_path: Path) -> None:
    model = TfidfLinearModel(["Incentives: Fines"], {}, ModelSettings(jobs=1)).fit(corpus(30, 3))
    path = tmp_path / "stranger.pkl"
    path.write_bytes(pickled_under(model, "govatlas.classify.no_such_module"))
    with pytest.raises(GovatlasError, match="cannot load the model"):
        load_pickled(path, TfidfLinearModel, "a govatlas model")


def test_every_old_path_maps_to_a_module_that_exists() -> None:
    for old, new in MOVED_MODULES.items():
        assert importlib.util.find_spec(old) is None, f"{old} still exists beside {new}"
        importlib.import_module(new)
    # the two pickled model classes are found under their old names
    assert MOVED_MODULES["govatlas.classify.supervised"] == TfidfLinearModel.__module__
    assert MOVED_MODULES["govatlas.classify.risk_model"] == RiskDomainModel.__module__


# modules written in a sub-package after the move: no model was ever pickled under
# another path of theirs
BORN_IN_PACKAGES = {
    "govatlas.classify.encoders.vector_index",
    "govatlas.classify.agora.measured_once",
    "govatlas.classify.provisions.embedding_ahead",
}


def test_every_moved_module_is_mapped() -> None:
    """A module moved again later must keep its old path loadable: every module in a
    sub-package is the target of one old path, or was born there."""
    in_packages = {
        "govatlas.classify." + ".".join(p.relative_to(SOURCE).with_suffix("").parts)
        for p in SOURCE.glob("*/*.py")
        if p.name != "__init__.py"
    }
    assert in_packages == set(MOVED_MODULES.values()) | BORN_IN_PACKAGES
