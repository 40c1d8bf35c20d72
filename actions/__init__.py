"""The custom actions the action server runs (actions/actions.py)."""

from privacy.logs import install_log_redaction

# The action server has no hook of its own: importing this package is the first thing it does with our code,
# so that is where its logs start being redacted.
install_log_redaction()
