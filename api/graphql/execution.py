"""An execution context that reads plain leaf fields without graphql-core's per-field machinery.

Most of a large response (a study plan, a page of concepts) is leaf fields that
just return an attribute: `slug`, `title`, `minutes`, `reason`. graphql-core
treats each one like any other field: a `Path`, a resolve-info object, the
resolver chain, `complete_value` with its type dispatch. That costs several
microseconds per field and dominates big responses.

`LeafFastPathExecutionContext` completes such fields directly when it is safe
to: the field has no arguments and no field extensions or permissions, its
value is a plain attribute or comes from a synchronous resolver that takes
only `self` (like `Concept.title`, which reads the snapshot), its type is a
scalar or enum (or a list of them), the selection carries no directives, the
schema has no exception handlers and no schema extension wraps resolvers.
Anything unusual (a resolver that raises, a `None` on a non-null field, a
value the scalar cannot coerce) goes back to the normal path, which runs the
field again and reports the error with its exact message, path and location.
Everything else (objects, lists of objects, abstract types, resolvers with
arguments or `info`) runs through graphql-core unchanged.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

from graphql import (
    GraphQLField,
    GraphQLLeafType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLResolveInfo,
    Undefined,
)
from graphql.execution.collect_fields import DeferUsage, FieldDetailsList, GroupedFieldSet
from graphql.pyutils import AwaitableOrValue, Path, gather_with_cancel, is_iterable
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.types.field import StrawberryField

from api.graphql.compiled import CompletionCache, Fallback, PlanCache, plain_read

PLANS_KEY = "prepgraph-plans"
"""Where a schema keeps its compiled plans (in the GraphQL schema's extensions)."""
COMPLETIONS_KEY = "prepgraph-completions"
"""Where it keeps the compiled completers of root fields graphql-core resolves."""


class _Leaf(NamedTuple):
    read: Callable[[Any], Any]
    coerce: Callable[[Any], Any]
    nullable: bool
    is_list: bool
    items_nullable: bool


_NOT_FAST: Any = object()


def _leaf_of(field: GraphQLField) -> _Leaf | None:
    """How to read `field` directly, or None when it needs the normal path."""
    definition = field.extensions.get("strawberry-definition")
    if not isinstance(definition, StrawberryField) or definition.extensions or field.args:
        return None
    read = plain_read(definition)
    if read is None:
        return None
    kind = field.type
    nullable = not isinstance(kind, GraphQLNonNull)
    if not nullable:
        kind = kind.of_type
    is_list = isinstance(kind, GraphQLList)
    items_nullable = True
    if is_list:
        kind = kind.of_type
        items_nullable = not isinstance(kind, GraphQLNonNull)
        if not items_nullable:
            kind = kind.of_type
    if not isinstance(kind, GraphQLLeafType):
        return None
    return _Leaf(read, kind.coerce_output_value, nullable, is_list, items_nullable)


def leaves_of(parent_type: GraphQLObjectType) -> dict[str, _Leaf]:
    """Fast-path fields of an object type, computed once and kept on the type."""
    cached = parent_type.extensions.get("prepgraph-leaves")
    if cached is None:
        cached = {}
        for name, field in parent_type.fields.items():
            leaf = _leaf_of(field)
            if leaf is not None:
                cached[name] = leaf
        parent_type.extensions["prepgraph-leaves"] = cached
    return cached


def _read(leaf: _Leaf, source: Any) -> Any:
    """The completed value, or _NOT_FAST to let graphql-core handle the field."""
    try:
        value = leaf.read(source)
    except Exception:
        return _NOT_FAST
    if value is None:
        return None if leaf.nullable else _NOT_FAST
    coerce = leaf.coerce
    try:
        if not leaf.is_list:
            coerced = coerce(value)
            return _NOT_FAST if coerced is None or coerced is Undefined else coerced
        if not is_iterable(value):  # graphql-core's own test: no strings or mappings
            return _NOT_FAST
        items = []
        for item in value:
            if item is None:
                if not leaf.items_nullable:
                    return _NOT_FAST
                items.append(None)
                continue
            coerced = coerce(item)
            if coerced is None or coerced is Undefined:
                return _NOT_FAST
            items.append(coerced)
        return items
    except Exception:
        return _NOT_FAST


class LeafFastPathExecutionContext(StrawberryGraphQLCoreExecutionContext):
    """Strawberry's execution context with compiled query plans and the leaf fast path.

    A query operation runs from its compiled plan (`api.graphql.compiled`) when it has
    one and the run completes; otherwise, and for mutations, graphql-core executes it
    with the plain-leaf fast path described above.
    """

    compiled = True
    """Run compiled plans (a class attribute, so tests can build a reference executor)."""
    verify = False
    """Also run graphql-core after every compiled run and fail on any difference: the test
    suite turns this on, so every query it sends proves the plans' equivalence."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        manager = self.middleware_manager
        strawberry_schema = getattr(self.schema, "_strawberry_schema", None)
        handlers = getattr(strawberry_schema, "exception_handlers", None)
        self._fast = (manager is None or not manager.middlewares) and not handlers

    def execute_collected_root_fields(
        self,
        root_type: GraphQLObjectType,
        root_value: Any,
        grouped_field_set: GroupedFieldSet,
        serially: bool,
        new_defer_usages: Sequence[DeferUsage],
    ) -> AwaitableOrValue[dict[str, Any]]:
        if self.compiled and self._fast and not serially and not new_defer_usages:
            cache = self.schema.extensions.get(PLANS_KEY)
            if cache is None:
                cache = self.schema.extensions[PLANS_KEY] = PlanCache()
            plan = cache.get(self, root_type, grouped_field_set)
            if plan is not None:
                try:
                    data = plan.run(self, root_value)
                except Fallback:
                    pass
                else:
                    if self.verify:
                        self._verify(data, root_type, root_value, grouped_field_set)
                    return data
        return super().execute_collected_root_fields(
            root_type, root_value, grouped_field_set, serially, new_defer_usages
        )

    def complete_value(
        self,
        return_type: GraphQLOutputType,
        field_details_list: FieldDetailsList,
        info: GraphQLResolveInfo,
        path: Path,
        result: Any,
        position_context: Any,
    ) -> AwaitableOrValue[Any]:
        """A root field's resolved value, completed by its compiled selection when it has one.

        Reached for the root fields of operations that did not compile as a whole (an
        asynchronous study plan): graphql-core resolved the field and handles its errors;
        the plan only completes the value, and hands anything unusual back.
        """
        if (
            self.compiled
            and self._fast
            and path.prev is None
            and result is not None
            and not self.is_awaitable(result)
            and isinstance(info.parent_type, GraphQLObjectType)
        ):
            cache = self.schema.extensions.get(COMPLETIONS_KEY)
            if cache is None:
                cache = self.schema.extensions[COMPLETIONS_KEY] = CompletionCache()
            completion = cache.get(self, info.parent_type, field_details_list, path.key)
            if completion is not None:
                try:
                    completed = completion(self, result)
                except Fallback:
                    pass
                else:
                    if self.verify:
                        reference = super().complete_value(
                            return_type, field_details_list, info, path, result, position_context
                        )
                        if self.is_awaitable(reference):
                            self.settle_in_background([reference])
                            raise AssertionError("a compiled completion was asynchronous")
                        self._compare({path.key: completed}, {path.key: reference})
                    return completed
        return super().complete_value(
            return_type, field_details_list, info, path, result, position_context
        )

    def _compare(self, data: dict[str, Any], reference: Any) -> None:
        errors = list(self.collected_errors.errors)
        # Order matters too: the response is serialised in the order of these dicts.
        if json.dumps(reference) != json.dumps(data) or errors:
            raise AssertionError(
                f"compiled plan answered {data!r}, graphql-core {reference!r} ({errors!r})"
            )

    def _verify(
        self,
        data: dict[str, Any],
        root_type: GraphQLObjectType,
        root_value: Any,
        grouped_field_set: GroupedFieldSet,
    ) -> None:
        reference = super().execute_collected_root_fields(
            root_type, root_value, grouped_field_set, False, ()
        )
        if self.is_awaitable(reference):
            self.settle_in_background([reference])
            raise AssertionError("a compiled operation was asynchronous for graphql-core")
        self._compare(data, reference)

    def execute_fields(
        self,
        parent_type: GraphQLObjectType,
        source_value: Any,
        path: Path | None,
        grouped_field_set: GroupedFieldSet,
        position_context: Any,
    ) -> AwaitableOrValue[dict[str, Any]]:
        if not self._fast:
            return super().execute_fields(
                parent_type, source_value, path, grouped_field_set, position_context
            )
        leaves = leaves_of(parent_type)
        results: dict[str, Any] = {}
        is_awaitable = self.is_awaitable
        awaitable_fields: list[str] = []
        try:
            for response_name, field_details_list in grouped_field_set.items():
                node = field_details_list[0].node
                leaf = leaves.get(node.name.value)
                if leaf is not None and not node.arguments and not node.directives:
                    value = _read(leaf, source_value)
                    if value is not _NOT_FAST:
                        results[response_name] = value
                        continue
                result = self.execute_field(
                    parent_type,
                    source_value,
                    field_details_list,
                    Path(path, response_name, parent_type.name),
                    position_context,
                )
                if result is not Undefined:
                    results[response_name] = result
                    if is_awaitable(result):
                        awaitable_fields.append(response_name)
        except Exception:
            if awaitable_fields:
                self.settle_in_background([results[field] for field in awaitable_fields])
            raise
        if not awaitable_fields:
            return results

        async def get_results() -> dict[str, Any]:
            if len(awaitable_fields) == 1:
                field = awaitable_fields[0]
                results[field] = await results[field]
            else:
                awaited = await gather_with_cancel(*(results[f] for f in awaitable_fields))
                results.update(zip(awaitable_fields, awaited, strict=True))
            return results

        return get_results()
