"""The web fixtures (app on both databases, sample registry and users) for the security tests."""

from tests.integration.web.conftest import app, cheap_hashing, client, sample

__all__ = ["app", "cheap_hashing", "client", "sample"]
