"""Redacts personal details from every log record the process makes, at every level, before any handler sees it."""

from __future__ import annotations

import logging
import threading

from privacy.redact import loading, redact

_installed = False
_redacting = threading.local()
WITHHELD = "(a log message made while redacting another was withheld)"


def install_log_redaction() -> None:
    """Makes every log record from now on carry redacted text; safe to call more than once.

    A record factory rather than a handler filter: Rasa, Sanic and the action server each add handlers of their
    own, at different times, and a filter on one handler would miss the others. Records are made only for
    levels that are enabled, so a quiet server pays nothing for it. Nothing is loaded here: Presidio loads the
    first time a record holds a number long enough to be a phone or NHS number (privacy/redact.py), and what it
    logs while loading is withheld below rather than redacted.
    """
    global _installed
    if _installed:
        return
    # Presidio's own debug lines time each pattern; with Rasa's --debug they would be one per message and pattern.
    logging.getLogger("presidio-analyzer").setLevel(logging.WARNING)
    make_record = logging.getLogRecordFactory()

    def redacted_record(*args, **kwargs) -> logging.LogRecord:
        record = make_record(*args, **kwargs)
        if getattr(_redacting, "active", False) or loading():
            # Made by the redaction itself (a library it calls, or loads): it may quote the text being redacted.
            return withheld(record)
        _redacting.active = True
        try:
            redact_record(record)
        except ImportError:
            # Presidio could not load here: the record was made while a library it needs was half imported (a
            # warning spaCy's own import raises, say). Withheld rather than break that import; Presidio loads at
            # the next need.
            withheld(record)
        finally:
            _redacting.active = False
        return record

    logging.setLogRecordFactory(redacted_record)
    # Rasa reports some problems with a message as Python warnings quoting its text ("Failed to parse arguments
    # in line '/greet{...}'"); warnings go straight to stderr unless they are made log records too.
    logging.captureWarnings(True)
    _installed = True


def redact_record(record: logging.LogRecord) -> None:
    try:
        message = record.getMessage()
    except Exception:  # a bad format string must still not let the raw arguments through
        message = f"{record.msg} {record.args}"
    record.msg, record.args = redact(message), None
    if record.exc_info:
        record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
    if record.stack_info:
        record.stack_info = redact(record.stack_info)


def withheld(record: logging.LogRecord) -> logging.LogRecord:
    record.msg, record.args, record.exc_info, record.exc_text, record.stack_info = WITHHELD, None, None, None, None
    return record
