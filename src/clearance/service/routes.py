"""The API's endpoints under ``/api/v1``. Each names the permission it needs; every decision it
records (a report, a disposition, a classification approval) gets an audit record with who, when,
what and the snapshots."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Depends, Header, Query, Request, status
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from clearance import __version__
from clearance.errors import InputError, InputProblem
from clearance.model import Decision, Shipment
from clearance.service.app import Forbidden, NotFound, ServiceState
from clearance.service.users import AuthError, Permission, User, user_for_token

if TYPE_CHECKING:
    from clearance.service.records import StoredReport

router = APIRouter()


# Dependencies that do no I/O are ``async def``: FastAPI runs a plain ``def`` dependency in the
# thread pool, a hop that costs more than the dependency itself.
async def state_of(request: Request) -> ServiceState:
    return request.app.state.service


State = Annotated[ServiceState, Depends(state_of)]


def current_user(request: Request, authorization: Annotated[str | None, Header()] = None) -> User:
    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise AuthError("an API token is required: 'Authorization: Bearer <token>' ('clearance token create')")
    return user_for_token(request.app.state.service.database, token.strip())


def needs(permission: Permission) -> Any:
    async def check(user: Annotated[User, Depends(current_user)]) -> User:
        if not user.can(permission):
            raise Forbidden(f"role '{user.role.value}' may not {permission.value}")
        return user

    return Depends(check)


Reader = Annotated[User, needs(Permission.READ)]
Checker = Annotated[User, needs(Permission.CHECK)]
Disposer = Annotated[User, needs(Permission.DISPOSE)]
Approver = Annotated[User, needs(Permission.APPROVE)]


def _snapshots(report: Any) -> dict[str, str]:
    """The report's snapshots by dataset, as the other audit records name them (ids are 'dataset:hash')."""
    return {snapshot.split(":", 1)[0]: snapshot for snapshot in report.snapshots}


def _check_and_store(state: ServiceState, shipment: Shipment, as_of: date | None, user: User) -> StoredReport:
    from clearance.pipeline import check, default_as_of
    from clearance.service.audit import record
    from clearance.service.records import save_report

    day = as_of or default_as_of(shipment, state.today())[0]
    # The write stays under the lock too: threads of one process gain nothing from overlapping (the
    # GIL), and a second writer would only meet SQLite's write lock and its sleep-and-retry.
    with state.check_lock:
        report = check(shipment, day, reference=state.reference, settings=state.settings, engines=state.engines)
        at = state.now()
        with state.database.begin() as connection:
            stored = save_report(connection, shipment, report, by=user.username, at=at)
            record(connection, actor=user.username, action="report.created", subject=f"report:{stored.id}",
                   detail={"shipment": shipment.id, "decision": stored.decision, "findings": stored.findings,
                           "as_of": day.isoformat()}, snapshots=_snapshots(report), at=at)
    return stored


@router.get("/health", tags=["service"])
def health(state: State) -> dict[str, Any]:
    """Liveness: the version and whether the database answers. No authentication."""
    import sqlalchemy as sa

    with state.database.connect() as connection:
        connection.execute(sa.text("SELECT 1"))
    return {"status": "ok", "version": __version__}


@router.post("/check", tags=["shipments"])
def check_shipment(shipment: Shipment, state: State, user: Checker,
                   as_of: Annotated[date | None, Query(description="Date the rules apply on; default: the "
                                                       "entry date (imports) or export date (exports).")] = None
                   ) -> Response:
    """Check one shipment with every engine; the report is stored and audited."""
    stored = _check_and_store(state, shipment, as_of, user)
    # The report's JSON text as stored goes out as it is: no decoding and encoding it again.
    head = json.dumps({"report_id": stored.id, "shipment_id": stored.shipment_id, "decision": stored.decision})
    return Response(f'{head[:-1]},"report":{stored.report_json}}}'.encode(), media_type="application/json")


class BatchCheck(BaseModel):
    model_config = ConfigDict(extra="forbid")

    shipments: list[Shipment] = Field(min_length=1, max_length=1000)
    as_of: date | None = None


@router.post("/jobs/check", status_code=status.HTTP_202_ACCEPTED, tags=["jobs"])
def check_batch(batch: BatchCheck, state: State, user: Checker, request: Request) -> dict[str, Any]:
    """Check many shipments in the background; poll the job for progress and the report ids."""
    from clearance.service.records import create_job, update_job

    job = create_job(state.database, "check", len(batch.shipments), by=user.username, at=state.now())

    def run() -> None:
        reports: list[dict[str, Any]] = []
        try:
            update_job(state.database, job.id, status="running", done=0)
            for number, shipment in enumerate(batch.shipments, start=1):
                stored = _check_and_store(state, shipment, batch.as_of, user)
                reports.append({"shipment": shipment.id, "report_id": stored.id, "decision": stored.decision})
                update_job(state.database, job.id, status="running", done=number)
            update_job(state.database, job.id, status="done", done=len(reports), at=state.now(),
                       result={"reports": reports})
        except Exception as exc:  # noqa: BLE001 - a failed job records why instead of vanishing
            update_job(state.database, job.id, status="failed", done=len(reports), at=state.now(),
                       result={"reports": reports}, error=f"{type(exc).__name__}: {exc}")

    state.jobs.submit(run)
    return {"job_id": job.id, "status": job.status, "total": job.total,
            "url": str(request.url_for("job_status", job_id=job.id))}


@router.get("/jobs/{job_id}", name="job_status", tags=["jobs"])
def job_status(job_id: str, state: State, user: Reader) -> dict[str, Any]:
    from clearance.service.records import get_job

    job = get_job(state.database, job_id)
    if job is None:
        raise NotFound(f"no job {job_id}")
    return job.as_dict()


@router.get("/reports", tags=["shipments"])
def reports(state: State, user: Reader,
            decision: Annotated[Decision | None, Query(description="the decision in force: the latest override's, "
                                                       "or the computed one")] = None,
            reference: Annotated[str | None, Query(description="the shipment's own id")] = None,
            limit: Annotated[int, Query(ge=1, le=500)] = 50, offset: Annotated[int, Query(ge=0)] = 0
            ) -> dict[str, Any]:
    """Checked shipments, newest first, with their computed decision and the decision in force (the worklist)."""
    from clearance.service.records import list_reports

    found, total = list_reports(state.database, decision=decision.value if decision else None, reference=reference,
                                limit=limit, offset=offset)
    return {"items": [r.summary() for r in found], "total": total, "limit": limit, "offset": offset}


@router.get("/reports/{report_id}", tags=["shipments"])
def report(report_id: int, state: State, user: Reader) -> dict[str, Any]:
    from clearance.service.records import get_report, overrides

    stored = get_report(state.database, report_id)
    if stored is None:
        raise NotFound(f"no report {report_id}")
    history = [o.as_dict() for o in overrides(state.database, report_id)]
    return {**stored.summary(),
            "overrides": history, "report": stored.report}


class OverrideRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    decision: Decision = Field(description="the decision in force from now on")
    reason: str = Field(min_length=1, max_length=4000, description="why the computed decision is overridden")


@router.post("/reports/{report_id}/override", status_code=status.HTTP_201_CREATED, tags=["shipments"])
def override(report_id: int, body: OverrideRequest, state: State,
             user: Annotated[User, needs(Permission.APPROVE)]) -> dict[str, Any]:
    """Override a report's decision with a reason (append-only, audited; the report stays as computed)."""
    from clearance.service.records import override_audited

    try:
        done = override_audited(state.database, report_id, decision=body.decision.value, reason=body.reason,
                                by=user.username, at=state.now())
    except LookupError as exc:
        raise NotFound(str(exc)) from None
    return done.as_dict()


@router.post("/duty", tags=["duty"])
def duty(shipment: Shipment, state: State, user: Checker,
         as_of: Annotated[date | None, Query()] = None) -> dict[str, Any]:
    """The duty engine alone: duties, Chapter 99 measures, fees and landed cost, with its findings."""
    from clearance.duty import DutyEngine
    from clearance.pipeline import check, default_as_of

    day = as_of or default_as_of(shipment, state.today())[0]
    with state.check_lock:
        result = check(shipment, day, reference=state.reference, settings=state.settings, engines=[DutyEngine()])
    return {"as_of": day.isoformat(), "decision": result.decision.value,
            "duty": result.engines[0].result, "findings": [f.model_dump(mode="json") for f in result.findings]}


class Party(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1, max_length=200, description="your own id, echoed back")
    name: str = Field(min_length=1, max_length=500)
    type: str | None = None
    country: str | None = None
    dob: str | None = None
    gender: str | None = None
    identifiers: list[str] = Field(default_factory=list)


class ScreenRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    parties: list[Party] = Field(min_length=1, max_length=5000)


@router.post("/screen", tags=["screening"])
def screen(body: ScreenRequest, state: State, user: Checker) -> dict[str, Any]:
    """Screen parties against every loaded list; results keyed by your ids, accept list applied."""
    from pydantic import ValidationError

    from clearance.inputs.shipment_json import validation_problems
    from clearance.screening.engine import screen_party
    from clearance.screening.lists import screener_for
    from clearance.screening.matcher import PartyQuery

    loaded = screener_for(state.reference)
    if loaded is None:
        raise InputError("screening", [InputProblem("lists", None, "no sanctions list is loaded "
                                                    "('clearance data import')")])
    results: dict[str, Any] = {}
    for index, party in enumerate(body.parties):
        try:
            query = PartyQuery.model_validate({**party.model_dump(exclude={"id"}), "ref": party.id})
        except ValidationError as exc:
            raise InputError("screening", validation_problems(exc, f"parties[{index}]")) from None
        with state.check_lock:
            result, _ = screen_party(state.database, loaded.screener, query)
        results[party.id] = result.to_dict()
    return {"results": results, "snapshots": loaded.lists.snapshots}


class DeterminationRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    destination: str = Field(min_length=2, max_length=5)
    eccn: str | None = None
    usml: str | None = None
    value: Decimal | None = Field(default=None, ge=0)
    as_of: date | None = None


@router.post("/export-control/determine", tags=["export controls"])
def export_control(body: DeterminationRequest, state: State, user: Checker) -> dict[str, Any]:
    """Licence determination for one item (ECCN or USML category) to a destination, every step cited."""
    from clearance.export_control.determine import DeterminationError, determine
    from clearance.export_control.determine import Request as Item

    if bool(body.eccn) == bool(body.usml):
        raise InputError("request", [InputProblem("eccn", "eccn", "give exactly one of eccn and usml")])
    try:
        with state.check_lock:
            result = determine(state.reference, Item(destination=body.destination, as_of=body.as_of or state.today(),
                                                     eccn=body.eccn, usml=body.usml, value=body.value))
    except DeterminationError as exc:
        raise InputError("request", [InputProblem("eccn" if body.eccn else "usml", None, str(exc))]) from None
    return result.to_dict()


class DispositionRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    party: Party
    entity: str = Field(min_length=1, description="the alerted list entry id, e.g. ofac_sdn:10009")
    decision: str = Field(pattern="^(true_match|false_positive)$")
    reason: str = Field(min_length=1, max_length=4000)


@router.post("/dispositions", status_code=status.HTTP_201_CREATED, tags=["screening"])
def dispose(body: DispositionRequest, state: State, user: Disposer) -> dict[str, Any]:
    """Record a reviewer's disposition of one alert (append-only; audited)."""
    from clearance.screening.lists import screener_for
    from clearance.screening.matcher import PartyQuery
    from clearance.service.audit import record
    from clearance.store.screening import record_disposition

    loaded = screener_for(state.reference)
    if loaded is None:
        raise InputError("dispositions", [InputProblem("lists", None, "no sanctions list is loaded")])
    query = PartyQuery.model_validate({**body.party.model_dump(exclude={"id"}), "ref": body.party.id})
    with state.check_lock:
        result = loaded.screener.screen(query)
    found = [m for m in [*result.matches, *(m for m, _ in result.suppressed)] if m.entity_id == body.entity]
    if not found:
        raise InputError("dispositions", [InputProblem("entity", "entity", f"'{body.entity}' is not an alert of "
                                                       f"'{body.party.name}' with these attributes")])
    at = state.now()
    with state.database.begin() as connection:  # the disposition and its audit record, or neither
        disposition = record_disposition(
            connection, query=query, entity=found[0].entity, snapshot_id=loaded.lists.snapshots.get(found[0].list),
            decision=body.decision, reason=body.reason, decided_by=user.username, at=at,
            matcher_version=result.matcher_version)
        record(connection, actor=user.username, action="disposition.recorded",
               subject=f"disposition:{disposition.id}",
               detail={"party": body.party.name, "entity": body.entity, "decision": body.decision,
                       "reason": body.reason},
               snapshots={found[0].list: loaded.lists.snapshots.get(found[0].list) or ""}, at=at)
    return disposition.as_dict()


class ClassifyRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, max_length=2000, description="the goods description")
    attributes: dict[str, str] = Field(default_factory=dict, description="deciding attributes: material=cotton, "
                                       "construction=knitted, gender=women...")
    top: int = Field(default=5, ge=1, le=50)


def _loaded_classifier(state: ServiceState) -> Any:
    """The classifier over the active HTS revision, cached on the state; None when its index is not built.
    Call under ``state.check_lock``. Raises :class:`DatasetNotLoaded` without an HTS revision."""
    from clearance.tariff.classifier import build_classifier

    if state.classifier is None:
        # cached_only: building the index reads every loaded example source (minutes on real data), which a
        # request holding the check lock must not do; 'clearance classify' or 'clearance data import' builds it
        state.classifier = build_classifier(state.reference, state.settings.classifier_cache(), cached_only=True)
    return state.classifier


@router.post("/classify", tags=["classification"], response_model=None)
def classify(body: ClassifyRequest, state: State, user: Checker) -> dict[str, Any] | JSONResponse:
    """Propose 10-digit HTS numbers for a description, with path, notes, GRI and precedents (or a question)."""
    from clearance.errors import DatasetNotLoaded
    from clearance.service.app import problem

    with state.check_lock:
        try:
            classifier = _loaded_classifier(state)
        except DatasetNotLoaded:
            return problem(503, "Classifier unavailable", "no HTS revision is loaded ('clearance data import'), "
                           "so there is nothing to classify against")
        if classifier is None:
            return problem(503, "Classifier unavailable", "the classifier's index is not built for the loaded "
                           "reference data: run 'clearance classify' once (or 'clearance data import'), then "
                           "retry")
        result = classifier.classify(body.text, body.attributes, top=body.top)
    return result.model_dump(mode="json")


class ApprovalRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    part_number: str = Field(min_length=1, max_length=120)
    hts_code: str = Field(min_length=1, max_length=20, description="10-digit HTS number, dots optional")
    rationale: str = Field(min_length=1, max_length=4000)
    description: str | None = None


@router.post("/classification/approvals", status_code=status.HTTP_201_CREATED, tags=["classification"])
def approve_classification(body: ApprovalRequest, state: State, user: Approver) -> dict[str, Any]:
    """Approve an HTS number for a part number in the product master, checked against the HTS revision in
    force; the previous approval is superseded (kept as history). Audited as ``classification.approved``."""
    from clearance.service.classification import approve

    done = approve(state, part_number=body.part_number, hts_code=body.hts_code, rationale=body.rationale,
                   description=body.description, approved_by=user.username, at=state.now())
    return {**done.approval.as_dict(), "supersedes": done.superseded.id if done.superseded else None}


@router.get("/classification/approvals", tags=["classification"])
def classification_approvals(state: State, user: Reader,
                             part_number: Annotated[str | None, Query(max_length=120)] = None,
                             limit: Annotated[int, Query(ge=1, le=500)] = 50, offset: Annotated[int, Query(ge=0)] = 0
                             ) -> dict[str, Any]:
    """The product master's current approvals, by part number, with ``total`` for pagination."""
    from clearance.store import product_master as pm

    found = pm.catalogue(state.database)
    if part_number is not None:
        found = [a for a in found if a.part_number == part_number.strip()]
    return {"items": [a.as_dict() for a in found[offset:offset + limit]], "total": len(found), "limit": limit,
            "offset": offset}


@router.get("/reference-data", tags=["service"])
def reference_data(state: State, user: Reader) -> dict[str, Any]:
    """The active snapshot of every declared dataset (edition, import time, record count, hash)."""
    import sqlalchemy as sa

    from clearance.refdata.registry import DATASETS
    from clearance.store.schema import snapshot

    with state.database.connect() as connection:
        rows = {row.dataset: row for row in connection.execute(sa.select(snapshot).where(snapshot.c.active))}
    items = []
    for item in DATASETS:
        row = rows.get(item.name)
        items.append({"dataset": item.name, "title": item.title, "snapshot": row.id if row else None,
                      "edition": row.edition if row else None,
                      "imported_at": row.imported_at.isoformat() if row else None,
                      "record_count": row.record_count if row else None})
    return {"items": items, "loaded": sum(1 for i in items if i["snapshot"]), "declared": len(items)}


@router.get("/audit", tags=["service"])
def audit(state: State, user: Reader, subject: str | None = None, actor: str | None = None,
          limit: Annotated[int, Query(ge=1, le=500)] = 100, offset: Annotated[int, Query(ge=0)] = 0
          ) -> dict[str, Any]:
    """The audit trail, newest first."""
    from clearance.service.audit import records

    found = records(state.database, subject=subject, actor=actor, limit=limit, offset=offset)
    return {"items": [{"id": r.id, "at": r.at.isoformat(), "actor": r.actor, "action": r.action,
                       "subject": r.subject, "detail": r.detail, "snapshots": r.snapshots, "hash": r.hash}
                      for r in found], "limit": limit, "offset": offset}
