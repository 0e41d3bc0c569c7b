"""Rendering: a Report as self-contained HTML (inline CSS and SVG, no scripts)."""

from .html import render_html, render_page

__all__ = ["render_html", "render_page"]
