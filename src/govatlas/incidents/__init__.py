"""AI incidents as first-class records: the AI Incident Database's incidents, deduplicated
and dated, with their deployers and developers, their MIT risk domain (AIID's own
coding, or a model's prediction measured against that coding), the FLI risks and the
binding rules in force that would have covered them, and trends by domain and year.
"""
