"""The understanding gate on blind sets (issue 21): residents' questions written outside the project, by helpers who
never saw data/ or the held-out sets, frozen before any tuning (tests/blind/understanding-*.yml, each with its
sha256).

Each item is a conversation of one to three turns, sent over REST to both servers, as a resident would. A turn is
right when the reply carries everything the resident asked for (`asks`):
- a practice's detail: its phone, its name and postcode, that it closed, or all of them;
- the practices in a postcode district (each open one's phone), or on a street or in a building (each open one named
  in the label; the closed ones only where none is open);
- a topic: the opening of the answer that topic gets, read from where it is written (facts/data/topics.yml,
  partners.yml or domain.yml), so that rewording an answer never silently breaks the measure.

Rates come with 95 % Wilson intervals, overall and per form (several questions, follow-ups, streets, ...).

Usage: python -m measure.quality.understanding_blind [--model models/islington.tar.gz] [--set final] [--show-misses]
Exits 1 when a set is below its gate (measure/quality/goals.py UNDERSTANDING_BLIND).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tempfile
import uuid
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import yaml

from facts import Facts, load_facts
from facts.fixed_replies import fixed_replies
from measure.quality.expected import fragment, opening, reply_kind, reply_text
from measure.quality.goals import UNDERSTANDING_BLIND
from measure.quality.safety_blind import rate
from ops.settings import MODEL, REPORTS, ROOT, UNDERSTANDING_PORTS

BLIND_DIR = ROOT / "tests" / "blind"
SETS = tuple(UNDERSTANDING_BLIND)  # every frozen set has its gate there; a new set is added there alone

# The blind sets' topic labels (tests/blind/README.md), each with the answers that are right for it: a topic key
# (topics.yml), a partner key (partners.yml) or a response (domain.yml).
TOPIC_ANSWERS = {
    "what_is_ccg": ["ask_what_is_ccg"],
    "ccg_role": ["ask_ccg_role"],
    "ccg_budget": ["ask_budget"],
    "ccg_established": ["ask_established"],
    "member_practices": ["ask_member_practices"],
    "population": ["ask_population"],
    "turnover": ["ask_turnover"],
    "health_challenges": ["ask_health_challenges"],
    "constitution": ["ask_constitution"],
    "governing_body": ["ask_governing_body"],
    "accountability": ["ask_accountability"],
    "partner_council": ["islington_council"],
    "partner_hospital": ["whittington_health", "uclh", "moorfields", "ask_partner"],
    "partner_mental_health": ["north_london_ft", "camden_and_islington_ft"],
    "pioneer": ["ask_pioneer"],
    "prevention": ["ask_prevention"],
    "prospectus": ["ask_prospectus"],
    "ccg_now": ["ask_ccg_now"],
    "before_ccg": ["ask_before_ccg"],
    "nhs_choices": ["ask_nhs_choices"],
    "choose_well": ["ask_choose_well"],
    "change4life": ["ask_change4life"],
    "a_and_e": ["ask_a_and_e"],
    "urgent_treatment_centre": ["ask_urgent_treatment_centre"],
    "eye_emergency": ["ask_eye_emergency"],
    "nhs_111": ["ask_nhs_111"],
    "out_of_hours": ["ask_out_of_hours"],
    "opening_hours": ["ask_opening_hours"],
    "repeat_prescription": ["ask_repeat_prescription"],
    "vaccination": ["ask_vaccination"],
    "dentist": ["ask_dentist"],
    "pharmacy": ["ask_pharmacy"],
    "hospital_appointment": ["ask_hospital_appointment"],
    "complaint": ["ask_complaint"],
    "register_gp": ["ask_register_gp"],
    "register_without_address": ["ask_register_gp"],
    "test_results": ["ask_test_results"],
    "fit_note": ["ask_fit_note"],
    "records": ["ask_records"],
    "book_online": ["ask_book_online"],
    "interpreter": ["ask_interpreter"],
    "change_practice": ["ask_change_practice"],
    "practice_not_answering": ["ask_practice_not_answering"],
    "pharmacy_first": ["ask_pharmacy_first"],
    "minor_injury": ["ask_minor_injury", "ask_urgent_treatment_centre"],
    "medicine_run_out": ["ask_medicine_run_out"],
    # The brief: "other symptoms that need a GP or 111 today". Any reply that says so, in full or as the line.
    "needs_help_today": ["utter_urgent_symptoms", "utter_safety_line_urgent", "ask_urgent_care"],
}


def load_set(name: str) -> list[dict]:
    """The frozen set's items, after checking its hash: a blind set is never edited once written."""
    path = BLIND_DIR / f"understanding-{name}.yml"
    frozen = (BLIND_DIR / f"understanding-{name}.sha256").read_text().split()[0]
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != frozen:
        sys.exit(f"{path.name} changed since it was frozen (sha256 {digest}, frozen {frozen})")
    return yaml.safe_load(path.read_text(encoding="utf-8"))["items"]


def answer_openings(facts: Facts, keys: list[str]) -> list[str]:
    """How each right answer starts; a key with no answer yet (a topic not built) has none."""
    found = []
    for key in keys:
        topic = facts.topic(key)
        partner = next((p for p in facts.partners if p.key == key), None)
        if topic:
            found.append(fragment(topic.answer))
        elif partner:
            found.append(fragment(partner.summary))
        elif key in fixed_replies():
            found.append(opening(key))
    return found


def practice_carried(facts: Facts, ask: dict, reply: str) -> bool:
    found = facts.find_practices(ask["practice"])
    if len(found) != 1:
        return False
    practice, detail = found[0], ask.get("detail", "details")
    if not practice.is_open:
        return f"{practice.name} closed on" in reply
    needs = {
        "phone": [practice.phone],
        "address": [practice.name, practice.postcode],
        "postcode": [practice.name, practice.postcode],
        "status": [practice.name, "open"],
        "details": [practice.name, practice.postcode, practice.phone],
    }[detail]
    return all(n in reply for n in needs)


def carried(facts: Facts, ask: dict, reply: str) -> bool:
    """Whether the reply gives what one `asks` entry asked for."""
    if "practice" in ask:
        return practice_carried(facts, ask, reply)
    if "area" in ask:
        district, practices = facts.practices_in(ask["area"])
        return bool(practices) and all(p.phone in reply for p in practices)
    if "street" in ask:
        # Every open practice on the street or in the building; a closed one only counts where none is open there
        # (the writers listed every practice at the address, open or not).
        wanted = [found[0] for found in map(facts.find_practices, ask.get("practices") or []) if len(found) == 1]
        needed = [p for p in wanted if p.is_open] or wanted
        return bool(needed) and all(p.name in reply for p in needed)
    openings = answer_openings(facts, TOPIC_ANSWERS.get(ask.get("topic"), []))
    return any(o in reply for o in openings)


def form_of(item: dict) -> str:
    if len(item["turns"]) > 1:
        return "follow-up"
    asks = item["turns"][0]["asks"]
    if len(asks) > 1:
        return "several in one"
    ask = asks[0]
    if "street" in ask:
        return "street or building"
    if "area" in ask:
        return "district"
    if "practice" in ask:
        return "practice"
    return "topic"


def converse(url: str, item: dict) -> list[dict]:
    import requests

    sender = f"blind-{uuid.uuid4().hex[:12]}"  # a fresh conversation per item
    turns = []
    for turn in item["turns"]:
        reply = requests.post(
            f"{url}/webhooks/rest/webhook", json={"sender": sender, "message": turn["text"]}, timeout=60
        )
        reply.raise_for_status()
        turns.append({**turn, "reply": reply_text(reply.json())})
    return turns


def run_set(url: str, items: list[dict]) -> list[tuple[dict, list[dict]]]:
    with ThreadPoolExecutor(max_workers=4) as pool:
        return list(zip(items, pool.map(lambda item: converse(url, item), items), strict=True))


def figures(facts: Facts, rows: list[tuple[dict, list[dict]]]) -> tuple[dict, list[str]]:
    right_turns, by_form, by_topic, misses = [], defaultdict(list), defaultdict(list), []
    for item, turns in rows:
        for number, turn in enumerate(turns):
            results = [carried(facts, ask, turn["reply"]) for ask in turn["asks"]]
            ok = all(results)
            right_turns.append(ok)
            by_form[form_of(item) if number == 0 else "follow-up"].append(ok)
            for ask, hit in zip(turn["asks"], results, strict=True):
                by_topic[ask.get("topic") or ("practice" if "practice" in ask else "area or street")].append(hit)
            if not ok:
                misses.append(
                    f"{item['id']} turn {number + 1} [{reply_kind(turn['reply'])}] {turn['text']!r}\n"
                    f"    asked {turn['asks']}\n    got {turn['reply'][:240]!r}"
                )
    result = {
        "turns_right": rate(sum(right_turns), len(right_turns)),
        "per_form": {form: rate(sum(v), len(v)) for form, v in sorted(by_form.items())},
        "per_ask": {label: rate(sum(v), len(v)) for label, v in sorted(by_topic.items())},
    }
    return result, misses


def main() -> None:
    from ops.servers import BotServers

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=MODEL)
    parser.add_argument("--set", choices=SETS, action="append", help="which blind set (default: all)")
    parser.add_argument("--show-misses", action="store_true", help="print the misses (the set is then seen)")
    parser.add_argument("--report", action="store_true", help="write reports/understanding_blind.json, never fail")
    args = parser.parse_args()
    facts, results, failed = load_facts(), {}, []
    with tempfile.TemporaryDirectory() as workdir, BotServers(Path(workdir), args.model, UNDERSTANDING_PORTS) as bot:
        for name in args.set or SETS:
            rows = run_set(bot.url, load_set(name))
            results[name], misses = figures(facts, rows)
            print(f"== blind set understanding-{name}: {len(rows)} conversations")
            print(json.dumps(results[name], indent=2))
            if args.show_misses:
                print("\n".join(misses))
            value, goal = results[name]["turns_right"]["rate"], UNDERSTANDING_BLIND[name]
            if not goal.met(value):
                print(f"Issue 21 goal not met yet on {name}: {value}, goal {goal.text()}")
            if not goal.passes_gate(value):
                failed.append(f"{name} turns right = {value} (gate {goal.text(goal.gate)})")
    if args.report:
        (REPORTS / "understanding_blind.json").write_text(json.dumps(results, indent=2) + "\n")
        return
    if failed:
        sys.exit("Understanding gate failed: " + "; ".join(failed))


if __name__ == "__main__":
    main()
