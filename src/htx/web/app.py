"""The web application (ứng dụng web): FastAPI app factory, session middleware and error pages.

``htx serve`` runs ``create_app`` as a uvicorn factory. Pages are server-rendered Jinja2 with
htmx; the JSON API lives under ``/api/v1`` and is described at ``/openapi.json``.
"""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from importlib import resources

from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy.orm import Session, sessionmaker
from starlette.exceptions import HTTPException as StarletteHTTPException

from htx import __version__
from htx.access import Forbidden, NotFound
from htx.db.engine import session_factory, warm_pool
from htx.geo import gazetteer
from htx.settings import Settings, get_settings
from htx.stats.cache import FigureCache, attach
from htx.stats.vocabulary import vocabulary
from htx.web.deps import (
    LoginRequired,
    PasswordChangeRequired,
    TooManyAttempts,
    csrf_protect,
    security_headers,
)
from htx.web.render import make_templates
from htx.web.security import (
    SESSION_COOKIE,
    SESSION_MAX_AGE,
    BasicCache,
    SessionCodec,
    new_csrf_token,
)

API_PREFIX = "/api/v1"


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def warm_up(factory: sessionmaker[Session]) -> None:
    """Load what every page needs before the first request, then keep the garbage collector off it.

    The gazetteer (~25,000 units and conversion rows) and the vocabulary are loaded once and
    live as long as the process. Left to the collector, each full collection walked them
    again: 50–100 ms pauses that stalled every request in flight (the API's p99 at
    200 requests/s on PostgreSQL was 166–184 ms, all of it in the first second).
    ``gc.freeze`` moves everything alive at start-up out of the collector's sight.
    """
    gazetteer()
    vocabulary()
    warm_pool(factory.kw["bind"])
    gc.collect()
    gc.freeze()


_FIGURE_CACHES: dict[int, FigureCache] = {}


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the application for ``settings`` (default: the ``HTX_*`` environment)."""
    settings = settings or get_settings()
    factory = session_factory(settings.url, echo=settings.echo_sql)
    cache = _FIGURE_CACHES.get(id(factory))
    if cache is None:  # one cache per session factory, emptied by its writes
        cache = _FIGURE_CACHES[id(factory)] = FigureCache()
        attach(cache, factory)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        from htx.web.sample import log_sample_logins

        log_sample_logins(factory)
        warm_up(factory)
        yield

    app = FastAPI(title="htx API", version=__version__, lifespan=lifespan,
                  description="Hệ thống thông tin kinh tế tập thể — sổ đăng ký, số liệu, văn bản, cảnh báo.",
                  dependencies=[Depends(csrf_protect)])
    app.state.settings = settings
    app.state.sessions = factory
    app.state.figure_cache = cache
    app.state.templates = make_templates()
    app.state.codec = SessionCodec(settings.secret_key)
    app.state.basic_cache = BasicCache()
    app.mount("/static", StaticFiles(directory=str(resources.files("htx.web") / "static")), name="static")

    @app.middleware("http")
    async def session_middleware(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        codec: SessionCodec = request.app.state.codec
        raw = request.cookies.get(SESSION_COOKIE)
        data = codec.load(raw)
        fresh = "csrf" not in data
        if fresh:
            data["csrf"] = new_csrf_token()
        request.state.session = data
        request.state.session_changed = fresh
        response = await call_next(request)
        if request.state.session_changed and not getattr(request.state, "basic_auth", False):
            response.set_cookie(SESSION_COOKIE, codec.dump(request.state.session), max_age=SESSION_MAX_AGE,
                                httponly=True, samesite="lax",
                                secure=settings.https or request.url.scheme == "https")
        for name, value in security_headers(request.url.path, settings.https).items():
            response.headers.setdefault(name, value)
        return response

    _error_handlers(app)
    from htx.web.routes import (
        admin,
        api,
        auth,
        classify,
        dashboard,
        documents,
        entry,
        fund,
        registry,
        reports,
        selfreport,
        survey,
        workflow,
    )

    for module in (auth, dashboard, registry, selfreport, documents, entry, reports, admin):
        app.include_router(module.router, include_in_schema=False)
    app.include_router(api.router, prefix=API_PREFIX)
    app.include_router(fund.router)  # fund pages (hidden from the schema) and /api/v1/fund
    app.include_router(classify.router)  # classify pages and /api/v1/classify
    app.include_router(workflow.router)  # reporting workflow pages and /api/v1/workflow
    app.include_router(survey.router)  # survey pages and /api/v1/survey
    return app


def _error_page(request: Request, status: int, title: str, message: str) -> Response:
    from htx.web.deps import context

    templates = request.app.state.templates
    user = getattr(request.state, "principal", None)
    return templates.TemplateResponse(request, "error.html", context(request, user, title=title, message=message),
                                      status_code=status)


def _login_handlers(app: FastAPI) -> None:
    """Answers of the login limiter and of a password that must be changed first."""
    @app.exception_handler(TooManyAttempts)
    async def too_many(request: Request, exc: TooManyAttempts) -> Response:
        return JSONResponse({"detail": f"Đăng nhập sai nhiều lần; thử lại sau {exc.retry_after} giây."},
                            status_code=429, headers={"Retry-After": str(exc.retry_after)})

    @app.exception_handler(PasswordChangeRequired)
    async def change_password(request: Request, exc: PasswordChangeRequired) -> Response:
        message = "Cần đổi mật khẩu (mật khẩu mẫu hoặc do quản trị đặt lại) trước khi dùng hệ thống."
        if _is_api(request):
            return JSONResponse({"detail": message}, status_code=403)
        if request.headers.get("HX-Request"):
            return Response(status_code=403, headers={"HX-Redirect": "/account/password"})
        return RedirectResponse("/account/password", status_code=303)


def _error_handlers(app: FastAPI) -> None:
    _login_handlers(app)
    @app.exception_handler(LoginRequired)
    async def login_required(request: Request, exc: LoginRequired) -> Response:
        if _is_api(request):
            return JSONResponse({"detail": "Cần đăng nhập / authentication required"}, status_code=401,
                                headers={"WWW-Authenticate": 'Basic realm="htx"'})
        if request.headers.get("HX-Request"):
            return Response(status_code=401, headers={"HX-Redirect": "/login"})
        return RedirectResponse(f"/login?next={request.url.path}", status_code=303)

    @app.exception_handler(Forbidden)
    async def forbidden(request: Request, exc: Forbidden) -> Response:
        if _is_api(request):
            return JSONResponse({"detail": str(exc)}, status_code=403)
        return _error_page(request, 403, "Không có quyền truy cập", str(exc))

    @app.exception_handler(NotFound)
    async def not_found(request: Request, exc: NotFound) -> Response:
        if _is_api(request):
            return JSONResponse({"detail": str(exc)}, status_code=404)
        return _error_page(request, 404, "Không tìm thấy", str(exc))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        if _is_api(request) or exc.status_code < 400:
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers)
        titles = {404: "Không tìm thấy", 403: "Không được phép", 405: "Không hỗ trợ"}
        return _error_page(request, exc.status_code, titles.get(exc.status_code, "Lỗi"), str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        if _is_api(request):
            from fastapi.encoders import jsonable_encoder

            return JSONResponse({"detail": jsonable_encoder(exc.errors())}, status_code=422)
        return _error_page(request, 422, "Dữ liệu không hợp lệ", "Yêu cầu có tham số không hợp lệ.")
