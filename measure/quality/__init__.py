"""Measures how well the assistant understands residents, on data it was never trained on."""
