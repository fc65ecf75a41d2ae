"""Learners through the real app: mastery, FSRS practice, saved plans, isolation."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import text as text_sql

from tests.conftest import GraphQLClient

CREATE = "mutation($n: String!) { createLearner(input: {name: $n}) { token learner { id name } } }"
PLAN = """query($input: StudyPlanInput!) {
  studyPlan(input: $input) {
    totalMinutes fitsDeadline minutesPerDayNeeded warnings
    steps { position node { slug } day reason }
    unscheduled { node { slug } }
    days { day date steps { node { slug } } reviews { slug } }
    knownTargets { slug }
  }
}"""


async def _learner(gql: GraphQLClient, name: str) -> dict[str, str]:
    data = await gql.data(CREATE, {"n": name})
    token = data["createLearner"]["token"]
    assert token.startswith("pgr_")
    return {"Authorization": f"Bearer {token}"}


def _slugs(plan: dict[str, Any]) -> list[str]:
    return [s["node"]["slug"] for s in plan["steps"]]


async def test_plan_respects_mastery_and_known(gql: GraphQLClient) -> None:
    anonymous = (await gql.data(PLAN, {"input": {"targets": ["hnsw"], "includePrompts": False}}))[
        "studyPlan"
    ]
    assert _slugs(anonymous) == [
        "embeddings",
        "nearest-neighbor-search",
        "approximate-nearest-neighbor-search",
        "hnsw",
    ]
    assert anonymous["steps"][0]["reason"].startswith("Prerequisite of Nearest neighbour search")
    assert anonymous["steps"][-1]["reason"] == "Your target"
    alice = await _learner(gql, "alice")
    await gql.data(
        'mutation { setMastery(input: {concept: "nearest-neighbor-search", state: KNOWN})'
        " { concept { slug } } }",
        headers=alice,
    )
    mine = (await gql.data(PLAN, {"input": {"targets": ["hnsw"]}}, headers=alice))["studyPlan"]
    assert _slugs(mine) == ["approximate-nearest-neighbor-search", "hnsw"]
    # the known list in the request merges with mastery
    both = await gql.data(PLAN, {"input": {"targets": ["hnsw"], "known": ["hnsw"]}}, headers=alice)
    assert both["studyPlan"]["steps"] == []
    assert both["studyPlan"]["knownTargets"] == [{"slug": "hnsw"}]
    assert "hnsw is already known" in both["studyPlan"]["warnings"][0]


async def test_deadline_reports_what_does_not_fit(gql: GraphQLClient) -> None:
    data = await gql.data(
        PLAN,
        {
            "input": {
                "targets": ["ivf-pq", "training-serving-skew"],
                "minutesPerDay": 30,
                "startDate": "2030-01-01",
                "deadline": "2030-01-03",
            }
        },
    )
    plan = data["studyPlan"]
    assert plan["fitsDeadline"] is False
    assert plan["unscheduled"]
    assert plan["minutesPerDayNeeded"] > 30
    assert plan["days"][0]["date"] == "2030-01-01"
    assert len(plan["days"]) <= 3


async def test_bad_plan_input(gql: GraphQLClient) -> None:
    code, message, _ = await gql.error(
        PLAN, {"input": {"targets": ["hnws", "feture-store"], "minutesPerDay": 2000}}
    )
    assert code == "BAD_USER_INPUT"
    assert "unknown target 'hnws' (did you mean 'hnsw'" in message
    assert "unknown target 'feture-store' (did you mean 'feature-store'" in message
    assert "`minutesPerDay` must be between 1 and 1440" in message
    code, message, _ = await gql.error(PLAN, {"input": {"targets": []}})
    assert (code, "at least one" in message) == ("BAD_USER_INPUT", True)
    code, message, _ = await gql.error(
        PLAN, {"input": {"targets": ["hnsw"], "startDate": "2030-01-05", "deadline": "2030-01-01"}}
    )
    assert "before the start date" in message
    code, message, _ = await gql.error(PLAN, {"input": {"targets": [f"t{i}" for i in range(60)]}})
    assert "at most 50 targets" in message


async def test_targets_of_any_kind(gql: GraphQLClient) -> None:
    by_article = await gql.data(PLAN, {"input": {"targets": ["feature-stores"]}})
    assert set(_slugs(by_article["studyPlan"])) == {
        "feature-store",
        "point-in-time-correctness",
        "training-serving-skew",
    }
    by_day = await gql.data(PLAN, {"input": {"targets": ["roadmap-day-2"]}})
    assert "hnsw" in _slugs(by_day["studyPlan"])


async def test_practice_schedules_reviews(gql: GraphQLClient) -> None:
    alice = await _learner(gql, "alice")
    data = await gql.data(
        'mutation { recordAttempt(input: {prompt: "q-explain-hnsw", rating: AGAIN, '
        'clientMutationId: "a1"}) { clientMutationId attempt { id rating nextDue prompt { slug } } '
        "learner { attempts(first: 1) { nodes { id } } } } }",
        headers=alice,
    )
    assert data["recordAttempt"]["clientMutationId"] == "a1"
    attempt = data["recordAttempt"]["attempt"]
    # the payload brings the learner's list as it is now: no refetch needed
    assert data["recordAttempt"]["learner"]["attempts"]["nodes"] == [{"id": attempt["id"]}]
    assert attempt["rating"] == "AGAIN"
    me = await gql.data(
        "{ me { name dueReviews { prompt { slug } due } attempts { nodes { rating } } } }",
        headers=alice,
    )
    assert me["me"]["name"] == "alice"
    assert me["me"]["dueReviews"][0]["prompt"]["slug"] == "q-explain-hnsw"
    # RFC 3339 with an offset on both backends (SQLite stores datetimes without a zone)
    for moment in (me["me"]["dueReviews"][0]["due"], attempt["nextDue"]):
        assert dt.datetime.fromisoformat(moment).utcoffset() == dt.timedelta(0), moment
    plan = await gql.data(PLAN, {"input": {"targets": ["caching"]}}, headers=alice)
    assert plan["studyPlan"]["days"][0]["reviews"] == [{"slug": "q-explain-hnsw"}]
    code, _, _ = await gql.error(
        'mutation { recordAttempt(input: {prompt: "hnsw", rating: GOOD}) { attempt { rating } } }',
        headers=alice,
    )
    assert code == "BAD_USER_INPUT"


async def test_saved_plans_complete_and_replan(gql: GraphQLClient) -> None:
    alice = await _learner(gql, "alice")
    saved = await gql.data(
        'mutation { savePlan(input: {name: "vectors", plan: {targets: ["hnsw"], '
        'startDate: "2030-01-01"}}) { savedPlan { id name plan { steps { node { slug } } } } '
        "learner { plans { nodes { id } } } } }",
        headers=alice,
    )
    plan_id = saved["savePlan"]["savedPlan"]["id"]
    assert len(saved["savePlan"]["savedPlan"]["plan"]["steps"]) == 4
    assert saved["savePlan"]["learner"]["plans"]["nodes"] == [{"id": plan_id}]
    done = await gql.data(
        'mutation($p: ID!) { completeStep(input: {plan: $p, concept: "embeddings"}) '
        "{ savedPlan { completed { slug } plan { steps { node { slug } } } } "
        "masteryEntry { state concept { slug } } } }",
        {"p": plan_id},
        headers=alice,
    )
    assert done["completeStep"]["savedPlan"]["completed"] == [{"slug": "embeddings"}]
    assert len(done["completeStep"]["savedPlan"]["plan"]["steps"]) == 3
    assert done["completeStep"]["masteryEntry"] == {
        "state": "KNOWN",
        "concept": {"slug": "embeddings"},
    }
    replanned = await gql.data(
        'mutation($p: ID!) { replan(input: {plan: $p, startDate: "2030-02-01"}) '
        "{ savedPlan { request plan { days { date } steps { node { slug } } } } } }",
        {"p": plan_id},
        headers=alice,
    )
    again = replanned["replan"]["savedPlan"]
    assert again["plan"]["days"][0]["date"] == "2030-02-01"
    assert len(again["plan"]["steps"]) == 3


async def test_learners_are_isolated(gql: GraphQLClient) -> None:
    alice, bob = await _learner(gql, "alice"), await _learner(gql, "bob")
    await gql.data(
        'mutation { setMastery(input: {concept: "embeddings", state: KNOWN})'
        " { concept { slug } } }",
        headers=alice,
    )
    await gql.data(
        'mutation { recordAttempt(input: {prompt: "q-explain-hnsw", rating: GOOD})'
        " { attempt { rating } } }",
        headers=alice,
    )
    saved = await gql.data(
        'mutation { savePlan(input: {plan: {targets: ["hnsw"]}}) { savedPlan { id } } }',
        headers=alice,
    )
    plan_id = saved["savePlan"]["savedPlan"]["id"]
    me = (
        await gql.data(
            "{ me { name mastery { nodes { concept { slug } } } attempts { nodes { rating } } "
            "plans { totalCount nodes { id } } "
            'dueReviews(until: "2100-01-01") { due } } }',
            headers=bob,
        )
    )["me"]
    assert me == {
        "name": "bob",
        "mastery": {"nodes": []},
        "attempts": {"nodes": []},
        "plans": {"totalCount": 0, "nodes": []},
        "dueReviews": [],
    }
    for mutation in (
        'mutation($p: ID!) { completeStep(input: {plan: $p, concept: "embeddings"})'
        " { savedPlan { id } } }",
        "mutation($p: ID!) { replan(input: {plan: $p}) { savedPlan { id } } }",
    ):
        code, _, _ = await gql.error(mutation, {"p": plan_id}, headers=bob)
        assert code == "NOT_FOUND"
    # bob's plan is not personalised by alice's mastery
    plan = (await gql.data(PLAN, {"input": {"targets": ["hnsw"]}}, headers=bob))["studyPlan"]
    assert "embeddings" in _slugs(plan)
    # learner tokens never grant editor rights
    code, _, _ = await gql.error(
        'mutation { deleteNode(input: {slug: "hnsw"}) { slug } }', headers=alice
    )
    assert code == "FORBIDDEN"
    # and learner-only fields refuse anonymous callers
    code, _, _ = await gql.error("{ readyToLearn { reason } }")
    assert code == "UNAUTHENTICATED"


async def test_ready_to_learn(gql: GraphQLClient) -> None:
    alice = await _learner(gql, "alice")
    await gql.data(
        'mutation { setMastery(input: {concept: "embeddings", state: KNOWN})'
        " { concept { slug } } }",
        headers=alice,
    )
    data = await gql.data(
        '{ readyToLearn(first: 5, targets: ["hnsw"]) { concept { slug } score reason } }',
        headers=alice,
    )
    slugs = [r["concept"]["slug"] for r in data["readyToLearn"]]
    assert slugs[0] == "nearest-neighbor-search"
    assert "embeddings" not in slugs
    assert all(r["reason"] for r in data["readyToLearn"])


SAVE = """mutation($input: StudyPlanInput!, $name: String!) {
  savePlan(input: {plan: $input, name: $name}) { savedPlan { name } }
}"""


async def test_names_are_checked_and_nothing_written(gql: GraphQLClient) -> None:
    headers = await _learner(gql, "  Ada  ")
    me = await gql.data("{ me { name plans { nodes { name } } } }", headers=headers)
    assert me["me"] == {"name": "Ada", "plans": {"nodes": []}}
    cases = [
        ("nul\x00name", "contains the NUL character (U+0000)"),
        ("bell\x07", "must not contain control characters"),
        ("   ", "must be 1 to"),
        ("x" * 201, "must be 1 to"),
    ]
    for name, message in cases:
        code, text, _ = await gql.error(CREATE, {"n": name})
        assert (code, message in text) == ("BAD_USER_INPUT", True), text
        code, text, _ = await gql.error(
            SAVE, {"input": {"targets": ["hnsw"]}, "name": name}, headers=headers
        )
        assert (code, message in text) == ("BAD_USER_INPUT", True), text
    async with gql.app.state.sessionmaker() as session:
        learners = await session.scalar(text_sql("SELECT count(*) FROM learners"))
    assert learners == 1
    mine = await gql.data("{ me { plans { nodes { name } } } }", headers=headers)
    assert mine["me"]["plans"] == {"nodes": []}
    saved = await gql.data(
        SAVE, {"input": {"targets": ["hnsw"]}, "name": " Week 1 "}, headers=headers
    )
    assert saved["savePlan"]["savedPlan"]["name"] == "Week 1"


async def test_concurrent_step_completions_on_one_plan_all_apply(gql: GraphQLClient) -> None:
    import asyncio

    alice = await _learner(gql, "alice")
    saved = await gql.data(
        'mutation { savePlan(input: {name: "all", plan: {targets: ["ivf-pq", "hnsw", '
        '"training-serving-skew", "point-in-time-correctness"]}}) '
        "{ savedPlan { id plan { steps { node { slug } } } } } }",
        headers=alice,
    )
    plan_id = saved["savePlan"]["savedPlan"]["id"]
    concepts = [s["node"]["slug"] for s in saved["savePlan"]["savedPlan"]["plan"]["steps"]]
    assert len(concepts) >= 8

    async def complete(concept: str) -> dict[str, Any]:
        return await gql(
            "mutation($p: ID!, $c: String!) { completeStep(input: {plan: $p, concept: $c})"
            " { savedPlan { id } } }",
            {"p": plan_id, "c": concept},
            headers=alice,
        )

    answers = await asyncio.gather(*(complete(c) for c in concepts))
    assert [a.get("errors") for a in answers] == [None] * len(concepts)
    me = await gql.data("{ me { plans { nodes { completed { slug } } } } }", headers=alice)
    plan = me["me"]["plans"]["nodes"][0]
    assert sorted(c["slug"] for c in plan["completed"]) == sorted(concepts)
