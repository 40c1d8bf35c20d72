"""The editors' review: what residents asked that the assistant couldn't answer (make review, make accept)."""
