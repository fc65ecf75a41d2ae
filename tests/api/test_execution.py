"""The plain-leaf fast path answers exactly what graphql-core's own field execution answers."""

from __future__ import annotations

from enum import Enum
from typing import Any

import strawberry
from graphql import ExecutionResult
from strawberry.extensions import SchemaExtension
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from api.graphql.context import Context
from api.graphql.execution import LeafFastPathExecutionContext, leaves_of
from api.graphql.scalars import SCALAR_OVERRIDES
from api.graphql.schema import Mutation, PrepGraphSchema, Query
from api.graphql.types.nodes import Article, Concept, Domain, Prompt, RoadmapDay
from tests.conftest import GraphQLClient

PLAN = """query($t: [String!]!, $withDays: Boolean!) {
  studyPlan(input: {targets: $t, minutesPerDay: 45, known: ["embeddings"]}) {
    totalMinutes minutesPerDay fitsDeadline minutesPerDayNeeded warnings
    targets { __typename slug } knownTargets { slug }
    steps {
      position minutes conceptMinutes day lastDay reason isTarget
      node { __typename id slug kind title summary tags version createdAt updatedAt
             ... on Concept { difficulty estimatedMinutes } }
      requiredBy { slug } targets { slug } articles { slug title } prompts { slug seniority }
    }
    days @include(if: $withDays) {
      day date minutes
      slots { node { slug } minutes part parts }
      reviews { slug }
      steps { position }
    }
    unscheduled { position }
  }
}"""

PLAN_NO_DIRECTIVES = (
    PLAN.replace("$withDays: Boolean!", "")
    .replace("days @include(if: $withDays)", "days")
    .replace("query($t: [String!]!, )", "query($t: [String!]!)")
)

READS = [
    (
        """{ concepts(first: 3, orderBy: {field: TITLE}) {
          totalCount pageInfo { hasNextPage endCursor }
          edges { cursor node { slug t: title difficulty estimatedMinutes
                                tags prerequisites(depth: 2) { slug } } } } }""",
        None,
    ),
    (
        """query($skip: Boolean!) { concept(slug: "hnsw") {
          ...Fields  title @skip(if: $skip) domain { slug title } } }
        fragment Fields on Concept { slug kind body estimatedMinutes }""",
        {"skip": True},
    ),
    ('{ path(from: "hnsw", to: "embeddings") { length nodes { slug } edges { kind } } }', None),
    ('{ neighbourhood(slug: "hnsw", radius: 2) { truncated nodes { slug kind } } }', None),
    (
        '{ search(query: "vector indx") { correctedQuery edges { score snippet node { slug } } } }',
        None,
    ),
    (
        """query($q: String!, $n: Int) { search(query: $q, first: $n) { correctedQuery
          edges { cursor score node { __typename slug ... on Concept { difficulty }
                                      ... on Article { minutes: readMinutes } } } } }""",
        {"q": "feature store", "n": 5},
    ),
    (
        """{ a: concept(slug: "hnsw") { id slug } b: concept(slug: "nope") { slug }
             k: knowledgeNode(slug: "hnsw") { __typename kind ... on Concept { aliases } }
             domains { slug title conceptCount: concepts(first: 2) { totalCount } } }""",
        None,
    ),
    (
        """query($id: ID!) { node(id: $id) { __typename id ... on Concept { slug } }
             nodes(ids: [$id, "bm9wZQ=="]) { id } }""",
        {"id": "Q29uY2VwdDpobnN3"},
    ),
    (
        """{ concept(slug: "hnsw") { slug slug ...A ...B prompts { slug text }
             articles { slug } dependents { slug } parts { slug } } }
        fragment A on Concept { prerequisites { slug } }
        fragment B on KnowledgeNode { ... on Concept { prerequisites { title } } }""",
        None,
    ),
    ('{ concept(slug: "hnsw") { slug prerequisites(depth: 99) { slug } } }', None),
]


def _twin(extensions: Any = ()) -> PrepGraphSchema:
    """The same schema on Strawberry's stock execution context."""
    return PrepGraphSchema(
        query=Query,
        mutation=Mutation,
        types=[Concept, Article, Prompt, RoadmapDay, Domain],
        extensions=extensions,
        scalar_overrides=SCALAR_OVERRIDES,
    )


class CountingFast(LeafFastPathExecutionContext):
    """Counts the fields that go through graphql-core's `execute_field`."""

    calls = 0
    verify = False  # the suite-wide check would execute every field a second time

    def execute_field(self, *args: Any, **kwargs: Any) -> Any:
        CountingFast.calls += 1
        return super().execute_field(*args, **kwargs)


class CountingStock(StrawberryGraphQLCoreExecutionContext):
    calls = 0

    def execute_field(self, *args: Any, **kwargs: Any) -> Any:
        CountingStock.calls += 1
        return super().execute_field(*args, **kwargs)


def _formatted(result: ExecutionResult) -> dict[str, Any]:
    return {
        "data": result.data,
        "errors": [e.formatted for e in result.errors or []],
    }


async def _execute(
    gql: GraphQLClient, schema: Any, query: str, variables: dict[str, Any] | None
) -> ExecutionResult:
    """Run ``query`` on ``schema`` with a request context of the app under test."""
    state = gql.app.state
    context = Context(
        snapshot=await state.snapshots.get(),
        snapshots=state.snapshots,
        sessionmaker=state.sessionmaker,
        settings=state.settings,
    )
    try:
        result: ExecutionResult = await schema.execute(
            query, variable_values=variables, context_value=context
        )
    finally:
        await context.close()
    return result


async def _both(gql: GraphQLClient, query: str, variables: dict[str, Any] | None) -> list[Any]:
    state = gql.app.state
    return [
        _formatted(await _execute(gql, schema, query, variables))
        for schema in (state.schema, _twin(state.schema.extensions))
    ]


async def test_compiled_plan_with_an_asynchronous_root_identical_to_stock(
    gql: GraphQLClient,
) -> None:
    fast, stock = await _both(gql, PLAN_NO_DIRECTIVES, {"t": ["hnsw", "ivf-pq"]})
    assert fast == stock and not fast["errors"]
    assert fast["data"]["studyPlan"]["days"]
    # a resolver error in the awaited root field falls back to graphql-core's answer
    fast, stock = await _both(gql, PLAN_NO_DIRECTIVES, {"t": ["no-such-concept"]})
    assert fast == stock and fast["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_plan_identical_to_stock_execution(gql: GraphQLClient) -> None:
    for with_days in (True, False):
        fast, stock = await _both(
            gql, PLAN, {"t": ["hnsw", "ivf-pq", "vector-search-at-scale"], "withDays": with_days}
        )
        assert fast == stock
        assert not fast["errors"]
        steps = fast["data"]["studyPlan"]["steps"]
        assert len(steps) >= 3 and steps[0]["node"]["createdAt"]


async def test_reads_and_errors_identical_to_stock_execution(gql: GraphQLClient) -> None:
    for query, variables in READS:
        fast, stock = await _both(gql, query, variables)
        assert fast == stock, query
        if "bm9wZQ" not in query and "depth: 99" not in query:
            assert fast["data"] and not fast["errors"], query
        else:
            assert [e["extensions"]["code"] for e in fast["errors"]] == ["BAD_USER_INPUT"]
    found = await gql.data('{ concept(slug: "hnsw") { id } }')
    node_query = """query($id: ID!) { node(id: $id) { __typename id ... on Concept { slug } }
        nodes(ids: [$id]) { ... on KnowledgeNode { slug } } }"""
    fast, stock = await _both(gql, node_query, {"id": found["concept"]["id"]})
    assert fast == stock and fast["data"]["node"]["slug"] == "hnsw"


async def test_compiled_plans_run_without_per_field_execution(gql: GraphQLClient) -> None:
    """Queries without directives run from their plan: graphql-core executes no field,
    or only an asynchronous root field whose value the plan then completes."""
    schema = PrepGraphSchema(
        query=Query,
        mutation=Mutation,
        types=[Concept, Article, Prompt, RoadmapDay, Domain],
        execution_context_class=CountingFast,
    )
    for query, variables, expected in [
        (READS[0][0], None, "none"),
        (READS[-2][0], None, "none"),  # fragments on an interface, merged selections
        (PLAN_NO_DIRECTIVES, {"t": ["hnsw"]}, "root"),  # an asynchronous root field
        (PLAN, {"t": ["hnsw"], "withDays": True}, "all"),  # @include: graphql-core runs it
        (READS[-1][0], None, "all"),  # the resolver raises: the plan falls back
    ]:
        CountingFast.calls = 0
        await _execute(gql, schema, query, variables)
        calls = CountingFast.calls
        seen = "none" if calls == 0 else "root" if calls == 1 else "all"
        assert seen == expected, (query, calls)


async def test_fast_path_skips_per_field_execution(gql: GraphQLClient) -> None:
    """Plain leaves never reach `execute_field`; everything else still does."""
    variables = {"t": ["hnsw", "ivf-pq"], "withDays": True}
    counts = []
    for context_class, counter in ((CountingFast, CountingFast), (CountingStock, CountingStock)):
        schema = PrepGraphSchema(
            query=Query,
            mutation=Mutation,
            types=[Concept, Article, Prompt, RoadmapDay, Domain],
            execution_context_class=context_class,
        )
        result = await _execute(gql, schema, PLAN, variables)
        assert not result.errors
        counts.append(counter.calls)
    fast, stock = counts
    assert fast < stock / 3, counts
    assert fast > 0


def test_which_fields_are_plain() -> None:
    schema = _twin()._schema
    step = set(leaves_of(schema.type_map["StudyStep"]))
    assert {"position", "minutes", "reason", "isTarget", "day"} <= step
    # objects and resolvers over lists of nodes keep the normal path
    assert not {"node", "requiredBy", "articles", "prompts"} & step
    concept = set(leaves_of(schema.type_map["Concept"]))
    assert {"slug", "title", "kind", "tags", "difficulty", "estimatedMinutes"} <= concept
    assert "prerequisites" not in concept  # takes arguments
    assert "id" in concept  # a resolver that only takes `self`
    assert "cursor" in set(leaves_of(schema.type_map["ConceptEdge"]))  # `resolver=` with `self`


# A tiny schema with every way a leaf can go wrong.


@strawberry.enum
class Colour(Enum):
    RED = "red"


@strawberry.type
class Item:
    name: str
    note: str | None
    count: int
    tags: list[str]
    maybe_tags: list[str | None]
    colour: Colour

    @strawberry.field
    def shout(self) -> str:
        return self.name.upper()

    @strawberry.field
    def broken(self) -> str | None:
        raise ValueError("broken resolver")


@strawberry.type
class ItemQuery:
    @strawberry.field
    def items(self) -> list[Item | None]:
        return [
            Item(
                name="a", note=None, count=1, tags=["x"], maybe_tags=["y", None], colour=Colour.RED
            ),
            Item(name=None, note="n", count=2, tags=[], maybe_tags=[], colour=Colour.RED),  # type: ignore[arg-type]
            Item(name="c", note=None, count="many", tags=[], maybe_tags=[], colour=Colour.RED),  # type: ignore[arg-type]
            Item(name="d", note=None, count=4, tags=["z", None], maybe_tags=[], colour=Colour.RED),  # type: ignore[list-item]
            Item(name="e", note=None, count=5, tags=[], maybe_tags=[], colour="red"),  # type: ignore[arg-type]
        ]


ITEMS = "{ items { name note count tags maybeTags colour shout broken alias: count } }"


async def test_leaf_errors_match_stock_execution() -> None:
    fast = strawberry.Schema(query=ItemQuery, execution_context_class=LeafFastPathExecutionContext)
    stock = strawberry.Schema(query=ItemQuery)
    a, b = _formatted(await fast.execute(ITEMS)), _formatted(await stock.execute(ITEMS))
    assert a == b
    assert a["data"]["items"][0] == {
        "name": "a",
        "note": None,
        "count": 1,
        "tags": ["x"],
        "maybeTags": ["y", None],
        "colour": "RED",
        "shout": "A",
        "broken": None,
        "alias": 1,
    }
    paths = {tuple(e["path"]) for e in a["errors"]}
    assert ("items", 1, "name") in paths  # null on a non-null field
    assert ("items", 2, "count") in paths  # value the scalar cannot coerce
    assert ("items", 3, "tags", 1) in paths  # null item in a non-null list
    assert ("items", 0, "broken") in paths  # resolver that raises
    assert a["data"]["items"][1] is None and a["data"]["items"][2] is None


class SeesEveryField(SchemaExtension):
    seen: list[str] = []

    def resolve(self, _next: Any, root: Any, info: Any, *args: Any, **kwargs: Any) -> Any:
        SeesEveryField.seen.append(info.field_name)
        return _next(root, info, *args, **kwargs)


async def test_resolver_extensions_still_see_every_field() -> None:
    seen = []
    for context_class in (LeafFastPathExecutionContext, None):
        schema = strawberry.Schema(
            query=ItemQuery, extensions=[SeesEveryField], execution_context_class=context_class
        )
        SeesEveryField.seen = []
        await schema.execute("{ items { name count tags } }")
        seen.append(SeesEveryField.seen)
    assert seen[0] == seen[1]
    assert seen[0].count("name") == 5


async def test_verification_catches_a_plan_that_answers_differently(gql: GraphQLClient) -> None:
    """The suite-wide check is real: a plan that reads a wrong value fails the request."""
    from api.graphql.execution import PLANS_KEY

    query = '{ concept(slug: "hnsw") { slug title } }'
    assert (await gql.data(query))["concept"]["title"]
    cache = gql.app.state.schema._schema.extensions[PLANS_KEY]
    plan = next(p for _, p in reversed(cache._plans._entries.values()) if p is not None)
    concept = plan.root.fields[0].sub
    title = next(f for f in concept.fields if f.key == "title")
    title.read = lambda _source: "Not the title"
    body = (await gql.http.post("/graphql", json={"query": query})).json()
    assert "compiled plan answered" in body["errors"][0]["message"]
