"""The browser fixtures live in ``tests/browser.py`` (registered for the whole suite in
``tests/conftest.py``); re-exported here for modules that still import them from here."""

from tests.browser import browser, live, page  # noqa: F401
