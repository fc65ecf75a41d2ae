"""Learners: mastery, prompt practice with FSRS, saved plans, recommendations."""

from __future__ import annotations

import unicodedata
from datetime import UTC, date, datetime
from enum import Enum
from typing import Annotated, Any

import strawberry
from strawberry import Private
from strawberry.scalars import JSON
from strawberry.types import Info

from api.graphql.arguments import AfterArg, BeforeArg, FirstArg, LastArg
from api.graphql.errors import BadUserInput, NotFound
from api.graphql.ids import decode_id, encode_id
from api.graphql.pagination import id_after, page_size, paginate, rows_page
from api.graphql.queries.plan import StudyPlanInput, run_plan
from api.graphql.types.connection import Connection, to_connection
from api.graphql.types.enums import Seniority
from api.graphql.types.nodes import Concept, Node, Prompt, node_of
from api.graphql.types.plan import StudyPlan
from graph.algorithms import ready_to_learn
from graph.auth import Principal, issue_token
from graph.db import parse_database_id, transaction
from graph.practice import due_of, review, reviews_by_day
from graph.snapshot import Snapshot
from graph.store.accounts import AccountRepository
from graph.store.learning import LearningRepository
from graph.suggest import did_you_mean

MAX_NAME = 100
MAX_PLAN_NAME = 200


def display_name(value: str, limit: int) -> str:
    """A trimmed name of 1..limit printable characters, or BAD_USER_INPUT."""
    name = value.strip()
    if not 1 <= len(name) <= limit:
        raise BadUserInput(f"`name` must be 1 to {limit} characters", argument="name")
    if any(unicodedata.category(c) == "Cc" for c in name):
        raise BadUserInput("`name` must not contain control characters", argument="name")
    return name


@strawberry.enum(description="How well a learner knows a concept.")
class MasteryState(Enum):
    LEARNING = strawberry.enum_value("learning", description="Studying it now")
    KNOWN = strawberry.enum_value("known", description="Known: plans skip it")


@strawberry.enum(description="How an attempt at a prompt went (FSRS ratings).")
class Rating(Enum):
    AGAIN = strawberry.enum_value("again", description="Could not answer")
    HARD = strawberry.enum_value("hard", description="Answered with difficulty")
    GOOD = strawberry.enum_value("good", description="Answered well")
    EASY = strawberry.enum_value("easy", description="Answered easily")


@strawberry.type(description="A learner's state for one concept.")
class MasteryEntry(Node):
    learner_id: Private[int]
    concept: Concept = strawberry.field(description="The concept")
    state: MasteryState = strawberry.field(description="Learning or known")
    updated_at: datetime = strawberry.field(description="When it last changed")

    @strawberry.field(description="Opaque global id (the learner and the concept)")
    def id(self) -> strawberry.ID:
        concept_id = self.concept.attrs["id"]
        return strawberry.ID(encode_id("MasteryEntry", f"{self.learner_id}-{concept_id}"))


@strawberry.type(description="A prompt due for review.")
class DueReview:
    prompt: Prompt = strawberry.field(description="The prompt")
    due: datetime = strawberry.field(description="When it is due")


@strawberry.type(description="One practice attempt at a prompt.")
class Attempt(Node):
    db_id: Private[int]
    prompt: Prompt = strawberry.field(description="The prompt")
    rating: Rating = strawberry.field(description="How it went")
    reviewed_at: datetime = strawberry.field(description="When")
    next_due: datetime = strawberry.field(description="When FSRS schedules it next")

    @strawberry.field(description="Opaque global id")
    def id(self) -> strawberry.ID:
        return strawberry.ID(encode_id("Attempt", self.db_id))


@strawberry.type(description="A concept to learn next, and why.")
class Recommendation:
    concept: Concept = strawberry.field(description="The concept")
    score: float = strawberry.field(description="Personalised PageRank score, higher first")
    reason: str = strawberry.field(description="Why it is suggested")
    unlocks: list[Concept] = strawberry.field(description="Concepts it helps unlock")


@strawberry.type(description="A study plan a learner saved, with their progress.")
class SavedPlan(Node):
    db_id: Private[int]
    name: str = strawberry.field(description="Name given when saving")
    request: JSON = strawberry.field(description="The StudyPlanInput it was saved with")
    version: int = strawberry.field(description="Row version")
    completed_slugs: Private[list[str]]
    plan_: Private[StudyPlan]
    snap: Private[Snapshot]

    @strawberry.field(description="Opaque global id")
    def id(self) -> strawberry.ID:
        return strawberry.ID(encode_id("SavedPlan", self.db_id))

    @strawberry.field(description="Concepts marked done in this plan")
    def completed(self) -> list[Concept]:
        return [node_of(self.snap, s) for s in self.completed_slugs if s in self.snap.graph]  # type: ignore[misc]

    @strawberry.field(
        description="The remaining plan, recomputed from today's content and progress"
    )
    def plan(self) -> StudyPlan:
        return self.plan_


@strawberry.type(description="The learner behind the token.")
class Learner(Node):
    db_id: Private[int]
    name: str = strawberry.field(description="Display name")

    @strawberry.field(description="Opaque global id")
    def id(self) -> strawberry.ID:
        return strawberry.ID(encode_id("Learner", self.db_id))

    @strawberry.field(description="Concepts the learner is learning or knows, by slug")
    async def mastery(
        self,
        info: Info,
        first: FirstArg = None,
        after: AfterArg = None,
        last: LastArg = None,
        before: BeforeArg = None,
    ) -> Connection[MasteryEntry]:
        snapshot = info.context.snapshot
        async with info.context.db() as session:
            rows = await LearningRepository(session, self.db_id).mastery()
        entries = [
            mastery_entry(snapshot, self.db_id, slug, state, at)
            for slug, state, at in rows
            if slug in snapshot.graph
        ]
        page = paginate(
            entries,
            lambda e: (e.concept.attrs["slug"],),
            first=first,
            after=after,
            last=last,
            before=before,
        )
        return to_connection(page, lambda entry: entry)  # type: ignore[no-any-return]

    @strawberry.field(description="Prompts due for review up to a date (default: today)")
    async def due_reviews(
        self,
        info: Info,
        until: Annotated[date | None, strawberry.argument(description="Last day")] = None,
    ) -> list[DueReview]:
        limit = until or datetime.now(UTC).date()
        async with info.context.db() as session:
            cards = await LearningRepository(session, self.db_id).cards()
        snapshot = info.context.snapshot
        return [
            DueReview(prompt=node_of(snapshot, slug), due=due)  # type: ignore[arg-type]
            for slug, due in cards
            if slug in snapshot.graph and _aware(due).date() <= limit
        ]

    @strawberry.field(description="Practice attempts, newest first")
    async def attempts(
        self, info: Info, first: FirstArg = None, after: AfterArg = None
    ) -> Connection[Attempt]:
        size = page_size(first)
        async with info.context.db() as session:
            repo = LearningRepository(session, self.db_id)
            rows = await repo.attempts(size + 1, before_id=id_after(after))
            total = await repo.count_attempts()
        snapshot = info.context.snapshot
        page = rows_page(rows, lambda row: (row[0],), first=first, after=after, total=total)
        return to_connection(page, lambda row: attempt_of(snapshot, row))  # type: ignore[no-any-return]

    @strawberry.field(description="Saved plans, oldest first")
    async def plans(
        self,
        info: Info,
        first: FirstArg = None,
        after: AfterArg = None,
        last: LastArg = None,
        before: BeforeArg = None,
    ) -> Connection[SavedPlan]:
        async with info.context.db() as session:
            rows = await LearningRepository(session, self.db_id).plans()
        page = paginate(rows, lambda r: (r.id,), first=first, after=after, last=last, before=before)
        built = {row.id: await _saved_plan(info, self.db_id, row) for _, row in page.items}
        return to_connection(page, lambda row: built[row.id])  # type: ignore[no-any-return]


def mastery_entry(
    snapshot: Snapshot, learner_id: int, slug: str, state: str, at: datetime
) -> MasteryEntry:
    return MasteryEntry(
        learner_id=learner_id,
        concept=node_of(snapshot, slug),  # type: ignore[arg-type]
        state=MasteryState(state),
        updated_at=at,
    )


def attempt_of(snapshot: Snapshot, row: tuple[int, str, str, datetime, datetime]) -> Attempt:
    attempt_id, slug, rating, at, due = row
    return Attempt(
        db_id=attempt_id,
        prompt=node_of(snapshot, slug),  # type: ignore[arg-type]
        rating=Rating(rating),
        reviewed_at=at,
        next_due=due,
    )


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


async def learner_context(
    info: Info, principal: Principal
) -> tuple[set[str], list[tuple[str, datetime]]]:
    """The learner's known concepts and review cards."""
    assert principal.learner_id is not None
    async with info.context.db() as session:
        repo = LearningRepository(session, principal.learner_id)
        mastery = await repo.mastery()
        cards = await repo.cards()
    known = {slug for slug, state, _ in mastery if state == "known"}
    return known, [(slug, _aware(due)) for slug, due in cards]


async def personal_plan(
    info: Info,
    principal: Principal | None,
    data: StudyPlanInput,
    extra_known: set[str] = frozenset(),  # type: ignore[assignment]
) -> StudyPlan:
    snapshot = info.context.snapshot
    known = set(data.known or ()) | set(extra_known)
    reviews = None
    if principal is not None and principal.learner_id is not None:
        mastered, cards = await learner_context(info, principal)
        known |= {s for s in mastered if s in snapshot.graph}
        start = data.start_date or datetime.now(UTC).date()
        due = [(slug, at) for slug, at in cards if slug in snapshot.graph]
        minutes = {slug: snapshot.graph.nodes[slug].get("minutes", 20) for slug, _ in due}
        reviews = reviews_by_day(due, start, minutes) or None
    return await run_plan(snapshot, data, known, reviews=reviews)


def _plan_input(request: dict[str, Any], *, start: date | None = None) -> StudyPlanInput:
    return StudyPlanInput(
        targets=list(request["targets"]),
        known=list(request.get("known") or []),
        minutes_per_day=request.get("minutesPerDay", 60),
        start_date=start
        or (date.fromisoformat(request["startDate"]) if request.get("startDate") else None),
        deadline=date.fromisoformat(request["deadline"]) if request.get("deadline") else None,
        seniority=Seniority(request.get("seniority", "senior")),
        include_articles=request.get("includeArticles", True),
        include_prompts=request.get("includePrompts", True),
        strict=request.get("strict", False),
        include_reviews=request.get("includeReviews", True),
        include_mock_interview=request.get("includeMockInterview", True),
    )


def _request_of(data: StudyPlanInput) -> dict[str, Any]:
    return {
        "targets": list(data.targets),
        "known": list(data.known or []),
        "minutesPerDay": data.minutes_per_day,
        "startDate": (data.start_date or datetime.now(UTC).date()).isoformat(),
        "deadline": data.deadline.isoformat() if data.deadline else None,
        "seniority": data.seniority.value,
        "includeArticles": data.include_articles,
        "includePrompts": data.include_prompts,
        "strict": data.strict,
        "includeReviews": data.include_reviews,
        "includeMockInterview": data.include_mock_interview,
    }


async def _saved_plan(info: Info, learner_id: int, row: Any) -> SavedPlan:
    principal = await info.context.principal()
    plan = await personal_plan(info, principal, _plan_input(row.request), set(row.completed))
    return SavedPlan(
        db_id=row.id,
        name=row.name,
        request=row.request,
        version=row.version,
        completed_slugs=list(row.completed),
        plan_=plan,
        snap=info.context.snapshot,
    )


def _concept(snapshot: Snapshot, slug: str, kind: str = "concept") -> dict[str, Any]:
    attrs = snapshot.node(slug)
    if attrs is None or attrs["kind"] != kind:
        raise BadUserInput(f"unknown {kind} {slug!r}{did_you_mean(slug, snapshot.of_kind(kind))}")
    return attrs  # type: ignore[return-value]


def _plan_id(plan_id: str) -> int:
    type_name, value = decode_id(plan_id)
    number = parse_database_id(value)
    if type_name != "SavedPlan" or number is None:
        raise NotFound("no such saved plan")
    return number


@strawberry.input(description="What every learner mutation input carries.")
class LearnerMutationInput:
    client_mutation_id: str | None = strawberry.field(
        default=None, description="Any string; echoed in the payload to match the response"
    )


@strawberry.input(description="A new learner.")
class CreateLearnerInput(LearnerMutationInput):
    name: str = strawberry.field(description="Display name")


@strawberry.input(description="A concept's new mastery state.")
class SetMasteryInput(LearnerMutationInput):
    concept: str = strawberry.field(description="Concept slug")
    state: MasteryState | None = strawberry.field(description="New state; null clears it")


@strawberry.input(description="One practice attempt.")
class RecordAttemptInput(LearnerMutationInput):
    prompt: str = strawberry.field(description="Prompt slug")
    rating: Rating = strawberry.field(description="How it went")


@strawberry.input(description="A study plan to save.")
class SavePlanInput(LearnerMutationInput):
    plan: StudyPlanInput = strawberry.field(description="The plan request")
    name: str | None = strawberry.field(default=None, description='A name (default "My plan")')


@strawberry.input(description="A step of a saved plan that is done.")
class CompleteStepInput(LearnerMutationInput):
    plan: strawberry.ID = strawberry.field(description="Saved plan id")
    concept: str = strawberry.field(description="Concept slug")


@strawberry.input(description="A saved plan to plan again.")
class ReplanInput(LearnerMutationInput):
    plan: strawberry.ID = strawberry.field(description="Saved plan id")
    start_date: date | None = strawberry.field(
        default=None, description="New first day (default today)"
    )
    minutes_per_day: int | None = strawberry.field(default=None, description="New daily budget")


@strawberry.type(description="A new learner and their token (shown only this once).")
class CreateLearnerPayload:
    client_mutation_id: str | None = strawberry.field(description="As given in the input")
    learner: Learner = strawberry.field(description="The learner")
    token: str = strawberry.field(description="Bearer token; store it, it is never shown again")


@strawberry.type(description="A mastery change: the entry (null when cleared) and its learner.")
class SetMasteryPayload:
    client_mutation_id: str | None = strawberry.field(description="As given in the input")
    mastery_entry: MasteryEntry | None = strawberry.field(
        description="The entry as it is now; null when the state was cleared"
    )
    cleared_id: strawberry.ID | None = strawberry.field(
        description="Global id of the entry that was cleared (evict it from caches)"
    )
    concept: Concept = strawberry.field(description="The concept")
    learner: Learner = strawberry.field(description="The learner, to refetch `mastery` from")


@strawberry.type(description="A recorded attempt and its learner.")
class RecordAttemptPayload:
    client_mutation_id: str | None = strawberry.field(description="As given in the input")
    attempt: Attempt = strawberry.field(description="The attempt, with its id")
    learner: Learner = strawberry.field(
        description="The learner, to refetch `attempts` and `dueReviews` from"
    )


@strawberry.type(description="A saved, replanned or advanced plan and its learner.")
class SavedPlanPayload:
    client_mutation_id: str | None = strawberry.field(description="As given in the input")
    saved_plan: SavedPlan = strawberry.field(description="The saved plan as it is now")
    learner: Learner = strawberry.field(description="The learner, to refetch `plans` from")


@strawberry.type(description="A completed step: the plan and the concept now known.")
class CompleteStepPayload:
    client_mutation_id: str | None = strawberry.field(description="As given in the input")
    saved_plan: SavedPlan = strawberry.field(description="The saved plan as it is now")
    mastery_entry: MasteryEntry = strawberry.field(
        description="The concept's mastery entry, now KNOWN"
    )
    learner: Learner = strawberry.field(description="The learner, to refetch `mastery` from")


@strawberry.type
class LearnerQuery:
    @strawberry.field(description="The learner behind the token; null without a learner token.")
    async def me(self, info: Info) -> Learner | None:
        principal = await info.context.principal()
        if principal is None or principal.learner_id is None:
            return None
        return Learner(db_id=principal.learner_id, name=principal.name)

    @strawberry.field(
        description="Concepts the learner can start now (all prerequisites known), ranked "
        "toward their targets and weak concepts (learner token)."
    )
    async def ready_to_learn(
        self,
        info: Info,
        first: Annotated[
            int | None, strawberry.argument(description="How many, 1..50 (default 10)")
        ] = None,
        targets: Annotated[
            list[str] | None, strawberry.argument(description="Slugs to steer toward")
        ] = None,
    ) -> list[Recommendation]:
        principal = await info.context.learner()
        first = 10 if first is None else first
        if not 1 <= first <= 50:
            raise BadUserInput("`first` must be between 1 and 50")
        snapshot = info.context.snapshot
        for slug in targets or ():
            if slug not in snapshot.graph:
                raise BadUserInput(f"unknown target {slug!r}{did_you_mean(slug, snapshot.graph)}")
        async with info.context.db() as session:
            mastery = await LearningRepository(session, principal.learner_id or 0).mastery()
        known = [s for s, state, _ in mastery if state == "known" and s in snapshot.graph]
        weak = [s for s, state, _ in mastery if state == "learning" and s in snapshot.graph]
        items = ready_to_learn(
            snapshot.graph, known=known, targets=targets or (), weak=weak, n=first
        )
        return [
            Recommendation(
                concept=node_of(snapshot, item.slug),  # type: ignore[arg-type]
                score=item.score,
                reason=item.reason,
                unlocks=[node_of(snapshot, s) for s in item.unlocks],  # type: ignore[misc]
            )
            for item in items
        ]


async def _me(info: Info) -> tuple[Principal, Learner]:
    principal = await info.context.learner()
    return principal, Learner(db_id=principal.learner_id or 0, name=principal.name)


@strawberry.type
class LearnerMutation:
    @strawberry.mutation(description="Create a learner; returns a learner token once.")
    async def create_learner(
        self,
        info: Info,
        input: Annotated[CreateLearnerInput, strawberry.argument(description="The learner")],
    ) -> CreateLearnerPayload:
        name = display_name(input.name, MAX_NAME)
        async with transaction(info.context.sessionmaker, write=True) as session:
            learner = await AccountRepository(session).create_learner(name)
            token = await issue_token(
                session, info.context.settings.token_key, role="learner", name=name,
                learner_id=learner.id,
            )  # fmt: skip
        await info.context.after_write()
        return CreateLearnerPayload(
            client_mutation_id=input.client_mutation_id,
            learner=Learner(db_id=learner.id, name=name),
            token=token,
        )

    @strawberry.mutation(description="Mark a concept learning or known, or clear it with null.")
    async def set_mastery(
        self,
        info: Info,
        input: Annotated[SetMasteryInput, strawberry.argument(description="The change")],
    ) -> SetMasteryPayload:
        _principal, learner = await _me(info)
        snapshot = info.context.snapshot
        attrs = _concept(snapshot, input.concept)
        state = input.state.value if input.state else None
        async with transaction(info.context.sessionmaker, write=True) as session:
            repo = LearningRepository(session, learner.db_id)
            await repo.set_mastery(attrs["id"], state)
            rows = await repo.mastery(attrs["id"])
        await info.context.after_write()
        entry = mastery_entry(snapshot, learner.db_id, *rows[0]) if rows else None
        cleared = None
        if entry is None:
            cleared = encode_id("MasteryEntry", f"{learner.db_id}-{attrs['id']}")
        return SetMasteryPayload(
            client_mutation_id=input.client_mutation_id,
            mastery_entry=entry,
            cleared_id=strawberry.ID(cleared) if cleared else None,
            concept=node_of(snapshot, input.concept),  # type: ignore[arg-type]
            learner=learner,
        )

    @strawberry.mutation(description="Record a practice attempt; FSRS schedules the next review.")
    async def record_attempt(
        self,
        info: Info,
        input: Annotated[RecordAttemptInput, strawberry.argument(description="The attempt")],
    ) -> RecordAttemptPayload:
        _principal, learner = await _me(info)
        attrs = _concept(info.context.snapshot, input.prompt, "prompt")
        now = datetime.now(UTC)
        async with transaction(info.context.sessionmaker, write=True) as session:
            repo = LearningRepository(session, learner.db_id)
            existing = await repo.card(attrs["id"])
            card = review(existing.card if existing else None, input.rating.value, now)
            due = due_of(card)
            await repo.save_card(attrs["id"], card, due)
            attempt_id = await repo.add_attempt(attrs["id"], input.rating.value, now, due)
        await info.context.after_write()
        attempt = Attempt(
            db_id=attempt_id,
            prompt=node_of(info.context.snapshot, input.prompt),  # type: ignore[arg-type]
            rating=input.rating,
            reviewed_at=now,
            next_due=due,
        )
        return RecordAttemptPayload(
            client_mutation_id=input.client_mutation_id, attempt=attempt, learner=learner
        )

    @strawberry.mutation(description="Save a study plan to follow it over time.")
    async def save_plan(
        self,
        info: Info,
        input: Annotated[SavePlanInput, strawberry.argument(description="The plan to save")],
    ) -> SavedPlanPayload:
        principal, learner = await _me(info)
        await personal_plan(info, principal, input.plan)  # validates the request
        name = display_name("My plan" if input.name is None else input.name, MAX_PLAN_NAME)
        async with transaction(info.context.sessionmaker, write=True) as session:
            row = await LearningRepository(session, learner.db_id).add_plan(
                name, _request_of(input.plan)
            )
        await info.context.after_write()
        return SavedPlanPayload(
            client_mutation_id=input.client_mutation_id,
            saved_plan=await _saved_plan(info, learner.db_id, row),
            learner=learner,
        )

    @strawberry.mutation(description="Mark a step of a saved plan done (and the concept known).")
    async def complete_step(
        self,
        info: Info,
        input: Annotated[CompleteStepInput, strawberry.argument(description="The step")],
    ) -> CompleteStepPayload:
        _principal, learner = await _me(info)
        snapshot = info.context.snapshot
        attrs = _concept(snapshot, input.concept)
        async with transaction(info.context.sessionmaker, write=True) as session:
            repo = LearningRepository(session, learner.db_id)
            row = await repo.plan(_plan_id(input.plan), for_update=True)
            if row is None:
                raise NotFound("no such saved plan")
            if input.concept not in row.completed:
                row.completed = [*row.completed, input.concept]
            await repo.set_mastery(attrs["id"], "known")
            rows = await repo.mastery(attrs["id"])
        await info.context.after_write()
        return CompleteStepPayload(
            client_mutation_id=input.client_mutation_id,
            saved_plan=await _saved_plan(info, learner.db_id, row),
            mastery_entry=mastery_entry(snapshot, learner.db_id, *rows[0]),
            learner=learner,
        )

    @strawberry.mutation(
        description="Re-plan a saved plan from a new start date (default today): completed "
        "work stays done, the rest shifts."
    )
    async def replan(
        self,
        info: Info,
        input: Annotated[ReplanInput, strawberry.argument(description="The new schedule")],
    ) -> SavedPlanPayload:
        principal, learner = await _me(info)
        async with transaction(info.context.sessionmaker, write=True) as session:
            repo = LearningRepository(session, learner.db_id)
            row = await repo.plan(_plan_id(input.plan), for_update=True)
            if row is None:
                raise NotFound("no such saved plan")
            request = dict(row.request)
            request["startDate"] = (input.start_date or datetime.now(UTC).date()).isoformat()
            if input.minutes_per_day is not None:
                request["minutesPerDay"] = input.minutes_per_day
            await personal_plan(info, principal, _plan_input(request), set(row.completed))
            row.request = request
        await info.context.after_write()
        return SavedPlanPayload(
            client_mutation_id=input.client_mutation_id,
            saved_plan=await _saved_plan(info, learner.db_id, row),
            learner=learner,
        )
