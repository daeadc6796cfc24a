"""Why each clause is in a document or not: layer, file, condition and the data it saw."""

from __future__ import annotations

from .assemble import document_context, select
from .context import Record
from .errors import UsageError
from .model.network import EnterpriseData
from .project import LoadedProject


def explain(
    loaded: LoadedProject, document: str, lang: str, enterprise: str | None = None, agent: str | None = None
) -> list[str]:
    """One line per outline entry: part, id, in/out, layer and file, and the reason.

    For a network project, ``enterprise`` says whose document (default: the first); for a
    document made per agent, ``agent`` says whose (default: the enterprise's first agent).
    """
    if "+" in lang:
        raise UsageError("explain takes one language at a time")
    data = loaded.select_views([enterprise] if enterprise else [])[0]
    library = loaded.checked_library()
    outline = loaded.outline(document, data)
    agent_id = None
    if outline.per == "agent":
        members = [a.id for a in data.members()]
        if agent and agent not in members:
            raise UsageError(f"no agent '{agent}' in {data.enterprise.id}; agents: {', '.join(members)}")
        agent_id = agent or members[0]
    context = document_context(data, outline, lang, agent_id)
    lines = [f"{outline.title(lang)} ({lang}), outline {outline.file}"]
    if document == "statutes" and data.enterprise.company.form == "bv":
        lines.append(_deed(loaded, data))
    for d in select(outline, library, lang, context, loaded.config.variants):
        clause = d.clause
        state = "in " if d.included else "out"
        where = clause.where if clause else "-"
        reason = d.reason
        if clause and clause.when:
            reason += _values_seen(clause.when, context)
        lines.append(f"{state}  {d.entry.part:<10} {d.entry.clause_id:<40} [{where}] {reason}")
        for other in library.variants(d.entry.clause_id, lang):
            if clause is not None and other.id != clause.id:
                why = f"when: {other.when}" if other.when else "no condition"
                lines.append(f"out  {'':<10} {'  variant ' + str(other.variant):<40} [{other.where}] {why}")
    return lines


def _deed(loaded: LoadedProject, data: EnterpriseData) -> str:
    """Which deed the statuten are drafted for: a KvK number makes them an amendment."""
    number = data.enterprise.company.registration_number
    at = next(key for key, view in loaded.data.views() if view.enterprise.id == data.enterprise.id)
    if number is None:
        where = loaded.raw_data.locate((*at, "company"))
        return (
            f"note: {where}: company.registration_number is not given, so these statuten are drafted for the deed"
            " of incorporation (akte van oprichting) of a new company; with the KvK number of an existing company"
            " they are drafted for a deed of amendment (akte van statutenwijziging)"
        )
    where = loaded.raw_data.locate((*at, "company", "registration_number"), value=True)
    return (
        f"note: {where}: company.registration_number is '{number}', so these statuten are drafted for a deed of"
        " amendment (akte van statutenwijziging) of that existing company, with notes for the notary (the"
        " cover note); leave it out to draft them for the deed of incorporation (akte van oprichting)"
    )


def _values_seen(expression: str, context: dict) -> str:
    """The data values a condition read, e.g. ' (association.ip.policy = 'open')'."""
    import re

    seen = []
    for path in dict.fromkeys(re.findall(r"\b[a-z_]+(?:\.[a-z_]+)+", expression)):
        head, *rest = path.split(".")
        value = context.get(head)
        for part in rest:
            value = value[part] if isinstance(value, Record) and part in value else None
        seen.append(f"{path} = {value!r}" if not isinstance(value, Record) else f"{path} = {{...}}")
    return f" ({'; '.join(seen)})" if seen else ""
