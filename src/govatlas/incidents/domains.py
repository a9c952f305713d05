"""The MIT AI Risk Repository's seven domains, and which FLI risks each subdomain names.

The subdomain map is the project's own reading of the two taxonomies' definitions
(``taxonomy/data``): a subdomain maps to an FLI risk only where the FLI risk names the
same harm (``exact``) or contains it (the subdomain is ``narrower``); subdomains with
no FLI counterpart (privacy, overreliance, lack of robustness, transparency...) map to
nothing, so an incident coded with one is linked to no FLI risk rather than to a near
one. A domain alone (a model's prediction) names no subdomain and links to no FLI risk.
"""

from __future__ import annotations

from govatlas.i18n import N_

# the project's names for the domains (the taxonomy's own labels are in
# ``taxonomy/data/mit-risk-domains.yaml``); the pages show them translated, the API in English
DOMAINS = {
    "1": N_("Discrimination and toxicity"),
    "2": N_("Privacy and security"),
    "3": N_("Misinformation"),
    "4": N_("Malicious actors and misuse"),
    "5": N_("Human-computer interaction"),
    "6": N_("Socioeconomic and environmental harms"),
    "7": N_("AI system safety, failures and limitations"),
}
SUBDOMAIN_RISKS: dict[str, tuple[str, ...]] = {
    "1.1": ("bias",),  # unfair discrimination and misrepresentation
    "2.2": ("cybersecurity",),  # AI system security vulnerabilities and attacks
    "3.1": ("manipulation-and-disinformation",),  # false or misleading information
    "3.2": ("manipulation-and-disinformation",),  # pollution of the information ecosystem
    "4.1": ("manipulation-and-disinformation",),  # disinformation, surveillance, influence
    "4.2": ("cybersecurity", "weapons-of-mass-destruction"),  # cyberattacks, weapons
    "4.3": ("manipulation-and-disinformation",),  # fraud, scams, targeted manipulation
    "6.1": ("power-concentration-and-inequality",),  # power centralisation
    "6.2": ("labour-displacement",),  # inequality, decline in employment quality
    "6.3": ("labour-displacement",),  # economic devaluation of human effort
    "7.1": ("loss-of-control",),  # AI pursuing its own goals against human values
}


def domain_of(code: str) -> str:
    """``"7"`` from ``"7.3"`` or ``"7. AI system safety..."``."""
    return code.strip().split(".")[0]


def fli_risks(subdomain: str | None) -> tuple[str, ...]:
    return SUBDOMAIN_RISKS.get(subdomain or "", ())
