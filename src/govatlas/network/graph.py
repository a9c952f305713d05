"""The participation network: states and organisations linked by the convenings they
took part in together, its measures, its clusters and its exports.

A node is a participant (a Member State, the EU, the AU, a company...); two nodes are
linked when they took part in the same convening, the link weighted by how many they
shared. A convening where nearly every Member State took part (at least
``UNIVERSAL_SHARE`` of them: the General Assembly's plenaries, UNESCO's General
Conference) links everyone with everyone and says nothing about who works with whom, so
it is left out of the links (and named as left out); ``include_universal`` keeps it.

Measures, each with what it means:

- **partners**: how many others a node shares at least one convening with;
- **strength**: the sum of its links' weights (shared convenings, counted per partner);
- **convenings**: in how many of the network's convenings it took part;
- **betweenness**: how often it lies on the shortest paths between two others (distance
  = 1 / shared convenings): a broker between groups that meet apart;
- **eigenvector**: high when linked strongly to others that are themselves central.

Clusters are communities of greedy modularity maximisation (weighted): groups that meet
more among themselves than with others.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import combinations
from typing import Any

import networkx as nx
from sqlalchemy.orm import Session

from govatlas.network.groups import regions
from govatlas.network.participation import Participation, all_participation, stakeholder_group
from govatlas.spreadsheet_cells import csv_writer, dict_writer

UNIVERSAL_SHARE = 0.9
STATE_GROUP = "UN Member States"


@dataclass(frozen=True)
class NodeMeasure:
    party: str
    group: str  # a Member State's UN region, else its stakeholder group
    convenings: int
    partners: int
    strength: float
    betweenness: float
    eigenvector: float

    def as_dict(self) -> dict[str, Any]:
        return {
            "party": self.party,
            "group": self.group,
            "convenings": self.convenings,
            "partners": self.partners,
            "strength": self.strength,
            "betweenness": round(self.betweenness, 4),
            "eigenvector": round(self.eigenvector, 4),
        }


@dataclass
class Network:
    graph: nx.Graph
    used: list[str]  # convening ids whose participants are linked
    left_out: list[str]  # universal convenings, not linked
    measures: list[NodeMeasure]
    clusters: list[list[str]]

    def as_dict(self) -> dict[str, Any]:
        return {
            "convenings": self.used,
            "left_out_universal": self.left_out,
            "nodes": [m.as_dict() for m in self.measures],
            "edges": [
                {"source": a, "target": b, "weight": d["weight"], "convenings": d["convenings"]}
                for a, b, d in sorted(self.graph.edges(data=True))
            ],
            "clusters": self.clusters,
        }


def _group(session: Session, party: str) -> str:
    kind = stakeholder_group(session, party)
    if kind != STATE_GROUP:
        return kind
    return regions().group_of(party) or "UN Member States"


def build_network(session: Session, include_universal: bool = False) -> Network:
    graph: nx.Graph = nx.Graph()
    used: list[str] = []
    left_out: list[str] = []
    taken: dict[str, int] = {}
    for found in all_participation(session):
        if not include_universal and found.member_share >= UNIVERSAL_SHARE:
            left_out.append(found.convening.id)
            continue
        _link(graph, found, taken)
        used.append(found.convening.id)
    for node in graph.nodes:
        graph.nodes[node]["group"] = _group(session, node)
        graph.nodes[node]["convenings"] = taken.get(node, 0)
    return Network(graph, used, left_out, _measures(graph), _clusters(graph))


def _link(graph: nx.Graph, found: Participation, taken: dict[str, int]) -> None:
    parties = sorted({p.party for p in found.participants})
    for party in parties:
        graph.add_node(party)
        taken[party] = taken.get(party, 0) + 1
    for a, b in combinations(parties, 2):
        if graph.has_edge(a, b):
            graph[a][b]["weight"] += 1
            graph[a][b]["convenings"].append(found.convening.id)
        else:
            graph.add_edge(a, b, weight=1, convenings=[found.convening.id])


def _measures(graph: nx.Graph) -> list[NodeMeasure]:
    if graph.number_of_nodes() == 0:
        return []
    for _, _, data in graph.edges(data=True):
        data["distance"] = 1.0 / data["weight"]
    between = nx.betweenness_centrality(graph, weight="distance", normalized=True)
    try:
        eigen = nx.eigenvector_centrality(graph, weight="weight", max_iter=2000, tol=1e-8)
    except nx.PowerIterationFailedConvergence:  # pragma: no cover - a graph this small converges
        eigen = dict.fromkeys(graph.nodes, 0.0)
    found = [
        NodeMeasure(
            node,
            graph.nodes[node].get("group", ""),
            graph.nodes[node].get("convenings", 0),
            graph.degree(node),
            float(graph.degree(node, weight="weight")),
            between[node],
            eigen.get(node, 0.0),
        )
        for node in graph.nodes
    ]
    return sorted(found, key=lambda m: (-m.strength, m.party))


def _clusters(graph: nx.Graph) -> list[list[str]]:
    if graph.number_of_edges() == 0:
        return [[n] for n in sorted(graph.nodes)]
    found = nx.community.greedy_modularity_communities(graph, weight="weight")
    return sorted((sorted(c) for c in found), key=lambda c: (-len(c), c))


def graphml(network: Network) -> str:
    """The network as GraphML (node group and convenings; link weight and convenings)."""
    plain: nx.Graph = nx.Graph()
    for node, data in network.graph.nodes(data=True):
        plain.add_node(node, group=data.get("group", ""), convenings=data.get("convenings", 0))
    for a, b, data in network.graph.edges(data=True):
        plain.add_edge(a, b, weight=data["weight"], convenings="; ".join(data["convenings"]))
    return "\n".join(nx.generate_graphml(plain)) + "\n"


def csv_tables(network: Network) -> tuple[str, str]:
    """(nodes.csv, edges.csv)."""
    nodes = io.StringIO()
    fields = ["party", "group", "convenings", "partners", "strength", "betweenness", "eigenvector"]
    writer = dict_writer(nodes, fields)
    writer.writeheader()
    writer.writerows(m.as_dict() for m in network.measures)
    edges = io.StringIO()
    rows: Iterable[list[Any]] = (
        [a, b, d["weight"], "; ".join(d["convenings"])]
        for a, b, d in sorted(network.graph.edges(data=True))
    )
    table = csv_writer(edges)
    table.writerow(["source", "target", "weight", "convenings"])
    table.writerows(rows)
    return nodes.getvalue(), edges.getvalue()
