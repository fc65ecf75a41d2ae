"""Execution plans: a query document compiled once, then run over the snapshot per request.

graphql-core executes every field of every object the same generic way: it builds a
`Path` and a resolve-info object, looks up the field definition, coerces the arguments
and converts them for Strawberry, calls the resolver through Strawberry's wrappers and
dispatches `complete_value` on the return type. For a page of 100 concepts that is a
few thousand calls whose outcome depends on the document and the schema only, never on
the data.

`compile_operation` does that work once per document: for each selection it resolves
the field definition, picks how to read the value (a plain attribute, a resolver that
takes only ``self``, or a resolver called with the field's arguments) and builds a
completer for the return type (leaf, list, object, or an abstract type resolved per
runtime type). `run_plan` then walks the result with closures only; arguments are
coerced and converted once per field per request, not once per object.

Plans cover queries whose every field is a synchronous Strawberry field without field
extensions or permissions, with no directives anywhere (``@skip``/``@include`` may
depend on variables), no introspection beyond ``__typename``, and no deferred work.
A query whose root field is asynchronous (a study plan computed in a worker thread)
is executed by graphql-core, which awaits the resolver and reports its errors, and
`CompletionCache` then completes the value it resolved to with a compiled completer
(falling back to graphql-core's completion, never re-running the root resolver).
Anything else is not compiled, and a compiled run that meets anything unusual (a
resolver that raises, a ``None`` on a non-null field, a value a scalar cannot
serialise, an awaitable, a runtime type that does not fit) stops with `Fallback`; the
caller then runs graphql-core's own execution, which produces the exact answer and
error. Query resolvers only read the immutable snapshot, so running one twice changes
nothing.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from enum import Enum
from operator import attrgetter
from typing import Any, Generic, TypeVar

from graphql import (
    FieldNode,
    GraphQLAbstractType,
    GraphQLField,
    GraphQLLeafType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    ListValueNode,
    ObjectValueNode,
    OperationDefinitionNode,
    OperationType,
    Undefined,
    ValueNode,
    VariableNode,
    Visitor,
    visit,
)
from graphql.execution.collect_fields import (
    FieldDetailsList,
    GroupedFieldSet,
    collect_subfields,
)
from graphql.execution.values import get_argument_values
from graphql.pyutils import Path, is_iterable
from strawberry.types.arguments import convert_arguments
from strawberry.types.cast import get_strawberry_type_cast
from strawberry.types.field import StrawberryField

__all__ = [
    "CompletionCache",
    "Fallback",
    "OperationPlan",
    "PlanCache",
    "compile_completion",
    "compile_operation",
]

STRAWBERRY_CONVERTER = "strawberry.schema.schema_converter"
"""Module of the `is_type_of` functions Strawberry generates."""

T = TypeVar("T")

MAX_PLANS = 1024
"""Compiled operations kept per schema (as many as the parser and validation caches)."""


class Fallback(Exception):
    """The compiled run met something only graphql-core's execution answers exactly."""


class NotCompilable(Exception):
    """The document uses something plans do not cover."""


Complete = Callable[["_Run", Any], Any]
"""Completes a raw value into its response value, or raises Fallback."""


class _Run:
    """Per-request state of one plan run: the execution context and prepared arguments."""

    __slots__ = ("context", "prepared")

    def __init__(self, context: Any) -> None:
        self.context = context
        self.prepared: dict[int, tuple[dict[str, Any], Any, Any]] = {}


class _FieldPlan:
    """How to produce one response key of an object."""

    __slots__ = (
        "complete",
        "constant",
        "definition",
        "details",
        "field_def",
        "key",
        "literal",
        "parent_type",
        "read",
        "resolver",
        "sub",
        "wants_info",
        "wants_parent",
        "wants_root",
        "wants_self",
    )

    def __init__(
        self,
        key: str,
        parent_type: GraphQLObjectType,
        field_def: GraphQLField | None,
        details: FieldDetailsList,
    ) -> None:
        self.key = key
        self.parent_type = parent_type
        self.field_def = field_def
        self.details = details
        self.definition: StrawberryField | None = None
        self.read: Callable[[Any], Any] | None = None
        self.resolver: Callable[..., Any] | None = None
        self.wants_self = False
        self.wants_info: str | None = None
        self.wants_root: str | None = None
        self.wants_parent: str | None = None
        self.complete: Complete = _identity
        self.sub: _ObjectPlan | None = None  # the selection on an object-typed field
        # Arguments written as literals (no variables) convert to the same values on every
        # request; when those are immutable they are kept here after the first request.
        self.literal = not any(
            _uses_variables(argument.value)
            for detail in details
            for argument in detail.node.arguments or ()
        )
        self.constant: dict[str, Any] | None = None

    def value(self, run: _Run, source: Any) -> Any:
        """The field's completed value on ``source``, or Fallback."""
        read = self.read
        if read is not None:
            try:
                raw = read(source)
            except Exception as exc:
                raise Fallback from exc
            return self.complete(run, raw)
        constant = self.constant
        if constant is not None and self.wants_info is None:
            kwargs, info = constant, None
        else:
            kwargs, info, _raw = self._prepared(run)
        call_kwargs = dict(kwargs)
        if self.wants_info is not None:
            call_kwargs[self.wants_info] = info
        if self.wants_root is not None:
            call_kwargs[self.wants_root] = source
        if self.wants_parent is not None:
            call_kwargs[self.wants_parent] = source
        assert self.resolver is not None
        try:
            raw = (
                self.resolver(source, **call_kwargs)
                if self.wants_self
                else self.resolver(**call_kwargs)
            )
        except Exception as exc:
            raise Fallback from exc
        return self.complete(run, raw)

    def raw_info(self, run: _Run) -> Any:
        """graphql-core's resolve info for this field, made once per request."""
        return self._prepared(run)[2]

    def _arguments(self, context: Any, nodes: list[FieldNode], info: Any) -> dict[str, Any]:
        """The resolver's keyword arguments, converted as Strawberry converts them."""
        assert self.field_def is not None and self.definition is not None
        strawberry_schema = context.schema._strawberry_schema
        try:
            coerced = get_argument_values(
                self.field_def,
                nodes[0],
                context.variable_values,
                self.details[0].fragment_variable_values,
                context.hide_suggestions,
            )
            return convert_arguments(  # type: ignore[no-any-return]
                coerced,
                self.definition.arguments,
                scalar_registry=strawberry_schema.schema_converter.scalar_registry,
                config=strawberry_schema.config,
                info=info,
            )
        except Exception as exc:
            raise Fallback from exc

    def _prepared(self, run: _Run) -> tuple[dict[str, Any], Any, Any]:
        """The converted arguments and both resolve infos, made once per request.

        The path of the infos names the field, not one object's position in a list:
        PrepGraph's resolvers read ``info.context`` only, and any error falls back to
        graphql-core, which reports the real path.
        """
        found = run.prepared.get(id(self))
        if found is not None:
            return found
        context = run.context
        assert self.field_def is not None
        nodes = [detail.node for detail in self.details]
        raw_info = context.build_resolve_info(
            self.field_def, nodes, self.parent_type, Path(None, self.key, self.parent_type.name)
        )
        kwargs: dict[str, Any] = {}
        info = None
        if self.definition is not None and self.resolver is not None:
            strawberry_schema = context.schema._strawberry_schema
            info = strawberry_schema.config.info_class(_raw_info=raw_info, _field=self.definition)
            if self.constant is not None:
                kwargs = self.constant
            else:
                kwargs = self._arguments(context, nodes, info)
                if self.literal and all(isinstance(v, IMMUTABLE) for v in kwargs.values()):
                    self.constant = kwargs  # the same for every request: kept with the plan
        found = (kwargs, info, raw_info)
        run.prepared[id(self)] = found
        return found


class _ObjectPlan:
    """The fields selected on one object type, in response order."""

    __slots__ = ("fields", "type")

    def __init__(self, object_type: GraphQLObjectType) -> None:
        self.type = object_type
        self.fields: list[_FieldPlan] = []

    def execute(self, run: _Run, source: Any) -> dict[str, Any]:
        return {plan.key: plan.value(run, source) for plan in self.fields}


class OperationPlan:
    """A compiled query operation; `run` answers ``data`` or raises Fallback."""

    __slots__ = ("operation", "root")

    def __init__(self, operation: OperationDefinitionNode, root: _ObjectPlan) -> None:
        self.operation = operation
        self.root = root

    def run(self, context: Any, root_value: Any) -> dict[str, Any]:
        return self.root.execute(_Run(context), root_value)


def _identity(_run: _Run, value: Any) -> Any:
    return value


IMMUTABLE = (str, int, float, bool, type(None), Enum, tuple, frozenset)
"""Argument values that resolvers cannot change, so one copy may serve every request."""


def _uses_variables(value: ValueNode) -> bool:
    if isinstance(value, VariableNode):
        return True
    if isinstance(value, ListValueNode):
        return any(_uses_variables(item) for item in value.values)
    if isinstance(value, ObjectValueNode):
        return any(_uses_variables(field.value) for field in value.fields)
    return False


def plain_read(definition: StrawberryField) -> Callable[[Any], Any] | None:
    """A function of the source object giving the field's raw value, if there is a plain one.

    Plain: an attribute read by the default resolver, or a synchronous resolver that
    takes only ``self`` (like ``Concept.title``, which reads the snapshot).
    """
    resolver = definition.base_resolver
    if resolver is None:
        if definition.default_resolver is not getattr:
            return None
        return attrgetter(definition.python_name)
    plain = (
        not resolver.is_async
        and not resolver.arguments
        and resolver.self_parameter is not None
        and resolver.info_parameter is None
        and resolver.root_parameter is None
        and resolver.parent_parameter is None
        and len(resolver.signature.parameters) == 1
    )
    func = resolver.wrapped_func
    return func if plain and callable(func) else None


class _Compiler:
    """Builds the plans of one operation from the execution context's schema and fragments."""

    def __init__(self, context: Any) -> None:
        self.context = context
        self.schema = context.schema

    def object_plan(self, object_type: GraphQLObjectType, fields: GroupedFieldSet) -> _ObjectPlan:
        plan = _ObjectPlan(object_type)
        for key, details in fields.items():
            plan.fields.append(self.field_plan(object_type, key, details))
        return plan

    def field_plan(
        self, parent_type: GraphQLObjectType, key: str, details: FieldDetailsList
    ) -> _FieldPlan:
        node = details[0].node
        name = node.name.value
        if name == "__typename":
            plan = _FieldPlan(key, parent_type, None, details)
            typename = parent_type.name
            plan.read = lambda _source: typename
            return plan
        if name.startswith("__"):
            raise NotCompilable(f"introspection field {name}")
        field_def = parent_type.fields.get(name)
        if field_def is None:
            raise NotCompilable(f"unknown field {parent_type.name}.{name}")
        definition = field_def.extensions.get("strawberry-definition")
        if not isinstance(definition, StrawberryField):
            raise NotCompilable(f"{parent_type.name}.{name} is not a Strawberry field")
        if definition.extensions or definition.permission_classes:
            raise NotCompilable(f"{parent_type.name}.{name} has field extensions")
        plan = _FieldPlan(key, parent_type, field_def, details)
        plan.definition = definition
        resolver = definition.base_resolver
        read = None if field_def.args else plain_read(definition)
        if resolver is None:
            if read is None:
                raise NotCompilable(f"{parent_type.name}.{name} has a custom default resolver")
            plan.read = read
        else:
            if resolver.is_async or resolver.is_graphql_generic:
                raise NotCompilable(f"{parent_type.name}.{name} is asynchronous or generic")
            func = resolver.wrapped_func
            if not callable(func):
                raise NotCompilable(f"{parent_type.name}.{name} has no callable resolver")
            if read is not None:
                plan.read = read
            else:
                plan.resolver = func
                plan.wants_self = resolver.self_parameter is not None
                info = resolver.info_parameter
                plan.wants_info = info.name if info is not None else None
                root = resolver.root_parameter
                plan.wants_root = root.name if root is not None else None
                parent = resolver.parent_parameter
                plan.wants_parent = parent.name if parent is not None else None
        plan.complete = self.completer(field_def.type, plan)
        return plan

    def completer(self, return_type: GraphQLOutputType, owner: _FieldPlan) -> Complete:
        """A function completing raw values of ``return_type`` (graphql-core's rules)."""
        details = owner.details
        if isinstance(return_type, GraphQLNonNull):
            inner = self.completer(return_type.of_type, owner)

            def complete_non_null(run: _Run, value: Any) -> Any:
                if value is None:
                    raise Fallback
                completed = inner(run, value)
                if completed is None:
                    raise Fallback
                return completed

            return complete_non_null

        if isinstance(return_type, GraphQLList):
            item = self.completer(return_type.of_type, owner)

            def complete_list(run: _Run, value: Any) -> Any:
                if value is None:
                    return None
                if not is_iterable(value):
                    raise Fallback
                return [item(run, element) for element in value]

            return complete_list

        if isinstance(return_type, GraphQLLeafType):
            serialize = return_type.coerce_output_value

            def complete_leaf(_run: _Run, value: Any) -> Any:
                if value is None:
                    return None
                try:
                    serialized = serialize(value)
                except Exception as exc:
                    raise Fallback from exc
                if serialized is None or serialized is Undefined:
                    raise Fallback
                return serialized

            return complete_leaf

        if isinstance(return_type, GraphQLObjectType):
            plan = self.object_plan(return_type, self.subfields(return_type, details))
            owner.sub = plan
            execute = plan.execute
            if return_type.is_type_of is None:

                def complete_object(run: _Run, value: Any) -> Any:
                    return None if value is None else execute(run, value)

                return complete_object

            is_type_of = return_type.is_type_of
            # Strawberry's own check reads the object's class (and a cast marker) only:
            # its answer for an unmarked object can be kept per class.
            by_class = getattr(is_type_of, "__module__", None) == STRAWBERRY_CONVERTER
            fitting: set[type] = set()

            def complete_checked_object(run: _Run, value: Any) -> Any:
                if value is None:
                    return None
                cls = type(value)
                if cls in fitting and get_strawberry_type_cast(value) is None:
                    return execute(run, value)
                try:
                    fits = is_type_of(value, owner.raw_info(run))
                except Exception as exc:
                    raise Fallback from exc
                if fits is not True:
                    raise Fallback
                if by_class and get_strawberry_type_cast(value) is None:
                    fitting.add(cls)
                return execute(run, value)

            return complete_checked_object

        if isinstance(return_type, GraphQLAbstractType):
            return self.abstract_completer(return_type, owner)

        raise NotCompilable(f"return type {return_type}")

    def abstract_completer(self, return_type: GraphQLAbstractType, owner: _FieldPlan) -> Complete:
        """Completes by the runtime object type of each value, as graphql-core decides it."""
        resolve_type = return_type.resolve_type
        if resolve_type is None:
            raise NotCompilable(f"{return_type.name} has no type resolver")
        # Every possible type is compiled now: plans are shared by concurrent requests.
        plans: dict[str, Complete] = {
            object_type.name: self.completer(object_type, owner)
            for object_type in self.schema.get_possible_types(return_type)
        }

        def complete_abstract(run: _Run, value: Any) -> Any:
            if value is None:
                return None
            try:
                name = resolve_type(value, owner.raw_info(run), return_type)
            except Exception as exc:
                raise Fallback from exc
            complete = plans.get(name) if isinstance(name, str) else None
            if complete is None:
                raise Fallback
            return complete(run, value)

        return complete_abstract

    def subfields(
        self, object_type: GraphQLObjectType, details: FieldDetailsList
    ) -> GroupedFieldSet:
        context = self.context
        collected = collect_subfields(
            self.schema,
            context.fragments,
            context.variable_values,
            context.operation,
            object_type,
            details,
            context.hide_suggestions,
        )
        if collected.new_defer_usages:
            raise NotCompilable("deferred fragments")
        return collected.grouped_field_set


class _Directives(Visitor):
    found = False

    def enter_directive(self, *_args: Any) -> Any:
        self.found = True
        return self.BREAK


def _has_directives(context: Any) -> bool:
    visitor = _Directives()
    visit(context.operation, visitor)
    if visitor.found:
        return True
    for details in context.fragments.values():
        visit(details.definition, visitor)
        if visitor.found:
            return True
    return False


def _require_compilable(context: Any) -> None:
    """Raise NotCompilable unless the operation is a query without directives."""
    if context.operation.operation is not OperationType.QUERY:
        raise NotCompilable("only queries are compiled")
    if _has_directives(context):
        raise NotCompilable("directives")


def compile_operation(
    context: Any, root_type: GraphQLObjectType, fields: GroupedFieldSet
) -> OperationPlan:
    """Compile the query operation of ``context``; raises NotCompilable."""
    _require_compilable(context)
    return OperationPlan(context.operation, _Compiler(context).object_plan(root_type, fields))


def compile_completion(
    context: Any, parent_type: GraphQLObjectType, details: FieldDetailsList, key: str
) -> Callable[[Any, Any], Any]:
    """A completer of the value graphql-core resolved for one root field; NotCompilable."""
    _require_compilable(context)
    name = details[0].node.name.value
    field_def = parent_type.fields.get(name)
    definition = field_def.extensions.get("strawberry-definition") if field_def else None
    if field_def is None or not isinstance(definition, StrawberryField):
        raise NotCompilable(f"{parent_type.name}.{name} is not a Strawberry field")
    owner = _FieldPlan(key, parent_type, field_def, details)
    owner.definition = definition
    complete = _Compiler(context).completer(field_def.type, owner)
    return lambda execution_context, value: complete(_Run(execution_context), value)


class _ByNode(Generic[T]):
    """What was compiled for a document node, least recently used dropped first.

    Keyed by the node's identity (the parser cache hands the same document to every
    request with the same text); the node is kept with its entry, so an id is never
    reused while cached. ``None`` records a node whose selection does not compile.
    """

    def __init__(self, maxsize: int) -> None:
        self.maxsize = maxsize
        self._entries: OrderedDict[int, tuple[Any, T | None]] = OrderedDict()

    def get(self, node: Any, build: Callable[[], T]) -> T | None:
        found = self._entries.get(id(node))
        if found is not None and found[0] is node:
            self._entries.move_to_end(id(node))
            return found[1]
        try:
            entry: T | None = build()
        except NotCompilable:
            entry = None
        self._entries[id(node)] = (node, entry)
        if len(self._entries) > self.maxsize:
            self._entries.popitem(last=False)
        return entry


class PlanCache:
    """Compiled operations of one schema, by operation node."""

    def __init__(self, maxsize: int = MAX_PLANS) -> None:
        self._plans: _ByNode[OperationPlan] = _ByNode(maxsize)

    def get(
        self, context: Any, root_type: GraphQLObjectType, fields: GroupedFieldSet
    ) -> OperationPlan | None:
        return self._plans.get(
            context.operation, lambda: compile_operation(context, root_type, fields)
        )


class CompletionCache:
    """Compiled completers of root fields' values, by field node.

    For root fields graphql-core resolves itself (asynchronous ones): the value is
    completed by the plan of the field's selection.
    """

    def __init__(self, maxsize: int = MAX_PLANS) -> None:
        self._completions: _ByNode[Callable[[Any, Any], Any]] = _ByNode(maxsize)

    def get(
        self, context: Any, parent_type: GraphQLObjectType, details: FieldDetailsList, key: str
    ) -> Callable[[Any, Any], Any] | None:
        return self._completions.get(
            details[0].node, lambda: compile_completion(context, parent_type, details, key)
        )
