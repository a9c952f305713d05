"""A synthetic corpus of AI-governance instruments, for measuring cost at scale (#32).

Instruments have the structure real ones have (articles, numbered paragraphs, lettered
points, in the six UN languages' own heading styles) and their sizes are drawn from the
shared corpus's measured distribution (``benchmarks/data/corpus-shape.json``: provisions
per version, characters per leaf provision, children per parent; facts measured on the
full build, no text). The words are the project's own: short legal sentences assembled
from phrases written for this generator, so nothing of the corpus is copied and any
size can be made, reproducibly from a seed.

    python -m benchmarks.synthetic_corpus --provisions 10000 --out /tmp/synthetic

writes one text file per instrument and ``manifest.jsonl`` (key, title, language, planned
provisions). ``python -m benchmarks.synthetic_corpus --measure-shape DB_URL`` measures the
shape again on a built store.
"""

from __future__ import annotations

import argparse
import json
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SHAPE_FILE = Path(__file__).parent / "data" / "corpus-shape.json"
MAX_LEAF_CHARACTERS = 4000  # the corpus's longest "leaves" are unsegmented documents
MAX_CHILDREN = 12
POINT_SHARE = 0.35  # paragraphs that hold lettered points
# the corpus is 99.8% English; a secretariat's gazettes are not, so the synthetic one is
# half English and half the other UN languages
LANGUAGE_WEIGHTS = {"en": 0.5, "fr": 0.12, "es": 0.12, "zh": 0.1, "ru": 0.08, "ar": 0.08}


@dataclass(frozen=True)
class Phrases:
    """One language's building blocks: sentence parts and how headings are written."""

    subjects: tuple[str, ...]
    modals: tuple[str, ...]
    actions: tuple[str, ...]
    objects: tuple[str, ...]
    qualifiers: tuple[str, ...]
    article: Callable[[int], str]
    title: Callable[[int], str]
    topics: tuple[str, ...]
    space: str = " "
    stop: str = "."


SYLLABLES = (
    "ka",
    "lo",
    "mi",
    "ru",
    "te",
    "sa",
    "no",
    "vi",
    "de",
    "po",
    "zu",
    "fe",
    "ga",
    "hi",
    "bo",
)


def _name(n: int) -> str:
    """A made-up word of its own for instrument ``n`` (so that no two titles share
    their words and the ingest's linking keeps every instrument apart)."""
    syllables = []
    n += len(SYLLABLES)  # at least two syllables
    while n:
        n, rest = divmod(n, len(SYLLABLES))
        syllables.append(SYLLABLES[rest])
    return "".join(syllables).capitalize()


def _zh_number(n: int) -> str:
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    if n < 20:
        return "十" + (digits[n % 10] if n % 10 else "")
    if n < 100:
        return digits[n // 10] + "十" + (digits[n % 10] if n % 10 else "")
    return str(n)


PHRASES: dict[str, Phrases] = {
    "en": Phrases(
        subjects=(
            "The provider",
            "Each deployer",
            "The competent authority",
            "A developer of a frontier model",
            "The operator of the system",
            "The national supervisory body",
            "Any public agency",
            "The importer",
        ),
        modals=("shall", "may", "must", "shall not", "is required to", "should"),
        actions=(
            "assess the risks of",
            "keep records of",
            "notify the authority of",
            "publish a summary of",
            "test before deployment",
            "establish human oversight of",
            "report serious incidents involving",
            "document the training data of",
        ),
        objects=(
            "any high-risk artificial intelligence system",
            "the general-purpose model",
            "automated decisions affecting individuals",
            "biometric identification systems",
            "synthetic content it generates",
            "the computing resources used for training",
            "systems used in critical infrastructure",
            "the measures taken to mitigate bias",
        ),
        qualifiers=(
            "within thirty days",
            "in accordance with the implementing rules",
            "where the risk is significant",
            "unless an exemption applies",
            "before the system is placed on the market",
            "at least once a year",
            "in a clear and accessible form",
            "without undue delay",
        ),
        article=lambda n: f"Article {n}",
        title=lambda n: f"{_name(n)} Act on Artificial Intelligence",
        topics=(
            "Definitions",
            "Scope",
            "Obligations of providers",
            "Transparency",
            "Human oversight",
            "Incident reporting",
            "Penalties",
            "Supervision",
        ),
    ),
    "fr": Phrases(
        subjects=(
            "Le fournisseur",
            "Chaque déployeur",
            "L'autorité compétente",
            "Le développeur d'un modèle de pointe",
            "L'exploitant du système",
            "L'organisme national de contrôle",
        ),
        modals=("doit", "peut", "est tenu de", "ne peut pas"),
        actions=(
            "évaluer les risques de",
            "tenir un registre de",
            "notifier à l'autorité",
            "publier un résumé de",
            "tester avant le déploiement",
            "signaler les incidents graves liés à",
        ),
        objects=(
            "tout système d'intelligence artificielle à haut risque",
            "le modèle à usage général",
            "les décisions automatisées concernant les personnes",
            "les systèmes d'identification biométrique",
            "les contenus synthétiques générés",
        ),
        qualifiers=(
            "dans un délai de trente jours",
            "conformément aux règles d'application",
            "lorsque le risque est important",
            "sans retard injustifié",
            "au moins une fois par an",
        ),
        article=lambda n: f"Article {n}",
        title=lambda n: f"Loi {_name(n)} relative à l'intelligence artificielle",
        topics=("Définitions", "Champ d'application", "Obligations", "Transparence", "Sanctions"),
    ),
    "es": Phrases(
        subjects=(
            "El proveedor",
            "Cada responsable del despliegue",
            "La autoridad competente",
            "El desarrollador de un modelo de frontera",
            "El operador del sistema",
        ),
        modals=("deberá", "podrá", "está obligado a", "no podrá"),
        actions=(
            "evaluar los riesgos de",
            "llevar un registro de",
            "notificar a la autoridad",
            "publicar un resumen de",
            "informar de los incidentes graves de",
        ),
        objects=(
            "todo sistema de inteligencia artificial de alto riesgo",
            "el modelo de uso general",
            "las decisiones automatizadas que afecten a las personas",
            "los sistemas de identificación biométrica",
            "el contenido sintético generado",
        ),
        qualifiers=(
            "en un plazo de treinta días",
            "de conformidad con el reglamento",
            "cuando el riesgo sea significativo",
            "sin demora indebida",
        ),
        article=lambda n: f"Artículo {n}",
        title=lambda n: f"Ley {_name(n)} sobre inteligencia artificial",
        topics=("Definiciones", "Ámbito de aplicación", "Obligaciones", "Transparencia"),
    ),
    "ru": Phrases(
        subjects=(
            "Поставщик",
            "Каждый оператор",
            "Уполномоченный орган",
            "Разработчик передовой модели",
        ),
        modals=("обязан", "вправе", "должен"),
        actions=(
            "оценивать риски",
            "вести учёт",
            "уведомлять орган о",
            "публиковать сведения о",
            "сообщать о серьёзных инцидентах с",
        ),
        objects=(
            "системы искусственного интеллекта высокого риска",
            "модели общего назначения",
            "автоматизированных решений",
            "систем биометрической идентификации",
        ),
        qualifiers=(
            "в течение тридцати дней",
            "в соответствии с установленным порядком",
            "без неоправданной задержки",
        ),
        article=lambda n: f"Статья {n}",
        title=lambda n: f"Закон {_name(n)} об искусственном интеллекте",
        topics=("Основные понятия", "Сфера применения", "Обязанности", "Ответственность"),
    ),
    "ar": Phrases(
        subjects=("يلتزم المزود", "تلتزم الجهة المختصة", "يلتزم مشغل النظام", "يلتزم المطور"),
        modals=("بأن", "بضرورة أن"),
        actions=("يقيّم مخاطر", "يحتفظ بسجلات", "يبلغ السلطة عن", "ينشر ملخصا عن"),
        objects=(
            "أنظمة الذكاء الاصطناعي عالية المخاطر",
            "النماذج متعددة الأغراض",
            "القرارات الآلية",
            "أنظمة التعرف البيومتري",
        ),
        qualifiers=("خلال ثلاثين يوما", "وفقا للائحة التنفيذية", "دون تأخير"),
        article=lambda n: f"المادة {n}",
        title=lambda n: f"قانون {_name(n)} بشأن الذكاء الاصطناعي",
        topics=("التعريفات", "النطاق", "الالتزامات", "العقوبات"),
    ),
    "zh": Phrases(
        subjects=("提供者", "部署者", "主管部门", "前沿模型开发者", "系统运营者"),
        modals=("应当", "可以", "不得"),
        actions=("评估", "记录", "向主管部门报告", "公开", "在部署前测试"),
        objects=(
            "高风险人工智能系统的风险",
            "通用模型的训练数据",
            "影响个人的自动化决策",
            "生物特征识别系统",
            "生成的合成内容",
        ),
        qualifiers=("在三十日内", "依照实施细则", "在风险重大时", "不得无故拖延"),
        article=lambda n: f"第{_zh_number(n)}条",
        title=lambda n: f"{_name(n)}人工智能法",
        topics=("定义", "适用范围", "义务", "透明度", "法律责任"),
        space="",
        stop="。",
    ),
}


@dataclass(frozen=True)
class SyntheticInstrument:
    key: str
    title: str
    language: str
    text: str
    planned_provisions: int


def load_shape(path: Path = SHAPE_FILE) -> dict[str, Any]:
    shape: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return shape


class _Sampler:
    """Draws from an empirical distribution given by its percentiles, geometrically
    between two (the sizes are heavy-tailed: 95% of versions have at most 200
    provisions, the largest 3,316)."""

    def __init__(self, percentiles: list[float], values: list[int], cap: int) -> None:
        self.points = [p / 100 for p in percentiles]
        self.values = [min(v, cap) for v in values]

    def __call__(self, rng: random.Random) -> int:
        u = rng.random()
        for i in range(1, len(self.points)):
            if u <= self.points[i]:
                low, high = self.points[i - 1], self.points[i]
                share = (u - low) / (high - low) if high > low else 0.0
                return max(
                    1, round(self.values[i - 1] + share * (self.values[i] - self.values[i - 1]))
                )
        return max(1, self.values[-1])


def _sentence(phrases: Phrases, rng: random.Random) -> str:
    parts = (
        rng.choice(phrases.subjects),
        rng.choice(phrases.modals),
        rng.choice(phrases.actions),
        rng.choice(phrases.objects),
        rng.choice(phrases.qualifiers),
    )
    return phrases.space.join(parts) + phrases.stop


def _text(phrases: Phrases, rng: random.Random, characters: int) -> str:
    sentences = [_sentence(phrases, rng)]
    while sum(len(s) + 1 for s in sentences) < characters:
        sentences.append(_sentence(phrases, rng))
    return phrases.space.join(sentences)


def generate(
    provisions: int, seed: int = 0, shape: dict[str, Any] | None = None
) -> Iterator[SyntheticInstrument]:
    """Instruments until their planned provisions reach ``provisions``."""
    shape = shape or load_shape()
    rng = random.Random(seed)
    percentiles = shape["percentiles"]
    per_version = _Sampler(percentiles, shape["provisions_per_version"], 10**6)
    leaf = _Sampler(percentiles, shape["leaf_characters"], MAX_LEAF_CHARACTERS)
    children = _Sampler(percentiles, shape["children_per_parent"], MAX_CHILDREN)
    languages, weights = zip(*LANGUAGE_WEIGHTS.items(), strict=True)
    made = number = 0
    while made < provisions:
        number += 1
        language = rng.choices(languages, weights)[0]
        phrases = PHRASES[language]
        wanted = min(per_version(rng), provisions - made)
        lines = [phrases.title(number), ""]
        planned, article = 1, 0  # the title line: the segmenter's preamble
        while planned < wanted:
            article += 1
            lines += [f"{phrases.article(article)} {rng.choice(phrases.topics)}", ""]
            planned += 1
            for paragraph in range(1, children(rng) + 1):
                if planned >= wanted:
                    break
                planned += 1
                if rng.random() < POINT_SHARE:
                    lines.append(f"{paragraph}. {_text(phrases, rng, 60)}")
                    for letter in "abcdefghijkl"[: min(children(rng), 8)]:
                        if planned >= wanted:
                            break
                        lines.append(f"({letter}) {_text(phrases, rng, leaf(rng))}")
                        planned += 1
                else:
                    lines.append(f"{paragraph}. {_text(phrases, rng, leaf(rng))}")
            lines.append("")
        made += planned
        yield SyntheticInstrument(
            f"synthetic-{seed}-{number}", phrases.title(number), language, "\n".join(lines), planned
        )


def write(provisions: int, out: Path, seed: int = 0) -> int:
    """Write the instruments as text files and ``manifest.jsonl``; how many instruments."""
    out.mkdir(parents=True, exist_ok=True)
    count = 0
    with (out / "manifest.jsonl").open("w", encoding="utf-8") as manifest:
        for instrument in generate(provisions, seed):
            (out / f"{instrument.key}.txt").write_text(instrument.text, encoding="utf-8")
            row = {
                "key": instrument.key,
                "title": instrument.title,
                "language": instrument.language,
                "planned_provisions": instrument.planned_provisions,
            }
            manifest.write(json.dumps(row, ensure_ascii=False) + "\n")
            count += 1
    return count


def measure_shape(db_url: str) -> dict[str, Any]:
    """The shape of a built store: percentiles of provisions per version, characters per
    leaf provision and children per parent, and provisions by depth."""
    import numpy as np
    from sqlalchemy import create_engine, text

    engine = create_engine(db_url)
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT id, parent_id, version_id, length(text) FROM provision")
        ).all()
    parent_of = {r[0]: r[1] for r in rows}
    per_version: dict[int, int] = {}
    children: dict[int, int] = {}
    for _, parent, version, _ in rows:
        per_version[version] = per_version.get(version, 0) + 1
        if parent is not None:
            children[parent] = children.get(parent, 0) + 1
    leaves = [r[3] for r in rows if r[0] not in children]

    def depth(node: int) -> int:
        steps = 0
        while parent_of.get(node) is not None:
            node = parent_of[node]
            steps += 1
        return steps

    percentiles: list[float] = [*range(0, 96, 5), 96, 97, 98, 99, 99.5, 100]

    def quantiles(values: list[int]) -> list[int]:
        return [int(v) for v in np.percentile(values, percentiles)]

    return {
        "measured_on": "a built store (govatlas build of the shared corpus): every stored "
        "provision of every version",
        "versions": len(per_version),
        "provisions": len(rows),
        "percentiles": percentiles,
        "provisions_per_version": quantiles(list(per_version.values())),
        "leaf_characters": quantiles(leaves),
        "children_per_parent": quantiles(list(children.values())),
        "provisions_by_depth": np.bincount([depth(r[0]) for r in rows]).tolist(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--provisions", type=int, default=10_000, help="how many provisions")
    parser.add_argument("--out", type=Path, help="folder for the text files and manifest")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--measure-shape", metavar="DB_URL", help="measure a built store's shape")
    args = parser.parse_args()
    if args.measure_shape:
        print(json.dumps(measure_shape(args.measure_shape), indent=1))
        return
    if args.out is None:
        parser.error("--out is needed to write a corpus")
    count = write(args.provisions, args.out, args.seed)
    print(f"{count} instruments, {args.provisions} provisions planned, in {args.out}")


if __name__ == "__main__":
    main()
