"""Runs a Rasa server's graphs node by node in dependency order, as Rasa's DaskGraphRunner does, without dask's
scheduler around each turn.

Rasa 3.6 runs every parse and every prediction through `dask.get`: for a graph of about ten nodes it builds a dask
graph, orders it (dask.order) and drives it through a queue and futures, each time. py-spy put that bookkeeping, outside
any node, at 15 % of a Rasa server's samples at 20 concurrent conversations (issue 23, 7 Dec).

Here the nodes the targets need are put in order once per set of targets (the standard library's graphlib, with the
same dependencies dask reads from the schema) and called in that order with the same arguments: each input is the
(name, output) pair its node returned, an input placeholder is the pair made from `inputs`, and a name nothing
provides is passed as the bare name, as dask does and GraphNode.__call__ expects. Only the order of nodes that do not
depend on each other may differ from dask's, and Rasa allows those to run in any order (its dask graphs may run in
parallel). tests/server/test_graph_runner.py holds the results equal to DaskGraphRunner.run's on the trained model's
own graphs. Switched on by server.patches.apply(), in server processes only: training keeps Rasa's runner.
"""

from __future__ import annotations

import graphlib
from typing import Any

from rasa.engine.exceptions import GraphRunError
from rasa.engine.runner.dask import DaskGraphRunner

_original = DaskGraphRunner.run
_ORDERS = "_islington_orders"  # on each runner: {targets: [(node name, names of the nodes it needs), ...]}


def run(self: DaskGraphRunner, inputs: dict[str, Any] | None = None, targets: list[str] | None = None) -> dict:
    run_targets = targets if targets else self._graph_schema.target_names
    order = _order(self, tuple(run_targets))
    inputs = inputs or {}
    known = {name for name, _ in order}  # the keys of Rasa's dask graph, as DaskGraphRunner._add_inputs_to_graph sees
    for name, value in inputs.items():
        if isinstance(value, str) and value in known:
            raise GraphRunError(
                f"Input value '{value}' clashes with a node name. Make sure that none of the input names passed to "
                f"the `run` method are the same as node names in the graph schema."
            )
        known.add(name)
    results: dict[str, Any] = {name: (name, value) for name, value in inputs.items()}
    try:
        for name, needs in order:
            if name not in results:  # an input given under a node's name stands in for the node, as in dask
                results[name] = self._instantiated_nodes[name](*(results.get(need, need) for need in needs))
        return dict(results.get(target, target) for target in run_targets)
    except RuntimeError as error:
        raise GraphRunError("Error running runner.") from error


def _order(runner: DaskGraphRunner, targets: tuple[str, ...]) -> list[tuple[str, tuple[str, ...]]]:
    """The nodes the targets need, each after the nodes it needs (the schema never changes for a runner)."""
    orders = runner.__dict__.setdefault(_ORDERS, {})
    if targets not in orders:
        schema = runner._graph_schema.minimal_graph_schema(list(targets))
        needs = {name: tuple(node.needs.values()) for name, node in schema.nodes.items()}
        sorter = graphlib.TopologicalSorter({name: [n for n in wanted if n in needs] for name, wanted in needs.items()})
        orders[targets] = [(name, needs[name]) for name in sorter.static_order()]
    return orders[targets]


def patch() -> None:
    DaskGraphRunner.run = run
