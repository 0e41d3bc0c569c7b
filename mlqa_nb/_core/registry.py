"""The check registry: every catalog id, registered once, with its named defaults.

A check lives in one module of its family (``_data``, ``_monitoring``, ``_models``)
and registers itself there:

- a check that runs inside ``mq.profile`` decorates its function,
  ``@register("outliers", family="data", entries=("profile", "outliers"), z_threshold=5.0)``;
- a check that an entry point of its own runs is declared,
  ``DRIFT = register("drift", family="monitoring", entries=("drift",), missing_gap=0.05)``,
  and the entry point reads its options with :func:`options_for`.

Defaults are plain values (the type is then checked) or :class:`~.params.Param`
with the values they accept. The registry finds the built-in checks by importing
every module of the family folders, so no list of checks is kept anywhere else.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from .params import Param, check_value, constraint_for

if TYPE_CHECKING:
    from .finding import Finding

#: The folders whose modules register checks, by family name.
FAMILIES = {"data": "_data", "monitoring": "_monitoring", "models": "_models"}
#: What a profile check may need beyond the frame.
NEEDS = ("target", "time", "groups")


@dataclass(frozen=True)
class CheckSpec:
    """A registered check: its id, family, entry points, named defaults and needs.

    ``func(ctx, **options)`` is set for checks that ``mq.profile`` runs: it
    receives a :class:`~mlqa_nb._core.context.FrameContext` and the check's
    options (its defaults, updated by the user's overrides) and returns a list of
    :class:`Finding`. ``needs`` names the profile arguments the check cannot run
    without; it is skipped when they are missing. ``entries`` are the public
    functions whose ``options={id: {...}}`` reach this check.
    """

    id: str
    family: str
    entries: tuple[str, ...]
    func: Callable[..., list[Finding]] | None = None
    defaults: Mapping[str, Any] = field(default_factory=dict)
    accepts: Mapping[str, Any] = field(default_factory=dict)
    needs: tuple[str, ...] = ()
    summary: str = ""
    module: str = ""

    @property
    def in_profile(self) -> bool:
        return self.func is not None


_REGISTRY: dict[str, CheckSpec] = {}
#: Families whose modules have been imported (each folder is listed once per process).
_LOADED: set[str] = set()


def register(
    check_id: str,
    *,
    family: str,
    entries: tuple[str, ...] = ("profile",),
    needs: tuple[str, ...] = (),
    summary: str = "",
    module: str = "",
    **defaults: Any,
) -> Any:
    """Register the check ``check_id``.

    Used as a decorator on a profile check's function; called with ``summary=``
    and ``module=__name__`` (no function) for a check that an entry point of its
    own runs, in which case the :class:`CheckSpec` is returned.
    """
    if family not in FAMILIES:
        raise ValueError(f"family must be one of {sorted(FAMILIES)}, got {family!r}")
    unknown = set(needs) - set(NEEDS)
    if unknown:
        raise ValueError(f"a check can need {' or '.join(map(repr, NEEDS))}, not {sorted(unknown)}")
    values = {k: v.default if isinstance(v, Param) else v for k, v in defaults.items()}
    accepts = {k: v.accepts if isinstance(v, Param) else constraint_for(v) for k, v in defaults.items()}

    def add(func: Callable[..., list[Finding]] | None, doc: str, where: str) -> CheckSpec:
        if check_id in _REGISTRY:
            raise ValueError(f"a check named {check_id!r} is already registered")
        lines = doc.strip().splitlines()
        spec = CheckSpec(
            id=check_id, family=family, entries=tuple(entries), func=func,
            defaults=MappingProxyType(values), accepts=MappingProxyType(accepts),
            needs=tuple(needs), summary=lines[0] if lines else "", module=where,
        )
        _REGISTRY[check_id] = spec
        return spec

    if summary:
        return add(None, summary, module)

    def decorator(func: Callable[..., list[Finding]]) -> Callable[..., list[Finding]]:
        add(func, func.__doc__ or "", func.__module__)
        return func

    return decorator


#: Functions that write the pandas code fixing a finding, by check id.
_FIXES: dict[str, Callable[[Finding, str], str | None]] = {}


def fixes(check_id: str) -> Callable:
    """Decorator for ``func(finding, name) -> str | None``, which writes the pandas
    code that fixes a finding of ``check_id`` in the frame called ``name`` (None when
    that finding has no mechanical fix). It lives beside the check."""

    def decorator(func: Callable[[Finding, str], str | None]) -> Callable[[Finding, str], str | None]:
        if check_id in _FIXES:
            raise ValueError(f"a fix for {check_id!r} is already registered")
        _FIXES[check_id] = func
        return func

    return decorator


def fix_for(check_id: str) -> Callable[[Finding, str], str | None] | None:
    """The function writing fix code for ``check_id``'s findings, or None."""
    registered()
    return _FIXES.get(check_id)


def registered(families: tuple[str, ...] | None = None) -> dict[str, CheckSpec]:
    """Return the registered checks by id, loading the built-in families first (only
    ``families`` when given: an entry point needs its own family's checks)."""
    package = __name__.split(".")[0]
    for name, folder in FAMILIES.items():
        if name in _LOADED or (families is not None and name not in families):
            continue
        family = importlib.import_module(f"{package}.{folder}")
        for info in pkgutil.iter_modules(family.__path__):
            importlib.import_module(f"{family.__name__}.{info.name}")
        _LOADED.add(name)
    order = list(FAMILIES)
    chosen = _REGISTRY.items() if families is None else [(i, s) for i, s in _REGISTRY.items() if s.family in families]
    return dict(sorted(chosen, key=lambda item: (order.index(item[1].family), item[0])))


def resolve_options(spec: CheckSpec, overrides: Mapping[str, Any] | None) -> dict[str, Any]:
    """Merge a user's overrides into a check's defaults, checking names and values."""
    if overrides is not None and not isinstance(overrides, Mapping):
        raise TypeError(
            f"options[{spec.id!r}] must be a dict of option name -> value, got {type(overrides).__name__}"
        )
    options = dict(spec.defaults)
    for name, value in (overrides or {}).items():
        if name not in options:
            known = ", ".join(sorted(options)) or "none"
            raise ValueError(f"check {spec.id!r} has no option {name!r}; its options are: {known}")
        options[name] = check_value(f"check {spec.id!r}", name, value, spec.accepts[name])
    return options


def options_for(
    entry: str, options: Mapping[str, Mapping[str, Any]] | None, *, families: tuple[str, ...] | None = None,
    **given: Any,
) -> dict[str, dict[str, Any]]:
    """Each check that ``entry`` runs, with its options: defaults, then the user's
    ``options={check_id: {...}}``, then explicit keyword arguments of the entry
    point that are not None (``given``, by option name, for every check that has it).
    ``families`` limits the search to the families that hold the entry point's checks.
    """
    specs = {i: s for i, s in registered(families).items() if entry in s.entries}
    if options is not None:
        if not isinstance(options, Mapping):
            raise TypeError(f"options must be a dict of check id -> dict, got {type(options).__name__}")
        unknown = [k for k in options if k not in specs]
        if unknown:
            raise ValueError(
                f"options names checks that {entry} does not run: {unknown}; it runs: {', '.join(specs)}"
            )
    resolved = {}
    for check_id, spec in specs.items():
        chosen = dict((options or {}).get(check_id) or {})
        chosen.update({k: v for k, v in given.items() if v is not None and k in spec.defaults})
        resolved[check_id] = resolve_options(spec, chosen)
    return resolved


#: The families whose checks a profile runs.
PROFILE_FAMILIES = ("data", "monitoring")


def select(checks: Iterable[str] | None, skip: Iterable[str] | None) -> list[CheckSpec]:
    """Return the profile checks to run, validating the ids the user named."""
    specs = {i: s for i, s in registered(PROFILE_FAMILIES).items() if s.in_profile}
    for argument, ids in (("checks", checks), ("skip", skip)):
        if ids is None:
            continue
        if isinstance(ids, str):
            raise TypeError(f"{argument} must be a list of check ids, got the string {ids!r}")
        unknown = [i for i in ids if i not in specs]
        if unknown:
            raise ValueError(
                f"unknown check id(s) in {argument}: {unknown}; "
                f"known ids are: {', '.join(sorted(specs))}"
            )
    chosen = list(specs) if checks is None else list(dict.fromkeys(checks))
    skipped = set(skip or ())
    return [specs[i] for i in chosen if i not in skipped]
