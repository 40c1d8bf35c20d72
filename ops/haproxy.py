"""HAProxy's config for the cluster: the Rasa servers behind one port, least loaded first, with a per-address limit."""

from __future__ import annotations

import json
from pathlib import Path

from facts.fixed_replies import fixed_reply

# Turns one Rasa server works on at once; the rest queue in HAProxy. Rasa handles one turn at a time on its event
# loop anyway, so a short queue per server keeps the least-loaded choice meaningful and health checks prompt.
MAX_TURNS_IN_SERVER = 8


def rate_limited_text() -> str:
    """What a resident sees when their address sends more than the limit: the same words as the Rasa server's."""
    return fixed_reply("utter_rate_limited")


def write_config(workdir: Path, bind: str, port: int, rasa_ports: list[int], rate_limit_per_min: int) -> Path:
    """Writes haproxy.cfg (and the rate-limited reply it serves) into workdir; returns the config's path."""
    limited = workdir / "rate-limited.json"
    limited.write_text(json.dumps([{"recipient_id": "", "text": rate_limited_text()}]))
    servers = "\n".join(
        f"  server rasa{n} 127.0.0.1:{rasa_port} check inter 2s fall 2 rise 2 maxconn {MAX_TURNS_IN_SERVER}"
        # A refused connection takes the server out at once: leastconn would otherwise keep choosing a dead
        # server until its health checks fail, since it has no connections.
        " observe layer4 error-limit 1 on-error mark-down"
        for n, rasa_port in enumerate(rasa_ports, 1)
    )
    rate_limit = (
        "  # Per client address: more than the limit a minute gets a polite reply, status 200 so the widget\n"
        "  # shows it, with Retry-After for other clients. Behind another proxy, track X-Forwarded-For.\n"
        "  stick-table type ip size 100k expire 2m store http_req_rate(1m)\n"
        "  http-request track-sc0 src if webhook\n"
        f"  http-request return status 200 content-type application/json hdr Retry-After 60 file {limited}"
        f" if webhook {{ sc_http_req_rate(0) gt {rate_limit_per_min} }}\n"
        if rate_limit_per_min > 0
        else ""
    )
    path = workdir / "haproxy.cfg"
    path.write_text(
        f"""global
  maxconn 4096
defaults
  mode http
  timeout connect 2s
  timeout client 60s
  timeout server 60s
  # A busy server answers its health check late, not never: only a refused or silent one is taken out.
  timeout check 10s
  # Turns beyond a server's maxconn wait here, in order, and go to whichever server frees up first.
  timeout queue 30s
  # A server that refuses a connection (killed, restarting) costs a retry on another one, not an error.
  # (A request is retried only when the server never started answering; the body is buffered for that.)
  retries 3
  option redispatch 1
  option http-buffer-request
  retry-on conn-failure empty-response
  option forwardfor
frontend residents
  bind {bind}:{port}
  acl webhook path /webhooks/rest/webhook
  acl socketio path_beg /socket.io
{rate_limit}  use_backend rasa_sticky if socketio
  default_backend rasa
backend rasa
  balance leastconn
  option httpchk GET /webhooks/rest/
{servers}
# socket.io keeps a session on one server (its polling requests must all reach it): same client, same server.
backend rasa_sticky
  balance source
  hash-type consistent
  option httpchk GET /webhooks/rest/
{servers}
"""
    )
    return path
