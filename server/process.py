"""What a Rasa server process switches on before its first turn: the log redaction, one BLAS thread and the Rasa
patches."""

from __future__ import annotations

from threadpoolctl import threadpool_limits

from privacy.logs import install_log_redaction
from privacy.redact import recognisers
from server import patches


def set_up_rasa_server() -> None:
    """Switches them on; calling it again changes nothing.

    Called where the project's tracker stores are built. Rasa builds the store endpoints.yml names in every server
    process the project runs: `rasa run`, each Sanic worker, and `rasa shell`, which builds no REST channel. It
    does so after it has set up logging and before the first turn, the two moments that matter here.
    """
    install_log_redaction()
    # One BLAS thread: a Rasa server is one process per core, its products are one message long, and OpenBLAS's
    # second thread spun on the other core, the one the action server and the other workers need (the server used
    # 17 ms of CPU for a 9 ms turn; with one thread, 8 ms, and 20 concurrent conversations went from 111 to 125
    # turns/s; issue 23).
    threadpool_limits(1, user_api="blas")
    # Loaded now rather than at the first long number: the server has spaCy loaded already, so this costs about
    # 0.1 s, and no turn waits for it.
    recognisers()
    patches.apply()
