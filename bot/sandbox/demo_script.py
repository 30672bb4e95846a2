"""The demo's story, chapter by chapter: what Northwind Studio's people reported, decided and said
over three weeks. Each chapter yields the moment of what it does next — (day, hour, minute), day 0
being three weeks ago — and demo.py replays the chapters together in time order."""
from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from bot.qms.evidence import SourceMessage
from bot.sandbox import workspace as ws

ALICE, MARTA, DEV, RUTH, CHRIS = "U_ALICE", "U_MARTA", "U_DEV", "U_RUTH", "U_CHRIS"
Moment = tuple[int, int, int]


def nonconformances(s) -> Iterator[Moment]:
    yield 0, 9, 5
    s.say(RUTH, ws.GENERAL, "Morning all! Reminder: the ISO 9001 surveillance audit is in four weeks. "
                            "If something goes wrong, log it in #quality with /qms nc, it takes a minute.")
    yield 0, 10, 40
    drawing = s.nc(ALICE, {"title": "Wrong drawing revision sent to Acme",
                           "description": "Rev B of the signage drawings went to Acme instead of rev C. "
                                          "They noticed before printing.",
                           "severity": "major", "process": "Delivery", "source": "customer_complaint",
                           "customer": "Acme Corp"})
    yield 0, 11, 15
    s.step(drawing, "investigate", MARTA, owner=ALICE, correction="Sent rev C and asked Acme to delete rev B.")
    s.reply(DEV, "nc", drawing, "Acme confirmed they deleted rev B and are printing from rev C.")
    yield 1, 14, 0
    s.step(drawing, "plan", ALICE, why1="Rev B was still in the shared delivery folder",
           why2="Nobody moves superseded drawings out when a new revision is released",
           why3="The release checklist has no archive step",
           corrective_action="Add 'archive superseded revisions' to the release checklist and brief the team",
           due_date=(s.today() + timedelta(days=7)).isoformat())
    yield 8, 16, 0
    s.step(drawing, "done", ALICE, done_summary="Checklist updated (v4) and the team briefed at Monday stand-up.")
    s.reply(MARTA, "nc", drawing, "Thanks. I'll check the next three releases before closing this.")
    yield 15, 10, 0
    s.step(drawing, "verify", MARTA, effectiveness="Checked releases 41, 42 and 43: only the current "
                                                   "revision was in the delivery folder each time.")

    yield 6, 9, 30
    invoice = s.nc(RUTH, {"title": "Invoice sent with last month's day rates", "severity": "minor",
                          "process": "Sales", "source": "internal",
                          "description": "The Globex invoice used the old rate card; corrected before they paid."})
    s.step(invoice, "investigate", DEV, owner=DEV, correction="Credit note and a corrected invoice sent.")
    yield 7, 11, 0
    s.step(invoice, "plan", DEV, why1="The invoice template links to a copy of the rate card",
           corrective_action="Point the template at the one rate card in the finance folder",
           due_date=(s.today() + timedelta(days=10)).isoformat())
    yield 18, 15, 0
    s.step(invoice, "done", DEV, done_summary="Template now reads the live rate card; old copies deleted.")

    yield 11, 8, 45
    backups = s.nc(DEV, {"title": "Design server backups failed for four nights", "severity": "critical",
                         "process": "Support", "source": "internal",
                         "description": "The nightly backup job failed silently from Monday to Thursday."})
    s.step(backups, "investigate", DEV, owner=DEV, correction="Ran a full backup by hand and checked a restore.")
    s.reply(RUTH, "nc", backups, "Was anything lost? The Acme files changed a lot that week.")
    s.reply(DEV, "nc", backups, "Nothing lost: the manual backup covers everything and the restore test passed.")
    yield 12, 10, 0
    s.step(backups, "plan", DEV, why1="The backup disk was full", why2="Nobody is alerted when the job fails",
           corrective_action="Alert #general on a failed backup; rotate old backups automatically",
           due_date=(s.today() + timedelta(days=14)).isoformat())

    yield 13, 16, 20
    printer = s.nc(ALICE, {"title": "Office printer jammed again", "severity": "minor", "process": "Other",
                           "source": "internal"})
    yield 14, 9, 10
    s.step(printer, "reject", MARTA, rejection_reason="A facilities ticket, not a nonconformance of our "
                                                      "services: logged with the landlord.")

    yield 17, 15, 30
    kickoff = s.nc(MARTA, {"title": "Kick-off call with Acme missed", "severity": "major", "process": "Delivery",
                           "source": "customer_complaint", "customer": "Acme Corp",
                           "description": "Nobody joined the 14:00 kick-off; Acme waited ten minutes."})
    s.step(kickoff, "investigate", MARTA, owner=ALICE, correction="Apologised and rebooked for the next morning.")

    yield 19, 12, 0
    s.nc(DEV, {"title": "Laptops delivered without asset tags", "severity": "minor", "process": "Suppliers",
               "source": "supplier", "description": "Four of the six new laptops came without asset tags."})

    yield 20, 9, 40
    complaint = s.say(CHRIS, ws.CLIENT, "Hi both, the homepage mock-up you sent yesterday still shows our old "
                                        "logo. Could you fix that before Thursday's review?")
    yield 20, 9, 55
    s.say(ALICE, ws.CLIENT, "Sorry Chris, on it: you'll have the corrected mock-up today.")
    s.nc(ALICE, {"title": "Mock-up sent to Acme with their old logo", "severity": "minor", "process": "Design",
                 "source": "customer_complaint", "customer": "Acme Corp"},
         evidence=SourceMessage(channel=ws.CLIENT, ts=complaint["ts"], author=CHRIS, text=complaint["text"],
                                private=False, shown=True))


def approvals(s) -> Iterator[Moment]:
    yield 4, 10, 0
    homepage = s.approval(ALICE, (MARTA,), title="Homepage design v3 for Acme",
                          description="Final mock-up before it goes to the client.",
                          link="https://example.com/acme/homepage-v3")
    yield 4, 15, 30
    s.decide(homepage, MARTA, approve=True)

    yield 9, 11, 0
    printer = s.approval(DEV, (MARTA,), title="New print supplier: PrintCo Ltd",
                         description="Cheaper and faster than our current printer; samples attached in the drive.")
    yield 10, 9, 15
    s.decide(printer, MARTA, approve=False,
             comment="Their ISO 9001 certificate expired in March: ask them for the renewed one first.")

    yield 18, 14, 0
    proposal = s.approval(ALICE, (MARTA, DEV), policy="all", title="Q3 proposal for Globex",
                          description="Scope, timeline and pricing for the Globex rebrand.",
                          due_on=s.today() + timedelta(days=5))
    s.reply(MARTA, "approval", proposal, "I'll look at the pricing page tomorrow morning.")
    yield 19, 10, 0
    s.decide(proposal, DEV, approve=True)

    yield 20, 11, 0
    s.approval(RUTH, (DEV,), title="Onboarding checklist v2",
               description="Adds the security briefing and the laptop asset check.")
