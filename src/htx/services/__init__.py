"""The services floor: one function per use case, each owning its transaction.

Convention (every feature follows it):

- pure rules live in the feature folder (``htx/geo``, ``htx/stats``, ``htx/classify`` …), which
  imports neither ``htx.db`` nor ``htx.web`` nor ``htx.cli``;
- storage lives in ``htx/db`` (``models_<feature>.py``, ``<feature>_repo.py``);
- a use case is a function in ``htx/services/<feature>.py`` that takes a :class:`UnitOfWork`
  first and plain arguments after it, does its reads and writes through ``uow.session`` (via the
  repositories), and calls ``uow.commit()`` itself when it writes;
- routes and CLI commands are thin: parse, call one service, render.
"""

from htx.services.uow import UnitOfWork

__all__ = ["UnitOfWork"]
