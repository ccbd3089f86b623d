"""The words a response plan is written in: channels, audiences, message parts and tones.

These names are a contract shared by scenario files, plan files, notebooks and the class
tournament. A scenario says which of them apply to its case.
"""

from __future__ import annotations

CHANNELS: tuple[str, ...] = (
    "facebook_post", "facebook_reply", "twitter_post", "twitter_reply", "direct_message",
    "sms", "email", "website", "call_center", "paper_letter", "press_release",
)
AUDIENCES: tuple[str, ...] = (
    "everyone", "e_bill", "paper_bill", "complainers", "followers", "public",
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
