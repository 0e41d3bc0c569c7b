"""A report fragment that survives an untrusted notebook.

JupyterLab (like GitHub and most notebook viewers) sanitizes the HTML of outputs
it does not trust: ``<style>`` and ``<svg>`` are removed, inline ``style``
attributes are kept (property by property, CSS variables not understood). So
the notebook fragment carries its styles inline, with the stylesheet's
variables resolved, and its figures as ``<img>`` with SVG data URIs (drawn in a
grey that reads on light and dark themes alike).
"""

from __future__ import annotations

import base64
import re

import css_inline

_STYLE = re.compile(r"<style>(.*?)</style>", re.S)
_SVG = re.compile(r"<svg\b([^>]*)>(.*?)</svg>", re.S)
_ATTRIBUTE = re.compile(r'([\w:-]+)="([^"]*)"')
_VARIABLE_USE = re.compile(r"var\(\s*(--[\w-]+)\s*(?:,\s*((?:[^()]|\([^()]*\))*?))?\s*\)")
_VARIABLE_DEFINITION = re.compile(r"(--[\w-]+)\s*:\s*([^;}]+);?")
#: What ``currentColor`` becomes in an image, which cannot inherit the page's text colour.
FIGURE_INK = "#808080"


def resolve_variables(css: str) -> str:
    """The stylesheet with every ``var(--x, fallback)`` replaced by the value the
    stylesheet gives ``--x`` (else the fallback) and the custom properties dropped."""
    defined = {name: value.strip() for name, value in _VARIABLE_DEFINITION.findall(css)}
    without = _VARIABLE_DEFINITION.sub("", css)
    while True:
        replaced = _VARIABLE_USE.sub(lambda m: defined.get(m.group(1)) or (m.group(2) or "").strip(), without)
        if replaced == without:
            return replaced
        without = replaced


def svg_as_image(svg_attributes: str, body: str) -> str:
    """One inline ``<svg>`` as an ``<img>`` of the same size holding it as a data URI."""
    attributes = dict(_ATTRIBUTE.findall(svg_attributes))
    kept = {k: v for k, v in attributes.items() if k not in ("style", "role", "aria-label", "class")}
    kept.setdefault("xmlns", "http://www.w3.org/2000/svg")
    source = "<svg " + " ".join(f'{k}="{v}"' for k, v in kept.items()) + ">" + body + "</svg>"
    source = source.replace("currentColor", FIGURE_INK)
    data = base64.b64encode(source.encode("utf-8")).decode("ascii")
    size = " ".join(f'{k}="{attributes[k]}"' for k in ("width", "height") if k in attributes)
    style = f' style="{attributes["style"]}"' if "style" in attributes else ""
    kind = f' class="{attributes["class"]}"' if "class" in attributes else ""
    label = attributes.get("aria-label", "figure")
    return f'<img{kind} src="data:image/svg+xml;base64,{data}" alt="{label}" {size}{style}>'


_QUOTED = re.compile(r'="([^"]*)"')


def _escape_attributes(html: str) -> str:
    """``<`` and ``>`` in attribute values as entities again. The inliner writes them
    raw (valid HTML inside quotes), but user data is never left looking like a tag.
    Text never matches with a raw ``<``: the inliner escapes it there."""
    return _QUOTED.sub(lambda m: '="' + m.group(1).replace("<", "&lt;").replace(">", "&gt;") + '"', html)


def for_notebook(fragment: str) -> str:
    """The fragment with its stylesheet inlined and its figures as images."""
    sheets = _STYLE.findall(fragment)
    body = _STYLE.sub("", fragment)
    if sheets:
        body = _escape_attributes(css_inline.inline_fragment(body, resolve_variables("\n".join(sheets))))
    return _SVG.sub(lambda m: svg_as_image(m.group(1), m.group(2)), body)
