"""Reading, validating and importing knowledge-graph content."""

from graph.content.model import ContentError, ContentIssue, ContentSet, EdgeSpec, NodeSpec
from graph.content.reader import read_seeds
from graph.content.validate import validate_content

__all__ = [
    "ContentError",
    "ContentIssue",
    "ContentSet",
    "EdgeSpec",
    "NodeSpec",
    "read_seeds",
    "validate_content",
]
