"""Reviewer accounts: argon2-hashed passwords, sessions with expiry, sign-in throttling.

Reviewers sign in to the web atlas with their own account, so every decision is
recorded under a name the server vouches for. ``users`` manages accounts (the
``govatlas users`` commands), ``sessions`` the signed-in browsers and
``throttle`` the backoff after failed sign-ins.
"""

from govatlas.accounts.sessions import SignedIn, end_session, find_session, sign_in
from govatlas.accounts.throttle import check_throttle
from govatlas.accounts.users import add_user, disable_user, list_users

__all__ = [
    "SignedIn",
    "add_user",
    "check_throttle",
    "disable_user",
    "end_session",
    "find_session",
    "list_users",
    "sign_in",
]
