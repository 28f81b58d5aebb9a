"""The earlier name of the web page's entry point; the page is assembled in web/app.py."""

from web.app import build_ui, launch

__all__ = ["build_ui", "launch"]
