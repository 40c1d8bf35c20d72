"""The assistant's facts: typed records from the YAML in facts/data, and the queries over them."""

from facts.loader import FactsError
from facts.queries import Facts, load_facts, outward_code
from facts.records import Partner, Practice, Service, Topic

__all__ = ["Facts", "FactsError", "Partner", "Practice", "Service", "Topic", "load_facts", "outward_code"]
