"""The committed schema.graphql matches the code, and everything is described."""

from __future__ import annotations

from pathlib import Path

from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLObjectType,
)

from api.graphql.schema import schema

SCHEMA_FILE = Path(__file__).resolve().parents[2] / "schema.graphql"
BUILT_IN = {"String", "Int", "Float", "Boolean", "ID"}


def test_schema_file_is_up_to_date() -> None:
    committed = SCHEMA_FILE.read_text()
    assert committed.strip() == schema.as_str().strip(), (
        "schema.graphql is stale: run `make schema` and commit the result"
    )


def test_every_type_field_and_argument_has_a_description() -> None:
    missing = []
    for name, type_ in schema._schema.type_map.items():
        if name.startswith("__") or name in BUILT_IN:
            continue
        if isinstance(type_, GraphQLObjectType | GraphQLInterfaceType | GraphQLInputObjectType):
            if not type_.description and name not in {"Query", "Mutation"}:
                missing.append(name)
            for field_name, field in type_.fields.items():
                if not field.description:
                    missing.append(f"{name}.{field_name}")
                for arg_name, arg in getattr(field, "args", {}).items():
                    if not arg.description:
                        missing.append(f"{name}.{field_name}({arg_name})")
        elif isinstance(type_, GraphQLEnumType) and not type_.description:
            missing.append(name)
    assert missing == []
