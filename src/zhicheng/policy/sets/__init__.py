"""Built-in policy sets; zhicheng.policy.registry registers them on first use."""

from .gx_2017 import GX_2017

BUILTIN = (GX_2017,)

__all__ = ["BUILTIN", "GX_2017"]
