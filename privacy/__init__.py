"""Keeps residents' personal details out of everything the assistant stores or logs."""
