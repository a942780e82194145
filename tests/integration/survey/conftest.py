"""The web fixtures (app on the test database, sample registry and users) reused by the survey's web tests."""

from ..web.conftest import app, cheap_hashing, client, sample  # noqa: F401
