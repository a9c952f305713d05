"""Building-block trackers: what exactly is prohibited, reported, penalised and
required where, read from provisions as structured facts with their evidence.

Coverage says "this law touches red lines"; a tracker says which practice it bans,
in which provision, in which words. Four trackers (``facts.TRACKERS``): prohibited
practices (red lines), incident-reporting duties, penalties and thresholds that
trigger duties. Extraction is by rules (``extract``), measured field by field against
a gold annotated from ``docs/guidelines/trackers.md`` (``quality``); ``table`` reads
every stored instrument's reading text and lays the facts out across jurisdictions.
"""
