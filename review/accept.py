"""`make accept` / `make undo-accept`: an editor teaches the assistant a group of messages from the review.

Only ever run by a person: it appends the chosen messages to one intent in data/nlu.yml, keeps the previous
file in var/review/backups/ so the change can be undone, and checks the data with `rasa data validate`.
Messages in the held-out test sets are refused, so the accuracy gate keeps measuring unseen questions.
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import yaml

from ops.settings import BIN, DOMAIN, HELDOUT_DIR, NLU_DATA_DIR, ROOT, SERVER_ENV, VAR

REVIEW_DIR = VAR / "review"
ENTITY = re.compile(r"\[([^\]]+)\]\([^)]*\)")  # [Archway](practice): Rasa's entity markup, also in held-out sets
MARKUP = re.compile(r"\[[^\]]*\][({]")  # what Rasa would read as an entity annotation in a resident's words


class AcceptError(Exception):
    """A reason to change nothing, worded for the editor."""


def example_key(text: str) -> str:
    """What makes two training examples the same: their words, without entity markup, case or extra spaces."""
    return " ".join(ENTITY.sub(r"\1", text).lower().split())


def examples_in(path: Path) -> dict[str, str]:
    """Each example (by example_key) → its intent, for one Rasa NLU YAML file."""
    found: dict[str, str] = {}
    for block in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu") or []:
        for line in str(block.get("examples") or "").splitlines():
            if line.strip().startswith("- "):
                found[example_key(line.strip()[2:])] = block.get("intent", "")
    return found


@dataclass
class Paths:
    """The project files accept reads and writes; tests point these at a temporary copy."""

    clusters: Path = REVIEW_DIR / "clusters.json"
    nlu: Path = NLU_DATA_DIR / "nlu.yml"
    data: Path = NLU_DATA_DIR
    domain: Path = DOMAIN
    config: Path = ROOT / "config.yml"
    heldout: Path = HELDOUT_DIR
    backups: Path = REVIEW_DIR / "backups"


@dataclass
class Choice:
    added: list[str] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)  # (message, why)


def chosen_messages(paths: Paths, cluster: int, pick: list[int] | None) -> list[str]:
    if not paths.clusters.exists():
        raise AcceptError(f"No review found ({paths.clusters}). Run `make review` first.")
    groups = {c["number"]: c for c in json.loads(paths.clusters.read_text())["clusters"]}
    if cluster not in groups:
        raise AcceptError(f"There is no group {cluster} in the latest review (groups 1 to {len(groups)}).")
    messages = {m["number"]: m["text"] for m in groups[cluster]["messages"]}
    unknown = sorted(set(pick or []) - set(messages))
    if unknown:
        raise AcceptError(f"Group {cluster} has messages 1 to {len(messages)}, not {unknown}.")
    return [messages[n] for n in (pick or sorted(messages))]


def domain_intents(domain: Path) -> list[str]:
    intents = (yaml.safe_load(domain.read_text(encoding="utf-8")) or {}).get("intents") or []
    return [next(iter(i)) if isinstance(i, dict) else str(i) for i in intents]


def choose(paths: Paths, messages: list[str], intent: str) -> Choice:
    heldout = set().union(*(examples_in(p) for p in sorted(paths.heldout.glob("*.yml"))))
    training = {}
    for path in sorted(paths.data.glob("*.yml")):
        training.update(examples_in(path))
    choice = Choice()
    for message in messages:
        text, key = " ".join(message.split()), example_key(message)
        if key in heldout:
            choice.refused.append((text, "it is in the held-out test set (tests/heldout), which must stay unseen"))
        elif key in training:
            choice.refused.append((text, f"it is already an example of {training[key]}"))
        elif MARKUP.search(text) or text.startswith("/"):
            choice.refused.append((text, "it contains markup Rasa would misread; add it by hand if it matters"))
        elif text not in choice.added:
            choice.added.append(text)
    return choice


def with_examples(nlu_text: str, intent: str, examples: list[str]) -> str:
    """The file with examples appended to the intent's block, or a new block at the end; nothing else moves."""
    lines = nlu_text.splitlines(keepends=True)
    new = [f"    - {text}\n" for text in examples]
    start = next((i for i, line in enumerate(lines) if re.fullmatch(rf"- intent: {re.escape(intent)}\s*", line)), None)
    if start is None:
        tail = "" if nlu_text.endswith("\n") else "\n"
        return nlu_text + tail + f"\n- intent: {intent}\n  examples: |\n" + "".join(new)
    end = start + 1
    while end < len(lines) and (lines[end].startswith("  ") or not lines[end].strip()):
        end += 1
    while not lines[end - 1].strip():  # keep the blank line between blocks after the new examples
        end -= 1
    if not lines[end - 1].endswith("\n"):
        lines[end - 1] += "\n"
    return "".join(lines[:end] + new + lines[end:])


def validate(paths: Paths) -> subprocess.CompletedProcess:
    command = [str(BIN / "rasa"), "data", "validate", "--fail-on-warnings", "--domain", str(paths.domain)]
    command += ["--data", str(paths.data), "--config", str(paths.config)]
    return subprocess.run(command, cwd=ROOT, env=SERVER_ENV, capture_output=True, text=True)


def accept(paths: Paths, cluster: int, intent: str, pick: list[int] | None = None) -> Choice:
    intents = domain_intents(paths.domain)
    if intent not in intents:
        close = difflib.get_close_matches(intent, intents, n=3)
        raise AcceptError(
            f"{intent} is not an intent in {paths.domain.name}." + (f" Did you mean {close}?" if close else "")
        )
    choice = choose(paths, chosen_messages(paths, cluster, pick), intent)
    if not choice.added:
        raise AcceptError("Nothing to add: " + "; ".join(f'"{t}": {why}' for t, why in choice.refused))
    paths.backups.mkdir(parents=True, exist_ok=True)
    backup = paths.backups / f"{datetime.now(timezone.utc):%Y%m%dT%H%M%S%f}-{paths.nlu.name}"
    shutil.copy2(paths.nlu, backup)
    paths.nlu.write_text(with_examples(paths.nlu.read_text(encoding="utf-8"), intent, choice.added), encoding="utf-8")
    checked = validate(paths)
    if checked.returncode != 0:
        shutil.copyfile(backup, paths.nlu)
        backup.unlink()
        problems = [line for line in checked.stdout.splitlines() + checked.stderr.splitlines() if "Warning" in line]
        raise AcceptError("rasa data validate failed, so nothing was changed:\n" + "\n".join(problems[-10:]))
    return choice


def undo(paths: Paths) -> Path:
    """Puts back the file as it was before the latest accept, and forgets that backup."""
    backups = sorted(paths.backups.glob(f"*-{paths.nlu.name}")) if paths.backups.exists() else []
    if not backups:
        raise AcceptError("Nothing to undo: no backup in " + str(paths.backups))
    # copyfile, not copy2: a fresh modification time makes `make train` retrain without the examples.
    shutil.copyfile(backups[-1], paths.nlu)
    backups[-1].unlink()
    return backups[-1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make accept", description=__doc__)
    parser.add_argument("--cluster", default="", help="the group number in the review (CLUSTER=)")
    parser.add_argument("--intent", help="the intent the messages should have had (INTENT=)")
    parser.add_argument("--pick", default="", help="only these message numbers of the group, e.g. 1,3 (PICK=)")
    parser.add_argument("--undo", action="store_true", help="put back data/nlu.yml as it was before the last accept")
    args = parser.parse_args(argv)
    paths = Paths()
    try:
        if args.undo:
            restored = undo(paths)
            print(f"Put back {paths.nlu.relative_to(ROOT)} as it was before {restored.name[:15]}. Run `make train`.")
            return 0
        if not args.cluster.strip().isdigit() or not args.intent:
            raise AcceptError("Say which group and intent: make accept CLUSTER=7 INTENT=ask_budget [PICK=1,3]")
        if not re.fullmatch(r"[\d,\s]*", args.pick):
            raise AcceptError("PICK is message numbers from the review, such as PICK=1,3")
        pick = [int(n) for n in args.pick.replace(" ", "").split(",") if n] or None
        choice = accept(paths, int(args.cluster), args.intent, pick)
    except AcceptError as error:
        print(f"Nothing changed. {error}")
        return 1
    print(f"Added {len(choice.added)} example(s) to {args.intent} in {paths.nlu.relative_to(ROOT)}:")
    print("".join(f'  + "{text}"\n' for text in choice.added), end="")
    print("".join(f'  not added: "{text}": {why}\n' for text, why in choice.refused), end="")
    print("rasa data validate passed. Next: `make train`, then try the question with `make shell`.")
    print("To take it back: make undo-accept")
    return 0


if __name__ == "__main__":
    sys.exit(main())
