"""Identity stitching on integer-coded ids, vectorized with scipy (the same rules as `identity`).

Ids are dense codes 0..n-1 and every edge carries a weight: `KNOWN` for edges that hold an
already known person together, and a distinct weight above `KNOWN` for each new link, growing
with the link's position in (a, b, message_id) order. `identity.person_ids` applies links one by
one in that order and records a merge whenever a link joins two separate groups. That is
Kruskal's algorithm, so the merging links are exactly the links in the minimum spanning forest:
link weights are distinct and heavier than every known edge, which makes that set unique
(whichever known edges the forest keeps).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components, minimum_spanning_tree

KNOWN = 1

# The graph's edges for `stitch_codes` as SQL both engines run, over the scratch tables their
# stitching fills (jm_link_order, jm_graph_ids, jm_members): each link, and each member tied to
# its known person.
COMPONENT_EDGES_SQL = f"""
SELECT least(x, y) AS a, greatest(x, y) AS b, min(weight) AS weight FROM (
    SELECT ga.code AS x, gb.code AS y, l.weight FROM jm_link_order l
    JOIN jm_graph_ids ga ON ga.id = l.a JOIN jm_graph_ids gb ON gb.id = l.b
    UNION ALL SELECT gm.code, gp.code, {KNOWN} FROM jm_members m
    JOIN jm_graph_ids gm ON gm.id = m.id JOIN jm_graph_ids gp ON gp.id = m.person_id
    WHERE m.id <> m.person_id
) GROUP BY 1, 2
"""  # noqa: S608 - SQL text from our constants


def stitch_codes(
    nodes: int,
    a: NDArray[np.int64],
    b: NDArray[np.int64],
    weight: NDArray[np.int64],
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Return the component label of every id code and the sorted weights of the merging links.

    Each unordered pair (a, b) must appear at most once (a sparse matrix sums duplicates), with
    its smallest weight: a later link between the same two ids can never join anything.
    """
    graph = coo_matrix(
        (weight.astype(np.float64), (a, b)), shape=(nodes, nodes)
    ).tocsr()  # float64 holds the weights exactly far beyond any realistic link count
    forest = minimum_spanning_tree(graph)
    _, labels = connected_components(forest, directed=False)
    kept = np.asarray(forest.data)
    joined = np.sort(kept[kept > KNOWN]).astype(np.int64)
    return np.asarray(labels, dtype=np.int64), joined
