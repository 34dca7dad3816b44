"""Which web addresses count as official sources, and who publishes them.

A source must be an https page on a site listed in ``knowledge/official_sites.yml``, on any
other government site (``*.go.jp``) or on a municipality's site (``*.lg.jp``, ``city.*.jp``,
``town.*.jp``, ``vill.*.jp``, ``pref.*.jp``). Pure logic: reading the file is the loader's job.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

__all__ = ["OfficialSites", "SiteCheck"]

_GOVERNMENT_SUFFIXES = (".go.jp", ".lg.jp")
_MUNICIPAL_HOST = re.compile(r"^(?:www\.)?(?:city|town|vill|pref)\.[a-z0-9-]+(?:\.[a-z0-9-]+)*\.jp$")


@dataclass(frozen=True)
class SiteCheck:
    """The verdict on one address: a problem to report, or the publisher if the table knows it."""

    problem: str | None
    publisher: Mapping[str, str] | None = None


@dataclass(frozen=True)
class OfficialSites:
    """Known official domains and their publishers' names per language."""

    publishers: Mapping[str, Mapping[str, str]] = field(default_factory=dict)

    def check(self, url: str) -> SiteCheck:
        """Whether ``url`` is an https address on an official site, and who publishes it.

        Args:
            url: The address as written in a knowledge file.
        """
        if "://" not in url:
            return SiteCheck(f"{url!r} is not a web address; cite the official page residents can open (https://…)")
        parts = urlsplit(url)
        if parts.scheme != "https":
            return SiteCheck(f"{url!r} must use https://")
        host = (parts.hostname or "").lower()
        if not host:
            return SiteCheck(f"{url!r} has no site name")
        publisher = self._publisher(host)
        if publisher is None and not (host.endswith(_GOVERNMENT_SUFFIXES) or _MUNICIPAL_HOST.match(host)):
            return SiteCheck(
                f"{host} is not an official site; cite nenkin.go.jp, mhlw.go.jp, another *.go.jp page, "
                "a municipality's page, or add the site to official_sites.yml"
            )
        return SiteCheck(None, publisher)

    def _publisher(self, host: str) -> Mapping[str, str] | None:
        matches = [domain for domain in self.publishers if host == domain or host.endswith(f".{domain}")]
        return self.publishers[max(matches, key=len)] if matches else None
