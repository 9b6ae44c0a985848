"""Which calendar events changed since the last publication, and which were withdrawn.

A calendar program keeps an event it has seen under its UID and replaces it only by a version
with a higher SEQUENCE (RFC 5545 3.8.7.4; RFC 5546 2.1.4). So every published feed (one per
colleague: their substitutions, their workshops) remembers, per UID, the sequence it last
published and a fingerprint of the event's content. On the next publication:

- a new UID starts at sequence 0;
- an unchanged event keeps its sequence (re-publishing the same plan changes nothing);
- a changed event (other time, room, class, task...) gets its sequence raised by one;
- a UID that is no longer in the feed -- the lesson went to another colleague, the session was
  dropped -- is **cancelled**: it stays in the feed with STATUS:CANCELLED and a raised sequence,
  so the colleague's calendar removes it instead of keeping a stale event;
- a cancelled UID that is still absent stays cancelled with the same sequence; one that comes
  back (the lesson returns to this colleague) gets a raised sequence again.

The rule is pure: fingerprints are opaque strings computed by the caller (``io.ical`` has
``event_fingerprint``), and the caller stores the returned state for the next run. State is
kept per feed: the same UID can be cancelled in one colleague's feed and new in another's. To
write a cancellation the caller also needs the event's last published times and texts, so the
store that keeps this state should keep those with it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class PublishedEvent:
    """What a feed last published under one UID."""

    sequence: int
    fingerprint: str
    cancelled: bool = False


@dataclass(frozen=True)
class SyncPlan:
    """The outcome of one publication of a feed.

    ``sequences``: the SEQUENCE to publish for each current UID.
    ``cancellations``: UIDs to publish as STATUS:CANCELLED, with their SEQUENCE; those newly
    cancelled by this run are also in ``newly_cancelled``.
    ``changed``: UIDs whose published version differs from the last run (new, changed, newly
    cancelled): what an invitation mail or an "only what changed" print needs.
    ``state``: what to store for the next run (current and cancelled UIDs).
    """

    sequences: Mapping[str, int]
    cancellations: Mapping[str, int]
    newly_cancelled: frozenset[str]
    changed: frozenset[str]
    state: Mapping[str, PublishedEvent]


def plan_sync(previous: Mapping[str, PublishedEvent], current: Mapping[str, str]) -> SyncPlan:
    """Sequences and cancellations for publishing ``current`` (uid -> fingerprint) after
    ``previous`` (what this same feed published last time)."""
    sequences: dict[str, int] = {}
    state: dict[str, PublishedEvent] = {}
    for uid, fingerprint in current.items():
        before = previous.get(uid)
        if before is None:
            sequence = 0
        elif before.cancelled or before.fingerprint != fingerprint:
            sequence = before.sequence + 1
        else:
            sequence = before.sequence
        sequences[uid] = sequence
        state[uid] = PublishedEvent(sequence, fingerprint)

    cancellations: dict[str, int] = {}
    newly: set[str] = set()
    for uid, before in previous.items():
        if uid in current:
            continue
        if before.cancelled:
            sequence = before.sequence
        else:
            sequence = before.sequence + 1
            newly.add(uid)
        cancellations[uid] = sequence
        state[uid] = PublishedEvent(sequence, before.fingerprint, cancelled=True)

    return SyncPlan(
        sequences=sequences,
        cancellations=cancellations,
        newly_cancelled=frozenset(newly),
        changed=frozenset(uid for uid, entry in state.items() if previous.get(uid) != entry),
        state=state,
    )
