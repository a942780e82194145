"""Consistency checks of facts (kiểm tra số liệu): parts vs totals, percents, attainment, conflicts."""

from htx.validate.checks import Finding, check_against_stored, check_document

__all__ = ["Finding", "check_against_stored", "check_document"]
