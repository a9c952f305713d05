"""``govatlas registry``: the transparency and confidence-building registry from the
command line: load the demo, list what an account may see, move records through the
workflow, and verify the audit log."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer

from govatlas.commands.common import FormatOption, new_console, new_typer, open_engine
from govatlas.config import load_settings, registry_key_file
from govatlas.errors import ExitCode, InvalidInputError
from govatlas.registry.attachments import MAX_ATTACHMENT_BYTES, attach, remove_attachment
from govatlas.registry.audit import checkpoint, verify
from govatlas.registry.compliance import commitment_statuses, summarise
from govatlas.registry.demo import load_demo, scenario
from govatlas.registry.editions import edition_diff
from govatlas.registry.export import export_document, verify_export
from govatlas.registry.records import (
    STEPS,
    Content,
    Writer,
    add_party,
    draft_record,
    edit_record,
    records_for,
    set_member,
    step,
    viewer_named,
)
from govatlas.registry.revisions import revise_record
from govatlas.registry.signing import load, load_or_create, read_public_key
from govatlas.registry.tokens import issue_token, revoke_token
from govatlas.registry.visibility import PUBLIC, Viewer
from govatlas.store.migrate import require_current, upgrade
from govatlas.store.registry_models import PARTY_KINDS, ROLES, RegistryRecord
from govatlas.store.session import transaction
from govatlas.tabular import OutputFormat, render_rows

app = new_typer(
    "The transparency and confidence-building registry: organisations share commitments, "
    "measures and reports, each marked with who may see it (TLP 2.0), reviewed before "
    "publication, every write in a hash-chained, signed audit log."
)
ADMINISTRATOR = Viewer(None, "govatlas registry (command line)", "administrator", None)


def _key_path() -> Path:
    return registry_key_file(load_settings())


@contextmanager
def acting_as(account: str) -> Iterator[Writer]:
    """One transaction in which ``account`` writes to the registry (its log signed with
    the registry's key, made on the first write)."""
    engine = open_engine()
    require_current(engine)
    signer = load_or_create(_key_path())
    with transaction(engine) as session:
        yield Writer(session, signer, viewer_named(session, account))


def _row(record: RegistryRecord) -> dict[str, Any]:
    return {
        "id": record.id,
        "kind": record.kind,
        "title": record.title,
        "party": record.party_id,
        "tlp": record.tlp,
        "status": record.status,
        "answers": record.answers_id,
        "nil_report": record.nil_report,
        "author": record.author,
        "edition": record.edition,
        "published": record.published_at.isoformat(timespec="seconds")
        if record.published_at
        else None,
    }


@app.command("seed-demo")
def seed_demo() -> None:
    """Load the demo scenario: invented organisations, an account of every role (one
    documented password: never on a shared server) and records at every TLP marking and
    workflow status, through the same audited steps people take. Twice changes nothing.

    Example: [bold]govatlas registry seed-demo[/], then
    [bold]govatlas registry records --as demo-officer[/]
    """
    engine = open_engine(create=True)
    upgrade(engine)
    signer = load_or_create(_key_path())
    with transaction(engine) as session:
        loaded = load_demo(session, signer)
    console = new_console()
    if loaded.already:
        console.print("The demo scenario is already in this registry; nothing changed.")
        return
    console.print(
        f"Loaded the demo: {loaded.parties} organisations, {loaded.accounts} accounts, "
        f"{loaded.records} records. Demo accounts sign in with the password "
        f"{scenario()['password']!r} (demo only).",
        highlight=False,
    )


@app.command("records")
def list_records(
    as_account: Annotated[
        str | None,
        typer.Option("--as", help="Show what this account may see (default: the public)."),
    ] = None,
    kind: Annotated[
        str | None, typer.Option("--kind", help="commitment, measure or report.")
    ] = None,
    fmt: FormatOption = OutputFormat.TABLE,
) -> None:
    """List the records an account may see (by default what the public sees: published
    CLEAR records only).

    Example: [bold]govatlas registry records --as demo-officer --format json[/]
    """
    engine = open_engine()
    require_current(engine)
    with transaction(engine) as session:
        viewer = viewer_named(session, as_account) if as_account else PUBLIC
        rows = [_row(r) for r in records_for(session, viewer, kind=kind)]
    render_rows(new_console(), rows, fmt, title="Registry records")


@app.command("compliance")
def compliance_command(
    as_account: Annotated[
        str | None,
        typer.Option("--as", help="What this account may see (default: the public)."),
    ] = None,
    fmt: FormatOption = OutputFormat.TABLE,
) -> None:
    """Where each commitment stands: reported, reported late, report under review, or
    no report in the registry (by the due date, or yet), from the records the viewer
    may see. "No report in the registry" is never a finding that none was made; beside
    it, what the organisation published elsewhere that answers the commitment, as far as
    the catalog holds it (a company's published safety framework).

    Example: [bold]govatlas registry compliance --format json[/]
    """
    engine = open_engine()
    require_current(engine)
    with transaction(engine) as session:
        viewer = viewer_named(session, as_account) if as_account else PUBLIC
        statuses = commitment_statuses(session, viewer)
        if fmt is OutputFormat.JSON:
            document = {
                "summary": [s.as_dict() for s in summarise(statuses)],
                "items": [s.as_dict() for s in statuses],
            }
            new_console().file.write(json.dumps(document, indent=1, ensure_ascii=False) + "\n")
            return
        rows = [
            {
                "commitment": s.commitment.title,
                "organisation": s.organisation,
                "due": s.commitment.due_on.isoformat() if s.commitment.due_on else "",
                "state": s.state,
                "reports": ", ".join(str(r.id) for r in s.reports),
                "elsewhere (catalog)": "; ".join(
                    f"{e.name} ({e.first.isoformat() if e.first else 'undated'})"
                    for e in s.evidence
                ),
            }
            for s in statuses
        ]
    render_rows(new_console(), rows, fmt, title="Commitments and their reports")


TitleOption = Annotated[str, typer.Option("--title", help="The record's title.")]
TlpOption = Annotated[
    str, typer.Option("--tlp", help="Who may see it: CLEAR, GREEN, AMBER, AMBER+STRICT or RED.")
]
BodyFileOption = Annotated[
    Path | None, typer.Option("--body-file", help="Its text, from a UTF-8 file (- for stdin).")
]
ThemeOption = Annotated[str | None, typer.Option("--theme", help="A report's theme.")]
AnswersOption = Annotated[
    int | None, typer.Option("--answers", help="The commitment (record id) a report answers.")
]
NilOption = Annotated[bool, typer.Option("--nil-report", help="Nothing to report this period.")]
ProvisionsOption = Annotated[
    list[str] | None,
    typer.Option("--provision", help="A provision it answers, INSTRUMENT:PATH (repeatable)."),
]
ConceptsOption = Annotated[
    list[str] | None, typer.Option("--concept", help="A concept id, e.g. fli-blocks:red-lines.")
]
PartiesOption = Annotated[
    list[str] | None,
    typer.Option("--share-with", help="AMBER: an organisation it is shared with (repeatable)."),
]
PeopleOption = Annotated[
    list[str] | None,
    typer.Option("--person", help="RED: an account it is for (repeatable)."),
]
AsOption = Annotated[str, typer.Option("--as", help="The account that writes.")]


def _body(path: Path | None) -> str:
    if path is None:
        return ""
    try:
        return sys.stdin.read() if str(path) == "-" else path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InvalidInputError(f"cannot read {path}: {error}") from None


def _content(
    title: str,
    tlp: str,
    body_file: Path | None,
    theme: str | None,
    answers: int | None,
    nil_report: bool,
    provisions: list[str] | None,
    concepts: list[str] | None,
    parties: list[str] | None,
    people: list[str] | None,
) -> Content:
    return Content(
        title=title,
        tlp=tlp,
        body=_body(body_file),
        theme=theme,
        answers=answers,
        concepts=concepts or [],
        provisions=provisions or [],
        nil_report=nil_report,
        parties=parties or [],
        people=people or [],
    )


@app.command("draft")
def draft_command(
    as_account: AsOption,
    kind: Annotated[str, typer.Option("--kind", help="commitment, measure or report.")],
    organisation: Annotated[str, typer.Option("--organisation", help="Whose record it is.")],
    title: TitleOption,
    tlp: TlpOption,
    body_file: BodyFileOption = None,
    theme: ThemeOption = None,
    answers: AnswersOption = None,
    nil_report: NilOption = False,
    provisions: ProvisionsOption = None,
    concepts: ConceptsOption = None,
    parties: PartiesOption = None,
    people: PeopleOption = None,
) -> None:
    """Draft a record as an account (a submitter for its organisation, or an officer);
    submit it with `registry step ID submit`.

    Example: [bold]govatlas registry draft --as demo-lab-submitter --kind report
    --organisation demo-lab --title "Q3 report" --tlp GREEN --answers 1[/]
    """
    content = _content(
        title, tlp, body_file, theme, answers, nil_report, provisions, concepts, parties, people
    )
    with acting_as(as_account) as writer:
        record_id = draft_record(writer, kind, organisation, content).id
    new_console().print(f"Drafted record {record_id}.", highlight=False)


@app.command("edit")
def edit_command(
    record_id: Annotated[int, typer.Argument(help="The draft or returned record's id.")],
    as_account: AsOption,
    title: TitleOption,
    tlp: TlpOption,
    body_file: BodyFileOption = None,
    theme: ThemeOption = None,
    answers: AnswersOption = None,
    nil_report: NilOption = False,
    provisions: ProvisionsOption = None,
    concepts: ConceptsOption = None,
    parties: PartiesOption = None,
    people: PeopleOption = None,
) -> None:
    """Replace what a draft or returned record says (all of it: what is not given is
    emptied), as its author or a submitter of its organisation.

    Example: [bold]govatlas registry edit 9 --as demo-ministry-submitter --title "Scheme"
    --tlp CLEAR[/]
    """
    content = _content(
        title, tlp, body_file, theme, answers, nil_report, provisions, concepts, parties, people
    )
    with acting_as(as_account) as writer:
        version = edit_record(writer, record_id, content).version
    new_console().print(f"Record {record_id} is at version {version}.", highlight=False)


@app.command("step")
def step_command(
    record_id: Annotated[int, typer.Argument(help="The record's id.")],
    action: Annotated[str, typer.Argument(help=f"One of: {', '.join(STEPS)}.")],
    as_account: Annotated[str, typer.Option("--as", help="The account that acts.")],
    comment: Annotated[
        str | None, typer.Option("--comment", help="Why it is returned (needed to return).")
    ] = None,
) -> None:
    """Move a record through the workflow as an account: submit, review, publish or
    return (with a comment).

    Example: [bold]govatlas registry step 8 publish --as demo-officer[/]
    """
    with acting_as(as_account) as writer:
        record = step(writer, record_id, action, comment)
        status = record.status
    new_console().print(f"Record {record_id} is {status}.", highlight=False)


@app.command("revise")
def revise_command(
    record_id: Annotated[int, typer.Argument(help="The published record's id.")],
    as_account: AsOption,
) -> None:
    """Draft the next edition of a published record, as its author or a submitter of its
    organisation: a copy (marking, whom it names, files) to edit and submit; the
    published edition stands until the new one is published.

    Example: [bold]govatlas registry revise 2 --as demo-lab-submitter[/]
    """
    with acting_as(as_account) as writer:
        revision = revise_record(writer, record_id)
        made, edition = revision.id, revision.edition
    new_console().print(
        f"Drafted record {made}, edition {edition} of record {record_id}: edit it "
        f"(`registry edit {made}`), then submit it.",
        highlight=False,
    )


@app.command("diff")
def diff_command(
    record_id: Annotated[int, typer.Argument(help="A record that revises an earlier edition.")],
    as_account: Annotated[
        str | None,
        typer.Option("--as", help="Compare as this account (default: the public)."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the changes as JSON.")] = False,
) -> None:
    """What changed from the edition a record revises: fields, linked provisions and
    concepts, and the text and each file's text compared provision by provision. Only
    when the account may see both editions.

    Example: [bold]govatlas registry diff 10 --as demo-lab-submitter[/]
    """
    engine = open_engine()
    require_current(engine)
    with transaction(engine) as session:
        viewer = viewer_named(session, as_account) if as_account else PUBLIC
        changes = edition_diff(session, viewer, record_id)
        document = changes.as_dict()
    if as_json:
        typer.echo(json.dumps(document, indent=1, ensure_ascii=False))
        return
    console = new_console()
    counts = document["counts"]
    console.print(
        f"Record {record_id} (edition {document['edition']}) against record "
        f"{document['earlier']['record']} (edition {document['earlier']['edition']}): "
        + ", ".join(f"{counts[k]} {k}" for k in ("modified", "added", "removed", "unchanged")),
        highlight=False,
    )
    for change in document["fields"]:
        console.print(
            f"  {change['field']}: {change['old']!r} -> {change['new']!r}", highlight=False
        )
    for kind in ("added", "removed"):
        for ref in document["provisions"][kind]:
            console.print(f"  provision {kind}: {ref}", highlight=False)
    for item in document["text"]:
        console.print(f"  {_change_line(item)}", highlight=False)
    for file in document["attachments"]:
        console.print(
            f"  file {file['filename']}: {file['change']}"
            + (f" ({len(file['provisions'])} provisions changed)" if file["provisions"] else ""),
            highlight=False,
        )


def _change_line(item: dict[str, Any]) -> str:
    """One changed paragraph or provision: where, and its changed words (or its text)."""
    where = (item["new"] or item["old"])["path"]
    if item["words"]:
        shown = [
            f"-{w['old']!r} +{w['new']!r}"
            if w["old"] and w["new"]
            else f"{w['op']} {w['old'] or w['new']!r}"
            for w in item["words"][:5]
        ]
        return f"{item['change']} {where}: {'; '.join(shown)}"
    text = (item["new"] or item["old"])["text"]
    return f"{item['change']} {where}: {text[:120]}{'…' if len(text) > 120 else ''}"


@app.command("attach")
def attach_command(
    record_id: Annotated[int, typer.Argument(help="The draft or returned record's id.")],
    file: Annotated[Path, typer.Argument(help="A PDF of at most 10 MB.")],
    as_account: AsOption,
) -> None:
    """Attach a PDF to a draft or returned record, as one who may edit it. Its first
    bytes must say it is a PDF; its text is read through the ingest path.

    Example: [bold]govatlas registry attach 9 framework.pdf --as demo-ministry-submitter[/]
    """
    try:
        if file.stat().st_size > MAX_ATTACHMENT_BYTES:
            raise InvalidInputError(
                f"{file} is over the {MAX_ATTACHMENT_BYTES // 1024 // 1024} MB limit"
            )
        data = file.read_bytes()
    except OSError as exc:
        raise InvalidInputError(f"cannot read {file}: {exc.strerror}") from None
    with acting_as(as_account) as writer:
        made = attach(writer, record_id, file.name, data)
        summary = (made.id, made.filename, made.sha256, bool(made.text))
    new_console().print(
        f"Attached {summary[1]} as attachment {summary[0]} (SHA-256 {summary[2][:16]}…)"
        + ("" if summary[3] else "; it has no text layer, so no text was read")
        + ".",
        highlight=False,
    )


@app.command("detach")
def detach_command(
    attachment_id: Annotated[int, typer.Argument(help="The attachment's id.")],
    as_account: AsOption,
) -> None:
    """Take a file off a draft or returned record.

    Example: [bold]govatlas registry detach 3 --as demo-ministry-submitter[/]
    """
    with acting_as(as_account) as writer:
        record_id = remove_attachment(writer, attachment_id).id
    new_console().print(
        f"Removed attachment {attachment_id} from record {record_id}.", highlight=False
    )


@app.command("add-organisation")
def add_organisation(
    party_id: Annotated[str, typer.Argument(help="A short id: lower case, digits, dashes.")],
    name: Annotated[str, typer.Option("--name", help="Its full name.")],
    kind: Annotated[str, typer.Option("--kind", help=f"One of: {', '.join(PARTY_KINDS)}.")],
    jurisdiction: Annotated[
        str | None, typer.Option("--jurisdiction", help="Its place (FRA, KEN, EU...).")
    ] = None,
    contact_point: Annotated[
        str | None,
        typer.Option("--contact-point", help="Its point of contact: a role or desk, no person."),
    ] = None,
) -> None:
    """Register an organisation (an administrator's step, recorded in the audit log).

    Example: [bold]govatlas registry add-organisation ke-ai-office --name "AI Office"
    --kind agency --jurisdiction KEN[/]
    """
    engine = open_engine()
    require_current(engine)
    signer = load_or_create(_key_path())
    with transaction(engine) as session:
        party = add_party(
            Writer(session, signer, ADMINISTRATOR),
            party_id,
            name,
            kind,
            jurisdiction,
            contact_point,
        )
        new_console().print(f"Registered {party.name} ({party.id}).", highlight=False)


@app.command("member")
def member_command(
    account: Annotated[str, typer.Argument(help="An account (`govatlas users add` makes one).")],
    role: Annotated[str, typer.Option("--role", help=f"One of: {', '.join(ROLES)}.")],
    party_id: Annotated[
        str | None, typer.Option("--organisation", help="The organisation it acts for.")
    ] = None,
) -> None:
    """Give an account its registry role and organisation (recorded in the audit log).

    Example: [bold]govatlas registry member ana --role submitter --organisation kenya-ai-office[/]
    """
    engine = open_engine()
    require_current(engine)
    signer = load_or_create(_key_path())
    with transaction(engine) as session:
        set_member(Writer(session, signer, ADMINISTRATOR), account, role, party_id)
    new_console().print(f"{account} is a registry {role}.", highlight=False)


@app.command("token")
def token_command(
    account: Annotated[str, typer.Argument(help="The registry member the token acts for.")],
    role: Annotated[
        str | None,
        typer.Option("--role", help="Its role, at most the account's (default: the account's)."),
    ] = None,
    label: Annotated[
        str | None, typer.Option("--label", help="What it is for, e.g. 'reporting pipeline'.")
    ] = None,
) -> None:
    """Issue an API token for a registry member, scoped to a role and the account's
    organisation; it is printed once (the store keeps its hash). Send it as
    `Authorization: Bearer TOKEN` to /api/v1/registry/...

    Example: [bold]govatlas registry token demo-lab-submitter --label "reporting pipeline"[/]
    """
    engine = open_engine()
    require_current(engine)
    signer = load_or_create(_key_path())
    with transaction(engine) as session:
        issued = issue_token(Writer(session, signer, ADMINISTRATOR), account, role, label)
    console = new_console()
    console.print(
        f"Token {issued.id} for {account} as {issued.role}"
        + (f" of {issued.party_id}" if issued.party_id else "")
        + " (shown once; keep it secret):",
        highlight=False,
    )
    typer.echo(issued.token)


@app.command("revoke-token")
def revoke_token_command(
    token_id: Annotated[int, typer.Argument(help="The token's id (printed when issued).")],
) -> None:
    """Revoke an API token: it stops working at once.

    Example: [bold]govatlas registry revoke-token 3[/]
    """
    engine = open_engine()
    require_current(engine)
    signer = load_or_create(_key_path())
    with transaction(engine) as session:
        revoke_token(Writer(session, signer, ADMINISTRATOR), token_id)
    new_console().print(f"Token {token_id} is revoked.")


@app.command("verify")
def verify_command(
    public_key: Annotated[
        Path | None,
        typer.Option(
            "--public-key", help="Check the head's signature with this PEM public key file."
        ),
    ] = None,
    kept: Annotated[
        Path | None,
        typer.Option("--checkpoint", help="A checkpoint kept elsewhere (`registry checkpoint`)."),
    ] = None,
) -> None:
    """Check the audit log: every entry chained to the one before and unchanged, the
    signed head naming the last entry, its signature good (with the registry's key, or
    --public-key), and a checkpoint kept elsewhere still in the log. Exits 0 when all
    hold; otherwise names the first bad entry and exits 1.

    Example: [bold]govatlas registry verify[/]
    """
    engine = open_engine()
    require_current(engine)
    key_file = _key_path()
    public = (
        read_public_key(public_key)
        if public_key
        else (load(key_file).public if key_file.exists() else None)
    )
    document = None
    if kept is not None:
        try:
            document = json.loads(kept.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            raise InvalidInputError(f"{kept} is not a checkpoint file") from None
    with transaction(engine) as session:
        verdict = verify(session, public, document)
    console = new_console()
    if verdict.ok:
        signed = "signature checked" if public else "no key to check the signature"
        console.print(f"Audit log intact: {verdict.checked} entries ({signed}).", highlight=False)
        return
    where = f"entry {verdict.bad_entry}" if verdict.bad_entry else "the signed head"
    console.print(
        f"[red]Audit log broken at {where}:[/] {verdict.reason} "
        f"({verdict.checked} entries checked before it).",
        highlight=False,
    )
    raise typer.Exit(ExitCode.FAILURE)


@app.command("checkpoint")
def checkpoint_command(
    out: Annotated[Path, typer.Option("--out", help="Where to write it (keep it elsewhere).")],
) -> None:
    """Write the log's signed head as JSON, to keep outside the database; `verify
    --checkpoint FILE` later finds a log rolled back or cut before it.

    Example: [bold]govatlas registry checkpoint --out audit-2026-12.json[/]
    """
    engine = open_engine()
    require_current(engine)
    with transaction(engine) as session:
        document = checkpoint(session)
    out.write_text(json.dumps(document, indent=1) + "\n", encoding="utf-8")
    new_console().print(f"Wrote the head (entry {document['last_id']}) to {out}")


@app.command("export")
def export_command(
    out: Annotated[Path, typer.Option("--out", help="The JSON file to write.")],
    as_account: Annotated[
        str | None,
        typer.Option("--as", help="Export what this account may see (default: the public)."),
    ] = None,
) -> None:
    """Write the records an account may see (by default the public's: published CLEAR
    records) as one JSON file signed with the registry's key, which anyone can check
    with the public key alone (`registry verify-export`).

    Example: [bold]govatlas registry export --out registry-public.json[/]
    """
    engine = open_engine()
    require_current(engine)
    signer = load_or_create(_key_path())
    with transaction(engine) as session:
        viewer = viewer_named(session, as_account) if as_account else PUBLIC
        document = export_document(session, viewer, signer)
    out.write_text(json.dumps(document, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    new_console().print(
        f"Wrote {len(document['records'])} records, signed (key {document['key_id'][:16]}…), "
        f"to {out}",
        highlight=False,
    )


@app.command("verify-export")
def verify_export_command(
    file: Annotated[Path, typer.Argument(help="An export (`registry export`).")],
    public_key: Annotated[
        Path | None,
        typer.Option(
            "--public-key",
            help="The registry's public key (PEM; `registry public-key` prints it). "
            "Default: this registry's own key.",
        ),
    ] = None,
) -> None:
    """Check an export's signature with the public key alone: exits 0 when the file is
    as the registry signed it, 1 when anything in it was changed.

    Example: [bold]govatlas registry verify-export registry-public.json --public-key registry.pub[/]
    """
    public = read_public_key(public_key) if public_key else load(_key_path()).public
    try:
        document = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise InvalidInputError(f"{file} is not a JSON file") from None
    check = verify_export(document, public)
    console = new_console()
    if check.ok:
        console.print(f"Export intact: {check.records} records, signature good.")
        return
    console.print(f"[red]Export not intact:[/] {check.reason}", highlight=False)
    raise typer.Exit(ExitCode.FAILURE)


@app.command("public-key")
def public_key_command() -> None:
    """Print the registry's public key (PEM): what anyone needs to check its signatures
    (redirect it to a file to publish it).

    Example: [bold]govatlas registry public-key[/]
    """
    typer.echo(load(_key_path()).public.pem(), nl=False)
