"""The Rules page's table (face layer: the page): the corrections the ingest applies, removable.

Each rule says what was seen (the words, and where), what it becomes, who made it and why
(:mod:`dashboard.events.rules`); ticking rows and one click removes them.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.app import loaders
from dashboard.app.language import current, num, tr
from dashboard.events import rules
from dashboard.views import i18n


def becomes(rule: rules.Rule, language: str) -> str:
    """What a rule makes of what it matches, in words."""
    if rule.kind == "not_incident":
        return i18n.t(language, "rules.dropped")
    if rule.kind == "type":
        return i18n.type_name(language, str(rule.changes.get("sub_event_type") or rule.changes.get("event_type")))
    where = ", ".join(str(v) for v in (rule.changes.get("admin2"), rule.changes.get("admin1")) if v)
    name = rule.changes.get("location_ar") if language == "ar" and rule.changes.get("location_ar") else \
        rule.changes.get("location")
    point = f"{float(rule.changes.get('latitude', 0)):.4f}, {float(rule.changes.get('longitude', 0)):.4f}"
    return f"{name or point}" + (f" ({where})" if where else "") + f" · {point}"


def rules_table(found: list[rules.Rule], language: str) -> pd.DataFrame:
    """One row per rule, newest first."""
    rows = [{"rule_id": r.rule_id, "kind": i18n.t(language, f"rules.kind.{r.kind}"), "seen": r.seen or r.phrase,
             "scope": r.scope or i18n.t(language, "rules.any"), "becomes": becomes(r, language),
             "analyst": r.analyst, "created_at": r.created_at, "reason": r.reason} for r in reversed(found)]
    return pd.DataFrame(rows, columns=["rule_id", "kind", "seen", "scope", "becomes", "analyst", "created_at",
                                       "reason"])


def show() -> None:
    """The table and the remove button."""
    conn = loaders.connection()
    found = rules.load_rules(conn)
    if not found:
        st.info(tr("rules.empty"))
        return
    table = rules_table(found, current())
    state = st.dataframe(table, key=f"rules-{loaders.generation()}", hide_index=True, on_select="rerun",
                         selection_mode="multi-row",
                         column_config={c: st.column_config.TextColumn(tr(f"rules.col.{c}")) for c in table.columns
                                        if c != "rule_id"} | {"rule_id": st.column_config.NumberColumn("#")})
    ticked = [int(table.at[r, "rule_id"]) for r in (state.selection.rows if state else [])]
    if ticked and st.button(tr("rules.delete", n=num(len(ticked))), key="rules-delete", type="primary"):
        removed = loaders.run_action(lambda: rules.delete_rules(conn, ticked))
        if removed is not None:
            st.session_state["rules_flash"] = tr("rules.deleted", n=num(removed))
            st.rerun()
