"""The words a response plan is written in: channels, audiences, message parts and tones.

Each kind of case declares its own :class:`Vocabulary` as data (``Kind.vocabulary``); a
scenario's ``allowed:`` section picks the words of its kind that apply to the case, and a
plan may use only those. :data:`MESSAGES` is the vocabulary of the kinds that send company
messages (the ISP crisis and the public reply): these names are a contract shared by
scenario files, plan files, notebooks and the class tournament.

:func:`register` records a kind's words so that a plan read before its scenario is known
can still be told "unknown channel 'telegram'" (``casekit.kinds`` registers every kind).
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["Vocabulary", "MESSAGES", "register", "known", "CHANNELS", "AUDIENCES",
           "MESSAGE_PARTS", "TONES", "FAMILY", "COMPLAINT_CHANNELS", "PLATFORM"]


@dataclass(frozen=True)
class Vocabulary:
    """The names a kind's plans may use, and what each staffable channel's staff are."""

    channels: tuple[str, ...] = ()
    audiences: tuple[str, ...] = ()
    message_parts: tuple[str, ...] = ()
    tones: tuple[str, ...] = ()
    #: channel -> who the extra staff are (``staff: {channel, agents, hours}``)
    staffable: dict[str, str] = field(default_factory=dict)
    #: channels that answer people who complained (audience ``complainers`` only)
    reply_channels: tuple[str, ...] = ()
    #: channels that publish to everyone (audience ``public`` or ``followers``)
    public_channels: tuple[str, ...] = ()

    def words(self, what: str) -> tuple[str, ...]:
        return tuple(getattr(self, what))


CHANNELS: tuple[str, ...] = (
    "facebook_post", "facebook_reply", "twitter_post", "twitter_reply", "direct_message",
    "sms", "email", "website", "call_center", "paper_letter", "press_release",
)
AUDIENCES: tuple[str, ...] = (
    "everyone", "e_bill", "paper_bill", "complainers", "followers", "public",
    "overcharged_most", "churn_risk",
)
MESSAGE_PARTS: tuple[str, ...] = (
    "acknowledge", "apology", "sympathy", "explain_cause", "corrective_action", "refund",
    "compensation", "thank", "ask_details", "deny", "justify", "excuse", "attack_accuser",
)
TONES: tuple[str, ...] = ("human", "formal", "defensive")

#: SCCT response families (Coombs 2007). ``None`` marks parts outside the families.
FAMILY: dict[str, str | None] = {
    "acknowledge": "rebuild", "apology": "rebuild", "sympathy": "rebuild",
    "explain_cause": None, "corrective_action": "rebuild", "refund": "rebuild",
    "compensation": "rebuild", "thank": None, "ask_details": None,
    "deny": "deny", "attack_accuser": "deny", "justify": "diminish", "excuse": "diminish",
}

#: Where the people a complaint comes from raise it (``complaints.channel_mix`` keys).
COMPLAINT_CHANNELS: tuple[str, ...] = ("call_center", "email", "facebook", "twitter")

#: Which platform a public or reply channel belongs to.
PLATFORM: dict[str, str] = {
    "facebook_post": "facebook", "facebook_reply": "facebook",
    "twitter_post": "twitter", "twitter_reply": "twitter",
}

#: The vocabulary of kinds whose plans send company messages.
MESSAGES = Vocabulary(
    channels=CHANNELS, audiences=AUDIENCES, message_parts=MESSAGE_PARTS, tones=TONES,
    staffable={"call_center": "call-centre agents", "facebook_reply": "social-care agents",
               "twitter_reply": "social-care agents", "direct_message": "social-care agents",
               "email": "back-office staff"},
    reply_channels=("facebook_reply", "twitter_reply", "direct_message"),
    public_channels=("facebook_post", "twitter_post", "website", "press_release"),
)

_KNOWN: list[Vocabulary] = [MESSAGES]


def register(vocabulary: Vocabulary) -> None:
    """Make a kind's words known to plan files read before their scenario."""
    if vocabulary not in _KNOWN:
        _KNOWN.append(vocabulary)


def known(what: str) -> tuple[str, ...]:
    """Every registered kind's words of one sort (``channels``, ``audiences``, ...), in order."""
    seen: dict[str, None] = {}
    for vocabulary in _KNOWN:
        seen.update(dict.fromkeys(vocabulary.words(what)))
    return tuple(seen)


def staff_description(channel: str) -> str | None:
    for vocabulary in _KNOWN:
        if channel in vocabulary.staffable:
            return vocabulary.staffable[channel]
    return None
