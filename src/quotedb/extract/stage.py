"""Stages: each declares the layers it reads and the one it writes; a Pipeline checks the order.

A stage is a function of the layers it ``requires`` (passed by name) that returns the one
layer it ``provides``; the pipeline stores that value on the ``QuoteDoc``, so a stage cannot
write another stage's layer. ``uses`` names the backend capabilities (``"entities"``,
``"dependencies"``, see ``nlp.base.Annotation.provides``) a stage reads when the annotation
has them. Like stanza's processors, a pipeline is checked when it is built: a stage that needs
a layer no earlier stage provides fails there, naming what is missing.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .doc import GIVEN, QuoteDoc


@dataclass(frozen=True)
class Stage:
    name: str
    requires: tuple[str, ...]
    provides: str
    run: Callable[..., object]
    uses: tuple[str, ...] = ()


STAGES: dict[str, Stage] = {}


def stage(name: str, requires: Iterable[str], provides: str, uses: Iterable[str] = ()):
    """Register the decorated function as the stage ``name``."""
    def register(run: Callable[..., object]) -> Callable[..., object]:
        STAGES[name] = Stage(name, tuple(requires), provides, run, tuple(uses))
        return run
    return register


class StageRequirementsError(ValueError):
    """A pipeline whose stages need a layer that no earlier stage provides."""


class Pipeline:
    """Stages run in order over a QuoteDoc, each storing the layer it provides."""

    def __init__(self, names: Iterable[str], given: Iterable[str] = GIVEN):
        unknown = [name for name in names if name not in STAGES]
        if unknown:
            raise StageRequirementsError(f"unknown stage {unknown[0]!r}; stages: {', '.join(STAGES)}")
        self.stages = tuple(STAGES[name] for name in names)
        available = set(given)
        for current in self.stages:
            missing = [layer for layer in current.requires if layer not in available]
            if missing:
                raise StageRequirementsError(
                    f"stage {current.name!r} requires {', '.join(missing)}, which no earlier stage provides "
                    f"(available: {', '.join(sorted(available))})")
            available.add(current.provides)

    def __call__(self, doc: QuoteDoc) -> QuoteDoc:
        for current in self.stages:
            setattr(doc, current.provides, current.run(**{layer: getattr(doc, layer) for layer in current.requires}))
        return doc
