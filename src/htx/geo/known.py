"""A place written as ``era:level:code`` (a URL, a form), checked against the gazetteer."""

from __future__ import annotations

from htx.geo.gazetteer import gazetteer
from htx.geo.model import Place
from htx.geo.places import PlaceNotFound


def known_place(text: str) -> Place:
    """``new:province:20`` → Place, checked against the gazetteer; :class:`PlaceNotFound` otherwise."""
    try:
        place = Place.parse(text)
    except ValueError:
        raise PlaceNotFound(f"Địa bàn không hợp lệ: {text!r}") from None
    if place.level == "country":
        return place
    if gazetteer().get(place.era, place.level, place.code) is None:
        raise PlaceNotFound(f"Không có địa bàn {text!r}")
    return place
