"""Routers of the web application: pages (one module per area) and the JSON API."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import Response

from htx.access import Principal
from htx.geo.known import known_place
from htx.services.audit import Actor
from htx.stats.facts import Place
from htx.web.deps import client_ip, context


def render(request: Request, name: str, user: Principal | None, status_code: int = 200, **extra: Any) -> Response:
    templates = request.app.state.templates
    return templates.TemplateResponse(request, name, context(request, user, **extra), status_code=status_code)


def actor(request: Request, user: Principal | None) -> Actor:
    """Who a use case writes for (the audit log's user and address)."""
    return Actor.of(user, client_ip(request))


def parse_place(text: str) -> Place:
    """``new:province:20`` → Place, checked against the gazetteer; :class:`PlaceNotFound` otherwise."""
    return known_place(text)
