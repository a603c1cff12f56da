"""Limits of feed fetching, and the one operator setting (read from the environment at each fetch).

MIGIS_FEEDS_ALLOW_PRIVATE=1 lets feeds added through the web reach loopback, private and link-local
addresses (an intranet feed server, say). Empty (the default): they may not; the command line always may.
"""

import os

ALLOW_PRIVATE_SETTING = "MIGIS_FEEDS_ALLOW_PRIVATE"

TIMEOUT = 10.0  # seconds: connect and each read, and the whole fetch of one address (all redirects)
MAX_BYTES = 20 * 1024 * 1024  # a response larger than this (after decompression) is refused
MAX_REDIRECTS = 5
USER_AGENT = "migis-feeds/0.1 (news feed reader of the migis platform)"


def allow_private() -> bool:
    return os.environ.get(ALLOW_PRIVATE_SETTING, "").strip().lower() in {"1", "true", "yes", "on"}
