"""Built-in policy sets; zhicheng.policy.registry registers them on first use."""

from .gx_2017 import GX_2017
from .mohrss_40 import MOHRSS_40

BUILTIN = (GX_2017, MOHRSS_40)

__all__ = ["BUILTIN", "GX_2017", "MOHRSS_40"]
