"""Fetching a web address for the feeds: timeouts, a size cap, a redirect limit, conditional requests and,
for addresses that came from the web, a guard against server-side request forgery.

The guard sits where connections are opened (an httpcore network backend): every connection, for the
first address and for every redirect hop, resolves the host name once, refuses it when any of its
addresses is loopback, private, link-local, multicast, reserved or unspecified, and then connects to the
very address it checked — so a name that changes its answer between the check and the connection
(DNS rebinding) gains nothing. TLS still verifies the certificate against the host name.
"""

import ipaddress
import socket
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx

from migis.feeds import config


class FetchError(Exception):
    def __init__(self, source: str, message: str):
        self.source, self.message = source, message
        super().__init__(f"{source}: {message}")


class BlockedAddress(Exception):
    pass


def resolve(host: str, port: int) -> list[str]:
    """Every address the host name resolves to (the resolver the guard uses; tests replace it)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise BlockedAddress(f"the host name {host} could not be resolved ({exc.strerror})") from exc
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def blocked_reason(address: str) -> str:
    """Why the address may not be reached from a feed added through the web ('' if it may)."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if ip.version == 6 and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    for flag, reason in (
        ("is_unspecified", "unspecified"),
        ("is_loopback", "loopback"),
        ("is_link_local", "link-local"),
        ("is_multicast", "multicast"),
        ("is_private", "private"),
        ("is_reserved", "reserved"),
    ):
        if getattr(ip, flag):
            return reason
    if not ip.is_global:  # shared address space (100.64.0.0/10) and the like
        return "non-public"
    return ""


def check_host(host: str, port: int) -> list[str]:
    """The addresses of `host`, all public; BlockedAddress when any is not."""
    addresses = resolve(host, port)
    if not addresses:
        raise BlockedAddress(f"the host name {host} has no address")
    for address in addresses:
        if reason := blocked_reason(address):
            shown = host if host == address else f"{host} ({address})"
            raise BlockedAddress(
                f"{shown} is a {reason} address; feeds added through the web may only reach public "
                f"addresses (operator setting {config.ALLOW_PRIVATE_SETTING})"
            )
    return addresses


class GuardedBackend(httpcore.SyncBackend):
    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        addresses = check_host(host, port)
        last: Exception | None = None
        for address in addresses:
            try:
                return super().connect_tcp(address, port, timeout, local_address, socket_options)
            except httpcore.ConnectError as exc:
                last = exc
        raise last or httpcore.ConnectError(f"no address for {host}")  # check_host returns one at least


class GuardedTransport(httpx.HTTPTransport):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        # The same pool httpx builds, with the guarded backend (httpx has no parameter for it).
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(), network_backend=GuardedBackend()
        )


@dataclass
class Fetched:
    url: str  # after redirects
    status: int
    content: bytes = b""
    content_type: str = ""
    etag: str = ""
    last_modified: str = ""

    @property
    def not_modified(self) -> bool:
        return self.status == 304


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{n} bytes"


def check_url(url: str, source: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise FetchError(source, f"only http and https addresses can be fetched, not {url!r}")
    if not parts.hostname:
        raise FetchError(source, f"no host name in {url!r}")


def fetch(
    url: str,
    *,
    from_web: bool,
    etag: str = "",
    last_modified: str = "",
    timeout: float | None = None,
    max_bytes: int | None = None,
    max_redirects: int | None = None,
) -> Fetched:
    """GET `url`, following at most `max_redirects` redirects by hand; FetchError names the address."""
    timeout = config.TIMEOUT if timeout is None else timeout
    max_bytes = config.MAX_BYTES if max_bytes is None else max_bytes
    max_redirects = config.MAX_REDIRECTS if max_redirects is None else max_redirects
    guarded = from_web and not config.allow_private()
    headers = {
        "User-Agent": config.USER_AGENT,
        "Accept": "application/rss+xml, application/atom+xml, "
        "application/xml;q=0.9, text/xml;q=0.9, text/html;q=0.5, */*;q=0.1",
    }
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    deadline = time.monotonic() + timeout
    transport = GuardedTransport() if guarded else httpx.HTTPTransport()
    seen = []
    current = url
    with httpx.Client(
        transport=transport, timeout=httpx.Timeout(timeout), follow_redirects=False, trust_env=False
    ) as client:
        while True:
            if time.monotonic() > deadline:
                raise FetchError(url, f"timed out: the fetch took longer than {timeout:g} s")
            check_url(current, url)
            seen.append(current)
            try:
                with client.stream("GET", current, headers=headers) as response:
                    if response.status_code == 304:
                        return Fetched(current, 304, etag=etag, last_modified=last_modified)
                    if response.is_redirect:
                        location = response.headers.get("location", "")
                        if not location:
                            raise FetchError(url, f"HTTP {response.status_code} redirect without a Location")
                        target = urljoin(current, location)
                        if target in seen:
                            raise FetchError(url, f"redirect loop ({' -> '.join([*seen, target])})")
                        if len(seen) > max_redirects:
                            raise FetchError(url, f"more than {max_redirects} redirects (last to {target})")
                        current = target
                        continue
                    if response.status_code >= 400:
                        raise FetchError(
                            url,
                            f"HTTP {response.status_code} {response.reason_phrase}".strip()
                            + (f" at {current}" if current != url else ""),
                        )
                    if response.status_code != 200:
                        raise FetchError(url, f"unexpected HTTP status {response.status_code}")
                    declared = response.headers.get("content-length", "")
                    if declared.isdigit() and int(declared) > max_bytes:
                        raise FetchError(
                            url,
                            f"the response is {_size(int(declared))}, over the limit of {_size(max_bytes)}",
                        )
                    chunks, total = [], 0
                    for chunk in response.iter_bytes():
                        total += len(chunk)
                        if total > max_bytes:
                            raise FetchError(url, f"the response exceeds the limit of {_size(max_bytes)}")
                        if time.monotonic() > deadline:
                            raise FetchError(url, f"timed out: the fetch took longer than {timeout:g} s")
                        chunks.append(chunk)
                    return Fetched(
                        current,
                        response.status_code,
                        b"".join(chunks),
                        response.headers.get("content-type", ""),
                        response.headers.get("etag", ""),
                        response.headers.get("last-modified", ""),
                    )
            except BlockedAddress as exc:
                where = "" if current == url else f" (redirected to {current})"
                raise FetchError(url, f"refused{where}: {exc}") from None
            except httpx.TimeoutException:
                raise FetchError(
                    url, f"timed out after {timeout:g} s" + (f" at {current}" if current != url else "")
                ) from None
            except httpx.DecodingError as exc:
                raise FetchError(url, f"the response could not be decompressed ({exc})") from None
            except httpx.HTTPError as exc:
                raise FetchError(url, f"could not be fetched: {exc}") from None


def fetch_to_file(url: str, folder, max_bytes: int):
    """Fetch `url` into `folder` (the statistics importer's hook): the file, named after the address."""
    from pathlib import Path, PurePosixPath

    from migis.indicators.importing import ImportError_

    try:
        fetched = fetch(url, from_web=True, max_bytes=max_bytes)
    except FetchError as e:
        raise ImportError_(str(e)) from e
    name = PurePosixPath(urlsplit(fetched.url).path).name or "download"
    path = Path(folder) / name[:100]
    path.write_bytes(fetched.content)
    return path
