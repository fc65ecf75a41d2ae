"""Argument bounds checked before any resolver runs.

GraphQL validation rules cannot see variable values, so page sizes and
traversal depths passed as variables are checked here, in the execute hook,
on the coerced argument values of every field of the document. A violation
ends the request with ``BAD_USER_INPUT`` and no resolver runs.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from graphql import (
    DocumentNode,
    ExecutionResult,
    FieldNode,
    GraphQLError,
    GraphQLSchema,
    OperationDefinitionNode,
    TypeInfo,
    TypeInfoVisitor,
    Visitor,
    get_named_type,
    visit,
)
from graphql.execution.values import get_argument_values, get_variable_values
from strawberry.extensions import SchemaExtension

from api.graphql.errors import BadUserInput
from api.graphql.pagination import MAX_PAGE

# (argument, low, high) by default, and overrides per "Type.field".
DEFAULT_BOUNDS: dict[str, tuple[int, int]] = {
    "first": (1, MAX_PAGE),
    "last": (1, MAX_PAGE),
    "depth": (1, 10),
    "radius": (1, 3),
}
FIELD_BOUNDS: dict[str, dict[str, tuple[int, int]]] = {
    "Query.search": {"first": (1, 50)},
    "Query.neighbourhood": {"maxNodes": (1, 200)},
}


class _BoundsVisitor(Visitor):
    def __init__(self, type_info: TypeInfo, variables: Any) -> None:
        super().__init__()
        self.type_info = type_info
        self.variables = variables  # graphql-core VariableValues
        self.errors: list[GraphQLError] = []

    def enter_field(self, node: FieldNode, *_: Any) -> None:
        field = self.type_info.get_field_def()
        parent = self.type_info.get_parent_type()
        if field is None or parent is None or not node.arguments:
            return
        try:
            values = get_argument_values(field, node, self.variables)
        except GraphQLError:
            return  # reported by validation / coercion with its own message
        bounds = DEFAULT_BOUNDS | FIELD_BOUNDS.get(
            f"{get_named_type(parent).name}.{node.name.value}", {}
        )
        for name, value in values.items():
            if name in bounds and isinstance(value, int):
                low, high = bounds[name]
                if not low <= value <= high:
                    self.errors.append(
                        BadUserInput(
                            f"`{name}` on `{node.name.value}` must be between {low} and {high}, "
                            f"got {value}",
                            argument=name,
                            field=node.name.value,
                        )
                    )


def _operation(document: DocumentNode, name: str | None) -> OperationDefinitionNode | None:
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if name is None:
        return operations[0] if len(operations) == 1 else None
    return next((o for o in operations if o.name and o.name.value == name), None)


def check_bounds(
    schema: GraphQLSchema,
    document: DocumentNode,
    variables: dict[str, Any] | None,
    operation_name: str | None = None,
) -> list[GraphQLError]:
    operation = _operation(document, operation_name)
    if operation is None:
        return []  # execution reports the missing or ambiguous operation
    coerced = get_variable_values(schema, operation.variable_definitions or (), variables or {})
    if isinstance(coerced, list):
        return []  # execution reports invalid variables
    type_info = TypeInfo(schema)
    visitor = _BoundsVisitor(type_info, coerced)
    visit(operation, TypeInfoVisitor(type_info, visitor))
    return visitor.errors


class ArgumentBounds(SchemaExtension):
    """Refuse out-of-range page sizes, depths and radii before execution."""

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        if document is not None and not context.result:
            errors = check_bounds(
                context.schema._schema, document, context.variables, context.operation_name
            )
            if errors:
                context.result = ExecutionResult(data=None, errors=errors)
        yield
