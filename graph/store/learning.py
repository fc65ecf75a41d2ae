"""Repository of a learner's own data: mastery, review cards, attempts and saved plans.

Every query is scoped by ``learner_id``: nothing here can read another learner's rows.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from graph.models import Attempt, Mastery, Node, ReviewCard, SavedPlan


class LearningRepository:
    def __init__(self, session: AsyncSession, learner_id: int) -> None:
        self.session = session
        self.learner_id = learner_id

    async def mastery(self, concept_id: int | None = None) -> list[tuple[str, str, datetime]]:
        """(concept slug, state, updated at) by slug; only one concept's with `concept_id`."""
        query = (
            select(Node.slug, Mastery.state, Mastery.updated_at)
            .join(Node, Node.id == Mastery.concept_id)
            .where(Mastery.learner_id == self.learner_id)
            .order_by(Node.slug)
        )
        if concept_id is not None:
            query = query.where(Mastery.concept_id == concept_id)
        return [(slug, state, at) for slug, state, at in await self.session.execute(query)]

    async def set_mastery(self, concept_id: int, state: str | None) -> None:
        row = await self.session.get(Mastery, (self.learner_id, concept_id))
        if state is None:
            if row is not None:
                await self.session.delete(row)
        elif row is None:
            self.session.add(
                Mastery(learner_id=self.learner_id, concept_id=concept_id, state=state)
            )
        else:
            row.state = state
        await self.session.flush()

    async def card(self, prompt_id: int) -> ReviewCard | None:
        return await self.session.get(ReviewCard, (self.learner_id, prompt_id))

    async def save_card(self, prompt_id: int, card: dict[str, Any], due: datetime) -> None:
        row = await self.card(prompt_id)
        if row is None:
            self.session.add(
                ReviewCard(learner_id=self.learner_id, prompt_id=prompt_id, card=card, due=due)
            )
        else:
            row.card, row.due = card, due
        await self.session.flush()

    async def add_attempt(self, prompt_id: int, rating: str, at: datetime, due: datetime) -> int:
        attempt = Attempt(
            learner_id=self.learner_id,
            prompt_id=prompt_id,
            rating=rating,
            reviewed_at=at,
            due=due,
        )
        self.session.add(attempt)
        await self.session.flush()
        return attempt.id

    async def attempts(
        self, limit: int = 50, *, before_id: int | None = None, attempt_id: int | None = None
    ) -> list[tuple[int, str, str, datetime, datetime]]:
        """(id, prompt slug, rating, reviewed at, next due), newest first.

        `before_id` pages on (attempts older than it); `attempt_id` picks one.
        """
        query = (
            select(Attempt.id, Node.slug, Attempt.rating, Attempt.reviewed_at, Attempt.due)
            .join(Node, Node.id == Attempt.prompt_id)
            .where(Attempt.learner_id == self.learner_id)
            .order_by(Attempt.id.desc())
            .limit(limit)
        )
        if before_id is not None:
            query = query.where(Attempt.id < before_id)
        if attempt_id is not None:
            query = query.where(Attempt.id == attempt_id)
        return [tuple(row) for row in await self.session.execute(query)]  # type: ignore[misc]

    async def count_attempts(self) -> int:
        return int(
            await self.session.scalar(
                select(func.count())
                .select_from(Attempt)
                .where(Attempt.learner_id == self.learner_id)
            )
            or 0
        )

    async def cards(self) -> list[tuple[str, datetime]]:
        rows = await self.session.execute(
            select(Node.slug, ReviewCard.due)
            .join(Node, Node.id == ReviewCard.prompt_id)
            .where(ReviewCard.learner_id == self.learner_id)
            .order_by(ReviewCard.due, Node.slug)
        )
        return [(slug, due) for slug, due in rows]

    async def plans(self) -> list[SavedPlan]:
        return list(
            await self.session.scalars(
                select(SavedPlan)
                .where(SavedPlan.learner_id == self.learner_id)
                .order_by(SavedPlan.id)
            )
        )

    async def plan(self, plan_id: int, *, for_update: bool = False) -> SavedPlan | None:
        """The learner's saved plan; `for_update` locks its row until the transaction ends.

        Changes to one plan then run one after another (on PostgreSQL; SQLite's
        write transactions already do), so none is lost or refused as stale.
        """
        query = select(SavedPlan).where(
            SavedPlan.id == plan_id, SavedPlan.learner_id == self.learner_id
        )
        if for_update:
            query = query.with_for_update()
        return await self.session.scalar(query)

    async def add_plan(self, name: str, request: dict[str, Any]) -> SavedPlan:
        plan = SavedPlan(learner_id=self.learner_id, name=name, request=request, completed=[])
        self.session.add(plan)
        await self.session.flush()
        return plan

    async def delete_plan(self, plan_id: int) -> bool:
        result = await self.session.execute(
            delete(SavedPlan).where(
                SavedPlan.id == plan_id, SavedPlan.learner_id == self.learner_id
            )
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]
