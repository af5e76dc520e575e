"""The advice as plain text: what the study-plan section says, line by line (for tests,
the docs and a quick look from the shell)."""

from __future__ import annotations

from .types import Advice


def plan_text(a: Advice) -> str:
    out = []
    if a.changes:
        out.append("Since your previous result: " + " ".join(a.changes))
    if a.measure:
        out.append("Measure first:")
        for m in a.measure:
            out.append(f"  - {m.label} (about {m.minutes} min): {m.reason}")
    for w in a.weeks:
        out.append(f"Week {w.number} ({w.hours:g} h):")
        for i in w.items:
            part = f" ({i.part})" if i.part else ""
            out.append(f"  - [{i.kind}] {i.label}{part}, {i.hours_label}")
    if a.unplanned_hours:
        out.append(f"  (+{a.unplanned_hours:g} h after week 12)")
    if a.recommendations:
        out.append("Why these:")
        for r in a.recommendations:
            out.append(f"  - {r.title}: {r.reason}")
    for c in a.confirmed:
        out.append(f"Confirmed: {c.title}: {c.text}")
    for u in a.unsure:
        out.append(f"Not sure yet: {u.title}: {u.text}")
    for s in a.stretch:
        out.append(f"Beyond target [{s.path}] {s.resource.title}: {s.reason}")
    return "\n".join(out)
