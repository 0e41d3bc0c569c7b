"""The check registry: each catalog check is one function, registered under its id."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from ._finding import Finding


@dataclass(frozen=True)
class CheckSpec:
    """A registered check: its id, function, named defaults and what it needs.

    ``func(ctx, **options)`` receives a :class:`~mlqa_nb._context.FrameContext`
    and the check's options (its defaults, updated by the user's overrides) and
    returns a list of :class:`Finding`. ``needs`` names the profile arguments the
    check cannot run without ("target", "time"); it is skipped when they are missing.
    """

    id: str
    func: Callable[..., list[Finding]]
    defaults: Mapping[str, Any] = field(default_factory=dict)
    needs: tuple[str, ...] = ()
    summary: str = ""


_REGISTRY: dict[str, CheckSpec] = {}


def register(check_id: str, *, needs: tuple[str, ...] = (), **defaults: Any):
    """Register ``func`` as the check ``check_id`` with its named defaults."""
    unknown = set(needs) - {"target", "time"}
    if unknown:
        raise ValueError(f"a check can need 'target' or 'time', not {sorted(unknown)}")

    def decorator(func: Callable[..., list[Finding]]) -> Callable[..., list[Finding]]:
        if check_id in _REGISTRY:
            raise ValueError(f"a check named {check_id!r} is already registered")
        doc = (func.__doc__ or "").strip().splitlines()
        _REGISTRY[check_id] = CheckSpec(
            id=check_id,
            func=func,
            defaults=MappingProxyType(dict(defaults)),
            needs=tuple(needs),
            summary=doc[0] if doc else "",
        )
        return func

    return decorator


def registered() -> dict[str, CheckSpec]:
    """Return the registered checks by id, loading the built-in ones first."""
    from . import _checks  # noqa: F401  (registers the built-in checks)

    return dict(_REGISTRY)


def resolve_options(
    spec: CheckSpec, overrides: Mapping[str, Any] | None
) -> dict[str, Any]:
    """Merge a user's overrides into a check's defaults, rejecting unknown names."""
    options = dict(spec.defaults)
    for name, value in (overrides or {}).items():
        if name not in options:
            known = ", ".join(sorted(options)) or "none"
            raise ValueError(
                f"check {spec.id!r} has no option {name!r}; its options are: {known}"
            )
        options[name] = value
    return options


def select(
    checks: Iterable[str] | None, skip: Iterable[str] | None
) -> list[CheckSpec]:
    """Return the specs to run, validating the ids the user named."""
    specs = registered()
    for argument, ids in (("checks", checks), ("skip", skip)):
        if ids is None:
            continue
        if isinstance(ids, str):
            raise TypeError(
                f"{argument} must be a list of check ids, got the string {ids!r}"
            )
        unknown = [i for i in ids if i not in specs]
        if unknown:
            raise ValueError(
                f"unknown check id(s) in {argument}: {unknown}; "
                f"known ids are: {', '.join(sorted(specs))}"
            )
    chosen = list(specs) if checks is None else list(dict.fromkeys(checks))
    skipped = set(skip or ())
    return [specs[i] for i in chosen if i not in skipped]
