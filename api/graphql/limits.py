"""Query limits checked before execution, on the coerced argument values.

GraphQL validation rules cannot see variable values, so page sizes, depths and
the query cost are checked after validation (`api.graphql.pipeline`), in one
pass over the selected operation with fragments expanded: argument bounds,
maximum depth, aliases, directives per field, a cost that multiplies nested
page sizes the way GitHub's node limit does, and no NUL character in any
string argument. Nothing here adds validation rules, so a validated document
is kept and reused whatever its variables. A violation ends the request
before any resolver runs, with ``BAD_USER_INPUT`` or ``QUERY_TOO_COMPLEX``.
"""

from __future__ import annotations

import json
import re
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLField,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    get_named_type,
)
from graphql.execution.values import get_argument_values, get_variable_values

from api.graphql.errors import BadUserInput, QueryTooComplex
from api.graphql.pagination import DEFAULT_PAGE, MAX_PAGE

DEFAULT_BOUNDS: dict[str, tuple[int, int]] = {
    "first": (1, MAX_PAGE),
    "last": (1, MAX_PAGE),
    "depth": (1, 10),
    "radius": (1, 3),
}
FIELD_BOUNDS: dict[str, dict[str, tuple[int, int]]] = {
    "Query.search": {"first": (1, 50)},
    "Query.neighbourhood": {"maxNodes": (1, 200)},
    "Query.readyToLearn": {"first": (1, 50)},
}
# Items a list field without a page size is assumed to return, for the cost;
# traversal fields are assumed to return this many per level of `depth`.
LIST_ESTIMATE = 5
PER_DEPTH_ESTIMATE = 3

# Fields whose work is not in the nodes they return: a plan, an export, a graph
# walk. Their cost is what the work takes, in the unit of the node count (about
# the CPU of resolving that many nodes), so aliases cannot multiply it for free.
PLAN_COST = 1_000
BROAD_PLAN_COST = 6_000  # a whole domain: ~190 steps
EXPORT_COST = 1_000  # a domain, a neighbourhood, a closure or a plan
WHOLE_EXPORT_COST = 12_000  # every node and edge
WALK_COST = 100  # a shortest path or a neighbourhood
RANKING_COST = 500  # personalised PageRank over the graph

IsBroad = Callable[[str], bool]


def _field(values: dict[str, Any], name: str) -> Any:
    """A field of a coerced input object (a dict, or the input class Strawberry builds)."""
    if values is None:
        return None
    if isinstance(values, dict):
        return values.get(name)
    return getattr(values, name, None)


def _plan_cost(values: dict[str, Any], broad: IsBroad) -> int:
    targets = _field(values.get("input"), "targets") or []
    return BROAD_PLAN_COST if any(broad(t) for t in targets[:50]) else PLAN_COST


def _export_cost(values: dict[str, Any], broad: IsBroad) -> int:
    scope = values.get("scope")
    narrowed = any(_field(scope, name) for name in ("domains", "around", "targets", "plan_targets"))
    return EXPORT_COST if narrowed else WHOLE_EXPORT_COST


FIELD_COSTS: dict[str, Callable[[dict[str, Any], IsBroad], int]] = {
    "Query.studyPlan": _plan_cost,
    "SavedPlan.plan": lambda values, broad: PLAN_COST,
    "Query.export": _export_cost,
    "Query.path": lambda values, broad: WALK_COST,
    "Query.neighbourhood": lambda values, broad: WALK_COST,
    "Query.readyToLearn": lambda values, broad: RANKING_COST,
}


@dataclass(frozen=True)
class Limits:
    max_depth: int = 12
    max_aliases: int = 30
    max_directives: int = 5
    max_cost: int = 25_000


class _Walk:
    def __init__(
        self,
        schema: GraphQLSchema,
        fragments: dict[str, FragmentDefinitionNode],
        variables: Any,
        broad: IsBroad = lambda slug: False,
    ) -> None:
        self.schema = schema
        self.broad = broad
        self.fragments = fragments
        self.variables = variables
        self.errors: list[GraphQLError] = []
        self.aliases = 0
        self.depth = 0
        self.cost = 0

    def selections(
        self, parent: GraphQLObjectType | Any, node: SelectionSetNode, depth: int, scale: int,
        seen: frozenset[str],
    ) -> None:  # fmt: skip
        for selection in node.selections:
            if isinstance(selection, FieldNode):
                self.field(parent, selection, depth, scale, seen)
            elif isinstance(selection, InlineFragmentNode):
                target = (
                    self.schema.get_type(selection.type_condition.name.value)
                    if selection.type_condition
                    else parent
                )
                self.selections(target, selection.selection_set, depth, scale, seen)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                fragment = self.fragments.get(name)
                if fragment is None or name in seen:
                    continue
                target = self.schema.get_type(fragment.type_condition.name.value)
                self.selections(target, fragment.selection_set, depth, scale, seen | {name})

    def field(
        self, parent: Any, node: FieldNode, depth: int, scale: int, seen: frozenset[str]
    ) -> None:
        name = node.name.value
        if node.alias is not None:
            self.aliases += 1  # `__typename` aliases too: each is a field to answer
        if len(node.directives or ()) > self.limits_directives:
            self.errors.append(
                QueryTooComplex(
                    f"too many directives on `{name}` (at most {self.limits_directives})"
                )
            )
        if name.startswith("__"):
            return  # introspection is governed by the production switch, not counted
        fields = getattr(get_named_type(parent), "fields", {}) if parent is not None else {}
        definition: GraphQLField | None = fields.get(name)
        if definition is None:
            return
        self.depth = max(self.depth, depth)
        self.cost += scale
        values = self.arguments(parent, definition, node)
        work = FIELD_COSTS.get(f"{get_named_type(parent).name}.{name}")
        if work is not None:
            self.cost += scale * work(values, self.broad)
        if node.selection_set is None:
            return
        factor = self.factor(parent, definition, values)
        self.selections(definition.type, node.selection_set, depth + 1, scale * factor, seen)

    limits_directives = Limits.max_directives

    def arguments(self, parent: Any, definition: GraphQLField, node: FieldNode) -> dict[str, Any]:
        if not node.arguments:
            return {}
        try:
            values = get_argument_values(definition, node, self.variables)
        except GraphQLError:
            return {}  # reported by execution with its own message
        key = f"{get_named_type(parent).name}.{node.name.value}"
        bounds = DEFAULT_BOUNDS | FIELD_BOUNDS.get(key, {})
        for arg, value in values.items():
            flaw = _text_flaw(value)
            if flaw is not None:
                self.errors.append(
                    BadUserInput(
                        f"`{arg}` on `{node.name.value}` contains {flaw}",
                        argument=arg,
                        field=node.name.value,
                    )
                )
            if arg in bounds and isinstance(value, int):
                low, high = bounds[arg]
                if not low <= value <= high:
                    self.errors.append(
                        BadUserInput(
                            f"`{arg}` on `{node.name.value}` must be between {low} and {high}, "
                            f"got {value}",
                            argument=arg,
                            field=node.name.value,
                        )
                    )
        return values

    @staticmethod
    def factor(parent: Any, definition: GraphQLField, values: dict[str, Any]) -> int:
        if get_named_type(parent).name.endswith("Connection"):
            return 1  # edges/nodes of a page: the connection already counted the page size
        named = get_named_type(definition.type)
        if named.name.endswith("Connection"):
            return int(values.get("first") or values.get("last") or DEFAULT_PAGE)
        kind = (
            definition.type.of_type
            if isinstance(definition.type, GraphQLNonNull)
            else definition.type
        )
        if isinstance(kind, GraphQLList):
            if "depth" in values:
                return PER_DEPTH_ESTIMATE * int(values["depth"] or 1)
            return int(values.get("first") or values.get("maxNodes") or LIST_ESTIMATE)
        return 1


_SURROGATE = re.compile("[\ud800-\udfff]")


def _text_flaw(value: Any) -> str | None:
    """What makes a coerced argument's text unstorable, anywhere inside it; None if nothing.

    PostgreSQL text cannot hold U+0000, and a lone surrogate (which JSON's
    ``\\ud800`` escapes can carry) is not Unicode text at all: no UTF-8 encodes it.
    """
    if isinstance(value, str):
        if "\x00" in value:
            return "the NUL character (U+0000), which no text field accepts"
        if _SURROGATE.search(value):
            return "a lone surrogate (U+D800 to U+DFFF), which is not Unicode text"
        return None
    if isinstance(value, dict):
        items: Any = value.values()
    elif isinstance(value, list):
        items = value
    elif hasattr(value, "__dataclass_fields__"):
        items = vars(value).values()  # an input object as Strawberry builds it
    else:
        return None
    return next((flaw for v in items if (flaw := _text_flaw(v)) is not None), None)


def _operation(document: DocumentNode, name: str | None) -> OperationDefinitionNode | None:
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if name is None:
        return operations[0] if len(operations) == 1 else None
    return next((o for o in operations if o.name and o.name.value == name), None)


def check_query(
    schema: GraphQLSchema,
    document: DocumentNode,
    variables: dict[str, Any] | None,
    operation_name: str | None = None,
    limits: Limits = Limits(),
    broad: IsBroad = lambda slug: False,
    costs: list[int] | None = None,
) -> list[GraphQLError]:
    """Every limit the operation breaks (empty when it may run).

    `broad` tells whether a plan target is broad (a whole domain): such a plan
    costs more (see :data:`FIELD_COSTS`).
    """
    operation = _operation(document, operation_name)
    if operation is None:
        return []  # execution reports the missing or ambiguous operation
    coerced = get_variable_values(schema, operation.variable_definitions or (), variables or {})
    if isinstance(coerced, list):
        return []  # execution reports invalid variables
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    walk = _Walk(schema, fragments, coerced, broad)
    walk.limits_directives = limits.max_directives
    root = schema.get_root_type(operation.operation)
    walk.selections(root, operation.selection_set, 1, 1, frozenset())
    if costs is not None:
        costs.append(walk.cost)
    errors = list(walk.errors)
    if walk.depth > limits.max_depth:
        errors.append(
            QueryTooComplex(
                f"the query is {walk.depth} levels deep; the limit is {limits.max_depth}"
            )
        )
    if walk.aliases > limits.max_aliases:
        errors.append(
            QueryTooComplex(
                f"the query uses {walk.aliases} aliases; the limit is {limits.max_aliases}"
            )
        )
    if walk.cost > limits.max_cost:
        errors.append(
            QueryTooComplex(
                f"the query may return up to {walk.cost} nodes; the limit is {limits.max_cost} "
                "(lower `first`/`last` or split the query)",
                cost=walk.cost,
                limit=limits.max_cost,
            )
        )
    return errors


class CostCache:
    """Costs of operations that passed every limit, least recently used dropped first.

    A cost depends on the document, the operation, the variables and (through broad plan
    targets) the content version only, so a document sent again with the same variables
    is not walked again. Keyed by the document's identity (the parser cache hands the
    same document to every request with the same text), which is kept with the cost.
    Operations that break a limit are walked every time: their errors are fresh objects.
    """

    def __init__(self, maxsize: int = 1024) -> None:
        self.maxsize = maxsize
        self._costs: OrderedDict[tuple[Any, ...], tuple[DocumentNode, int]] = OrderedDict()

    @staticmethod
    def key(
        document: DocumentNode, name: str | None, variables: Any, version: int | None
    ) -> tuple[Any, ...] | None:
        if not variables:
            values = "{}"  # no variables and empty ones coerce alike
        else:
            try:
                values = json.dumps(variables, sort_keys=True, allow_nan=False)
            except (TypeError, ValueError):
                return None
        return (id(document), name, values, version)

    def get(self, key: tuple[Any, ...], document: DocumentNode) -> int | None:
        found = self._costs.get(key)
        if found is None or found[0] is not document:
            return None
        self._costs.move_to_end(key)
        return found[1]

    def put(self, key: tuple[Any, ...], document: DocumentNode, cost: int) -> None:
        self._costs[key] = (document, cost)
        if len(self._costs) > self.maxsize:
            self._costs.popitem(last=False)


class QueryLimiter:
    """Checks operations against `limits` before they run, keeping the costs of those that pass."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.costs = CostCache()

    def check(
        self,
        schema: GraphQLSchema,
        document: DocumentNode,
        operation_name: str | None,
        variables: dict[str, Any] | None,
        snapshot: Any,
    ) -> tuple[int | None, list[GraphQLError]]:
        """The operation's cost (None when it has none) and every limit it breaks."""
        key = CostCache.key(
            document, operation_name, variables, snapshot.version if snapshot is not None else None
        )
        cost = self.costs.get(key, document) if key is not None else None
        if cost is not None:
            return cost, []

        def broad(slug: str) -> bool:
            attrs = snapshot.node(slug) if snapshot is not None else None
            return attrs is not None and attrs["kind"] == "domain"

        costs: list[int] = []
        errors = check_query(schema, document, variables, operation_name, self.limits, broad, costs)
        cost = costs[0] if costs else None
        if cost is not None and not errors and key is not None:
            self.costs.put(key, document, cost)
        return cost, errors


def directive_errors(document: DocumentNode, max_directives: int) -> list[GraphQLError]:
    """Refuse a document with too many directives on one node before it is validated.

    Validation would otherwise report each unknown directive, doing work in
    proportion to the attack (graphql-cop's "directive overloading").
    """
    name, crowded = _most_directives(document)
    if crowded > max_directives:
        return [
            QueryTooComplex(
                f"too many directives on `{name}` ({crowded}; at most {max_directives})"
            )
        ]
    return []


def _most_directives(document: DocumentNode) -> tuple[str, int]:
    """The node carrying the most directives (its name) and how many it carries."""
    most, name = 0, ""
    stack: list[Any] = list(document.definitions)
    while stack:
        node = stack.pop()
        count = len(getattr(node, "directives", None) or ())
        if count > most:
            label = getattr(node, "name", None)
            most, name = count, label.value if label is not None else "the operation"
        selection_set = getattr(node, "selection_set", None)
        if selection_set is not None:
            stack.extend(selection_set.selections)
    return name, most
