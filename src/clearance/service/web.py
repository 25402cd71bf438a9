"""The web workbench: server-rendered pages (Jinja2, autoescaped; no JavaScript) over the service.

Pages: ``/sign-in`` and sign-out, ``/shipments`` (the worklist: reports newest first, filtered by
decision, paginated), ``/shipments/upload`` (a shipment JSON, or an invoice-line CSV/XLSX with
direction and mode), ``/reports/{id}`` (decision, findings by engine with citation and evidence,
snapshots; ``/reports/{id}/html`` is the standalone report of :mod:`clearance.render.html`),
``/screening`` (the review queue of open screening alerts; ``POST /screening/decide`` records a true
match or false positive, with a reason, on one or many of them: :mod:`clearance.service.review`),
``/classification`` (the classification worklist: report lines whose declared HTS number a tariff
finding questions or whose part number has no approval; ``POST /classification/approve`` records an
approval in the product master: :mod:`clearance.service.classification`), ``/dashboard`` (figures
and server-drawn SVG charts: :mod:`clearance.service.dashboard`) and
``/reference-data``.

**Sessions** are server-side (:mod:`clearance.service.sessions`). **CSRF**: every form carries
the session's synchronizer token in a hidden ``csrf_token`` field and every POST is refused (403)
when it is missing or wrong. The sign-in form, which has no session yet, uses a double-submit
token: a random value in the ``clearance_csrf_pre`` cookie that the form must repeat.
**Roles**: every page names the permission it needs (:class:`~clearance.service.users.Permission`);
without a session a page redirects (303) to ``/sign-in``, without the permission it answers 403.

**Uploads** are at most :data:`MAX_UPLOAD` bytes (413 beyond), must be UTF-8 (JSON, CSV) and
valid (422 with every problem and its location); nothing is written unless the shipment is
checked, and then it is stored and audited exactly as ``POST /api/v1/check`` does.
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from clearance.errors import InputError, InputFileError, InputProblem
from clearance.service.app import ServiceState
from clearance.service.records import DECISIONS
from clearance.service.sessions import (
    COOKIE,
    Session,
    create_session,
    delete_session,
    load_session,
    new_token,
    same_token,
)
from clearance.service.sign_in_limit import clear_failures, locked_until, record_failure
from clearance.service.users import AuthError, Permission, authenticate, normalize_username

router = APIRouter(include_in_schema=False)

PRE_COOKIE = "clearance_csrf_pre"
#: Largest upload accepted, in bytes.
MAX_UPLOAD = 5 * 1024 * 1024
_FORM_OVERHEAD = 64 * 1024  # multipart boundaries and the small form fields around the file
_DECISIONS = DECISIONS
_PAGE_SIZES = (25, 50, 100, 200)


# --- rendering -------------------------------------------------------------------------------

@cache
def _environment() -> Environment:
    environment = Environment(loader=PackageLoader("clearance.service", "templates"),
                              autoescape=select_autoescape(default=True, default_for_string=True))
    environment.filters["pretty"] = lambda value: json.dumps(value, indent=2, default=str, ensure_ascii=False)
    environment.globals["report_css"] = _report_css()
    return environment


def _report_css() -> str:
    """The standalone report's stylesheet, so the report page looks like ``clearance check --format html``."""
    source = resources.files("clearance.render").joinpath("report.html.j2").read_text("utf-8")
    start, end = source.find("<style>"), source.find("</style>")
    return source[start + len("<style>"):end].strip() if start >= 0 and end > start else ""


def _page(request: Request, template: str, *, status: int = 200, session: Session | None = None,
          **context: Any) -> HTMLResponse:
    html = _environment().get_template(template).render(
        request=request, session=session, user=session.user if session else None, Permission=Permission,
        **context)
    response = HTMLResponse(html, status_code=status)
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'"
    return response


def _message(request: Request, status: int, title: str, detail: str, *, session: Session | None = None,
             problems: list[InputProblem] | None = None) -> HTMLResponse:
    return _page(request, "message.html.j2", status=status, session=session, title=title, detail=detail,
                 problems=problems or [])


def _state(request: Request) -> ServiceState:
    return request.app.state.service


# --- sessions and permissions ----------------------------------------------------------------

class _SignInRequired(Exception):
    pass


@dataclass
class _Denied(Exception):
    session: Session
    permission: Permission


def _secure(request: Request) -> bool:
    return request.url.scheme == "https"


def _current(request: Request) -> Session | None:
    state = _state(request)
    return load_session(state.database, request.cookies.get(COOKIE), at=state.now())


def _require(request: Request, permission: Permission) -> Session:
    """The request's session when its user may ``permission``; otherwise the 303 to sign-in or a 403."""
    session = _current(request)
    if session is None:
        raise _SignInRequired()
    if not session.user.can(permission):
        raise _Denied(session, permission)
    return session


def _csrf_refused(request: Request, session: Session | None = None) -> HTMLResponse:
    return _message(request, 403, "Request refused",
                    "The form's security token is missing or does not match your session (CSRF protection). "
                    "Reload the page and submit the form again.", session=session)


async def _form(request: Request) -> Any:
    return await request.form(max_files=1, max_fields=20)


# --- sign-in and sign-out --------------------------------------------------------------------

def _sign_in_page(request: Request, *, status: int = 200, error: str | None = None, username: str = "") -> Response:
    token = new_token()
    response = _page(request, "sign_in.html.j2", status=status, error=error, username=username, pre_token=token)
    response.set_cookie(PRE_COOKIE, token, httponly=True, samesite="strict", secure=_secure(request), path="/sign-in")
    return response


@router.get("/sign-in")
def sign_in_form(request: Request) -> Response:
    if _current(request) is not None:
        return RedirectResponse("/shipments", status_code=303)
    return _sign_in_page(request)


def _audit_sign_in(state: ServiceState, action: str, username: str, why: str, at: datetime) -> None:
    from clearance.service.audit import record

    name = normalize_username(username)[:64] or "(empty)"
    record(state.database, actor="anonymous", action=action, subject=f"user:{name}",
           detail={"username": name, "reason": why}, at=at)


def _failed_sign_in(state: ServiceState, username: str, reason: str, at: datetime) -> None:
    """Count the failure for throttling and put it in the audit trail (with the reason the page hides)."""
    record_failure(state.database, username, at=at)
    _audit_sign_in(state, "session.sign_in_failed", username, reason, at)


@router.post("/sign-in")
async def sign_in(request: Request) -> Response:
    form = await _form(request)
    if not same_token(str(form.get("csrf_token") or ""), request.cookies.get(PRE_COOKIE)):
        return _csrf_refused(request)
    username, password = str(form.get("username") or ""), str(form.get("password") or "")
    state = _state(request)
    at = state.now()
    until = await run_in_threadpool(locked_until, state.database, username, at=at)
    if until is not None:  # refused without looking at the password (see sign_in_limit)
        await run_in_threadpool(_audit_sign_in, state, "session.sign_in_refused", username, "too many failures", at)
        response = _sign_in_page(request, status=429, username=username[:64], error=(
            f"too many failed sign-ins for this username: try again after {until.strftime('%H:%M')} UTC"))
        response.headers["Retry-After"] = str(max(1, int((until - at).total_seconds())))
        return response
    try:
        user = await run_in_threadpool(authenticate, state.database, username, password)
    except AuthError as exc:
        await run_in_threadpool(_failed_sign_in, state, username, exc.reason, at)
        return _sign_in_page(request, status=401, error=str(exc), username=username[:64])

    def start() -> str:
        from clearance.service.audit import record

        with state.database.begin() as connection:
            clear_failures(connection, user.username)
            session_id, _ = create_session(connection, user, at=at)
            record(connection, actor=user.username, action="session.signed_in", subject=f"user:{user.username}",
                   detail={"username": user.username, "role": user.role.value}, at=at)
        return session_id

    session_id = await run_in_threadpool(start)
    response = RedirectResponse("/shipments", status_code=303)
    response.set_cookie(COOKIE, session_id, httponly=True, samesite="lax", secure=_secure(request), path="/")
    response.delete_cookie(PRE_COOKIE, path="/sign-in")
    return response


@router.post("/sign-out")
async def sign_out(request: Request) -> Response:
    session = await run_in_threadpool(_current, request)
    if session is None:
        return RedirectResponse("/sign-in", status_code=303)
    form = await _form(request)
    if not same_token(str(form.get("csrf_token") or ""), session.csrf_token):
        return _csrf_refused(request, session)
    state = _state(request)

    def end() -> None:
        from clearance.service.audit import record

        at = state.now()
        with state.database.begin() as connection:
            delete_session(connection, session)
            record(connection, actor=session.user.username, action="session.signed_out",
                   subject=f"user:{session.user.username}", detail={"username": session.user.username}, at=at)

    await run_in_threadpool(end)
    response = RedirectResponse("/sign-in", status_code=303)
    response.delete_cookie(COOKIE, path="/")
    return response


# --- worklist --------------------------------------------------------------------------------

@router.get("/")
def home(request: Request) -> Response:
    _require(request, Permission.READ)
    return RedirectResponse("/shipments", status_code=303)


def _int(value: str | None, default: int, low: int, high: int) -> int:
    try:
        return min(max(int(value or default), low), high)
    except ValueError:
        return default


@router.get("/shipments")
def worklist(request: Request) -> Response:
    from clearance.service.records import list_reports

    session = _require(request, Permission.READ)
    decision = request.query_params.get("decision") or None
    if decision not in (None, *_DECISIONS):
        decision = None
    limit = _int(request.query_params.get("limit"), 50, 1, 200)
    offset = _int(request.query_params.get("offset"), 0, 0, 10**9)
    reports, total = list_reports(_state(request).database, decision=decision, limit=limit, offset=offset)

    def link(at: int) -> str:
        query = {"limit": limit, "offset": at, **({"decision": decision} if decision else {})}
        return "/shipments?" + urlencode(query)

    return _page(request, "worklist.html.j2", session=session, reports=reports, total=total, decision=decision,
                 decisions=_DECISIONS, limit=limit, offset=offset, page_sizes=_PAGE_SIZES,
                 previous=link(max(offset - limit, 0)) if offset > 0 else None,
                 next=link(offset + limit) if offset + limit < total else None)


# --- upload ----------------------------------------------------------------------------------

def _upload_page(request: Request, session: Session, *, status: int = 200, error: str | None = None,
                 problems: list[InputProblem] | None = None, values: dict[str, str] | None = None) -> HTMLResponse:
    from clearance.model import Direction, TransportMode

    return _page(request, "upload.html.j2", status=status, session=session, error=error, problems=problems or [],
                 values=values or {}, directions=[d.value for d in Direction], modes=[m.value for m in TransportMode],
                 max_mb=MAX_UPLOAD // (1024 * 1024))


@router.get("/shipments/upload")
def upload_form(request: Request) -> Response:
    return _upload_page(request, _require(request, Permission.CHECK))


def _renamed(error: InputError, temporary: str, name: str) -> InputError:
    """The reader's error with the temporary file's path replaced by the uploaded file's name."""
    problems = [InputProblem(p.location.replace(temporary, name), p.field, p.message.replace(temporary, name))
                for p in error.problems]
    return InputError(name, problems)


def _shipment_from_upload(name: str, data: bytes, fields: dict[str, str]) -> Any:
    """The shipment an uploaded file describes; :class:`InputError` naming every problem."""
    from clearance.inputs import read_invoice_lines
    from clearance.inputs.common import decode_utf8
    from clearance.inputs.shipment_json import parse_shipment

    suffix = Path(name).suffix.lower()
    if not data.strip():
        raise InputFileError(name, "file is empty")
    if suffix == ".json":
        text = decode_utf8(data, name)
        try:
            parsed = json.loads(text, parse_float=Decimal)
        except json.JSONDecodeError as exc:
            raise InputError(name, [InputProblem(f"line {exc.lineno} column {exc.colno}", None,
                                                 f"malformed JSON: {exc.msg}")]) from None
        if not isinstance(parsed, dict):
            raise InputError(name, [InputProblem("(document root)", None,
                                                 f"expected a JSON object, got {type(parsed).__name__}")])
        return parse_shipment(parsed, name)
    # an invoice-line file: the shipment's own fields come from the form
    missing = [InputProblem(key, key, f"an invoice-line file needs the shipment's {key}")
               for key in ("direction", "mode") if not fields.get(key)]
    if missing:
        raise InputError(name, missing)
    if suffix == ".csv":
        decode_utf8(data, name)  # the same check the reader makes, named after the upload
    with tempfile.TemporaryDirectory(prefix="clearance-upload-") as folder:
        path = Path(folder) / f"upload{suffix}"
        path.write_bytes(data)
        try:
            lines = read_invoice_lines(path)
        except InputError as exc:
            raise _renamed(exc, str(path), name) from None
    shipment = {"id": fields.get("shipment_id") or Path(name).stem or "upload", "direction": fields["direction"],
                "mode": fields["mode"], "lines": [line.model_dump(mode="json", exclude_none=True) for line in lines]}
    return parse_shipment(shipment, name)


@router.post("/shipments/upload")
async def upload(request: Request) -> Response:
    from clearance.service.routes import _check_and_store

    session = await run_in_threadpool(_require, request, Permission.CHECK)
    too_big = f"The file is larger than {MAX_UPLOAD // (1024 * 1024)} MB; nothing was stored."
    length = request.headers.get("content-length")
    if length and length.isdigit() and int(length) > MAX_UPLOAD + _FORM_OVERHEAD:
        return _upload_page(request, session, status=413, error=too_big)
    form = await _form(request)
    if not same_token(str(form.get("csrf_token") or ""), session.csrf_token):
        return _csrf_refused(request, session)
    fields = {key: str(form.get(key) or "").strip() for key in ("direction", "mode", "shipment_id", "as_of")}
    upload = form.get("file")
    if not isinstance(upload, UploadFile) or not upload.filename:
        return _upload_page(request, session, status=422, error="Choose a file to upload.", values=fields)
    name = Path(upload.filename).name
    suffix = Path(name).suffix.lower()
    if suffix not in (".json", ".csv", ".xlsx", ".xlsm"):
        return _upload_page(request, session, status=415, values=fields,
                            error=f"'{name}' is not a file type the workbench reads ('{suffix or 'no extension'}'):"
                            " upload a shipment .json or an invoice-line .csv or .xlsx file. Nothing was stored.")
    data = await upload.read(MAX_UPLOAD + 1)
    if len(data) > MAX_UPLOAD:
        return _upload_page(request, session, status=413, error=too_big, values=fields)
    as_of: date | None = None
    try:
        if fields["as_of"]:
            try:
                as_of = date.fromisoformat(fields["as_of"])
            except ValueError:
                raise InputError("form", [InputProblem("as_of", "as_of", f"'{fields['as_of']}' is not a date "
                                                       "(YYYY-MM-DD)")]) from None
        shipment = await run_in_threadpool(_shipment_from_upload, name, data, fields)
    except InputError as exc:
        return _upload_page(request, session, status=422, values=fields, problems=exc.problems,
                            error=f"{exc.source}: {len(exc.problems)} problem(s); nothing was stored.")
    stored = await run_in_threadpool(_check_and_store, _state(request), shipment, as_of, session.user)
    return RedirectResponse(f"/reports/{stored.id}", status_code=303)


# --- reports and reference data --------------------------------------------------------------

def _stored_report(request: Request, report_id: int, session: Session) -> Any:
    from clearance.service.records import get_report

    stored = get_report(_state(request).database, report_id)
    if stored is None:
        raise _NotFound(session, f"There is no report {report_id}.")
    return stored


@dataclass
class _NotFound(Exception):
    session: Session
    detail: str


def _report_page(request: Request, report_id: int, session: Session, *, status: int = 200,
                 error: str | None = None, problems: list[InputProblem] | None = None,
                 values: dict[str, str] | None = None) -> Response:
    from clearance.service.records import overrides

    stored = _stored_report(request, report_id, session)
    report = stored.report
    by_engine: dict[str, list[dict[str, Any]]] = {}
    for finding in report.get("findings", []):
        by_engine.setdefault(finding.get("engine") or "other", []).append(finding)
    return _page(request, "report.html.j2", status=status, session=session, stored=stored, r=report,
                 by_engine=by_engine, overrides=overrides(_state(request).database, report_id),
                 decisions=_DECISIONS, error=error, problems=problems or [], values=values or {},
                 notice="Override recorded." if request.query_params.get("overridden") else None)


@router.get("/reports/{report_id}")
def report_page(request: Request, report_id: int) -> Response:
    return _report_page(request, report_id, _require(request, Permission.READ))


@router.post("/reports/{report_id}/override")
async def override_decision(request: Request, report_id: int) -> Response:
    """An officer replaces the computed decision, with a reason (append-only and audited)."""
    from clearance.service.records import override_audited

    session = await run_in_threadpool(_require, request, Permission.APPROVE)
    form = await request.form(max_files=0, max_fields=10)
    if not same_token(str(form.get("csrf_token") or ""), session.csrf_token):
        return _csrf_refused(request, session)
    values = {key: str(form.get(key) or "").strip() for key in ("decision", "reason")}
    state = _state(request)
    try:
        await run_in_threadpool(lambda: override_audited(state.database, report_id, decision=values["decision"],
                                                         reason=values["reason"], by=session.user.username,
                                                         at=state.now()))
    except LookupError:
        raise _NotFound(session, f"There is no report {report_id}.") from None
    except InputError as exc:
        problems = exc.problems
        return await run_in_threadpool(lambda: _report_page(
            request, report_id, session, status=422, problems=problems, values=values,
            error=f"{len(problems)} problem(s); nothing was recorded."))
    return RedirectResponse(f"/reports/{report_id}?overridden=1", status_code=303)


@router.get("/reports/{report_id}/html")
def report_html(request: Request, report_id: int) -> Response:
    """The standalone report (one file, inline CSS) that ``clearance check --format html`` writes."""
    from clearance.model import Report
    from clearance.render.html import render_html

    session = _require(request, Permission.READ)
    stored = _stored_report(request, report_id, session)
    html = render_html(Report.model_validate(stored.report))
    return HTMLResponse(html, headers={"Content-Disposition": f'attachment; filename="report-{report_id}.html"',
                                       "Cache-Control": "no-store"})


@router.get("/reference-data")
def reference_data(request: Request) -> Response:
    from clearance.service.routes import reference_data as status

    session = _require(request, Permission.READ)
    return _page(request, "reference_data.html.j2", session=session, data=status(_state(request), session.user))


# --- screening review queue and dashboard ----------------------------------------------------

#: Most open alerts the queue page lists at once (the oldest first).
QUEUE_PAGE = 500


def _lists_loaded(state: ServiceState) -> bool:
    from clearance.screening.lists import SCREENING_DATASETS

    return any(state.reference.has(d) for d in SCREENING_DATASETS)


def _queue_page(request: Request, session: Session, *, status: int = 200, error: str | None = None,
                selected: list[str] | None = None, values: dict[str, str] | None = None,
                notice: str | None = None) -> HTMLResponse:
    from clearance.service.review import age_text, open_alerts

    state = _state(request)
    alerts = open_alerts(state.database)
    now = state.now()
    return _page(request, "screening.html.j2", status=status, session=session, error=error, notice=notice,
                 alerts=alerts[:QUEUE_PAGE], total=len(alerts), selected=set(selected or []), values=values or {},
                 ages={a.key: age_text(a.age(now)) for a in alerts[:QUEUE_PAGE]},
                 may_decide=session.user.can(Permission.DISPOSE), lists_loaded=_lists_loaded(state))


@router.get("/screening")
def screening_queue(request: Request) -> Response:
    session = _require(request, Permission.READ)
    notice = None
    recorded, resolved = request.query_params.get("recorded"), request.query_params.get("resolved")
    if recorded and resolved and recorded.isdigit() and resolved.isdigit():
        notice = f"Recorded {int(recorded)} disposition(s), resolving {int(resolved)} alert(s)."
    return _queue_page(request, session, notice=notice)


@router.post("/screening/decide")
async def screening_decide(request: Request) -> Response:
    from clearance.service.review import MAX_BULK, ReviewError, decide

    session = await run_in_threadpool(_require, request, Permission.DISPOSE)
    form = await request.form(max_files=0, max_fields=MAX_BULK + 20)
    if not same_token(str(form.get("csrf_token") or ""), session.csrf_token):
        return _csrf_refused(request, session)
    keys = [str(k) for k in form.getlist("alert")]
    values = {key: str(form.get(key) or "").strip() for key in ("decision", "reason")}
    state = _state(request)
    try:
        decided = await run_in_threadpool(lambda: decide(state, keys, decision=values["decision"],
                                                         reason=values["reason"], decided_by=session.user.username,
                                                         at=state.now()))
    except ReviewError as exc:
        error = str(exc)
    else:
        query = urlencode({"recorded": len(decided.dispositions), "resolved": len(decided.alerts)})
        return RedirectResponse(f"/screening?{query}", status_code=303)
    return await run_in_threadpool(lambda: _queue_page(request, session, status=422, error=error, selected=keys,
                                                       values=values))


# --- classification worklist and approvals ---------------------------------------------------

_STATUSES = ("open", "all")
_APPROVE_FIELDS = ("part_number", "hts_code", "description", "rationale")


def _classification_page(request: Request, session: Session, *, status: int = 200, error: str | None = None,
                         problems: list[InputProblem] | None = None, values: dict[str, str] | None = None,
                         notice: str | None = None) -> HTMLResponse:
    from clearance.service.classification import find_item, hts_in_force, worklist

    state = _state(request)
    query = request.query_params
    shown = query.get("status") if query.get("status") in _STATUSES else "open"
    part = (query.get("part") or "").strip()[:120] or None
    limit = _int(query.get("limit"), 50, 1, 200)
    offset = _int(query.get("offset"), 0, 0, 10**9)
    items = worklist(state.database, open_only=shown == "open", part_number=part)
    may_approve = session.user.can(Permission.APPROVE)
    if values is None:
        values = {}
        prefill = find_item(state.database, query.get("prefill") or "") if may_approve else None
        if prefill is not None:
            suggestions = prefill.suggestions
            values = {"part_number": prefill.part_number or "", "description": prefill.description,
                      "hts_code": suggestions[0].hts if suggestions else (prefill.declared or "")}

    def link(**changes: Any) -> str:
        params = {"status": shown, **({"part": part} if part else {}), "limit": limit, "offset": offset, **changes}
        return "/classification?" + urlencode({k: v for k, v in params.items() if v is not None})

    revision = hts_in_force(state, state.now())
    return _page(request, "classification.html.j2", status=status, session=session, error=error,
                 problems=problems or [], notice=notice, values=values, items=items[offset:offset + limit],
                 total=len(items), shown=shown, statuses=_STATUSES, part=part, limit=limit, offset=offset,
                 page_sizes=_PAGE_SIZES, link=link, may_approve=may_approve, revision=revision,
                 previous=link(offset=max(offset - limit, 0)) if offset > 0 else None,
                 next=link(offset=offset + limit) if offset + limit < len(items) else None)


@router.get("/classification")
def classification_worklist(request: Request) -> Response:
    session = _require(request, Permission.READ)
    notice = None
    approved, code = request.query_params.get("approved"), request.query_params.get("code")
    if approved and code:
        notice = f"Approved {code} for part number {approved}."
    return _classification_page(request, session, notice=notice)


@router.post("/classification/approve")
async def classification_approve(request: Request) -> Response:
    from clearance.service.classification import approve

    session = await run_in_threadpool(_require, request, Permission.APPROVE)
    form = await request.form(max_files=0, max_fields=20)
    if not same_token(str(form.get("csrf_token") or ""), session.csrf_token):
        return _csrf_refused(request, session)
    values = {key: str(form.get(key) or "").strip() for key in _APPROVE_FIELDS}
    state = _state(request)
    try:
        done = await run_in_threadpool(lambda: approve(
            state, part_number=values["part_number"], hts_code=values["hts_code"], rationale=values["rationale"],
            description=values["description"] or None, approved_by=session.user.username, at=state.now()))
    except InputError as exc:
        problems = exc.problems
        return await run_in_threadpool(lambda: _classification_page(
            request, session, status=422, values=values, problems=problems,
            error=f"{len(problems)} problem(s); nothing was recorded."))
    query = urlencode({"status": "all", "part": done.approval.part_number, "approved": done.approval.part_number,
                       "code": done.approval.hts_display})
    return RedirectResponse(f"/classification?{query}", status_code=303)


@router.get("/dashboard")
def dashboard(request: Request) -> Response:
    from clearance.service.dashboard import charts, figures

    session = _require(request, Permission.READ)
    result = figures(_state(request).database, _state(request).now())
    return _page(request, "dashboard.html.j2", session=session, f=result, charts=charts(result))


# --- installation ----------------------------------------------------------------------------

def install_web(app: FastAPI) -> None:
    """Add the workbench's pages to ``app`` and the handlers that turn refusals into pages."""

    async def sign_in_required(request: Request, _: Exception) -> Response:
        return RedirectResponse("/sign-in", status_code=303)

    async def denied(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, _Denied)
        return _message(request, 403, "Not allowed",
                        f"Your role ({exc.session.user.role.value}) may not {exc.permission.value}.",
                        session=exc.session)

    async def not_found(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, _NotFound)
        return _message(request, 404, "Not found", exc.detail, session=exc.session)

    app.add_exception_handler(_SignInRequired, sign_in_required)
    app.add_exception_handler(_Denied, denied)
    app.add_exception_handler(_NotFound, not_found)
    app.include_router(router)


__all__ = ["MAX_UPLOAD", "install_web", "router"]
