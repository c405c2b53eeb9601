"""Actions in a narrative response: when a report answers each numbered recommendation in running text
instead of a table, the sentences that commit to something become draft actions.

A commitment is a sentence in the paragraphs between one recommendation and the next that says something
will happen or is under way ("will", "is being", "are underway", "has been agreed", "plans to"). Each is
copied verbatim, linked to the recommendation it follows, with low confidence: a person must check which
sentences are commitments and which are background.
"""

from __future__ import annotations

import re

from loaders.importer.assemble import DraftAction
from loaders.importer.cells import BULLETS
from loaders.importer.document import Document, Line
from loaders.importer.findings import Findings
from loaders.importer.recommendations import _SENTENCE, Rec

COMMITMENT = re.compile(
    r"\b(will|shall|is being|are being|(?:is|are) (?:now )?underway|(?:has|have) been agreed|plans? to|"
    r"intend(?:s|ed)? to|to be (?:undertaken|produced|delivered|brought))\b",
    re.I,
)
_BY = re.compile(
    r"\b(by (?:the end of )?(?:January|February|March|April|May|June|July|August|September|October|"
    r"November|December|spring|summer|autumn|winter)\s+\d{4})\b",
    re.I,
)


def narrative_actions(doc: Document, recs: list[Rec], findings: Findings) -> list[DraftAction]:
    sections = [r for r in recs if r.how == "section"]
    if not sections:
        return []
    lines = [b for b in doc.blocks if isinstance(b, Line)]
    where_index = {line.where: i for i, line in enumerate(lines)}
    starts = [(where_index[r.where], r) for r in sections if r.where in where_index]
    actions: list[DraftAction] = []
    for position, (start, rec) in enumerate(starts):
        stop = starts[position + 1][0] if position + 1 < len(starts) else min(len(lines), start + 40)
        for line in lines[start + 1 : stop]:
            if line.level or (line.text[:1].isdigit() and len(line.text.split()) < 8):
                break
            if line.text[:1] in BULLETS and actions and actions[-1].text.endswith(":"):
                actions[-1].steps.append({"text": line.text[1:].strip()})
                continue
            for sentence in _SENTENCE.split(line.text):
                if COMMITMENT.search(sentence):
                    timescale = _BY.search(sentence)
                    action = DraftAction(None, [rec.number], sentence.strip(), line.where)
                    action.timescale = timescale.group(1) if timescale else None
                    action.notes.append(
                        {
                            "kind": "editorial",
                            "about": "text",
                            "text": "Drafted from a sentence of the narrative response; check it is a commitment.",
                        }
                    )
                    actions.append(action)
                    findings.add(
                        f"action (narrative) for recommendation {rec.number}",
                        line.where,
                        "low",
                        "a sentence saying something will happen, in the response to the recommendation",
                    )
    return actions
