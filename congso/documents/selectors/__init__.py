"""Reads of documents; every one goes through permissions.visible_documents (architecture rule 4)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import connection
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.db.models.expressions import RawSQL

from congso.core.calendar import deadline_badge as deadline_badge  # re-exported for the views
from congso.core.errors import NotFound
from congso.core.text import fold

from ..models import Direction, Document, DocumentAssignment, DocumentType, Register
from ..permissions import headed_unit_ids, visible_documents, visible_registers

# Urgency ranks a document only while it still waits for someone: a "Hỏa tốc" answered last year no longer sits
# above this morning's mail (issue 11).
FINISHED = (Document.Status.DONE, Document.Status.ISSUED, Document.Status.RECALLED, Document.Status.REJECTED)
URGENCY_RANK = Case(
    When(status__in=FINISHED, then=Value(3)),
    When(urgency="express", then=Value(0)),
    When(urgency="very_urgent", then=Value(1)),
    When(urgency="urgent", then=Value(2)),
    default=Value(3),
    output_field=IntegerField(),
)


def document_list(
    *, user: Any, direction: str | None = None, status: str = "", agency_id: int | None = None
) -> QuerySet[Document]:
    """Hỏa tốc and thượng khẩn documents first in every list (NĐ 30/2020: urgent documents are handled at once)."""
    qs = visible_documents(user).select_related("document_type", "agency", "register")
    if direction:
        qs = qs.filter(direction=direction)
    if status:
        qs = qs.filter(status=status)
    if agency_id:
        qs = qs.filter(agency_id=agency_id)
    return qs.annotate(urgency_rank=URGENCY_RANK).order_by("urgency_rank", "-created_at", "-pk")


def document_get(*, user: Any, pk: int) -> Document:
    found = (
        visible_documents(user)
        .select_related("document_type", "agency", "register", "issuer", "unit", "drafter", "leader")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise NotFound("Không tìm thấy văn bản hoặc bạn không có quyền xem.")
    return found


def document_types() -> QuerySet[DocumentType]:
    return DocumentType.objects.filter(active=True)


def register_list(*, user: Any, agency_id: int, direction: str | None = None) -> QuerySet[Register]:
    qs = visible_registers(user).filter(agency_id=agency_id, active=True)
    return qs.filter(direction=direction) if direction else qs


def incoming_duplicates(
    *,
    agency_id: int,
    issuer_id: int | None,
    issuer_name: str,
    code_number: str,
    code_notation: str,
    issued_date: date | None,
    exchange_id: str = "",
    exclude_pk: int | None = None,
) -> list[Document]:
    """Registered incoming documents of the agency that look like this one (NĐ 30/2020 Phụ lục VI: warn the
    clerk of a duplicate: the same identifier, or the same number + symbol + issuer)."""
    base = Document.objects.filter(agency_id=agency_id, direction=Direction.INCOMING).exclude(
        status=Document.Status.RECEIVED
    )
    condition = Q()
    if exchange_id:
        condition |= Q(exchange_id=exchange_id)
    if code_number and issued_date:
        same_issuer = Q(issuer_id=issuer_id) if issuer_id else Q(issuer_name__iexact=issuer_name)
        condition |= (
            Q(code_number__iexact=code_number, code_notation__iexact=code_notation, issued_date=issued_date)
            & same_issuer
        )
    if not condition:
        return []
    qs = base.filter(condition)
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    return list(qs.order_by("pk")[:5])


@dataclass
class WorkItem:
    document: Document
    reason: str
    due_date: date | None
    assignment: DocumentAssignment | None = None

    @property
    def badge(self) -> str:
        return deadline_badge(self.due_date)


BRIEF_FIELDS = ("pk", "subject", "urgency", "secrecy", "status", "due_date", "direction", "agency_id")


def my_work(*, user: Any, limit: int = 50, brief: bool = False) -> list[WorkItem]:
    """“Việc của tôi” for documents: what waits for this person to act, urgent first, then by deadline.
    `brief` loads only what the home page panel shows (it is on every staff member's home page)."""
    if not getattr(user, "is_authenticated", False) or getattr(user, "kind", "") != "staff":
        return []
    # Every row below is visible to the user by construction (assigned to them or the unit they head, submitted
    # to them, drafted by them, or in an agency where they are the clerk), so the queries skip the visibility
    # condition and stay on their indexes: this panel is on every staff member's home page.
    items: list[WorkItem] = []
    units = headed_unit_ids(user)
    assignment_filter = Q(user=user) | Q(unit_id__in=units, user__isnull=True) if units else Q(user=user)
    assignments = DocumentAssignment.objects.filter(assignment_filter, status=DocumentAssignment.Status.OPEN)
    if brief:
        assignments = assignments.select_related("document").only(
            "kind", "due_date", "document_id", *(f"document__{f}" for f in BRIEF_FIELDS if f != "pk")
        )
    else:
        assignments = assignments.select_related("document__document_type", "document__agency")
    assignments = assignments.order_by("due_date")[:limit]
    for a in assignments:
        items.append(WorkItem(a.document, a.kind, a.due_date, a))
    memberships = user.active_memberships()
    clerk_agencies = {m.agency_id for m in memberships if "clerk" in m.roles}
    leader_agencies = {m.agency_id for m in memberships if "leader" in m.roles}
    # One query per way a document waits for the person, each cut at `limit` in the index's order (newest
    # first): one OR of them would read and sort every registered document of a large agency (5,000 at bench.docs).
    # In the first branch, an approved draft waits for its leader's digital signature (through the signing agent)
    # until it has it or the clerk issues it.
    mine = Q(leader=user, status__in=[Document.Status.SUBMITTED, Document.Status.IN_REVIEW]) | Q(
        drafter=user, status=Document.Status.DRAFTING
    )
    if leader_agencies:
        mine |= Q(leader=user, status=Document.Status.APPROVED) & ~Q(signature_result__has_key="personal")
    branches: list[tuple[Q, str]] = [(mine, "to_sign")]
    if clerk_agencies:
        branches.append(
            (
                Q(
                    agency_id__in=clerk_agencies,
                    status__in=[Document.Status.RECEIVED, Document.Status.APPROVED],
                ),
                "",
            )
        )
    # A registered incoming document that no one has submitted yet waits for any leader of the agency (they may
    # direct it at once) and for its clerks (to submit it).
    if clerk_agencies | leader_agencies:
        branches.append(
            (
                Q(
                    agency_id__in=clerk_agencies | leader_agencies,
                    direction=Direction.INCOMING,
                    status=Document.Status.REGISTERED,
                ),
                "",
            )
        )
    waiting: list[tuple[Document, str]] = []
    for branch, override in branches:
        waiting_qs = Document.objects.filter(branch)
        waiting_qs = (
            waiting_qs.only(*BRIEF_FIELDS) if brief else waiting_qs.select_related("document_type", "agency")
        )
        waiting.extend((document, override) for document in waiting_qs[:limit])
    reasons: dict[str, str] = {
        Document.Status.SUBMITTED: "to_direct",
        Document.Status.IN_REVIEW: "to_approve",
        Document.Status.RECEIVED: "to_register",
        Document.Status.APPROVED: "to_issue",
        Document.Status.DRAFTING: "to_draft",
    }
    seen: set[int] = set()
    for document, override in waiting:
        if document.pk in seen:
            continue  # a leader who is also the clerk: once, to sign first
        seen.add(document.pk)
        reason = reasons.get(document.status, "")
        if override and document.status == Document.Status.APPROVED:
            reason = override
        if document.status == Document.Status.REGISTERED:
            reason = "to_direct" if document.agency_id in leader_agencies else "to_submit"
        items.append(WorkItem(document, reason, document.due_date))
    rank = {"express": 0, "very_urgent": 1, "urgent": 2}
    items.sort(key=lambda i: (rank.get(i.document.urgency, 3), i.due_date or date.max, -i.document.pk))
    return items[:limit]


PHRASE_RE = re.compile(r'"([^"]+)"(\*?)|(\S+)')
TOKEN_RE = re.compile(r"[^0-9a-z]+")


@dataclass(frozen=True)
class Term:
    """Words that must follow each other (one word, a "quoted phrase", or a code like 104/KH-UBND), the last one
    matched as a prefix when it is the query's last word (still being typed) or ends with "*"."""

    tokens: tuple[str, ...]
    prefix: bool


def search_terms(query: str) -> list[Term]:
    found = PHRASE_RE.findall(query or "")
    terms = []
    for index, (phrase, star, word) in enumerate(found):
        text = phrase or word
        tokens = tuple(token for token in TOKEN_RE.split(fold(text)) if token)
        if tokens:
            last = index == len(found) - 1
            terms.append(Term(tokens, prefix=bool(star) or text.endswith("*") or (last and not phrase)))
    return terms[:12]


def _full_text(qs: QuerySet[Document], terms: list[Term], agency_ids: set[int]) -> QuerySet[Document]:
    """Every term must match. PostgreSQL: a tsquery over the stored, GIN-indexed search_vector, ANDed with the
    lexemes of the agencies the user belongs to (whatever they may see lies there); SQLite: FTS5; others:
    substrings of the folded text."""
    if not terms:
        return qs
    vendor = connection.vendor
    if vendor == "postgresql":
        parts = [" <-> ".join(t.tokens[:-1] + (t.tokens[-1] + (":*" if t.prefix else ""),)) for t in terms]
        query = " & ".join(f"({part})" for part in parts)
        if agency_ids:
            query = "(" + " | ".join(f"xcoquan{pk}" for pk in sorted(agency_ids)) + ") & " + query
        return qs.extra(
            where=["documents_document.search_vector @@ to_tsquery('congso_vi'::regconfig, %s)"],
            params=[query],
        )
    if vendor == "sqlite":
        match = " AND ".join('"' + " ".join(t.tokens) + '"' + ("*" if t.prefix else "") for t in terms)
        return qs.filter(
            pk__in=RawSQL("SELECT rowid FROM documents_fts WHERE documents_fts MATCH %s", [match])
        )
    for term in terms:
        qs = qs.filter(search_text__contains=" ".join(term.tokens))
    return qs


def document_search(
    *,
    user: Any,
    query: str = "",
    direction: str = "",
    document_type: str = "",
    issuer: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
    register_id: int | None = None,
    status: str = "",
    urgency: str = "",
    order: str = "relevance",
) -> QuerySet[Document]:
    """One search over subject, number/symbol, issuer, signer and the text of attached files, diacritic-
    insensitive on both databases (core.text.fold on the stored text and on the query), only what `user` may
    see. Relevance: documents whose subject holds the terms rank first."""
    qs = document_list(user=user, direction=direction or None)
    terms = search_terms(query)
    scope = user.agency_ids() if hasattr(user, "agency_ids") else set()
    qs = _full_text(qs, terms, scope)
    if document_type:
        qs = qs.filter(document_type__code=document_type)
    issuer_tokens = tuple(t for t in TOKEN_RE.split(fold(issuer)) if t)
    if issuer_tokens:
        qs = _full_text(qs, [Term(issuer_tokens, prefix=True)], scope)
    if date_from:
        qs = qs.filter(
            Q(issued_date__gte=date_from) | Q(issued_date__isnull=True, created_at__date__gte=date_from)
        )
    if date_to:
        qs = qs.filter(
            Q(issued_date__lte=date_to) | Q(issued_date__isnull=True, created_at__date__lte=date_to)
        )
    if register_id:
        qs = qs.filter(register_id=register_id)
    if status:
        qs = qs.filter(status=status)
    if urgency:
        qs = qs.filter(urgency=urgency)
    if order == "date" or not terms:
        return qs.order_by("-issued_date", "-created_at", "-pk")
    # Relevance: how many of the terms the subject holds, then how recent.
    score = sum(
        (
            Case(
                When(subject_folded__contains=" ".join(term.tokens), then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
            for term in terms
        ),
        Value(0),
    )
    return qs.annotate(relevance=score).order_by("-relevance", "-issued_date", "-created_at", "-pk")
