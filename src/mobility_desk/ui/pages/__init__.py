"""The pages of the main window, each a package here that registers itself.

A page package's ``__init__`` declares ``PAGE = PageSpec(...)``: its key, its place in the
navigation, its title, and where its widget lives. The ``__init__`` stays light (no widgets, no
database): the main window reads every ``PAGE`` at start-up and imports a page's module only
when the page is first shown. A new capability adds a package here; the window needs no edit.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from mobility_desk.bootstrap import Services


@dataclass(frozen=True)
class PageContext:
    """What a page receives: the services, and a few calls into the window."""

    services: Services
    db_url: str
    show_status: Callable[[str], None]
    switch_language: Callable[[str], None]
    show_page: Callable[[str], None] | None = None  # None: a page shown on its own (tests)


@dataclass(frozen=True)
class PageSpec:
    """A page: ``module``.``class_name`` is built with a PageContext when first shown."""

    key: str
    order: int  # place in the navigation list (and Ctrl+1, Ctrl+2, ...), lowest first
    title: Callable[[], str]  # called again after a language switch
    module: str
    class_name: str

    def build(self, context: PageContext) -> QWidget:
        page: QWidget = getattr(importlib.import_module(self.module), self.class_name)(context)
        return page


def discover() -> list[PageSpec]:
    """Every page package's ``PAGE``, in navigation order."""
    specs = []
    for info in pkgutil.iter_modules(__path__):
        spec = getattr(importlib.import_module(f"{__name__}.{info.name}"), "PAGE", None)
        if isinstance(spec, PageSpec):
            specs.append(spec)
    return sorted(specs, key=lambda spec: (spec.order, spec.key))
