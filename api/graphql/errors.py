"""GraphQL errors with a machine-readable ``extensions.code``."""

from __future__ import annotations

from typing import Any

from graphql import GraphQLError

BAD_USER_INPUT = "BAD_USER_INPUT"
NOT_FOUND = "NOT_FOUND"
UNAUTHENTICATED = "UNAUTHENTICATED"
FORBIDDEN = "FORBIDDEN"
CONFLICT = "CONFLICT"
QUERY_TOO_COMPLEX = "QUERY_TOO_COMPLEX"
INTERNAL_SERVER_ERROR = "INTERNAL_SERVER_ERROR"
GRAPHQL_PARSE_FAILED = "GRAPHQL_PARSE_FAILED"
RATE_LIMITED = "RATE_LIMITED"
GRAPHQL_VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED"
INTROSPECTION_DISABLED = "INTROSPECTION_DISABLED"
BAD_REQUEST = "BAD_REQUEST"
PERSISTED_QUERY_NOT_FOUND = "PERSISTED_QUERY_NOT_FOUND"
PERSISTED_QUERY_NOT_SUPPORTED = "PERSISTED_QUERY_NOT_SUPPORTED"


class CodedError(GraphQLError):
    code = INTERNAL_SERVER_ERROR

    def __init__(self, message: str, **extensions: Any) -> None:
        super().__init__(message, extensions={"code": self.code, **extensions})


class BadUserInput(CodedError):
    code = BAD_USER_INPUT


class NotFound(CodedError):
    code = NOT_FOUND


class Unauthenticated(CodedError):
    code = UNAUTHENTICATED


class Forbidden(CodedError):
    code = FORBIDDEN


class Conflict(CodedError):
    code = CONFLICT


class QueryTooComplex(CodedError):
    code = QUERY_TOO_COMPLEX


class RateLimited(CodedError):
    code = RATE_LIMITED
