"""The participation network: links weighted by shared convenings, universal convenings
left out, each measure, clusters, exports and the static picture."""

from __future__ import annotations

import csv
import io

import networkx as nx
import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from govatlas.network.drawing import network_svg
from govatlas.network.graph import build_network, csv_tables, graphml

# measures computed in Python from what any engine returns (the queries behind them run on
# both engines in test_cli_and_web.py and test_people.py)
pytestmark = pytest.mark.engine_neutral


def test_links_are_weighted_by_shared_convenings(convened: Engine) -> None:
    with Session(convened) as session:
        network = build_network(session)
    assert network.left_out == ["assembly"]  # every Member State: it links everyone
    assert network.used == ["summit-one", "summit-two"]
    graph = network.graph
    assert graph["KEN"]["FRA"]["weight"] == 2  # both summits
    assert graph["KEN"]["NGA"]["weight"] == 1
    assert not graph.has_edge("NGA", "BRA")  # never met
    by_party = {m.party: m for m in network.measures}
    kenya, brazil = by_party["KEN"], by_party["BRA"]
    assert (kenya.convenings, kenya.partners) == (2, 7)  # 6 at the first, BRA at the second
    assert kenya.strength == 6 + 3  # six partners once, FRA and DEU twice, BRA once
    assert (brazil.convenings, brazil.partners, brazil.strength) == (1, 3, 3)
    assert kenya.group == "Africa" and by_party["EU"].group == "supranational bodies"
    # Kenya, France and Germany join the two summits' participants: the brokers
    assert kenya.betweenness > 0 and by_party["NGA"].betweenness == 0
    assert kenya.eigenvector > brazil.eigenvector
    assert sorted(p for c in network.clusters for p in c) == sorted(graph.nodes)


def test_universal_convenings_can_be_linked_too(convened: Engine) -> None:
    with Session(convened) as session:
        network = build_network(session, include_universal=True)
    assert network.left_out == [] and network.graph.number_of_nodes() == 193 + 2


def test_exports_read_back(convened: Engine) -> None:
    with Session(convened) as session:
        network = build_network(session)
    read = nx.parse_graphml(graphml(network))
    assert read.number_of_nodes() == network.graph.number_of_nodes()
    assert read["KEN"]["FRA"]["weight"] == 2
    assert read["KEN"]["FRA"]["convenings"] == "summit-one; summit-two"
    nodes, edges = csv_tables(network)
    rows = list(csv.DictReader(io.StringIO(nodes)))
    assert {r["party"] for r in rows} == set(network.graph.nodes)
    assert next(csv.reader(io.StringIO(edges))) == ["source", "target", "weight", "convenings"]


def test_the_picture_is_accessible_and_the_same_every_time(convened: Engine) -> None:
    with Session(convened) as session:
        network = build_network(session)
    first = network_svg(network, "Test <network>")
    assert first == network_svg(network, "Test <network>")
    assert 'role="img"' in first and '<title id="network-title">Test &lt;network&gt;' in first
    assert '<desc id="network-desc">8 participants of 2 convenings' in first
    assert first.count("<circle") == 8
    assert first.count("<line") == 3  # only the links of two shared convenings: KEN-FRA-DEU
