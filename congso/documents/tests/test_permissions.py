"""Permission matrix for documents: role × relation to the document × action. No path lets a user of one agency
read another agency's internal document."""

import pytest

from congso.accounts.models import User
from congso.accounts.tests.factories import CitizenFactory, UserFactory, make_member
from congso.core.roles import Role
from congso.documents import permissions as perm
from congso.documents import services
from congso.documents.selectors import document_search

from .factories import docx_upload, draft_data, incoming_data, make_office

pytestmark = pytest.mark.django_db

ROLES = [*Role.values, "citizen"]
RELATIONS = ["own_agency", "other_agency", "assigned"]
SECRECY = ["none", "secret"]

# (action, role, relation, secrecy) that are allowed; everything else is refused.
WIDE = {Role.CLERK, Role.LEADER}
ALLOWED: set[tuple[str, str, str, str]] = set()
for secrecy in SECRECY:
    for role in WIDE:
        ALLOWED |= {("view", role, "own_agency", secrecy), ("view", role, "assigned", secrecy)}
    for role in Role.values:  # whoever a document is assigned to sees it, whatever else they do
        ALLOWED.add(("view", role, "assigned", secrecy))
    ALLOWED |= {
        ("register", Role.CLERK, "own_agency", secrecy),
        ("register", Role.CLERK, "assigned", secrecy),
    }
    ALLOWED |= {("direct", Role.LEADER, "own_agency", secrecy), ("direct", Role.LEADER, "assigned", secrecy)}
    ALLOWED |= {("submit", Role.CLERK, "own_agency", secrecy), ("submit", Role.CLERK, "assigned", secrecy)}


@pytest.fixture
def world(db):
    home = make_office()
    away = make_office(short_name="SNV")
    documents = {}
    for secrecy in SECRECY:
        documents[secrecy] = services.incoming_document_register(
            actor=home.clerk,
            agency_id=home.agency.pk,
            data=incoming_data(secrecy=secrecy, code_number=f"{len(documents) + 1}"),
        )
    return home, away, documents


def _actor(role, relation, home, away, document):
    if role == "citizen":
        return CitizenFactory()
    user = UserFactory()
    make_member(user=user, agency=home.agency if relation != "other_agency" else away.agency, roles=[role])
    if relation == "assigned":
        document.assignments.create(kind="lead", user=user)
    return User.objects.get(pk=user.pk)


ACTIONS = {
    "view": lambda u, d: perm.can_view_document(u, d) and d in document_search(user=u),
    "register": lambda u, d: perm.can_register_incoming(u, d.agency_id),
    "direct": lambda u, d: perm.can_direct(u, d),
    "submit": lambda u, d: perm.can_submit(u, d),
}


@pytest.mark.parametrize("secrecy", SECRECY)
@pytest.mark.parametrize("relation", RELATIONS)
@pytest.mark.parametrize("role", ROLES)
def test_matrix(world, role, relation, secrecy):
    home, away, documents = world
    document = documents[secrecy]
    actor = _actor(role, relation, home, away, document)
    for action, check in ACTIONS.items():
        expected = (action, role, relation, secrecy) in ALLOWED
        assert bool(check(actor, document)) is expected, (action, role, relation, secrecy)


def test_drafts_are_seen_by_their_drafter_unit_head_and_the_agency_wide_roles(db):
    office = make_office()
    draft = services.outgoing_draft_create(
        actor=office.specialist, agency_id=office.agency.pk, data=draft_data(), main_file=docx_upload()
    )
    seen = {
        name: perm.can_view_document(getattr(office, name), draft)
        for name in ("clerk", "leader", "head", "specialist", "other_specialist")
    }
    assert seen == {
        "clerk": True,
        "leader": True,
        "head": True,
        "specialist": True,
        "other_specialist": False,
    }
    assert perm.can_edit_draft(office.specialist, draft) and not perm.can_edit_draft(
        office.other_specialist, draft
    )


def test_issued_documents_are_seen_by_the_whole_agency_unless_secret(db):
    office = make_office()
    away = make_office(short_name="SNV")
    issued = {}
    for secrecy in SECRECY:
        draft = services.outgoing_draft_create(
            actor=office.specialist,
            agency_id=office.agency.pk,
            data=draft_data(secrecy=secrecy),
            main_file=docx_upload(),
        )
        services.outgoing_draft_submit(actor=office.specialist, document=draft, leader=office.leader)
        services.outgoing_draft_review(actor=office.leader, document=draft, decision="approve")
        issued[secrecy] = services.outgoing_document_issue(actor=office.clerk, document=draft)
    assert perm.can_view_document(office.other_specialist, issued["none"])
    assert not perm.can_view_document(office.other_specialist, issued["secret"])
    assert not perm.can_view_document(away.clerk, issued["none"])
    assert not perm.can_view_document(away.leader, issued["secret"])
