"""The six official UN languages govatlas speaks, with what a page needs to know of each."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Language:
    code: str  # in URLs (``/fr/…``), catalogs and SKOS language tags
    name: str  # its own name, as the switcher shows it
    english_name: str
    tag: str  # BCP 47, for ``<html lang>``
    right_to_left: bool = False

    @property
    def direction(self) -> str:
        return "rtl" if self.right_to_left else "ltr"


# The order of the UN's own language switchers (alphabetical in English).
LANGUAGES: tuple[Language, ...] = (
    Language("ar", "العربية", "Arabic", "ar", right_to_left=True),
    Language("zh", "中文", "Chinese", "zh-Hans"),
    Language("en", "English", "English", "en"),
    Language("fr", "Français", "French", "fr"),
    Language("ru", "Русский", "Russian", "ru"),
    Language("es", "Español", "Spanish", "es"),
)
DEFAULT = "en"
BY_CODE = {lang.code: lang for lang in LANGUAGES}
CODES = tuple(BY_CODE)


def language(code: str | None) -> Language:
    """The language of a code (``fr``, ``zh``, ``zh-Hans``, ``fr_CA``); English when
    none of the six matches."""
    if code:
        found = BY_CODE.get(code.replace("_", "-").split("-")[0].lower())
        if found is not None:
            return found
    return BY_CODE[DEFAULT]


def chosen_from_header(accept_language: str | None) -> str | None:
    """The first of the six that an ``Accept-Language`` header prefers, by its q values
    (``fr-CH, fr;q=0.9, en;q=0.8`` gives ``fr``); None when it names none of them."""
    if not accept_language:
        return None
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate(accept_language.split(",")):
        fields = part.strip().split(";")
        tag = fields[0].strip()
        weight = 1.0
        for parameter in fields[1:]:
            key, _, value = parameter.strip().partition("=")
            if key.strip().lower() == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0
        if tag and weight > 0:
            ranked.append((-weight, position, tag))
    for _, _, tag in sorted(ranked):
        code = tag.replace("_", "-").split("-")[0].lower()
        if code in BY_CODE:
            return code
    return None
