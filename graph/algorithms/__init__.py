"""Study-plan algorithms: pure, synchronous functions of the content graph.

Every function takes the immutable snapshot graph (a ``networkx.MultiDiGraph``
keyed by slug, see ``graph/snapshot.py``) as its first argument, keeps its
options keyword-only, and costs in proportion to the part of the graph it
touches. Results are frozen dataclasses holding tuples.
"""

from graph.algorithms.closure import Closure, prerequisite_closure
from graph.algorithms.explain import Explanation, explain_order
from graph.algorithms.neighbourhood import Neighbour, Neighbourhood, neighbourhood
from graph.algorithms.ordering import OrderWeights, study_order
from graph.algorithms.paths import GraphPath, Hop, path_between
from graph.algorithms.plan import Material, Step, StudyPlan, attach_materials, study_plan
from graph.algorithms.ready import ReadyItem, ready_to_learn
from graph.algorithms.schedule import (
    Day,
    Placement,
    Review,
    Schedule,
    Slot,
    minutes_per_day_needed,
    pack_days,
)
from graph.algorithms.targets import ResolvedTarget, resolve_targets

__all__ = [
    "Closure",
    "Day",
    "Explanation",
    "GraphPath",
    "Hop",
    "Material",
    "Neighbour",
    "Neighbourhood",
    "OrderWeights",
    "Placement",
    "ReadyItem",
    "ResolvedTarget",
    "Review",
    "Schedule",
    "Slot",
    "Step",
    "StudyPlan",
    "attach_materials",
    "explain_order",
    "minutes_per_day_needed",
    "neighbourhood",
    "pack_days",
    "path_between",
    "prerequisite_closure",
    "ready_to_learn",
    "resolve_targets",
    "study_order",
    "study_plan",
]
