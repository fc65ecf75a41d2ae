"""Relay global ids: opaque base64 of ``TypeName:database-id``."""

from __future__ import annotations

import base64
import binascii

from api.graphql.errors import BadUserInput

TYPE_BY_KIND = {
    "domain": "Domain",
    "concept": "Concept",
    "article": "Article",
    "prompt": "Prompt",
    "roadmap_day": "RoadmapDay",
}


def encode_id(type_name: str, value: int | str) -> str:
    return base64.urlsafe_b64encode(f"{type_name}:{value}".encode()).decode().rstrip("=")


def decode_id(global_id: str) -> tuple[str, str]:
    try:
        padded = global_id[:200] + "=" * (-len(global_id) % 4)
        type_name, _, value = base64.urlsafe_b64decode(padded.encode()).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        type_name, value = "", ""
    if not type_name or not value or len(global_id) > 200:
        shown = global_id if len(global_id) <= 40 else global_id[:40] + "..."
        raise BadUserInput(f"{shown!r} is not a valid node id", argument="id")
    return type_name, value
