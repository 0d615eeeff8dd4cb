"""A synthetic corpus for benchmarks: seed paragraphs recombined and varied, texts distinct.

Written to disk one file at a time, so memory stays flat whatever N is.
"""
from __future__ import annotations

import random
from pathlib import Path

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
SURNAMES = ["Park", "Choi", "Jung", "Kang", "Cho", "Yoon", "Jang", "Lim", "Han", "Oh", "Seo", "Shin"]
GIVEN = ["Min-ho", "Ji-woo", "Seo-yeon", "Do-hyun", "Ha-eun", "Jae-won", "Soo-ah", "Tae-yang"]
ROLES = ["a senior research fellow at the Korea Institute for National Unification",
         "a professor at Seoul National University", "a spokesperson for the Unification Ministry",
         "director of the Asan Institute for Policy Studies"]


def seed_paragraphs() -> list[str]:
    paragraphs = []
    for path in sorted(SEEDS.glob("*.txt")):
        for block in path.read_text(encoding="utf-8").split("\n"):
            block = block.strip()
            if len(block) > 80:
                paragraphs.append(block)
    return paragraphs


def make_corpus(directory: Path, n: int, seed: int = 7, paragraphs_per_article: int = 12) -> int:
    """Write n distinct articles into directory; returns the total bytes written."""
    rng = random.Random(seed)
    pool = seed_paragraphs()
    directory.mkdir(parents=True, exist_ok=True)
    total = 0
    for i in range(n):
        name = f"{rng.choice(GIVEN).split('-')[0]} {rng.choice(SURNAMES)}"
        body = rng.sample(pool, min(paragraphs_per_article, len(pool)))
        body.insert(rng.randrange(len(body)), f'{name}, {rng.choice(ROLES)}, said the talks were "a turning point {i}."')
        text = f"Synthetic article {i}\n\n" + "\n\n".join(body) + "\n"
        path = directory / f"{i // 1000:04d}" / f"article_{i:07d}.txt"
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
        total += len(text.encode("utf-8"))
    return total
