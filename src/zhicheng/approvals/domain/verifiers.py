"""Third-party education verifiers (§4.3.2), pluggable without settings.

A verifier asks an outside service (e.g. 学信网) about one certificate and answers with the
service's report number and result, or raises Unreachable. The default, ManualVerifier,
has no service behind it: it always sends the user to the manual path, where the report
number and result are typed in by hand."""

from dataclasses import dataclass
from typing import Protocol

from zhicheng.declarations.models import Education


class Unreachable(Exception):
    """The service cannot be reached now (network, maintenance, quota)."""


@dataclass(frozen=True)
class Verdict:
    report_number: str
    genuine: bool
    detail: str = ""


class Verifier(Protocol):
    code: str
    label: str

    def verify(self, education: Education) -> Verdict: ...


class ManualVerifier:
    code = "manual"
    label = "人工核验"

    def verify(self, education: Education) -> Verdict:
        raise Unreachable("未接入学历在线核验服务")


_DEFAULT: Verifier = ManualVerifier()
_registered: list[Verifier] = []


def register_verifier(verifier: Verifier) -> Verifier:
    """Make `verifier` the one in use (the last registered wins)."""
    _registered.append(verifier)
    return verifier


def unregister_verifier(verifier: Verifier) -> None:
    if verifier in _registered:
        _registered.remove(verifier)


def current_verifier() -> Verifier:
    return _registered[-1] if _registered else _DEFAULT
