"""`node(id:)` for objects that belong to someone: the same authorisation as their own fields.

A learner, their saved plans, attempts and mastery entries resolve only for
that learner's token; audit entries only for an editor or admin. Anyone else
gets null, exactly as for an id that does not exist, so an id reveals nothing.
"""

from __future__ import annotations

from strawberry.types import Info

from api.graphql.ids import decode_id
from api.graphql.learners import Learner, _saved_plan, attempt_of, mastery_entry
from api.graphql.queries.audit import audit_entry
from api.graphql.types.nodes import Node
from graph.auth import Principal
from graph.db import parse_database_id
from graph.store.accounts import AccountRepository
from graph.store.learning import LearningRepository

EDITORS = frozenset({"editor", "admin"})


async def personal_node(info: Info, global_id: str) -> Node | None:
    type_name, value = decode_id(global_id)
    principal: Principal | None = await info.context.principal()
    if principal is None:
        return None
    if type_name == "AuditEntry":
        number = parse_database_id(value)
        if principal.role not in EDITORS or number is None:
            return None
        async with info.context.db() as session:
            rows = await AccountRepository(session).audit_entries(entry_id=number, limit=1)
        return audit_entry(rows[0]) if rows else None
    learner_id = principal.learner_id
    if learner_id is None:
        return None
    snapshot = info.context.snapshot
    if type_name == "Learner":
        return Learner(db_id=learner_id, name=principal.name) if value == str(learner_id) else None
    if type_name == "MasteryEntry":
        owner, _, concept = value.partition("-")
        concept_id = parse_database_id(concept)
        slug = snapshot.by_id.get(concept_id) if concept_id is not None else None
        if owner != str(learner_id) or slug is None:
            return None
        async with info.context.db() as session:
            rows = await LearningRepository(session, learner_id).mastery(concept_id)
        return mastery_entry(snapshot, learner_id, *rows[0]) if rows else None
    number = parse_database_id(value)
    if number is None:
        return None
    if type_name == "SavedPlan":
        async with info.context.db() as session:
            row = await LearningRepository(session, learner_id).plan(number)
        return await _saved_plan(info, learner_id, row) if row is not None else None
    if type_name == "Attempt":
        async with info.context.db() as session:
            rows = await LearningRepository(session, learner_id).attempts(1, attempt_id=number)
        if not rows or rows[0][1] not in snapshot.graph:
            return None
        return attempt_of(snapshot, rows[0])
    return None
