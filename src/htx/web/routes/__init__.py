"""Routers of the web application: pages (one module per area) and the JSON API."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from htx.db import audit_repo
from htx.geo.places import PlaceNotFound
from htx.stats.facts import Place
from htx.web.access import Principal
from htx.web.deps import client_ip, context


def render(request: Request, name: str, user: Principal | None, status_code: int = 200, **extra: Any) -> Response:
    templates = request.app.state.templates
    return templates.TemplateResponse(request, name, context(request, user, **extra), status_code=status_code)


def audit(session: Session, request: Request, user: Principal | None, action: str, entity: str, entity_id: Any = None,
          old: dict[str, Any] | None = None, new: dict[str, Any] | None = None, note: str | None = None,
          count: int = 1) -> None:
    audit_repo.record(session, user.username if user else None, action, entity, entity_id, old, new,
                      ip=client_ip(request), note=note, count=count)


def parse_place(text: str) -> Place:
    """``new:province:20`` → Place, checked against the gazetteer; :class:`PlaceNotFound` otherwise."""
    from htx.geo import gazetteer

    try:
        place = Place.parse(text)
    except ValueError:
        raise PlaceNotFound(f"Địa bàn không hợp lệ: {text!r}") from None
    if place.level == "country":
        return place
    if place.era not in ("old", "new") or gazetteer().get(place.era, place.level, place.code) is None:
        raise PlaceNotFound(f"Không có địa bàn {text!r}")
    return place
