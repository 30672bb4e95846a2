"""The demo's later chapters: Northwind's customer channel and its first response times, the feedback its
customers gave (a low score raised an NC), what its people wrote down (one entry overdue for review, a
process only one person knows), its quality objectives, and Monday's digest reviewed by the managers.
Same form as demo_script.py: each chapter yields the moment (day, hour, minute) of what it does next."""
from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from bot.qms.reviews.rules import ActionDraft
from bot.sandbox import workspace as ws
from bot.sandbox.demo_script import ALICE, CHRIS, DEV, MARTA, RUTH, Moment

# (moment, who, what): Chris writes in #acme-shared, a colleague answers
CLIENT_TALK = (
    ((2, 10, 5), CHRIS, "Morning! Could you send the print-ready files for the spring posters?"),
    ((2, 11, 20), ALICE, "Hi Chris, uploaded to the shared drive just now: rev C, CMYK, with bleed."),
    ((9, 15, 40), CHRIS, "Quick one: can we move Thursday's review to Friday morning?"),
    ((10, 9, 10), MARTA, "Friday 10:00 works for us, Chris. I've moved the invite."),
    ((16, 13, 0), CHRIS, "The new homepage is live and the team loves it. Thank you all!"),
    ((16, 13, 25), ALICE, "That's great to hear, thanks Chris! We'll send the analytics set-up next week."),
)


def customer_channel(s) -> Iterator[Moment]:
    """#acme-shared is a customer channel (Alice answers for it): each first answer to Chris is measured."""
    yield 0, 8, 30
    s.settings(RUTH, customer_channels=[ws.CLIENT], customer_channel_owners={ws.CLIENT: ALICE})
    for moment, person, text in CLIENT_TALK:
        yield moment
        s.say(person, ws.CLIENT, text)


def feedback(s) -> Iterator[Moment]:
    yield 3, 14, 0
    s.feedback(ALICE, "Acme Corp", 5, via="meeting", comment="Loved homepage v3: 'exactly what we pictured'.")
    yield 8, 11, 0
    s.feedback(MARTA, "Globex", 4, via="survey", comment="Happy with the rebrand; invoices could be clearer.")
    yield 12, 16, 0
    low = s.feedback(DEV, "Initech", 2, via="call",
                     comment="We could not get our design files for a whole day during your backup outage.")
    yield 12, 16, 10
    outage = s.complaint(low, DEV, severity="major", process="Support")
    s.step(outage, "investigate", MARTA, owner=DEV, correction="Called Initech, sent their files by secure link.")
    s.reply(DEV, "feedback", low, "Linked to the backup NC: same root cause.")
    yield 19, 10, 30
    s.feedback(ALICE, "Acme Corp", 4, via="email", comment="Mock-up fixed quickly, thanks; please double-check logos.")


def knowledge(s) -> Iterator[Moment]:
    yield 1, 10, 0
    s.knowledge(ALICE, title="Releasing a new drawing revision", process="Delivery", tags=("drawings", "release"),
                owner=ALICE, review_days="90",
                body="1. Export the PDF and the source file with the revision letter in the name.\n"
                     "2. Move the previous revision to /archive.\n3. Post the link in the client's channel.")
    yield 2, 15, 30
    s.knowledge(DEV, title="Restoring the design server from backup", process="Support",
                tags=("backups", "server"), owner=DEV, review_days="180",
                body="Backups run nightly at 01:00 to the NAS. To restore: stop the sync service, run "
                     "restore.sh with the date, check three files open, restart the sync.")
    yield 5, 11, 0
    s.knowledge(MARTA, title="Handling a customer complaint", process="Sales", tags=("complaints", "customers"),
                owner=MARTA, review_days="7",  # a short review period: overdue for review by the end
                body="Answer the customer the same working day, log the feedback with /qms feedback and raise "
                     "an NC from a low score. Tell the account owner.")
    yield 7, 9, 45
    s.knowledge(RUTH, title="Where the rate card lives", process="Sales", tags=("invoices", "finance"),
                owner=RUTH, review_days="90",
                body="The one rate card is Finance/Rates/rate-card.xlsx. Templates link to it; never copy it.")
    yield 15, 11, 0
    s.knowledge(MARTA, title="Kick-off calls: who joins", process="Delivery", tags=("kickoff", "calendar"),
                owner=MARTA, review_days="90",
                body="The project lead sends the invite from the shared calendar, with the account owner as "
                     "second host, so a kick-off never depends on one person's calendar.")


def objectives(s) -> Iterator[Moment]:
    yield 1, 9, 30
    s.objective(MARTA, name="Customers rate us 4.2 or better", owner=MARTA, period="month",
                measure="csat_average", target="4.2")
    s.objective(MARTA, name="Answer customers within 4 working hours", owner=ALICE, period="month",
                measure="first_response_hours", target="4")
    yield 1, 9, 40
    s.objective(MARTA, name="Close nonconformances within 30 days", owner=MARTA, period="quarter",
                measure="ncs_closed_within", days="30", target="80")


def management_review(s) -> Iterator[Moment]:
    """The digest posted on the story's last Monday at 09:00 (the scheduler's job), reviewed that morning."""
    monday = next(day for day in range(14, 21) if s.moment(day, 9, 0).weekday() == 0)
    yield monday, 9, 0
    digest_id = s.digest()
    yield monday, 11, 30
    today = s.today()
    s.review(MARTA, digest_id=digest_id, held_on=today.isoformat(), attendees=(MARTA, DEV, RUTH),
             issues_decision="Backups and drawing control are the two issues customers felt: both NCs stay open "
                             "until their actions are verified.",
             resources_decision="A second person learns the backup restore, so Support does not depend on Dev.",
             improvement_decision="Publish a monthly customer-response figure to the team.",
             actions=(ActionDraft(title="Train Alice on restoring the design server", kind="resource", owner=DEV,
                                  due_date=(today + timedelta(days=14)).isoformat()),
                      ActionDraft(title="Share the first-response figure at each month's stand-up",
                                  kind="improvement", owner=MARTA,
                                  due_date=(today + timedelta(days=30)).isoformat())))
