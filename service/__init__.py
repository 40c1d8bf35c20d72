"""How the assistant is served: where things live, and starting the real servers for tests, eval and bench."""
