"""``render`` refuses a page context that would shadow what the base template reads on every
page: a page's own ``who`` (a dict of staff names) once hid the logged-in staff member, and the
staff pages showed the visitor's header ("Log in") above the staff menu."""

from __future__ import annotations

from typing import Any

import pytest
from starlette.requests import Request

from sihat.core.web import RESERVED, render


@pytest.mark.parametrize("key", sorted(RESERVED))
def test_a_page_cannot_shadow_the_base_templates_context(key: str) -> None:
    request = Request({"type": "http", "method": "GET", "path": "/", "headers": []})
    context: dict[str, Any] = {key: {}}
    with pytest.raises(TypeError, match=key):
        render(request, "core/error.html", **context)
