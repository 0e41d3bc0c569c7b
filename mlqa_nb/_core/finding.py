"""The unit of output: one problem found in the data or the model."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .jsonsafe import json_safe

if TYPE_CHECKING:  # pragma: no cover
    from .figures import FigureData

SEVERITIES = ("critical", "warning", "info")
SEVERITY_RANK = {name: rank for rank, name in enumerate(SEVERITIES)}

#: How many row labels a finding keeps; ``details["count"]`` stays exact.
MAX_ROWS = 1000


@dataclass(frozen=True)
class Finding:
    """One problem, stated so that a person can act on it.

    Attributes
    ----------
    check : str
        The catalog id of the check that produced it, e.g. ``"unit_scale"``.
    severity : {"critical", "warning", "info"}
        ``critical``: results built on this data are wrong; ``warning``: worth a
        person's attention now; ``info``: worth knowing.
    columns : tuple
        The column names involved (may be empty).
    message : str
        One plain sentence.
    details : dict
        JSON-safe figures behind the message. Holds ``count`` (rows or items
        affected) and ``rate`` (count / total) wherever they mean something.
    rows : tuple
        Index labels of the affected rows, at most :data:`MAX_ROWS` of them,
        so that ``df.loc[list(finding.rows)]`` shows them.
    figure : FigureData or None
        The small data its figure is drawn from (a histogram, counts per period,
        ...), computed with the finding so that no frame needs keeping.
    """

    check: str
    severity: str
    message: str
    columns: tuple = ()
    details: dict[str, Any] = field(default_factory=dict)
    rows: tuple = ()
    figure: FigureData | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        if self.severity not in SEVERITY_RANK:
            raise ValueError(
                f"severity must be one of {SEVERITIES}, got {self.severity!r}"
            )
        object.__setattr__(self, "columns", tuple(self.columns))
        object.__setattr__(self, "rows", tuple(self.rows)[:MAX_ROWS])
        object.__setattr__(self, "details", json_safe(dict(self.details)))

    def plot(self, ax: Any = None) -> Any:
        """Draw this finding's figure (seaborn on matplotlib) and return the Axes: the
        column's distribution with the flagged values in red, class counts, counts
        per period against what is usual, reference against current. Raises
        ValueError when the finding has nothing to draw."""
        from .._render.plots import plot_finding

        return plot_finding(self, ax=ax)

    def fix_code(self, name: str = "df") -> str:
        """The pandas code that fixes what this finding names, in the frame called ``name``.

        Returns
        -------
        str
            Lines to review and run yourself (mlqa_nb never changes a frame):
            categories mapped onto one spelling, a placeholder turned into a
            missing value, values rescaled into the column's unit, exact duplicate
            rows dropped, garbled text repaired, swapped values put back. An empty
            string when the finding has no safe mechanical fix (an outlier may be true).
        """
        if not isinstance(name, str) or not name.isidentifier():
            raise ValueError(f"name must be the frame's variable name (a Python identifier), got {name!r}")
        from .registry import fix_for

        fixer = fix_for(self.check)
        return (fixer(self, name) or "") if fixer is not None else ""

    def to_dict(self) -> dict[str, Any]:
        """Return the finding as a JSON-safe dict."""
        return {
            "check": self.check,
            "severity": self.severity,
            "columns": json_safe(list(self.columns)),
            "message": self.message,
            "details": self.details,
            "rows": json_safe(list(self.rows)),
        }

    def __repr__(self) -> str:
        return f"Finding({self.severity}: {self.check}: {self.message})"
