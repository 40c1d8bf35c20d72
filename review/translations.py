"""The safety cards whose translation no professional translator has checked yet, for the editors' report."""

from __future__ import annotations

from pathlib import Path

from facts.fixed_replies import responses
from ops.settings import DOMAIN


def unchecked_cards(domain: Path = DOMAIN) -> list[tuple[str, str]]:
    """(language code, language name) of every card in domain.yml marked translation_checked: false."""
    variations = responses(domain)["utter_language_card"]
    return [
        (v["custom"]["language"], v["custom"].get("language_name", v["custom"]["language"]))
        for v in variations
        if v.get("custom", {}).get("translation_checked") is False
    ]


def write_unchecked(out: Path, domain: Path = DOMAIN) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    cards = unchecked_cards(domain)
    lines = [
        "# Safety cards not yet checked by a professional translator",
        "",
        "Each is in `domain.yml` under `utter_language_card`. When a translator has checked one, set its",
        "`translation_checked: true` (hazard H19 in docs/clinical-safety.md).",
        "",
        *(f"- {name} (`{code}`)" for code, name in cards),
    ]
    path = out / "unchecked-translations.md"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
