"""Write every key-term definition the store holds, as the checked-out code reads it.

Run against a store built from the shared corpus; the file (``instrument|term`` ->
wording) lets a later round draw the pairs whose wording a change of the reading
altered (``sample_definition_pairs.py --round 6 --earlier-wordings``). Round 6 compared
commit 0330149 with the reading of 3ee639e:

    git worktree add /tmp/before 3ee639e
    GOVATLAS_DB=sqlite:////tmp/atlas.db PYTHONPATH=/tmp/before/src \
        python scripts/gold/definition_wordings.py /tmp/defs/wordings-3ee639e.json

The file holds the texts' words: it stays outside the project.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from sqlalchemy import select

from govatlas.analytics.definitions import KEY_TERMS, concept_of, extract_definitions
from govatlas.commands.common import open_engine
from govatlas.store.models import Instrument
from govatlas.store.session import transaction


def main() -> int:
    if len(sys.argv) != 2:
        print("usage: definition_wordings.py OUT.json", file=sys.stderr)
        return 2
    wanted = {concept_of(t) for t in KEY_TERMS}
    found: dict[str, str] = {}
    with transaction(open_engine()) as session:
        for instrument in session.scalars(select(Instrument.id).order_by(Instrument.id)):
            for definition in extract_definitions(session, instrument):
                if concept_of(definition.term) in wanted:
                    found[f"{instrument}|{definition.term}"] = definition.wording
    Path(sys.argv[1]).write_text(json.dumps(found, ensure_ascii=False, indent=0))
    print(f"{len(found)} key-term definitions written to {sys.argv[1]}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
