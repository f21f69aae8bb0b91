"""The demo banner's choice of phase starts, for every page in demo mode only (the demo app
sits above web, so it adds this itself as a context processor)."""

from zhicheng.core import clock
from zhicheng.demo.clock import phase_starts


def banner(request) -> dict:
    return {"demo_phases": phase_starts() if clock.is_pinned() else []}
